import Books

/// A language for documents sent to clients. Every formatter is written by hand (no platform
/// locale data), so the same value gives the same text on every machine.
public enum Language: String, Sendable, CaseIterable, Equatable {
    case fr, en
}

extension Language {
    /// U+202F NARROW NO-BREAK SPACE: French thousands separator.
    static let narrowNoBreakSpace = "\u{202F}"
    /// U+00A0 NO-BREAK SPACE: between a number and its unit or symbol.
    static let noBreakSpace = "\u{00A0}"

    // MARK: Numbers

    /// An integer with thousands grouped: fr `1 234 567` (U+202F), en `1,234,567`.
    public func formatInteger(_ value: Int64) -> String {
        let magnitude = value.magnitude
        return (value < 0 ? "-" : "") + group(String(magnitude))
    }

    /// Groups the ASCII digits of a non-negative integer by three from the right.
    func group(_ digits: String) -> String {
        let separator = self == .fr ? Language.narrowNoBreakSpace : ","
        let chars = Array(digits)
        var out = ""
        for (i, c) in chars.enumerated() {
            if i > 0, (chars.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return out
    }

    /// `whole` and `fraction` digits of a non-negative exact decimal `magnitude / 10^decimals`.
    func decimal(magnitude: UInt64, decimals: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = group(String(magnitude / scale))
        guard decimals > 0 else { return whole }
        var fraction = String(magnitude % scale)
        while fraction.count < decimals { fraction = "0" + fraction }
        return whole + (self == .fr ? "," : ".") + fraction
    }

    // MARK: Money

    /// An amount with the currency's own number of decimals (EUR 2, JPY 0, KWD 3), never rounded.
    ///
    /// - fr: number then U+00A0 then symbol: `1 234,56 €`, `1 234,56 $US`, `1 234,56 £`,
    ///   `1 234,56 CHF`, `1 235 JPY`, `1 234,567 KWD`.
    /// - en: symbol glued in front for € $ £ (`€1,234.56`), otherwise the ISO code then U+00A0
    ///   (`CHF 1,234.56`, `JPY 1,235`, `KWD 1,234.567`).
    ///
    /// Only EUR, USD and GBP get a symbol; every other currency (JPY included: `¥` is shared
    /// with CNY) is written with its ISO code. Negative amounts start with an ASCII hyphen:
    /// `-1 234,56 €`, `-€1,234.56`.
    public func formatAmount(_ money: Money) -> String {
        let number = decimal(magnitude: money.minor.magnitude, decimals: money.currency.minorUnits)
        let sign = money.minor < 0 ? "-" : ""
        let code = money.currency.code
        switch self {
        case .fr:
            let symbol: String
            switch code {
            case "EUR": symbol = "€"
            case "USD": symbol = "$US"
            case "GBP": symbol = "£"
            default: symbol = code
            }
            return sign + number + Language.noBreakSpace + symbol
        case .en:
            switch code {
            case "EUR": return sign + "€" + number
            case "USD": return sign + "$" + number
            case "GBP": return sign + "£" + number
            default: return sign + code + Language.noBreakSpace + number
            }
        }
    }

    // MARK: Percent

    /// A rate given exactly in hundredths of a percent (basis points): `1215` is 12.15 %.
    /// Always two decimals, as published rates are: fr `12,15 %` (U+00A0 before `%`),
    /// en `12.15%`; `1000` gives `10,00 %` / `10.00%`.
    public func formatPercent(hundredths: Int) -> String {
        let number = decimal(magnitude: UInt64(hundredths.magnitude), decimals: 2)
        let sign = hundredths < 0 ? "-" : ""
        switch self {
        case .fr: return sign + number + Language.noBreakSpace + "%"
        case .en: return sign + number + "%"
        }
    }

    // MARK: Dates

    /// Month name, 1-12: fr lowercase with accents (`février`, `août`), en capitalised.
    public func monthName(_ month: Int) -> String {
        precondition((1...12).contains(month), "month \(month) out of 1...12")
        switch self {
        case .fr:
            return ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                    "août", "septembre", "octobre", "novembre", "décembre"][month - 1]
        case .en:
            return ["January", "February", "March", "April", "May", "June", "July",
                    "August", "September", "October", "November", "December"][month - 1]
        }
    }

    /// Long date: fr `22 novembre 2026`, `1er novembre 2026`; en `22 November 2026`.
    /// The day of month is not padded and the space before the year is a plain space.
    public func formatDate(_ day: Day) -> String {
        let c = day.components
        let dayText = (self == .fr && c.day == 1) ? "1er" : String(c.day)
        return dayText + " " + monthName(c.month) + " " + String(c.year)
    }

    // MARK: Counts

    /// A number of days: fr `0 jour`, `1 jour`, `12 jours` (French singular below 2);
    /// en `0 days`, `1 day`, `12 days`. Thousands are grouped like `formatInteger`.
    public func formatDays(_ n: Int) -> String {
        let number = formatInteger(Int64(n))
        switch self {
        case .fr: return number + " " + (n.magnitude < 2 ? "jour" : "jours")
        case .en: return number + " " + (n.magnitude == 1 ? "day" : "days")
        }
    }
}

extension Language {
    /// Short date for tables: fr `22/11/2026`, en `22 Nov 2026` (never ambiguous across countries).
    public func formatShortDate(_ day: Day) -> String {
        let c = day.components
        switch self {
        case .fr:
            func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
            return two(c.day) + "/" + two(c.month) + "/" + String(c.year)
        case .en:
            return String(c.day) + " " + String(monthName(c.month).prefix(3)) + " " + String(c.year)
        }
    }
}

extension Language {
    /// An ordinal as abbreviated in running text: fr `1re`, `2e`, `3e` (Imprimerie nationale: never `2ème`),
    /// en `1st`, `2nd`, `3rd`, `11th`. French `1re` is the feminine form, as in « 1re relance ».
    public func ordinal(_ n: Int) -> String {
        switch self {
        case .fr:
            return n == 1 ? "1re" : "\(n)e"
        case .en:
            let tens = n % 100
            let suffix = (11...13).contains(tens) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
            return "\(n)\(suffix)"
        }
    }
}
