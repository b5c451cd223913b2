// SyncEngine: the pure, deterministic heart of coedit's collaboration. Values in, effects out: no clocks, no
// sockets, no randomness (identifiers are injected). The transport, the editor and the journal drive it.
//
// - `HostDocument`: the authoritative text, its revision number and the log of accepted changes (the ot.js
//   `Server`). `receive(_:from:)` rebases each change exactly onto everything accepted since its base revision and
//   returns the acknowledgement and broadcasts to send.
// - `ClientDocument`: one editor's view (the ot.js `Client` in snapshot form): the synced text at a revision, a
//   pipeline of changes in flight, and the editor's buffer, whose edits it diffs and submits on each tick.
// - Messages (`ClientMessage`, `HostMessage`), presence (`Participant`, cursor updates and relays), the
//   best-effort merge used when a base is unknown (`BestEffortMerge`), and the undo helper (`UndoRebase`).
//
// **Unit.** Every position, length and count here is in **Unicode scalars**, as in EditorCore.
//
// **Tie rule.** When two concurrent changes insert at the same position, the insert of the participant with the
// lower `ParticipantID` lands first (see `TieRule`). The host and every client apply the same rule.
//
// Docs/sync.md explains the algorithm with diagrams and what happens on each fault.
