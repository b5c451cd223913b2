// TEMPORARY until the dmp branch lands its diff: a whole-middle replace. Delete when merging dmp.
import DiffMatchPatch

/// diff-match-patch's diff without a time limit (TEMPORARY stand-in).
func dmpDiff(_ old: String, _ new: String) -> [Diff] {
    [Diff(.delete, old), Diff(.insert, new)]
}
