import Books

/// A small, fast JSON writer into bytes (keys in the order written, so output is stable).
public struct JSONWriter {
    public var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(1 << 16) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func key(_ k: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(k)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in bytes.write(atMost: ByteCursor.maxJSONString(utf8.count)) { $0.jsonString(utf8) } }
    }

    public mutating func int(_ v: Int) {
        bytes.write(atMost: ByteCursor.maxDecimal) { $0.decimal(Int64(v), minorUnits: 0) }
    }

    /// A day as a JSON string: `"2026-11-22"`.
    public mutating func day(_ d: Day) {
        bytes.write(atMost: 12) { $0.day(d, quoted: true) }
    }

    /// An exact amount as a JSON string ("1200.00"), so no reader turns it into a float.
    public mutating func amount(_ m: Money) {
        amount(m.minor, m.currency)
    }

    public mutating func amount(_ minor: Int64, _ currency: Currency) {
        let units = currency.minorUnits
        bytes.write(atMost: ByteCursor.maxDecimal + 2) { c in
            c.byte(34)
            c.decimal(minor, minorUnits: units)
            c.byte(34)
        }
    }

    /// Writes through a cursor, at most `maxCount` bytes (for hot loops: one reservation per line).
    public mutating func write(atMost maxCount: Int, _ body: (inout ByteCursor) -> Void) {
        bytes.write(atMost: maxCount, body)
    }
}
