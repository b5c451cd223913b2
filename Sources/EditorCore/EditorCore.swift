// EditorCore: the pure heart of coedit. It decides every byte of text and does no I/O (no files, clocks,
// terminals or sockets).
//
// - `TextBuffer`: a persistent B-tree rope of UTF-8 chunks with a line index; copies are O(1), so snapshots
//   are free.
// - `ChangeSet`: a change as retain/insert/delete operations, with `apply`, `composed(with:)`,
//   `inverted(against:)`, `transform` (operational transform) and `mapPosition(_:association:)`.
// - `Selection`: anchor and head, mapped through changes.
// - `ChangeSet+Diff`: the bridge to DiffMatchPatch diffs and the DMP delta text format.
//
// **Unit.** All positions and lengths in this module are **Unicode scalar offsets** (a scalar is what Swift's
// `Unicode.Scalar` and Python 3's `str` index count; "é" precomposed is 1, "e\u{301}" is 2, "👩‍💻" is 3), unless a
// name says `utf8`. Grapheme clusters (what a user sees as one character) are reached through the navigation
// functions on `TextBuffer`, never by counting.
