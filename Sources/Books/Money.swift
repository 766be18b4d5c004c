/// An ISO 4217 currency, stored as its three ASCII letters packed in an integer.
public struct Currency: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let packed: UInt32

    /// A known ISO 4217 code such as "EUR"; nil for anything else.
    public init?(code: some StringProtocol) {
        let b = Array(code.utf8)
        guard let c = Currency.parse(b[...]) else { return nil }
        self = c
    }

    /// A known ISO 4217 code from raw bytes; nil otherwise.
    public static func parse<Bytes: RandomAccessCollection>(_ b: Bytes) -> Currency? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let p = pack(b) else { return nil }
        if p == eurPacked || p == usdPacked { return Currency(packed: p) }
        guard Currency.minorUnitsByCode[p] != nil else { return nil }
        return Currency(packed: p)
    }

    private static let eurPacked: UInt32 = 0x45_55_52  // "EUR"
    private static let usdPacked: UInt32 = 0x55_53_44  // "USD"

    private init(packed: UInt32) { self.packed = packed }

    /// Three uppercase ASCII letters packed, or nil.
    public static func pack<Bytes: RandomAccessCollection>(_ b: Bytes) -> UInt32? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard b.count == 3 else { return nil }
        var p: UInt32 = 0
        for c in b {
            guard c >= 65, c <= 90 else { return nil }
            p = p << 8 | UInt32(c)
        }
        return p
    }

    public var code: String {
        String(unsafeUninitializedCapacity: 3) { b in
            b[0] = UInt8(packed >> 16 & 0xFF); b[1] = UInt8(packed >> 8 & 0xFF); b[2] = UInt8(packed & 0xFF)
            return 3
        }
    }
    public var description: String { code }

    /// Digits after the decimal point: EUR 2, JPY 0, KWD 3.
    public var minorUnits: Int {
        if packed == Currency.eurPacked || packed == Currency.usdPacked { return 2 }
        return Currency.minorUnitsByCode[packed] ?? 2
    }

    public static func < (a: Currency, b: Currency) -> Bool { a.packed < b.packed }

    public static let EUR = Currency(code: "EUR")!
    public static let USD = Currency(code: "USD")!

    /// Every code this tool knows, sorted (for "did you mean").
    public static var allCodes: [String] { minorUnitsByCode.keys.sorted().map { Currency(packed: $0).code } }

    private static let minorUnitsByCode: [UInt32: Int] = {
        let two = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        var table: [UInt32: Int] = [:]
        for (list, units) in [(two, 2), (zero, 0), (three, 3)] {
            for code in list.split(separator: " ") { table[pack(Array(code.utf8)[...])!] = units }
        }
        return table
    }()
}

/// An exact amount of one currency, in integer minor units (cents for EUR). Never Double.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var minor: Int64
    public var currency: Currency

    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minor: 0, currency: currency) }

    public var isZero: Bool { minor == 0 }

    /// Parses a plain decimal such as `1200`, `1200.5` or `1200.50` for `currency`;
    /// nil when malformed or with more decimals than the currency has.
    public static func parseAmount<Bytes: RandomAccessCollection>(_ b: Bytes, currency: Currency) -> Int64? where Bytes.Element == UInt8, Bytes.Index == Int {
        parseDecimal(b, minorUnits: currency.minorUnits)
    }

    /// Parses an unsigned decimal into minor units with `minorUnits` digits after the point:
    /// 1 to 15 digits, then nothing or a point and 1 to `minorUnits` digits.
    public static func parseDecimal<Bytes: RandomAccessCollection>(_ b: Bytes, minorUnits: Int) -> Int64? where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = b.startIndex
        let end = b.endIndex
        var value: Int64 = 0
        while i < end {
            let d = b[i] &- 48
            guard d < 10 else { break }
            guard i - b.startIndex < 15 else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        guard i > b.startIndex else { return nil }
        var fracDigits = 0
        if i < end {
            fracDigits = end - i - 1
            guard b[i] == UInt8(ascii: "."), fracDigits >= 1, fracDigits <= minorUnits else { return nil }
            i += 1
        }
        // The fraction's digits, then zeros up to `minorUnits` (overflow-checked: callers may ask for many decimals).
        for k in 0..<minorUnits {
            var d: Int64 = 0
            if k < fracDigits {
                let c = b[i + k] &- 48
                guard c < 10 else { return nil }
                d = Int64(c)
            }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(d)
            guard !overflow, !overflow2 else { return nil }
            value = next
        }
        return value
    }

    /// The plain decimal, as in the books: `1200.00`, `-5.10`, `1500` (JPY).
    public var plain: String { Money.decimalText(minor, minorUnits: currency.minorUnits) }

    /// `value` minor units as a decimal with `minorUnits` digits after the point: `-5.10`, `0.05`, `1500`.
    public static func decimalText(_ value: Int64, minorUnits: Int) -> String {
        var digits = String(value.magnitude)
        if digits.count <= minorUnits { digits = String(repeating: "0", count: minorUnits + 1 - digits.count) + digits }
        let sign = value < 0 ? "-" : ""
        return minorUnits == 0 ? sign + digits : sign + digits.dropLast(minorUnits) + "." + digits.suffix(minorUnits)
    }

    /// `1200.00 EUR`.
    public var description: String { plain + " " + currency.code }

    public static func + (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "adding \(a.currency) to \(b.currency)")
        return Money(minor: a.minor + b.minor, currency: a.currency)
    }
    public static func - (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "subtracting \(b.currency) from \(a.currency)")
        return Money(minor: a.minor - b.minor, currency: a.currency)
    }
    public static prefix func - (a: Money) -> Money { Money(minor: -a.minor, currency: a.currency) }
}

extension Money {
    /// The largest amount of one record: 10^12 units of the currency (its minor units: 10^12 × 10^decimals).
    public static func maxAmount(_ currency: Currency) -> Int64 { 1_000_000_000_000 * pow10(currency.minorUnits) }
    public static let maxAmountText = "1 000 000 000 000"
    /// The largest sum of one kind of record in one currency: 10^13 units. Sums of a few such totals, and a total
    /// times 730 (the DSO), stay within Int64 for currencies of up to 3 decimals.
    public static func maxTotal(_ currency: Currency) -> Int64 { 10_000_000_000_000 * pow10(currency.minorUnits) }
    public static let maxTotalText = "10 000 000 000 000"

    /// `sum += value`, overflow-checked: on overflow `sum` stays as it was and `overflow` is set (never a trap).
    @inline(__always) public static func add(_ sum: inout Int64, _ value: Int64, overflow: inout Bool) {
        let (r, o) = sum.addingReportingOverflow(value)
        if o { overflow = true } else { sum = r }
    }

    static func pow10(_ n: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<min(max(0, n), 4) { p *= 10 }
        return p
    }
}
