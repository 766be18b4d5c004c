import Books
import Testing

/// One mistake in the books: the text (one file holds the `‸` marker), what the message says, what the fix says.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [(String, String)]
    var message: String
    var fix: String?

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ message: String, fix: String? = nil) {
        self.name = name
        self.files = [("main.books", text)]
        self.message = message
        self.fix = fix
    }

    init(_ name: String, files: [(String, String)], _ message: String, fix: String? = nil) {
        self.name = name
        self.files = files
        self.message = message
        self.fix = fix
    }
}

let acme = """
customer acme
  name ACME SARL

"""

let syntaxErrors: [ErrorCase] = [
    ErrorCase("unclosed quote", """
        customer acme
          name ACME
          note ‸"paie le 10
        """, "never closed", fix: "closing \""),
    ErrorCase("text after a closing quote", """
        customer acme
          name ACME
          note "paie"‸le 10
        """, "right after a closing quote", fix: "space"),
    ErrorCase("indented line outside a record", """
        ; a comment first
          ‸name ACME
        """, "belongs to no record", fix: "start a record"),
    ErrorCase("unknown record kind with a date", acme + """
        2026-01-05 ‸invoce F1 acme 100 EUR
        """, "unknown record kind \"invoce\"", fix: "did you mean invoice?"),
    ErrorCase("unknown record kind without a date", """
        ‸custmer acme
          name ACME
        """, "unknown record kind \"custmer\"", fix: "did you mean customer?"),
    ErrorCase("unknown key", """
        customer acme
          name ACME
          ‸emial compta@acme.example
        """, "unknown key \"emial\"", fix: "did you mean email?"),
    ErrorCase("unknown key in an invoice", acme + """
        2026-01-05 invoice F1 acme 100 EUR
          ‸dew 2026-02-05
        """, "unknown key \"dew\"", fix: "did you mean due?"),
    ErrorCase("2026-02-30 is not a day", acme + """
        ‸2026-02-30 invoice F1 acme 100 EUR
        """, "2026-02-30 is not a day of the calendar", fix: "February 2026 has 28 days"),
    ErrorCase("2025-02-29 is not a day (not a leap year)", acme + """
        ‸2025-02-29 invoice F1 acme 100 EUR
        """, "2025-02-29 is not a day of the calendar", fix: "February 2025 has 28 days"),
    ErrorCase("month 13", acme + """
        2026-01-05 invoice F1 acme 100 EUR
          due ‸2026-13-01
        """, "there is no month 13", fix: "01 to 12"),
    ErrorCase("malformed date", acme + """
        ‸2026-1-5 invoice F1 acme 100 EUR
        """, "expected a date, found \"2026-1-5\"", fix: "YYYY-MM-DD"),
    ErrorCase("malformed due date", acme + """
        2026-01-05 invoice F1 acme 100 EUR
          due ‸05/02/2026
        """, "expected a date", fix: "YYYY-MM-DD"),
    ErrorCase("zero amount", acme + """
        2026-01-05 invoice F1 acme ‸0.00 EUR
        """, "the amount is zero", fix: "real amount"),
    ErrorCase("negative amount", acme + """
        2026-01-05 payment acme ‸-50 EUR
        """, "amounts are positive", fix: "credit note"),
    ErrorCase("thousands separated by a space, decimal comma", acme + """
        2026-01-05 invoice F1 acme ‸1 200,50 EUR
        """, "1 200,50 is written 1200.50", fix: "write amounts without thousands separators, with a dot before the decimals: 1200.50"),
    ErrorCase("thousands separated by a space", acme + """
        2026-01-05 payment acme ‸12 000 EUR
        """, "12 000 is written 12000", fix: "without thousands separators"),
    ErrorCase("thousands separated by a comma", acme + """
        2026-01-05 invoice F1 acme ‸1,200.50 EUR
        """, "1,200.50 is written 1200.50", fix: "without thousands separators"),
    ErrorCase("thousands separated by a dot, decimal comma", acme + """
        2026-01-05 invoice F1 acme ‸1.200,50 EUR
        """, "1.200,50 is written 1200.50", fix: "with a dot"),
    ErrorCase("thousands separated in an apply line", acme + """
        2026-01-05 invoice F1 acme 2000 EUR
        2026-01-06 payment acme 2000 EUR
          apply F1 ‸1 200,50
        """, "1 200,50 is written 1200.50", fix: "with a dot"),
    ErrorCase("an e-mail address with two dots in a row", """
        customer acme
          name ACME
          email ‸compta..x@acme.example
        """, "is not an address an e-mail can be sent to", fix: "single dots"),
    ErrorCase("thousands separated in an amount line", acme + """
        2026-01-05 invoice F1 acme
          amount ‸1 200,50 EUR
        """, "1 200,50 is written 1200.50", fix: "with a dot"),
    ErrorCase("an e-mail domain that is not ASCII", """
        customer acme
          name ACME
          email ‸contact@café.example
        """, "contact@café.example cannot be sent to as written", fix: "contact@xn--caf-dma.example"),
    ErrorCase("an e-mail local part that is not ASCII", """
        customer acme
          name ACME
          cc ‸josé@acme.example
        """, "not ASCII", fix: "ASCII address"),
    ErrorCase("comma as decimal point", acme + """
        2026-01-05 invoice F1 acme ‸1200,50 EUR
        """, "uses a comma", fix: "dot"),
    ErrorCase("three decimals in EUR", acme + """
        2026-01-05 invoice F1 acme ‸10.125 EUR
        """, "EUR has 2 decimals", fix: "round to 2 decimals"),
    ErrorCase("one decimal in JPY", acme + """
        2026-01-05 invoice F1 acme ‸1500.5 JPY
        """, "JPY has 0 decimals", fix: "whole number of JPY"),
    ErrorCase("four decimals in KWD", acme + """
        2026-01-05 invoice F1 acme ‸1.2345 KWD
        """, "KWD has 3 decimals", fix: "round to 3"),
    ErrorCase("an amount too large to be exact", acme + """
        2026-01-05 invoice F1 acme ‸12345678901234567890.5 EUR
        """, "expected an amount", fix: "digits"),
    ErrorCase("too many decimals on a large amount", acme + """
        2026-01-05 invoice F1 acme ‸99999999999999.999 EUR
        """, "EUR has 2 decimals", fix: "round to 2 decimals"),
    ErrorCase("not an amount", acme + """
        2026-01-05 invoice F1 acme ‸12a EUR
        """, "expected an amount", fix: "digits"),
    ErrorCase("due before the invoice date", acme + """
        2026-01-05 invoice F1 acme 100 EUR
          due ‸2026-01-04
        """, "the due date 2026-01-04 is before the invoice date 2026-01-05", fix: "on or after 2026-01-05"),
    ErrorCase("unknown currency", acme + """
        2026-01-05 invoice F1 acme 1200.00 ‸EUT
        """, "unknown currency \"EUT\"", fix: "did you mean EUR?"),
    ErrorCase("lower-case currency", acme + """
        2026-01-05 invoice F1 acme 1200.00 ‸eur
        """, "currency codes are written in capitals", fix: "write EUR"),
    ErrorCase("apply in another currency than its payment", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-01-06 payment acme 100 EUR
          apply F1 100 ‸USD
        """, "this apply is in USD but the record is in EUR", fix: "write EUR"),
    ErrorCase("invoice without amount", acme + """
        2026-01-05 invoice ‸F1 acme
          due 2026-02-05
        """, "invoice F1 has no amount", fix: "amount 1200.00 EUR"),
    ErrorCase("amount on the header and on a line", acme + """
        2026-01-05 invoice F1 acme 100 EUR
          ‸amount 100 EUR
        """, "already on the header line", fix: "one place"),
    ErrorCase("amount without currency on the header", acme + """
        2026-01-05 invoice F1 acme 100‸
        """, "needs its currency", fix: "currency code"),
    ErrorCase("customer without a name", """
        customer ‸acme
          email compta@acme.example
        """, "customer acme has no name", fix: "name"),
    ErrorCase("key given twice", """
        customer acme
          name ACME
          terms 30
          ‸terms 45
        """, "\"terms\" is given twice", fix: "keep only one"),
    ErrorCase("key without value", """
        customer acme
          name ACME
          lang‸
        """, "needs a value", fix: "write a value"),
    ErrorCase("bad e-mail", """
        customer acme
          name ACME
          email ‸compta.acme.example
        """, "is not an e-mail address", fix: "compta@acme.example"),
    ErrorCase("two e-mails on one line", """
        customer acme
          name ACME
          email a@acme.example ‸b@acme.example
        """, "unexpected text at the end of the line", fix: "one per line"),
    ErrorCase("bad lang", """
        customer acme
          name ACME
          lang ‸de
        """, "unknown language \"de\"", fix: "fr or en"),
    ErrorCase("bad terms", """
        customer acme
          name ACME
          terms ‸30j
        """, "payment terms are a number of days", fix: "terms 30"),
    ErrorCase("negative terms", """
        customer acme
          name ACME
          terms ‸-5
        """, "payment terms are a number of days", fix: "terms 30"),
    ErrorCase("bad customer kind", """
        customer acme
          name ACME
          kind ‸company
        """, "unknown customer kind", fix: "business or consumer"),
    ErrorCase("bad channel", """
        customer acme
          name ACME
          channel ‸phone
        """, "unknown channel", fix: "email, letter or both"),
    ErrorCase("bad dunning switch", """
        customer acme
          name ACME
          dunning ‸no
        """, "expected on or off", fix: "dunning off"),
    ErrorCase("bad customer id", """
        customer ‸société
          name Société
        """, "is not a valid customer id", fix: "letters, digits"),
    ErrorCase("hold until before its date", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-02-10 hold F1 until ‸2026-02-01
        """, "the hold ends on or before the day it starts", fix: "after 2026-02-10"),
    ErrorCase("hold until its own date", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-02-10 hold F1 until ‸2026-02-10
        """, "the hold ends on or before the day it starts", fix: "after 2026-02-10"),
    ErrorCase("hold with a date not after until", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-02-10 hold F1 ‸2026-03-01
        """, "must follow \"until\"", fix: "until 2026-03-01"),
    ErrorCase("bad timestamp", acme + """
        2026-01-10 reminder R1 acme
          level 1
        2026-01-10 delivered R1 ‸2026-01-10 10:00:00
        """, "expected a UTC timestamp", fix: "YYYY-MM-DDTHH:MM:SSZ"),
    ErrorCase("timestamp with hour 24", acme + """
        2026-01-10 reminder R1 acme
          level 1
        2026-01-10 failed R1 ‸2026-01-10T24:00:00Z "timeout"
        """, "expected a UTC timestamp", fix: "YYYY-MM-DDTHH:MM:SSZ"),
    ErrorCase("reminder level zero", acme + """
        2026-01-10 reminder R1 acme
          level ‸0
        """, "a level is a number from 1", fix: "level 2"),
    ErrorCase("extra text at the end of a header", """
        customer acme ‸ACME SARL
          name ACME
        """, "unexpected text at the end of the line", fix: "customer ID"),
    ErrorCase("extra text at the end of a payment header", acme + """
        2026-01-05 payment acme 100 EUR ‸transfer
        """, "unexpected text at the end of the line", fix: "DATE payment CUSTOMER AMOUNT CURRENCY"),
    ErrorCase("incomplete payment header", acme + """
        2026-01-05 payment acme 100‸
        """, "this line is incomplete", fix: "DATE payment CUSTOMER AMOUNT CURRENCY"),
    ErrorCase("incomplete writeoff header", acme + """
        2026-01-05 writeoff‸
        """, "this line is incomplete", fix: "DATE writeoff INVOICE"),
    ErrorCase("a date alone", acme + """
        2026-01-05‸
        """, "a date alone is not a record", fix: "kind of record"),
    ErrorCase("a customer with a date", """
        2026-01-05 ‸customer acme
          name ACME
        """, "a customer record has no date", fix: "customer ID"),
    ErrorCase("an invoice without a date", acme + """
        ‸invoice F1 acme 100 EUR
        """, "an invoice record starts with its date", fix: "YYYY-MM-DD invoice"),
    ErrorCase("accents before the error are counted as characters", """
        customer acme
          name "Société Générale"
          lang "français" ‸en
        """, "unexpected text at the end of the line", fix: "lang fr|en"),
    ErrorCase("tabs as indentation", "customer acme\n\tname ACME\n\t‸emial compta@acme.example\n",
              "unknown key \"emial\"", fix: "did you mean email?"),
    ErrorCase("CRLF line endings", "customer acme\r\n  name ACME\r\n  lang ‸de\r\n",
              "unknown language \"de\"", fix: "fr or en"),
    ErrorCase("a BOM before the first line", "\u{FEFF}customer acme ‸extra\n  name ACME\n",
              "unexpected text at the end of the line", fix: "customer ID"),
]

