import Books
import Testing

@Suite("Rare record fields")
struct RareFieldTests {
    @Test func copiesDoNotShareChanges() {
        var a = Invoice(number: "F1", customerID: "acme", date: Day("2026-01-01")!, amount: Money(minor: 100, currency: .EUR),
                        span: Span(file: 0, line: 1, column: 1, length: 1), customerSpan: Span(file: 0, line: 1, column: 1, length: 1))
        let plain = a
        a.note = "first"
        var b = a
        b.note = "second"
        b.file = "f.pdf"
        #expect(a.note == "first" && a.file == nil)
        #expect(b.note == "second" && b.file == "f.pdf")
        #expect(plain.note == nil && plain != a)
        // Setting a field back to nil compares equal to never having set it.
        a.note = nil
        #expect(a == plain)
        var p = Payment(date: Day("2026-01-02")!, customerID: "acme", amount: Money(minor: 100, currency: .EUR),
                        span: Span(file: 0, line: 1, column: 1, length: 1), customerSpan: Span(file: 0, line: 1, column: 1, length: 1))
        let q = p
        p.method = "virement"
        #expect(q.method == nil && p.method == "virement" && p != q)
    }
}

@Suite("Big books with many mistakes")
struct ManyMistakesTests {
    @Test func lineTextFindsEveryLine() {
        let file = SourceFile(path: "a.books", text: "\u{FEFF}first\r\nsecond\n\nfourth\n")
        #expect(file.lineText(1) == "first")
        #expect(file.lineText(2) == "second")
        #expect(file.lineText(3) == "")
        #expect(file.lineText(4) == "fourth")
        #expect(file.lineText(5) == "")
        #expect(file.lineText(0) == "")
        #expect(SourceFile(path: "b.books", text: "no newline").lineText(1) == "no newline")
    }

    @Test func everyUnknownInvoiceIsReportedAndOnlyTheFirstGetHints() {
        var text = "customer acme\n  name Acme\n"
        for k in 0..<3000 { text += "2026-01-01 invoice F\(k) acme 10.00 EUR\n" }
        // 500 payments applied to invoices that do not exist, each one letter more than a real one.
        for k in 0..<500 { text += "2026-02-01 payment acme 10.00 EUR\n  apply F\(k)X\n" }
        let b = load(text)
        let unknown = b.diagnostics.filter { $0.message.hasPrefix("unknown invoice") }
        #expect(unknown.count == 500)
        // Each message points at its own line.
        #expect(Set(unknown.map(\.location.line)).count == 500)
        #expect(unknown.allSatisfy { $0.sourceLine?.hasPrefix("  apply F") ?? false })
        let hinted = unknown.filter { $0.fix?.contains("did you mean") ?? false }
        #expect(hinted.count == 200)
    }
}
