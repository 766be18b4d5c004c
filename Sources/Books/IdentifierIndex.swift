import Parallel

/// A read-mostly map from identifiers (customer ids, invoice numbers) to record indices.
///
/// Open addressing with the hash and the index packed in one 8-byte slot, so a look-up touches one
/// slot and, on a hash match, one key: several times faster than `Dictionary<String, Int32>` on
/// books of a million invoices. The table has two halves chosen by the hash's top bit, so that
/// `init(keys:parallel:)` can fill them at the same time.
public struct IdentifierIndex: Sendable {
    /// High 32 bits: hash; low 32 bits: index + 1 (0 = empty). The first half, then the second.
    private var slots: [UInt64]
    /// Slots of each half, minus one (powers of two), and where the second half starts.
    private var lowMask: Int
    private var highMask: Int
    private var highBase: Int
    /// The keys, by index.
    public private(set) var keys: [String]

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        lowMask = size / 2 - 1
        highMask = size / 2 - 1
        highBase = size / 2
        keys = []
        keys.reserveCapacity(capacity)
    }

    /// Indexes `keys` (key k gets index k), over the parts of `parallel`. A key seen before keeps its
    /// first index; each later copy is listed in `duplicates` as (its position, the first one's index).
    public init(keys: [String], parallel: Parallel = .sequential) {
        let count = keys.count
        var hashes = [UInt64](repeating: 0, count: count)
        parallel.mapChunks(of: &hashes) { offset, hashes in
            for k in hashes.indices { hashes[k] = IdentifierIndex.hash(keys[offset + k]) }
        }
        // Each half at most half full, whatever the split.
        let high = hashes.reduce(0) { $0 + Int($1 >> 63) }
        func size(_ n: Int) -> Int {
            var size = 8
            while size < n * 2 { size <<= 1 }
            return size
        }
        let lowSize = size(count - high), highSize = size(high)
        (lowMask, highMask, highBase) = (lowSize - 1, highSize - 1, lowSize)
        self.keys = keys
        // Each half is filled on its own (one part each), keys in index order: the first copy of a key wins.
        let allHashes = hashes
        let halves = Parallel(parts: min(2, parallel.parts)).map(count: 2) { half -> (slots: [UInt64], duplicates: [(position: Int, first: Int32)]) in
            let mask = (half == 0 ? lowSize : highSize) - 1
            var slots = [UInt64](repeating: 0, count: mask + 1)
            var duplicates: [(position: Int, first: Int32)] = []
            for k in 0..<count where Int(allHashes[k] >> 63) == half {
                let h = allHashes[k], tag = h >> 32
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let slot = slots[i]
                    if slot == 0 {
                        slots[i] = tag << 32 | UInt64(k + 1)
                        break
                    }
                    if slot >> 32 == tag, keys[Int(slot & 0xFFFF_FFFF) - 1] == keys[k] {
                        duplicates.append((k, Int32(slot & 0xFFFF_FFFF) - 1))
                        break
                    }
                    i = (i + 1) & mask
                }
            }
            return (slots, duplicates)
        }
        slots = halves[0].slots + halves[1].slots
        duplicates = (halves[0].duplicates + halves[1].duplicates).sorted { $0.position < $1.position }
    }

    /// Filled by `init(keys:)`: keys met again, as (position, index of the first copy), by position.
    public private(set) var duplicates: [(position: Int, first: Int32)] = []

    public var count: Int { keys.count }

    @inline(__always) static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h ^ (h >> 29)
        }
    }

    /// The index of `key`, or nil.
    public subscript(key: String) -> Int32? { find(key).index }

    /// Looks up `key(k)` for each k of `range` and calls `found(k, index or nil)`, in order.
    ///
    /// On a big table nearly all of a look-up is waiting for memory: here the first slots of a batch of
    /// keys are read together, so that those waits overlap. (Comparing the keys by their raw words as
    /// well saved nothing measurable at 1M invoices: bench/README.md.)
    @inline(__always)
    public func lookUp(_ range: Range<Int>, key: (Int) -> String, found: (Int, Int32?) -> Void) {
        let batch = 16
        var hashes = [UInt64](repeating: 0, count: batch), first = [UInt64](repeating: 0, count: batch)
        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(batch, range.upperBound - start)
            for j in 0..<n { hashes[j] = IdentifierIndex.hash(key(start + j)) }
            // Every first slot of the batch: reads that do not wait on each other.
            for j in 0..<n {
                let h = hashes[j]
                let (mask, base) = h >> 63 == 0 ? (lowMask, 0) : (highMask, highBase)
                first[j] = slots[base + Int(truncatingIfNeeded: h) & mask]
            }
            for j in 0..<n {
                found(start + j, first[j] == 0 ? nil : find(key(start + j), hash: hashes[j]).index)
            }
            start += n
        }
    }

    /// Where `key` is: its index if present, else the empty slot it would take; and its hash.
    @inline(__always) private func find(_ key: String) -> (index: Int32?, slot: Int, hash: UInt64) {
        find(key, hash: IdentifierIndex.hash(key))
    }

    @inline(__always) private func find(_ key: String, hash h: UInt64) -> (index: Int32?, slot: Int, hash: UInt64) {
        let tag = h >> 32
        let (mask, base) = h >> 63 == 0 ? (lowMask, 0) : (highMask, highBase)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[base + i]
            if slot == 0 { return (nil, base + i, h) }
            if slot >> 32 == tag {
                let index = Int(slot & 0xFFFF_FFFF) - 1
                if keys[index] == key { return (Int32(index), base + i, h) }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `key` with the next index (`count`) and returns nil, or returns the index it already has.
    @discardableResult
    public mutating func insert(_ key: String) -> Int32? {
        // Either half may take every key: keep each at most half full.
        if (keys.count + 1) * 2 > min(lowMask, highMask) + 1 { grow() }
        let (index, slot, h) = find(key)
        if let index { return index }
        keys.append(key)
        slots[slot] = (h >> 32) << 32 | UInt64(keys.count)
        return nil
    }

    private mutating func grow() {
        let old = keys
        self = IdentifierIndex(capacity: max(16, old.count * 2))
        for k in old { insert(k) }
    }
}