let crossReferenceErrors: [ErrorCase] = [
    ErrorCase("duplicate customer across two files", files: [
        ("customers.books", acme),
        ("more/customers.books", """
            ; the same customer again
            customer ‸acme
              name ACME again
            """),
    ], "customer acme is defined twice", fix: "customers.books:1"),
    ErrorCase("duplicate invoice number across files", files: [
        ("a.books", acme + "2026-01-05 invoice F1 acme 100 EUR\n"),
        ("b.books", "2026-01-05 invoice ‸F1 acme 200 EUR\n"),
    ], "invoice number F1 is used twice", fix: "a.books:3"),
    ErrorCase("invoice number reused by a credit note", files: [
        ("a.books", acme + "2026-01-05 invoice F1 acme 100 EUR\n"),
        ("b.books", "2026-01-06 credit ‸F1 acme 20 EUR\n"),
    ], "number F1 is already used by an invoice", fix: "a.books:3"),
    ErrorCase("credit note number used twice", acme + """
        2026-01-05 credit AV1 acme 10 EUR
        2026-01-06 credit ‸AV1 acme 20 EUR
        """, "credit note number AV1 is used twice", fix: "main.books:3"),
    ErrorCase("unknown customer", acme + """
        2026-01-05 invoice F1 ‸acm 100 EUR
        """, "unknown customer \"acm\"", fix: "did you mean acme?"),
    ErrorCase("unknown customer of a payment", acme + """
        2026-01-05 payment ‸acne 100 EUR
        """, "unknown customer \"acne\"", fix: "did you mean acme?"),
    ErrorCase("unknown invoice in an apply", acme + """
        2026-01-05 invoice F2026-014 acme 100 EUR
        2026-01-06 payment acme 100 EUR
          apply ‸F2026-041
        """, "unknown invoice \"F2026-041\"", fix: "did you mean F2026-014?"),
    ErrorCase("apply to an invoice of another currency", acme + """
        2026-01-05 invoice F1 acme 100 USD
        2026-01-06 payment acme 100 EUR
          apply ‸F1
        """, "invoice F1 is in USD, this payment in EUR", fix: "never converts"),
    ErrorCase("apply of a credit note to an invoice of another currency", acme + """
        2026-01-05 invoice F1 acme 100 USD
        2026-01-06 credit AV1 acme 100 EUR
          apply ‸F1 50
        """, "invoice F1 is in USD, this credit note in EUR", fix: "never converts"),
    ErrorCase("apply dated before its invoice", acme + """
        2026-01-05 payment acme 100 EUR
          apply ‸F1
        2026-01-10 invoice F1 acme 100 EUR
        """, "invoice F1 is dated 2026-01-10, after this payment (2026-01-05)", fix: "customer credit"),
    ErrorCase("hold of an unknown target", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-01-10 hold ‸F2 "contesté"
        """, "\"F2\" is neither an invoice nor a customer", fix: "did you mean F1?"),
    ErrorCase("release of an unknown target", acme + """
        2026-01-10 release ‸acmee
        """, "\"acmee\" is neither an invoice nor a customer", fix: "did you mean acme?"),
    ErrorCase("hold target both an invoice and a customer", """
        customer x1
          name X
        2026-01-05 invoice x1 x1 100 EUR
        2026-01-10 hold ‸x1
        """, "\"x1\" is both an invoice number and a customer id", fix: "rename"),
    ErrorCase("writeoff of an unknown invoice", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-06-10 writeoff ‸F3 "faillite"
        """, "unknown invoice \"F3\"", fix: "did you mean F1?"),
    ErrorCase("writeoff twice", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-06-10 writeoff F1
        2026-06-11 writeoff ‸F1 "again"
        """, "invoice F1 is written off twice", fix: "main.books:4"),
    ErrorCase("writeoff dated before its invoice", acme + """
        2026-01-04 writeoff ‸F1
        2026-01-05 invoice F1 acme 100 EUR
        """, "after this writeoff", fix: "on or after the invoice"),
    ErrorCase("reminder id twice", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-02-10 reminder R1 acme
          level 1
          invoice F1 100 EUR
        2026-02-20 reminder ‸R1 acme
          level 2
          invoice F1 100 EUR
        """, "reminder id R1 is used twice", fix: "main.books:4"),
    ErrorCase("delivered for an unknown reminder", acme + """
        2026-02-10 reminder R2026-0007 acme
          level 1
        2026-02-10 delivered ‸R2026-0070 2026-02-10T09:12:04Z "250 OK"
        """, "unknown reminder \"R2026-0070\"", fix: "did you mean R2026-0007?"),
    ErrorCase("reminded invoice in another currency", acme + """
        2026-01-05 invoice F1 acme 100 EUR
        2026-02-10 reminder R1 acme
          level 1
          invoice ‸F1 100 USD
        """, "invoice F1 is in EUR, not USD", fix: "currency"),
    ErrorCase("assembly error on the first line after a BOM", "\u{FEFF}2026-01-05 invoice F1 ‸acm 100 EUR\n" + acme,
              "unknown customer \"acm\"", fix: "did you mean acme?"),
]

