import Parallel
import Testing

@Suite struct ParallelTests {
    @Test(arguments: [1, 2, 3, 4, 7])
    func rangesCoverEveryIndexOnceInOrder(parts: Int) {
        let split = Parallel(parts: parts)
        for count in [0, 1, 2, 5, 10, 101] {
            let indices = (0..<split.parts).flatMap { Array(split.range($0, of: count)) }
            #expect(indices == Array(0..<count), "\(count) in \(parts) parts")
        }
    }

    @Test(arguments: [1, 2, 3])
    func mapKeepsPartOrder(parts: Int) {
        #expect(Parallel(parts: parts).map { $0 * 10 } == (0..<parts).map { $0 * 10 })
        #expect(Parallel(parts: parts).map(count: 11) { $0 * $0 } == (0..<11).map { $0 * $0 })
        #expect(Parallel(parts: parts).map(count: 0) { $0 }.isEmpty)
    }

    @Test(arguments: [1, 2, 3])
    func mapChunksChangesEachElementOnce(parts: Int) {
        var values = Array(0..<1000)
        let sums = Parallel(parts: parts).mapChunks(of: &values) { offset, chunk -> Int in
            for i in chunk.indices { chunk[i] = chunk[i] * 2 + 1 }
            #expect(chunk.isEmpty || chunk[chunk.startIndex] == offset * 2 + 1)
            return chunk.reduce(0, +)
        }
        #expect(values == (0..<1000).map { $0 * 2 + 1 })
        #expect(sums.count == parts && sums.reduce(0, +) == values.reduce(0, +))
    }

    @Test(arguments: [1, 2, 3])
    func concatenateKeepsOrderAndEmptiesPieces(parts: Int) {
        var pieces: [[String]] = [["a", "b"], [], ["c"], ["d", "e", "f"], []]
        #expect(Parallel(parts: parts).concatenate(&pieces) == ["a", "b", "c", "d", "e", "f"])
        #expect(pieces.isEmpty)
        var none: [[Int]] = [[], []]
        #expect(Parallel(parts: parts).concatenate(&none).isEmpty)
    }

    @Test func theOneRuleSplitsOnlyBigBooks() {
        #expect(Parallel.forRecords(50_000, cores: 8) == .sequential)
        #expect(Parallel.forRecords(50_001, cores: 2).parts == 2)
        #expect(Parallel.forRecords(1_000_000, cores: 16).parts == 4)
        #expect(Parallel.forRecords(1_000_000, cores: 1) == .sequential)
        #expect(Parallel(parts: 0).parts == 1)
    }
}
