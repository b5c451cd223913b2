import TestSupport
import Testing
import VarintCoding

@Suite("Varint and ZigZag")
struct VarintTests {
    @Test("the documented bytes, which the journal's packed columns and the wire have always used")
    func documentedBytes() {
        func bytes(_ value: UInt64) -> [UInt8] {
            var bytes: [UInt8] = []
            Varint.append(value, to: &bytes)
            return bytes
        }
        #expect(bytes(0) == [0x00])
        #expect(bytes(127) == [0x7F])
        #expect(bytes(128) == [0x80, 0x01])
        #expect(bytes(300) == [0xAC, 0x02])
        #expect(bytes(UInt64.max) == [UInt8](repeating: 0xFF, count: 9) + [0x01])
        #expect([0, -1, 1, -2, 2, 300, -300].map { ZigZag.encode($0) } == [0, 1, 2, 3, 4, 600, 599])
        #expect(ZigZag.encode(.min) == .max && ZigZag.encode(.max) == .max - 1)
    }

    @Test("law: read(append(v)) == v and zigzag round-trips, on seeded random values of every magnitude")
    func roundTrips() throws {
        for seed in TestBudget.caseSeeds(2_000) {
            var generator = SeededGenerator(seed: seed)
            let value = generator.next() >> UInt64.random(in: 0...63, using: &generator)
            var bytes: [UInt8] = [0xAA]
            Varint.append(value, to: &bytes)
            var index = 1
            #expect(try Varint.read(bytes, at: &index) == value, "seed \(seed)")
            #expect(index == bytes.count, "seed \(seed)")
            let signed = Int64(bitPattern: value)
            #expect(ZigZag.decode(ZigZag.encode(signed)) == signed, "seed \(seed)")
        }
    }

    @Test("truncated and overlong varints fail with where, never trap")
    func failures() {
        func failure(_ bytes: [UInt8], maximumBytes: Int = 10) -> Varint.Failure? {
            var index = 0
            do {
                _ = try Varint.read(bytes, at: &index, maximumBytes: maximumBytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure([]) == .truncated)
        #expect(failure([0x80, 0x80]) == .truncated)
        #expect(failure([UInt8](repeating: 0xFF, count: 9) + [0x02]) == .tooLong(at: 9))  // a 65th bit
        #expect(failure([UInt8](repeating: 0xFF, count: 10) + [0x01]) == .tooLong(at: 9))
        #expect(failure([UInt8](repeating: 0x80, count: 9) + [0x00], maximumBytes: 9) == .tooLong(at: 9))
        #expect(failure([0x80, 0x00]) == nil)  // non-minimal: read as 0; callers that forbid it check
    }
}
