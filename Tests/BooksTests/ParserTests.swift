import Books
import Testing

@Suite("Books parsing")
struct ParserTests {
    @Test func aFullSetOfRecords() throws {
        let books = load("""
            ; customers
            customer acme
              name     ACME SARL                 ; required
              email    compta@acme.example
              email    direction@acme.example
              address  12 rue de la Paix
              address  75002 Paris
              lang     en
              terms    45
              kind     consumer
              group    grands-comptes
              phone    "+33 1 23 45 67 89"
              vat      FR12345678901
              channel  letter
              dunning  off
              cc       copie@acme.example
              note     "paie toujours le 10"

            2026-10-01 invoice F2026-014 acme 1200.00 EUR
              due         2026-10-31
              file        documents/F2026-014.pdf
              department  studio
              ref         "PO 4411"
            2026-10-02 invoice F2026-015 acme
              amount 99.5 EUR
            2026-10-03 credit AV2026-001 acme 100 EUR
              apply F2026-014 50
              note "geste commercial"
            2026-10-04 payment acme 500 EUR
              apply   F2026-014 400.5
              apply   F2026-015
              ref     "VIR SEPA 8841"
              method  transfer
            2026-10-05 hold F2026-014 until 2026-11-01 "livrable contesté"
            2026-10-06 release acme
            2026-10-07 writeoff F2026-015 "faillite"
            2026-10-08 reminder R2026-0007 acme
              level    2
              channel  phone
              invoice  F2026-014 520.00 EUR
              file     reminders/2026/R2026-0007.eml
              fee      40.00 EUR
              interest 12.34 EUR
              note     "appel téléphonique"
            2026-10-08 delivered R2026-0007 2026-10-08T09:12:04Z "250 OK"
            2026-10-09 failed R2026-0007 2026-10-09T23:59:60Z
            """)
        #expect(books.diagnostics.isEmpty, "\(books.diagnostics.map { "\($0.location) \($0.message)" })")
        let c = try #require(books.customer("acme"))
        #expect(c.name == "ACME SARL")
        #expect(c.emails == ["compta@acme.example", "direction@acme.example"])
        #expect(c.cc == ["copie@acme.example"])
        #expect(c.address == ["12 rue de la Paix", "75002 Paris"])
        #expect(c.language == "en")
        #expect(c.terms == 45)
        #expect(c.kind == .consumer)
        #expect(c.group == "grands-comptes")
        #expect(c.phone == "+33 1 23 45 67 89")
        #expect(c.vat == "FR12345678901")
        #expect(c.channel == .letter)
        #expect(c.dunning == false)
        #expect(c.note == "paie toujours le 10")

        let f14 = try #require(books.invoice("F2026-014"))
        #expect(f14.amount == Money(minor: 120000, currency: .EUR))
        #expect(f14.due == Day("2026-10-31"))
        #expect(f14.file == "documents/F2026-014.pdf")
        #expect(f14.department == "studio")
        #expect(f14.ref == "PO 4411")
        let f15 = try #require(books.invoice("F2026-015"))
        #expect(f15.amount == Money(minor: 9950, currency: .EUR))
        #expect(f15.explicitDue == nil)
        #expect(f15.due == Day("2026-11-16"))  // 2026-10-02 + 45 days (the customer's terms)

        #expect(books.credits.count == 1)
        #expect(books.credits[0].applications.map(\.amount) == [5000])
        #expect(books.payments.count == 1)
        let p = books.payments[0]
        #expect(p.applications.map(\.invoiceNumber) == ["F2026-014", "F2026-015"])
        #expect(p.applications.map(\.amount) == [40050, nil])
        #expect(p.ref == "VIR SEPA 8841")
        #expect(p.method == "transfer")

        #expect(books.holds.count == 2)
        #expect(books.holds[0].kind == .hold)
        #expect(books.holds[0].until == Day("2026-11-01"))
        #expect(books.holds[0].reason == "livrable contesté")
        #expect(books.holds[1].kind == .release)
        #expect(books.holds[1].target == .customer(0))
        #expect(books.writeOffs.map(\.reason) == ["faillite"])
        let r = try #require(books.reminders.first)
        #expect(r.level == 2)
        #expect(r.channel == .phone)
        #expect(r.invoices.map(\.outstanding) == [Money(minor: 52000, currency: .EUR)])
        #expect(r.fee == Money(minor: 4000, currency: .EUR))
        #expect(r.interest == Money(minor: 1234, currency: .EUR))
        #expect(r.note == "appel téléphonique")
        #expect(books.deliveries.map(\.outcome) == [.delivered, .failed])
        #expect(books.deliveries[0].detail == "250 OK")
        #expect(books.deliveries[1].detail == nil)
    }

