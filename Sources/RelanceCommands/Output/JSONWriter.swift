import Books

/// A small, fast JSON writer into bytes (keys in the order written, so output is stable).
public struct JSONWriter {
    public var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(1 << 16) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    public mutating func key(_ k: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(k)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(c)
            case 92: bytes.append(92); bytes.append(92)
            case 10: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 13: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 9: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<32:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ v: Int) { Money.writeDecimal(Int64(v), minorUnits: 0, to: &bytes) }

    public mutating func day(_ d: Day) {
        bytes.append(UInt8(ascii: "\""))
        d.write(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An exact amount as a JSON string ("1200.00"), so no reader turns it into a float.
    public mutating func amount(_ m: Money) {
        bytes.append(UInt8(ascii: "\""))
        m.writePlain(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func amount(_ minor: Int64, _ currency: Currency) {
        amount(Money(minor: minor, currency: currency))
    }
}
