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

    /// A block of zeros to make room with.
    static let zeros: UnsafeBufferPointer<UInt8> = {
        let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4096)
        block.initialize(repeating: 0)
        return UnsafeBufferPointer(block)
    }()

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

    /// A day's `YYYY-MM-DD` made beforehand (see `DayTextCache`), between double quotes when `quoted`.
    @inline(__always) public mutating func day(_ text: DayText, quoted: Bool = false) {
        if quoted { byte(34) }
        room(10)
        UnsafeMutableRawPointer(base + count).storeBytes(of: text.first8, as: UInt64.self)
        UnsafeMutableRawPointer(base + count + 8).storeBytes(of: text.last2, as: UInt16.self)
        count += 10
        if quoted { byte(34) }
    }

    /// The most bytes `decimal` writes.
    public static let maxDecimal = 24

    /// A decimal with `minorUnits` digits after the point (`-1200.50`); at most `maxDecimal` bytes.
    public mutating func decimal(_ value: Int64, minorUnits: Int) {
        assert(minorUnits >= 0 && minorUnits <= 20, "\(minorUnits) minor units do not fit in \(ByteCursor.maxDecimal) bytes")
        // Digits right to left into a fixed buffer, then one copy.
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

/// The 10 ASCII bytes of a day's `YYYY-MM-DD`, in memory order.
public struct DayText: Equatable, Sendable {
    public let first8: UInt64
    public let last2: UInt16

    public init(_ day: Day) {
        (first8, last2) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { bytes in
            var cursor = ByteCursor(bytes.baseAddress!, capacity: 10)
            cursor.day(day)
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        }
    }
}

/// The texts of the last two days asked for: a report's lines mostly repeat the days of the line before.
public struct DayTextCache: Sendable {
    private var days: (Int32, Int32) = (Int32.min, Int32.min)
    private var texts: (DayText, DayText) = (DayText(Day(ordinal: 0)), DayText(Day(ordinal: 0)))
    private var replaceFirst = true

    public init() {}

    public mutating func text(_ day: Day) -> DayText {
        if day.ordinal == days.0 { return texts.0 }
        if day.ordinal == days.1 { return texts.1 }
        let text = DayText(day)
        if replaceFirst { (days.0, texts.0) = (day.ordinal, text) } else { (days.1, texts.1) = (day.ordinal, text) }
        replaceFirst.toggle()
        return text
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
        // Room first (zeros copied from a static block: a contiguous append, amortised growth), then trimmed.
        var left = maxCount
        while left > 0 {
            let n = Swift.min(left, ByteCursor.zeros.count)
            append(contentsOf: UnsafeBufferPointer(rebasing: ByteCursor.zeros[0..<n]))
            left -= n
        }
        let written = withUnsafeMutableBufferPointer { buffer -> Int in
            var cursor = ByteCursor(buffer.baseAddress! + start, capacity: maxCount)
            body(&cursor)
            return cursor.count
        }
        removeLast(maxCount - written)
    }
}
