import DiffMatchPatch
import Testing

@Suite struct DiffValueTests {
    @Test func rawValuesMatchReference() {
        #expect(DiffOperation.delete.rawValue == -1)
        #expect(DiffOperation.equal.rawValue == 0)
        #expect(DiffOperation.insert.rawValue == 1)
        #expect(Diff(.insert, "é") == Diff(.insert, "é"))
        #expect(Diff(.insert, "é") != Diff(.delete, "é"))
    }
}
