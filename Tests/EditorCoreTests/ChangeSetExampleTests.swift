import EditorCore
import Testing

/// The worked examples of the ChangeSet doc comments, error cases and the tie rule.
@Suite struct ChangeSetExampleTests {
    @Test func editingAbcdIntoAcde() throws {
        var change = ChangeSet()
        change.retain(1)
        change.delete(1)
        change.retain(2)
        change.insert("e")
        #expect(change.operations == [.retain(1), .delete(1), .retain(2), .insert("e")])
        #expect(change.baseLength == 4 && change.targetLength == 4)
        #expect(try change.apply(to: "abcd") == "acde")
        #expect(change.description == #"[retain 1, delete 1, retain 2, insert "e"]"#)
        let inverse = change.inverted(against: "abcd")
        #expect(inverse.operations == [.retain(1), .insert("b"), .retain(2), .delete(1)])
    }

    @Test func builderNormalizes() {
        var change = ChangeSet()
        change.retain(0)
        change.retain(2)
        change.retain(1)
        change.delete(1)
        change.insert("x")
        change.insert("")
        change.insert("ÿ")
        change.delete(2)
        #expect(change.operations == [.retain(3), .insert("xÿ"), .delete(3)])
        #expect(change.baseLength == 6 && change.targetLength == 5)
    }

    @Test func replacingCountsScalars() throws {
        let change = ChangeSet.replacing(1..<3, with: "👩‍💻", baseLength: 5)
        #expect(change.operations == [.retain(1), .insert("👩‍💻"), .delete(2), .retain(2)])
        #expect(change.targetLength == 6)  // the ZWJ sequence is 3 scalars
        #expect(try change.apply(to: "ae\u{301}日本") == "a👩‍💻日本")
        #expect(ChangeSet.identity(length: 3).isIdentity)
        #expect(!change.isIdentity)
        #expect(ChangeSet().isIdentity && ChangeSet().baseLength == 0)
    }

    @Test func applyRejectsWrongBaseLength() throws {
        let change = ChangeSet.replacing(0..<1, with: "é", baseLength: 3)
        #expect(throws: ChangeSetError.lengthMismatch(expected: 3, actual: 4)) { try change.apply(to: "日本語!") }
        var buffer = TextBuffer("日本")
        #expect(throws: ChangeSetError.lengthMismatch(expected: 3, actual: 2)) { try change.apply(to: &buffer) }
        #expect(buffer.string == "日本")
        let error = ChangeSetError.lengthMismatch(expected: 3, actual: 2)
        #expect(error.description == "length mismatch: the change needs a text of 3 scalars, got 2")
    }

    @Test func composeAndTransformRejectMismatchedLengths() {
        let three = ChangeSet.identity(length: 3)
        let four = ChangeSet.identity(length: 4)
        #expect(throws: ChangeSetError.lengthMismatch(expected: 3, actual: 4)) { try three.composed(with: four) }
        #expect(throws: ChangeSetError.lengthMismatch(expected: 3, actual: 4)) {
            try ChangeSet.transform(three, four, tieBreak: .firstInsertsFirst)
        }
    }

    @Test func composeExample() throws {
        let first = ChangeSet.replacing(3..<3, with: "d", baseLength: 3)
        let second = ChangeSet.replacing(0..<1, with: "", baseLength: 4)
        let composed = try first.composed(with: second)
        #expect(composed.operations == [.delete(1), .retain(2), .insert("d")])
        #expect(try composed.apply(to: "abc") == "bcd")
    }

    @Test func transformExample() throws {
        let deleteB = ChangeSet.replacing(1..<2, with: "", baseLength: 4)
        let xAfterC = ChangeSet.replacing(3..<3, with: "x", baseLength: 4)
        let (a, b) = try ChangeSet.transform(deleteB, xAfterC, tieBreak: .firstInsertsFirst)
        #expect(a.operations == [.retain(1), .delete(1), .retain(3)])
        #expect(b.operations == [.retain(2), .insert("x"), .retain(1)])
        #expect(try b.apply(to: deleteB.apply(to: "abcd")) == "acxd")
    }

    @Test func tieBreakOrdersInsertsAtTheSamePosition() throws {
        let a = ChangeSet.replacing(1..<1, with: "漢", baseLength: 2)
        let b = ChangeSet.replacing(1..<1, with: "😀", baseLength: 2)
        let first = try ChangeSet.transform(a, b, tieBreak: .firstInsertsFirst)
        #expect(try first.b.apply(to: a.apply(to: "ab")) == "a漢😀b")
        #expect(try first.a.apply(to: b.apply(to: "ab")) == "a漢😀b")
        let second = try ChangeSet.transform(a, b, tieBreak: .secondInsertsFirst)
        #expect(try second.b.apply(to: a.apply(to: "ab")) == "a😀漢b")
        #expect(try second.a.apply(to: b.apply(to: "ab")) == "a😀漢b")
    }

    @Test func concurrentDeletesOfTheSameTextDeleteOnce() throws {
        let a = ChangeSet.replacing(1..<4, with: "", baseLength: 5)
        let b = ChangeSet.replacing(2..<5, with: "ñ", baseLength: 5)
        let (aPrime, bPrime) = try ChangeSet.transform(a, b, tieBreak: .firstInsertsFirst)
        #expect(try bPrime.apply(to: a.apply(to: "héllo")) == "hñ")
        #expect(try aPrime.apply(to: b.apply(to: "héllo")) == "hñ")
    }

    @Test func mapPositionExample() {
        let change = ChangeSet.replacing(2..<2, with: "xy", baseLength: 4)
        #expect(change.mapPosition(2, association: .before) == 2)
        #expect(change.mapPosition(2, association: .after) == 4)
        #expect(change.mapPosition(3, association: .before) == 5)
        #expect(change.mapPosition(-5, association: .after) == 0)
        #expect(change.mapPosition(99, association: .before) == 6)
        let replace = ChangeSet.replacing(1..<3, with: "Z", baseLength: 4)
        #expect(replace.mapPosition(2, association: .before) == 2)  // inside deleted text: after its replacement
        #expect(replace.mapPosition(1, association: .before) == 1)
        #expect(replace.mapPosition(3, association: .before) == 2)
    }

    /// The TP2 puzzle through a central order: base "abcd", concurrently x after c, y before c, delete b, all
    /// based on revision 0. A host accepts them in each of the 6 arrival orders, transforming each against the
    /// changes accepted before it (as they were accepted), and always ends with "aycxd".
    @Test(arguments: [TieBreak.firstInsertsFirst, .secondInsertsFirst])
    func tp2PuzzleConvergesInAllSixOrders(tieBreak: TieBreak) throws {
        let base = "abcd"
        let xAfterC = ChangeSet.replacing(3..<3, with: "x", baseLength: 4)
        let yBeforeC = ChangeSet.replacing(2..<2, with: "y", baseLength: 4)
        let deleteB = ChangeSet.replacing(1..<2, with: "", baseLength: 4)
        let changes = [xAfterC, yBeforeC, deleteB]
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for order in orders {
            var text = base
            var accepted: [ChangeSet] = []
            for index in order {
                var change = changes[index]
                for earlier in accepted {
                    change = try ChangeSet.transform(change, earlier, tieBreak: tieBreak).a
                }
                text = try change.apply(to: text)
                accepted.append(change)
            }
            #expect(text == "aycxd", "order \(order)")
        }
    }
}