@Suite("Books errors: message, line, column and fix")
struct ParserErrorTests {
    static func check(_ c: ErrorCase) {
        var files = c.files
        var expected: (file: String, marked: Marked)?
        for k in files.indices where files[k].1.contains("‸") {
            let m = Marked(files[k].1)
            files[k].1 = m.text
            expected = (files[k].0, m)
        }
        guard let expected else { Issue.record("no marker"); return }
        let books = load(files)
        let errors = books.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "expected exactly one error, got: \(errors.map { "\($0.location) \($0.message)" })")
        guard let d = errors.first else { return }
        #expect(d.message.contains(c.message), "message: \(d.message)")
        #expect(d.location.file == expected.file)
        #expect(d.location.line == expected.marked.line, "line of \(d.message)")
        #expect(d.location.column == expected.marked.column, "column of \(d.message)")
        #expect(!(d.fix ?? "").isEmpty, "a fix is given")
        if let fix = c.fix { #expect((d.fix ?? "").contains(fix), "fix: \(d.fix ?? "none")") }
        // The line shown under the message is the line as written, without its line ending or BOM.
        let lines = expected.marked.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        var shown = String(String.UnicodeScalarView(lines[expected.marked.line - 1]))
        if shown.hasSuffix("\r") { shown.removeLast() }
        if shown.hasPrefix("\u{FEFF}") { shown.removeFirst() }
        #expect(d.sourceLine == shown)
    }

    @Test(arguments: syntaxErrors)
    func syntax(_ c: ErrorCase) { Self.check(c) }

    @Test(arguments: crossReferenceErrors)
    func crossReference(_ c: ErrorCase) { Self.check(c) }
}