    @Test func defaultTermsApplyWhenTheCustomerHasNone() throws {
        let books = load([("a.books", "customer a\n  name A\n2026-01-31 invoice F1 a 10 EUR\n")], defaultTerms: 60)
        #expect(try #require(books.invoice("F1")).due == Day("2026-04-01"))
        let thirty = load("customer a\n  name A\n2026-01-31 invoice F1 a 10 EUR\n")
        #expect(try #require(thirty.invoice("F1")).due == Day("2026-03-02"))
    }

    @Test func currenciesHaveTheirOwnDecimals() throws {
        let books = load("""
            customer a
              name A
            2026-01-05 invoice J1 a 1500 JPY
            2026-01-05 invoice K1 a 1.234 KWD
            2026-01-05 invoice E1 a 1200.5 EUR
            2024-02-29 invoice L1 a 1 EUR
            """)
        #expect(books.diagnostics.isEmpty)
        #expect(books.invoice("J1")?.amount.minor == 1500)
        #expect(books.invoice("K1")?.amount.minor == 1234)
        #expect(books.invoice("E1")?.amount.minor == 120050)
        #expect(books.invoice("L1")?.date == Day(year: 2024, month: 2, day: 29))
    }

    @Test func comments() throws {
        let books = load("""
            ; a comment at the start of a line
               ; a comment after whitespace, anywhere
            customer acme ; after a header
              name "ACME; the company" ; a ';' inside quotes is text
              note pay;day
            \t; a comment after a tab
            """)
        #expect(books.diagnostics.isEmpty, "\(books.diagnostics.map(\.message))")
        let c = try #require(books.customer("acme"))
        #expect(c.name == "ACME; the company")
        #expect(c.note == "pay;day")  // ';' not after a space is part of the word
    }

