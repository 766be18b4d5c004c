@testable import Books
import Testing

/// Texts, dates, amounts and keys read back exactly as written, whatever their length and place.
@Suite("Texts read back as written")
struct ParserFastPathTests {
    @Test func textsOfEveryLengthReadBackExactly() throws {
        // Names and references of 1 to 40 bytes, ASCII or not, at the end of the file or not.
        var text = "customer acme\n  name ACME\n"
        var refs: [String] = []
        for n in 1...40 {
            let ref = String(repeating: n % 3 == 0 ? "é" : "r", count: n % 3 == 0 ? n / 2 + 1 : n)
            refs.append(ref)
            text += "2026-01-\(format2(n % 28 + 1)) payment acme \(n).00 EUR\n  ref \"\(ref)\"\n"
        }
        text += "customer z\n  name Z"
        let books = load(text)
        #expect(books.diagnostics.isEmpty)
        #expect(Set(books.payments.compactMap(\.ref)) == Set(refs))
        #expect(books.customers.map(\.name) == ["ACME", "Z"])
    }

    @Test func datesReadAgainMatchTheirText() throws {
        // Header and due dates alternate, repeat and change: each must be read as written.
        var text = "customer acme\n  name ACME\n"
        var expected: [String: (String, String)] = [:]
        var generator = SystemRandomNumberGenerator()
        for n in 0..<300 {
            let day = Day(ordinal: Day("2025-01-01")!.ordinal + Int32(n / 3))
            let due = Day(ordinal: day.ordinal + Int32.random(in: 0...2, using: &generator) * 15)
            let number = "F-\(n)"
            expected[number] = ("\(day)", "\(due)")
            text += "\(day) invoice \(number) acme 10.00 EUR\n  due \(due)\n"
        }
        let books = load(text)
        #expect(books.diagnostics.isEmpty)
        #expect(books.invoices.count == 300)
        for invoice in books.invoices {
            #expect(("\(invoice.date)", "\(invoice.due)") == expected[invoice.number]!, "\(invoice.number)")
        }
    }

    @Test(arguments: [
        ("12345678901234567890", 2, Int64?.none), ("123456789012345", 2, 12_345_678_901_234_500), ("7", 0, 7),
        ("7.", 2, nil), ("07.50", 2, 750), ("1.2.3", 2, nil), ("1.x", 2, nil), ("", 2, nil), ("1.25", 3, 1250),
    ])
    func decimals(_ text: String, _ units: Int, _ minor: Int64?) {
        #expect(Money.parseDecimal(Array(text.utf8)[...], minorUnits: units) == minor)
    }

    @Test func keysAreMatchedWholeAndOnlyOnce() {
        let books = load("""
            customer acme
              name ACME
              names ACME
              nam ACME
            2026-01-05 invoice F1 acme 10.00 EUR
              due 2026-02-04
              due 2026-02-05
              duedate 2026-02-04
            """)
        let messages = books.diagnostics.map(\.message)
        #expect(messages == ["unknown key \"names\" in a customer record", "unknown key \"nam\" in a customer record",
                             "\"due\" is given twice in this invoice", "unknown key \"duedate\" in an invoice record"])
        #expect(books.invoices.first?.due == Day("2026-02-04"))
    }
}

private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
