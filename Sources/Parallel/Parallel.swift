import Dispatch

/// How many parts a piece of data-parallel work is cut into, and the only place that runs parts on
/// several threads. Decided once at the edge (`Parallel.forRecords`) and passed down as a parameter;
/// `Parallel.sequential` is the plain reference every split is tested against.
public struct Parallel: Sendable, Equatable, CustomStringConvertible {
    /// Number of parts, at least 1.
    public let parts: Int

    public init(parts: Int) { self.parts = max(1, parts) }

    /// One part, on the calling thread.
    public static let sequential = Parallel(parts: 1)

    /// Below this many records one thread is faster than handing work out (thread start and the copies
    /// to join parts cost more than they save at 10k invoices; bench/README.md).
    public static let threshold = 50_000

    /// The one rule: books of more than `threshold` records are split over the machine's cores (at most
    /// `maximum`), smaller ones are not.
    public static func forRecords(_ count: Int, cores: Int, maximum: Int = 4) -> Parallel {
        count > threshold ? Parallel(parts: min(max(1, cores), maximum)) : .sequential
    }

    public var description: String { parts == 1 ? "sequential" : "\(parts) parts" }

    /// Part `part` of `0..<count` cut into `parts` consecutive ranges of nearly equal size (some may be empty).
    @inlinable
    public func range(_ part: Int, of count: Int) -> Range<Int> {
        precondition(part >= 0 && part < parts, "part \(part) of \(parts)")
        return (count * part / parts)..<(count * (part + 1) / parts)
    }

    /// `body(p)` for every part `p`, several at once when there is more than one part; the results in part order.
    @inlinable
    public func map<R: Sendable>(_ body: @Sendable (Int) -> R) -> [R] {
        if parts == 1 { return [body(0)] }
        var results = [R?](repeating: nil, count: parts)
        results.withUnsafeMutableBufferPointer { out in
            // Safe: part p writes only out[p], and concurrentPerform returns after every part is done.
            let slots = Disjoint(out)
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: parts) { p in slots.buffer[p] = body(p) }
            }
        }
        return results.map { $0! }
    }

    /// `body(i)` for every index `i` in `0..<count`, each exactly once, spread over the parts; the results in index order.
    @inlinable
    public func map<R: Sendable>(count: Int, _ body: @Sendable (Int) -> R) -> [R] {
        if parts == 1 || count <= 1 { return (0..<count).map(body) }
        let pieces = Parallel(parts: min(parts, count)).map { p in range(p, of: count, parts: min(parts, count)).map(body) }
        return Array(pieces.joined())
    }

    /// Cuts `array` into `parts` consecutive chunks and lets `body` change each one on its own thread;
    /// `body` gets the chunk's first index in `array` and a buffer over that chunk alone (valid only
    /// during the call); the results in part order.
    @inlinable @discardableResult
    public func mapChunks<T, R: Sendable>(of array: inout [T], _ body: @Sendable (_ offset: Int, _ chunk: UnsafeMutableBufferPointer<T>) -> R) -> [R] {
        let count = array.count
        return array.withUnsafeMutableBufferPointer { buffer in
            // Safe: the ranges of different parts are disjoint, so no element is touched by two threads.
            let elements = Disjoint(buffer)
            return map { p -> R in
                let range = self.range(p, of: count)
                return body(range.lowerBound, UnsafeMutableBufferPointer(rebasing: elements.buffer[range]))
            }
        }
    }

    /// Concatenates `pieces` in order (copying the pieces in parallel); `pieces` is left empty.
    @inlinable
    public func concatenate<T: Sendable>(_ pieces: inout [[T]]) -> [T] {
        let nonEmpty = pieces.filter { !$0.isEmpty }
        if parts == 1 || nonEmpty.count <= 1 {
            pieces = []
            return nonEmpty.count == 1 ? nonEmpty[0] : Array(nonEmpty.joined())
        }
        var offsets: [Int] = []
        var total = 0
        for piece in nonEmpty { offsets.append(total); total += piece.count }
        pieces = []
        let sources = nonEmpty, starts = offsets
        return [T](unsafeUninitializedCapacity: total) { target, initialized in
            // Safe: each piece is copied into its own range [offsets[k], offsets[k] + count).
            let target = Disjoint(target)
            let copier = Parallel(parts: min(parts, sources.count))
            _ = copier.map { p in
                for k in copier.range(p, of: sources.count, parts: copier.parts) {
                    sources[k].withUnsafeBufferPointer { source in
                        guard let start = source.baseAddress else { return }
                        (target.buffer.baseAddress! + starts[k]).initialize(from: start, count: source.count)
                    }
                }
            }
            initialized = total
        }
    }

    @usableFromInline func range(_ part: Int, of count: Int, parts: Int) -> Range<Int> {
        (count * part / parts)..<(count * (part + 1) / parts)
    }
}

/// A buffer handed to several threads that each write a different, disjoint part of it: the only
/// unchecked Sendable of the module, and every use says why its parts do not overlap.
@usableFromInline struct Disjoint<T>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<T>
    @usableFromInline init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
