import Books

/// Writes ASCII and UTF-8 through a raw pointer into room reserved beforehand (JSON, reports).
/// The caller reserves `capacity` bytes for what it writes; every write checks that it stays inside
/// them in debug builds (an `assert`: no cost in release builds).
public struct ByteCursor {
    public let base: UnsafeMutablePointer<UInt8>
    /// The bytes reserved from `base`.
    public let capacity: Int
    /// Bytes written so far from `base`.
    public private(set) var count = 0

    public init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Checks, in debug builds, that `n` more bytes fit in the room reserved.
    @inline(__always) func room(_ n: Int) {
        assert(count + n <= capacity, "ByteCursor: \(n) bytes at \(count) overrun the \(capacity) bytes reserved")
    }

    @inline(__always) public mutating func byte(_ b: UInt8) {
        room(1)
        base[count] = b
        count += 1
    }

    @inline(__always) public mutating func raw(_ s: StaticString) {
        room(s.utf8CodeUnitCount)
        (base + count).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    @inline(__always) public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        room(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    /// `YYYY-MM-DD`, between double quotes when `quoted`: 10 or 12 bytes.
    public mutating func day(_ d: Day, quoted: Bool = false) {
        let c = d.components
        if quoted { byte(34) }
        byte(UInt8(48 + (c.year / 1000) % 10)); byte(UInt8(48 + (c.year / 100) % 10))
        byte(UInt8(48 + (c.year / 10) % 10)); byte(UInt8(48 + c.year % 10))
        byte(45)
        byte(UInt8(48 + c.month / 10)); byte(UInt8(48 + c.month % 10))
        byte(45)
        byte(UInt8(48 + c.day / 10)); byte(UInt8(48 + c.day % 10))
        if quoted { byte(34) }
    }

    /// The most bytes `decimal` writes.
    public static let maxDecimal = 24

    /// A decimal with `minorUnits` digits after the point (`-1200.50`, `0.05`, `1500`); at most `maxDecimal` bytes.
    /// Digits right to left into a buffer of three words on the stack, then one copy: the status JSON of 1M
    /// invoices takes 131 ms of CPU (min of 7, median 176 ms) this way, 169 ms (median 208 ms) when the digits
    /// come from the integer's own text (bench/README.md). `Money.decimalText` is the plain reference the tests
    /// compare it with.
    public mutating func decimal(_ value: Int64, minorUnits: Int) {
        assert(minorUnits >= 0 && minorUnits <= 20, "\(minorUnits) minor units do not fit in \(ByteCursor.maxDecimal) bytes")
        var v = value.magnitude
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let (start, end) = withUnsafeMutableBytes(of: &buffer) { digits -> (Int, Int) in
            var i = digits.count
            var written = 0
            repeat {
                i -= 1
                digits[i] = UInt8(48 + v % 10)
                v /= 10
                written += 1
                if written == minorUnits { i -= 1; digits[i] = UInt8(ascii: ".") }
            } while v > 0 || written <= minorUnits
            if value < 0 { i -= 1; digits[i] = UInt8(ascii: "-") }
            return (i, digits.count)
        }
        room(end - start)
        withUnsafeBytes(of: &buffer) { digits in
            (base + count).update(from: digits.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: end - start)
        }
        count += end - start
    }

    /// The most bytes `jsonString` writes for a text of `utf8Count` bytes.
    @inline(__always) public static func maxJSONString(_ utf8Count: Int) -> Int { utf8Count * 6 + 2 }

    /// A JSON string literal: quotes, and escapes for quotes, backslashes and control characters.
    public mutating func jsonString(_ utf8: UnsafeBufferPointer<UInt8>) {
        byte(34)
        if !utf8.contains(where: { $0 < 32 || $0 == 34 || $0 == 92 }) {
            raw(utf8)
        } else {
            let hex: StaticString = "0123456789abcdef"
            for c in utf8 {
                switch c {
                case 34, 92: byte(92); byte(c)
                case 10: byte(92); byte(UInt8(ascii: "n"))
                case 13: byte(92); byte(UInt8(ascii: "r"))
                case 9: byte(92); byte(UInt8(ascii: "t"))
                case 0..<32:
                    byte(92); byte(UInt8(ascii: "u")); byte(48); byte(48)
                    byte(hex.utf8Start[Int(c >> 4)]); byte(hex.utf8Start[Int(c & 15)])
                default: byte(c)
                }
            }
        }
        byte(34)
    }
}

extension Array where Element == UInt8 {
    /// Appends what `body` writes, at most `maxCount` bytes, through a `ByteCursor`.
    @inline(__always) public mutating func write(atMost maxCount: Int, _ body: (inout ByteCursor) -> Void) {
        // Short writes go through a buffer on the stack and are appended in one copy.
        if maxCount <= 1024 {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
                var cursor = ByteCursor(scratch.baseAddress!, capacity: maxCount)
                body(&cursor)
                append(contentsOf: UnsafeBufferPointer(start: scratch.baseAddress!, count: cursor.count))
            }
            return
        }
        let start = count
        // Room first (amortised growth), then trimmed to what was written.
        append(contentsOf: repeatElement(0, count: maxCount))
        let written = withUnsafeMutableBufferPointer { buffer -> Int in
            var cursor = ByteCursor(buffer.baseAddress! + start, capacity: maxCount)
            body(&cursor)
            return cursor.count
        }
        removeLast(maxCount - written)
    }
}