    @Test func quotesAndEscapes() throws {
        let books = load(#"""
            customer acme
              name "ACME \"la vraie\" \\ SARL"
              note "  spaced  "
            """#)
        #expect(books.diagnostics.isEmpty)
        #expect(books.customer("acme")?.name == #"ACME "la vraie" \ SARL"#)
        #expect(books.customer("acme")?.note == "  spaced  ")
    }

    @Test func tabsCRLFAndBOMReadLikeSpacesLFAndNothing() throws {
        let plain = "customer acme\n  name ACME SARL\n  terms 10\n2026-01-05 invoice F1 acme 100 EUR\n"
        let other = "\u{FEFF}customer acme\r\n\tname\tACME SARL\r\n \t terms 10\r\n2026-01-05\tinvoice F1  acme\t100 EUR\r\n"
        let a = load(plain), b = load(other)
        #expect(a.diagnostics.isEmpty)
        #expect(b.diagnostics.isEmpty, "\(b.diagnostics.map(\.message))")
        #expect(a.customers == b.customers)
        #expect(a.invoices.map(\.amount) == b.invoices.map(\.amount))
        #expect(a.invoices.map(\.due) == b.invoices.map(\.due))
        #expect(b.customer("acme")?.name == "ACME SARL")
    }

    @Test func everyErrorOfAFileIsReportedInOrder() {
        let books = load("""
            customer acme
              name ACME
              lang de
            2026-02-30 invoice F1 acme 100 EUR
            2026-01-05 invoice F2 acme 100 EUT
            2026-01-06 payment acme 1,5 EUR
              apply F2 ; ignored: its payment was rejected
            2026-01-07 paymnet acme 5 EUR
            """)
        let errors = books.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.location.line) == [3, 4, 5, 6, 8])
        #expect(errors.map(\.location.column) == [8, 1, 32, 25, 12])
        let expected = ["unknown language", "not a day of the calendar", "unknown currency", "uses a comma", "unknown record kind"]
        #expect(errors.count == expected.count)
        for (d, m) in zip(errors, expected) { #expect(d.message.contains(m), "\(d.message)") }
    }

    @Test func errorsOfSeveralFilesAreSortedByFileAndLine() {
        let books = load([
            ("b.books", "customer b\n  name B\n  lang xx\n"),
            ("a.books", "customer a\n  name A\n  terms x\n  lang yy\n"),
        ])
        #expect(books.diagnostics.map { "\($0.location)" } == ["a.books:3:9", "a.books:4:8", "b.books:3:8"])
    }

    @Test func canonicalOrderDoesNotDependOnFiles() {
        let customers = "customer b\n  name B\ncustomer a\n  name A\n"
        let records = """
            2026-02-01 invoice F3 a 10 EUR
            2026-01-01 invoice F2 b 10 EUR
            2026-01-01 invoice F1 a 10 EUR
            2026-03-01 payment a 5 EUR
            2026-03-01 payment a 4 EUR
            """
        let one = load([("x.books", customers + records)])
        let two = load([("z.books", records), ("y.books", customers)])
        #expect(one.customers.map(\.id) == ["a", "b"])
        #expect(one.invoices.map(\.number) == ["F1", "F2", "F3"])
        #expect(two.invoices.map(\.number) == ["F1", "F2", "F3"])
        #expect(one.payments.map(\.amount.minor) == two.payments.map(\.amount.minor))
    }

    @Test func anApplyToAnotherCustomersInvoiceIsAWarning() {
        let books = load("""
            customer a
              name A
            customer b
              name B
            2026-01-05 invoice F1 a 100 EUR
            2026-01-06 payment b 100 EUR
              apply F1
            """)
        #expect(books.diagnostics.count == 1)
        #expect(books.diagnostics.first?.severity == .warning)
        #expect(books.diagnostics.first?.message.contains("belongs to customer a") == true)
        #expect(!books.hasErrors)
    }
}

@Suite("Day and Money")
struct ValueTests {
    @Test(arguments: [
        ("2026-02-28", true), ("2026-02-29", false), ("2024-02-29", true), ("2000-02-29", true), ("1900-02-29", false),
        ("2026-04-31", false), ("2026-12-31", true), ("2026-00-10", false), ("2026-1-10", false), ("20260110", false),
    ])
    func calendar(_ text: String, _ valid: Bool) {
        #expect((Day(text) != nil) == valid)
    }

    @Test func dayArithmeticAgainstKnownDates() throws {
        let epoch = try #require(Day("1970-01-01"))
        #expect(epoch.ordinal == 0)
        #expect(Day("2000-03-01")!.ordinal == 11017)  // 30 years incl. 7 leap days + Jan and Feb 2000
        #expect(Day("2026-11-22")!.days(until: Day("2027-11-22")!) == 365)
        #expect(Day("2028-01-01")!.days(until: Day("2029-01-01")!) == 366)
        #expect(Day("2026-11-22")!.weekday == 7)  // a Sunday
        #expect(Day("2026-11-22")!.adding(days: 10).description == "2026-12-02")
        for text in ["0001-01-01", "1999-12-31", "2026-03-01", "9999-12-31"] {
            #expect(Day(text)!.description == text)
        }
    }

    @Test(arguments: [
        ("1200", "EUR", Int64?(120000)), ("1200.5", "EUR", 120050), ("0.01", "EUR", 1), ("1.", "EUR", nil), (".5", "EUR", nil),
        ("1.234", "EUR", nil), ("1500", "JPY", 1500), ("1500.0", "JPY", nil), ("1.234", "KWD", 1234), ("1e3", "EUR", nil),
        ("999999999999999", "EUR", 99999999999999900), ("1000000000000000", "EUR", nil),
    ])
    func amounts(_ text: String, _ code: String, _ minor: Int64?) throws {
        let c = try #require(Currency(code: code))
        #expect(Money.parseAmount(Array(text.utf8)[...], currency: c) == minor)
    }

    @Test func overflowIsNotAnAmount() {
        #expect(Money.parseDecimal(Array("10.5".utf8)[...], minorUnits: 18) == nil)
        #expect(Money.parseDecimal(Array("9.2".utf8)[...], minorUnits: 18) == 9_200_000_000_000_000_000)
        #expect(Money.parseDecimal(Array("1".utf8)[...], minorUnits: 19) == nil)
    }

    @Test func plainText() {
        #expect(Money(minor: 120050, currency: .EUR).plain == "1200.50")
        #expect(Money(minor: -510, currency: .EUR).plain == "-5.10")
        #expect(Money(minor: 5, currency: .EUR).plain == "0.05")
        #expect(Money(minor: 1500, currency: Currency(code: "JPY")!).description == "1500 JPY")
        #expect(Money(minor: 1, currency: Currency(code: "KWD")!).plain == "0.001")
    }
}
