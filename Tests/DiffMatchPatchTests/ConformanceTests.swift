import DiffMatchPatch
import Testing

/// Every assertion of the official diff-match-patch suite (Python 3 port), run from the shared vectors file.
@Suite struct ConformanceTests {
    @Test func allOfficialVectorsPass() throws {
        let vectors = try ConformanceVectors()
        // Nothing may be skipped silently: the file holds exactly the 175 official assertions.
        #expect(vectors.cases.count == 175)
        var failures = 0
        for testCase in vectors.cases {
            let failure = ConformanceRunner.run(testCase)
            if failure != nil { failures += 1 }
            #expect(failure == nil, "\(testCase.label): \(failure ?? "")")
        }
        #expect(failures == 0, "\(failures) of \(vectors.cases.count) vectors failed")
    }
}
