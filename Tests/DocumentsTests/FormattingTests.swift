import Books
@testable import Documents
import Testing

/// Readable spellings of the two special spaces in expected strings.
private let nnbsp = "\u{202F}"  // thousands separator (fr)
private let nbsp = "\u{00A0}"   // before a symbol or %

private func money(_ minor: Int64, _ code: String) -> Money {
    Money(minor: minor, currency: Currency(code: code)!)
}

struct AmountCase: CustomTestStringConvertible, Sendable {
    let minor: Int64
    let code: String
    let fr: String
    let en: String
    var testDescription: String { "\(minor) \(code)" }
}

private let amountCases: [AmountCase] = [
    // EUR, 2 decimals
    .init(minor: 0, code: "EUR", fr: "0,00\(nbsp)€", en: "€0.00"),
    .init(minor: 500, code: "EUR", fr: "5,00\(nbsp)€", en: "€5.00"),
    .init(minor: 5, code: "EUR", fr: "0,05\(nbsp)€", en: "€0.05"),
    .init(minor: 123_456, code: "EUR", fr: "1\(nnbsp)234,56\(nbsp)€", en: "€1,234.56"),
    .init(minor: 123_456_789, code: "EUR", fr: "1\(nnbsp)234\(nnbsp)567,89\(nbsp)€", en: "€1,234,567.89"),
    .init(minor: -123_456, code: "EUR", fr: "-1\(nnbsp)234,56\(nbsp)€", en: "-€1,234.56"),
    .init(minor: 99_999, code: "EUR", fr: "999,99\(nbsp)€", en: "€999.99"),
    .init(minor: 100_000, code: "EUR", fr: "1\(nnbsp)000,00\(nbsp)€", en: "€1,000.00"),
    // Other symbols
    .init(minor: 123_456, code: "USD", fr: "1\(nnbsp)234,56\(nbsp)$US", en: "$1,234.56"),
    .init(minor: -500, code: "USD", fr: "-5,00\(nbsp)$US", en: "-$5.00"),
    .init(minor: 123_456, code: "GBP", fr: "1\(nnbsp)234,56\(nbsp)£", en: "£1,234.56"),
    .init(minor: 123_456, code: "CHF", fr: "1\(nnbsp)234,56\(nbsp)CHF", en: "CHF\(nbsp)1,234.56"),
    .init(minor: 123_456, code: "CAD", fr: "1\(nnbsp)234,56\(nbsp)CAD", en: "CAD\(nbsp)1,234.56"),
    // JPY, 0 decimals: minor units are yen
    .init(minor: 1235, code: "JPY", fr: "1\(nnbsp)235\(nbsp)JPY", en: "JPY\(nbsp)1,235"),
    .init(minor: 0, code: "JPY", fr: "0\(nbsp)JPY", en: "JPY\(nbsp)0"),
    .init(minor: 5, code: "JPY", fr: "5\(nbsp)JPY", en: "JPY\(nbsp)5"),
    .init(minor: -123_456_789, code: "JPY", fr: "-123\(nnbsp)456\(nnbsp)789\(nbsp)JPY", en: "-JPY\(nbsp)123,456,789"),
    // KWD, 3 decimals
    .init(minor: 1_234_567, code: "KWD", fr: "1\(nnbsp)234,567\(nbsp)KWD", en: "KWD\(nbsp)1,234.567"),
    .init(minor: 5, code: "KWD", fr: "0,005\(nbsp)KWD", en: "KWD\(nbsp)0.005"),
    .init(minor: 0, code: "KWD", fr: "0,000\(nbsp)KWD", en: "KWD\(nbsp)0.000"),
    // Extremes of Int64 must not trap.
    .init(minor: Int64.min, code: "EUR",
          fr: "-92\(nnbsp)233\(nnbsp)720\(nnbsp)368\(nnbsp)547\(nnbsp)758,08\(nbsp)€", en: "-€92,233,720,368,547,758.08"),
]

@Test("formatAmount, fr and en", arguments: amountCases)
func formatAmount(_ c: AmountCase) {
    #expect(Language.fr.formatAmount(money(c.minor, c.code)) == c.fr)
    #expect(Language.en.formatAmount(money(c.minor, c.code)) == c.en)
}

