@testable import Books
import Testing

@Suite("Identifier index")
struct IdentifierIndexTests {
    /// Every key finds its own index, others find nothing; the first copy of a key wins.
    func check(_ index: IdentifierIndex, _ keys: [String]) {
        var first: [String: Int32] = [:]
        for (k, key) in keys.enumerated() where first[key] == nil { first[key] = Int32(k) }
        for key in keys { #expect(index[key] == first[key], "\(key)") }
        for k in 0..<200 { #expect(index["missing-\(k)"] == nil) }
        // Batched look-ups agree, whatever the run length: keys rebuilt in new storage, and missing ones.
        let probes = keys.flatMap { [String(decoding: Array($0.utf8), as: UTF8.self), $0 + "-missing"] } + ["", "missing"]
        for range in [0..<probes.count, 0..<min(probes.count, 17), probes.count / 3..<probes.count] {
            var seen: [Int] = []
            index.lookUp(range, key: { probes[$0] }) { k, found in
                seen.append(k)
                #expect(found == first[probes[k]], "\(probes[k])")
            }
            #expect(seen == Array(range))
        }
    }

    @Test func longKeysAreFoundByBatches() {
        // Longer than 15 bytes: kept out of line, compared by content, not by storage.
        let keys = (0..<3000).map { "customer-with-a-long-id-\($0)" }
        check(IdentifierIndex(keys: keys), keys)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 100, 60_000])
    func bulkBuildFindsEveryKey(count: Int) {
        let keys = (0..<count).map { "F2026-\($0)" }
        let index = IdentifierIndex(keys: keys)
        #expect(index.duplicates.isEmpty)
        #expect(index.count == count)
        check(index, keys)
    }

    @Test(arguments: [1, 8, 9, 64, 1000])
    func keysAllInOneHalfNeverFillIt(count: Int) {
        // The table is split by the hash's top bit: put every key in one half, misses must still end.
        for half in [UInt64(0), 1] {
            var keys: [String] = []
            var n = 0
            while keys.count < count {
                let key = "k\(n)"
                if IdentifierIndex.hash(key) >> 63 == half { keys.append(key) }
                n += 1
            }
            var index = IdentifierIndex(keys: keys)
            check(index, keys)
            // Growing by single inserts afterwards keeps working.
            for k in 0..<50 { #expect(index.insert("added-\(k)") == nil) }
            check(index, keys + (0..<50).map { "added-\($0)" })
        }
    }

    @Test func duplicatesAreListedWithTheFirstCopy() {
        let keys = ["A", "B", "A", "C", "B", "A"]
        let index = IdentifierIndex(keys: keys)
        #expect(index.duplicates.map(\.position) == [2, 4, 5])
        #expect(index.duplicates.map(\.first) == [0, 1, 0])
        check(index, keys)
    }

    @Test func insertReturnsTheIndexAKeyAlreadyHas() {
        var index = IdentifierIndex()
        for k in 0..<500 { #expect(index.insert("c\(k)") == nil) }
        #expect(index.insert("c42") == 42)
        check(index, (0..<500).map { "c\($0)" })
    }
}