@Test("formatAmount agrees with Money.plain once separators and symbols are removed")
func formatAmountMatchesPlain() {
    for code in ["EUR", "JPY", "KWD", "USD"] {
        for minor: Int64 in [0, 1, 9, 10, 99, 100, 101, 999, 1000, 12_345, 999_999, 1_000_000, 987_654_321, -7, -1_000_001] {
            let m = money(minor, code)
            let en = Language.en.formatAmount(m)
                .replacingOccurrences(",", "").replacingOccurrences("€", "").replacingOccurrences("$", "")
                .replacingOccurrences(code + nbsp, "")
            #expect(en == m.plain, "\(m)")
            let fr = Language.fr.formatAmount(m)
                .replacingOccurrences(nnbsp, "").replacingOccurrences(",", ".")
                .replacingOccurrences(nbsp + "€", "").replacingOccurrences(nbsp + "$US", "")
                .replacingOccurrences(nbsp + code, "")
            #expect(fr == m.plain, "\(m)")
        }
    }
}

@Test("formatDate, fr and en", arguments: [
    ("2026-11-22", "22 novembre 2026", "22 November 2026"),
    ("2026-11-01", "1er novembre 2026", "1 November 2026"),
    ("2026-01-01", "1er janvier 2026", "1 January 2026"),
    ("2026-02-14", "14 février 2026", "14 February 2026"),
    ("2026-08-15", "15 août 2026", "15 August 2026"),
    ("2026-12-31", "31 décembre 2026", "31 December 2026"),
    ("2028-02-29", "29 février 2028", "29 February 2028"),
    ("2026-03-02", "2 mars 2026", "2 March 2026"),
    ("2027-05-11", "11 mai 2027", "11 May 2027"),
])
func formatDate(_ iso: String, _ fr: String, _ en: String) throws {
    let day = try #require(Day(iso))
    #expect(Language.fr.formatDate(day) == fr)
    #expect(Language.en.formatDate(day) == en)
}

@Test("month names: twelve distinct, fr lowercase")
func monthNames() {
    for language in Language.allCases {
        let names = (1...12).map(language.monthName)
        #expect(Set(names).count == 12)
    }
    #expect((1...12).map(Language.fr.monthName).allSatisfy { $0 == $0.lowercased() })
    #expect(Language.fr.monthName(2) == "février" && Language.fr.monthName(8) == "août")
}

@Test("formatPercent takes hundredths of a percent", arguments: [
    (1215, "12,15\(nbsp)%", "12.15%"),
    (1000, "10,00\(nbsp)%", "10.00%"),
    (5, "0,05\(nbsp)%", "0.05%"),
    (0, "0,00\(nbsp)%", "0.00%"),
    (-250, "-2,50\(nbsp)%", "-2.50%"),
    (123_456, "1\(nnbsp)234,56\(nbsp)%", "1,234.56%"),
])
func formatPercent(_ hundredths: Int, _ fr: String, _ en: String) {
    #expect(Language.fr.formatPercent(hundredths: hundredths) == fr)
    #expect(Language.en.formatPercent(hundredths: hundredths) == en)
}

@Test("formatDays: French singular below 2, English only for 1", arguments: [
    (0, "0 jour", "0 days"),
    (1, "1 jour", "1 day"),
    (2, "2 jours", "2 days"),
    (12, "12 jours", "12 days"),
    (-1, "-1 jour", "-1 day"),
    (1500, "1\(nnbsp)500 jours", "1,500 days"),
])
func formatDays(_ n: Int, _ fr: String, _ en: String) {
    #expect(Language.fr.formatDays(n) == fr)
    #expect(Language.en.formatDays(n) == en)
}

@Test("Language raw values are the codes used in configuration")
func languageCodes() {
    #expect(Language(rawValue: "fr") == .fr)
    #expect(Language(rawValue: "en") == .en)
    #expect(Language(rawValue: "de") == nil)
}

extension String {
    /// Plain substring replacement without Foundation.
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
