import Books
import Receivables
import Testing

@Suite("Holds")
struct HoldsTests {
    let b = books(customers + """
        2026-01-01 invoice F1 acme 100 EUR
        2026-01-01 invoice F2 acme 100 EUR
        2026-01-01 invoice B1 bob 100 EUR
        2026-02-01 hold F1 until 2026-02-10 "livrable contesté"
        2026-03-01 hold bob "en redressement"
        2026-04-01 release bob
        2026-05-01 hold acme
        2026-05-01 release F2
        2026-06-01 hold F2
        2026-06-01 release F2 "same day: the release wins"
        """)

    func held(_ asOf: String) -> [String] {
        let h = Holds(b, asOf: day(asOf))
        return b.invoices.indices.filter { h.hold(on: $0, in: b) != nil }.map { b.invoices[$0].number }.sorted()
    }

    @Test func anInvoiceHoldUntilAnExcludedDay() {
        #expect(held("2026-01-31") == [])
        #expect(held("2026-02-01") == ["F1"])
        #expect(held("2026-02-09") == ["F1"])
        #expect(held("2026-02-10") == [])
        #expect(Holds(b, asOf: day("2026-02-05")).hold(on: Int(b.invoiceIndex["F1"]!), in: b)?.reason == "livrable contesté")
    }

    @Test func aCustomerHoldCoversAllItsInvoicesUntilReleased() {
        #expect(held("2026-03-01") == ["B1"])
        #expect(held("2026-03-31") == ["B1"])
        #expect(held("2026-04-01") == [])
    }

    @Test func releasingAnInvoiceDoesNotReleaseItsHeldCustomer() {
        #expect(held("2026-05-01") == ["F1", "F2"])
        #expect(held("2026-06-01") == ["F1", "F2"])
    }
}

@Suite("Status")
struct StatusTests {
    // As of 2026-03-01: F-LATE due 2026-02-19 (10 days late), F-DUE due today, F-NOTDUE due 2026-03-31,
    // B-HELD held (and 18 days late), a 25 USD credit for bob, a USD invoice of acme.
    let b = books(customers + """
        2026-01-20 invoice F-LATE acme 1000 EUR
          due 2026-02-19
        2026-01-30 invoice F-DUE acme 500 EUR
        2026-03-01 invoice F-NOTDUE acme 200 EUR
        2026-02-01 invoice B-HELD bob 300 EUR
        2026-02-05 invoice B-PAID bob 100 EUR
        2026-02-06 payment bob 100 EUR
          apply B-PAID
        2026-02-06 payment bob 25 USD
        2026-02-07 hold B-HELD "contesté"
        2026-02-08 payment acme 400 EUR
          apply F-LATE
        2026-01-02 invoice U1 acme 50 USD
          due 2026-01-10
        2026-02-10 reminder R1 acme
          level 2
          invoice F-LATE 600 EUR
        """)

    func report(_ filter: StatusFilter = StatusFilter(), asOf: String = "2026-03-01") -> StatusReport {
        StatusReport.make(b, Allocation.compute(b, asOf: day(asOf)), filter: filter)
    }

    @Test func statesAndDaysLate() throws {
        let r = report()
        let byNumber = Dictionary(uniqueKeysWithValues: r.lines.map { ($0.number, $0) })
        #expect(Set(byNumber.keys) == ["F-LATE", "F-DUE", "F-NOTDUE", "B-HELD", "U1", "payment 2026-02-06"])
        #expect(byNumber["F-LATE"]?.state == .late)
        #expect(byNumber["F-LATE"]?.daysLate == 10)
        #expect(byNumber["F-LATE"]?.outstanding.minor == eur("600"))
        #expect(byNumber["F-LATE"]?.lastReminder?.id == "R1")
        #expect(byNumber["F-LATE"]?.lastReminder?.level == 2)
        #expect(byNumber["F-DUE"]?.state == .due)  // 2026-01-30 + 30 days
        #expect(byNumber["F-DUE"]?.daysLate == 0)
        #expect(byNumber["F-NOTDUE"]?.state == .notDue)
        #expect(byNumber["B-HELD"]?.state == .held)
        #expect(byNumber["B-HELD"]?.holdReason == "contesté")
        #expect(byNumber["B-HELD"]?.daysLate == 18)  // due 2026-02-11 (bob's terms: 10 days)
        #expect(byNumber["U1"]?.state == .late)
        #expect(byNumber["U1"]?.daysLate == 50)  // 2026-01-10 → 2026-03-01
        let credit = try #require(byNumber["payment 2026-02-06"])
        #expect(credit.state == .credit)
        #expect(credit.outstanding == Money(minor: -2500, currency: Currency(code: "USD")!))
        #expect(credit.due == nil)
    }

    @Test func totalsPerCurrency() {
        let r = report()
        #expect(r.totals.map(\.currency.code) == ["EUR", "USD"])
        let e = r.totals[0]
        #expect(e.count == 4)
        #expect(e.amount.minor == eur("2000"))  // 1000 + 500 + 200 + 300
        #expect(e.outstanding.minor == eur("1600"))  // 600 + 500 + 200 + 300
        let u = r.totals[1]
        #expect(u.count == 2)
        #expect(u.amount.minor == 5000)  // the credit's payment is not an amount invoiced
        #expect(u.outstanding.minor == 2500)  // 50 - 25
    }

    @Test func filters() {
        func numbers(_ f: StatusFilter) -> [String] { report(f).lines.map(\.number).sorted() }
        #expect(numbers(StatusFilter(customer: "bob")) == ["B-HELD", "payment 2026-02-06"])
        #expect(numbers(StatusFilter(customer: "nobody")) == [])
        #expect(numbers(StatusFilter(group: "grands-comptes")) == ["F-DUE", "F-LATE", "F-NOTDUE", "U1"])
        #expect(numbers(StatusFilter(lateOnly: true)) == ["B-HELD", "F-LATE", "U1"])  // a held invoice is still late
        #expect(numbers(StatusFilter(minAmount: AmountThreshold("500"))) == ["F-DUE", "F-LATE", "payment 2026-02-06"])
        #expect(numbers(StatusFilter(minAmount: AmountThreshold("500.01"))) == ["F-LATE", "payment 2026-02-06"])
        #expect(numbers(StatusFilter(currency: Currency(code: "USD"))) == ["U1", "payment 2026-02-06"])
        #expect(report(StatusFilter(currency: Currency(code: "USD"))).totals.map(\.currency.code) == ["USD"])
    }

    @Test func aPaymentRefNamesItsCredit() {
        let c = books(customers + "2026-01-01 payment acme 10 EUR\n  ref \"VIR 42\"\n")
        let r = StatusReport.make(c, Allocation.compute(c, asOf: day("2026-01-01")))
        #expect(r.lines.map(\.number) == ["VIR 42"])
        #expect(r.lines.first?.amount.minor == eur("10"))
    }
}

@Suite("Aging")
struct AgingTests {
    @Test func bucketBoundaries() {
        let expected: [(Int, AgingBucket)] = [(-5, .notYetDue), (0, .notYetDue), (1, .days1to30), (30, .days1to30), (31, .days31to60),
                                              (60, .days31to60), (61, .days61to90), (90, .days61to90), (91, .over90), (400, .over90)]
        for (days, bucket) in expected { #expect(AgingBucket.of(daysPast: days) == bucket, "\(days) days") }
    }

    /// One invoice per boundary, each due `days` before 2026-12-31.
    @Test func invoicesFallInTheirBucket() throws {
        let asOf = day("2026-12-31")
        var text = customers
        let days = [0, 1, 30, 31, 60, 61, 90, 91]
        for (k, d) in days.enumerated() {
            let due = asOf.adding(days: -d)
            text += "\(due.adding(days: -10)) invoice F\(k) acme \(k + 1) EUR\n  due \(due)\n"
        }
        let b = books(text)
        let r = AgingReport.make(b, Allocation.compute(b, asOf: asOf))
        let row = try #require(r.rows.first)
        #expect(r.rows.count == 1)
        // Cents: F0 1, F1 2 + F2 3, F3 4 + F4 5, F5 6 + F6 7, F7 8 (EUR).
        #expect(row.buckets == [eur("1"), eur("5"), eur("9"), eur("13"), eur("8")])
        #expect(row.total == eur("36"))
        #expect(r.totals.first?.customer == "TOTAL")
        #expect(r.totals.first?.buckets == row.buckets)
        // From the invoice date, everything is 10 days older.
        let byDate = AgingReport.make(b, Allocation.compute(b, asOf: asOf), basis: .invoice)
        // Ages 10, 11 | 40, 41 | 70, 71 | 100, 101 days.
        #expect(byDate.rows.first?.buckets == [0, eur("3"), eur("7"), eur("11"), eur("15")])
    }

    @Test func creditsReduceTheTotal() throws {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-01 payment bob 40 EUR
            2026-01-01 invoice B1 bob 100 USD
            """)
        let r = AgingReport.make(b, Allocation.compute(b, asOf: day("2026-03-15")))
        #expect(r.rows.map { "\($0.customer) \($0.currency)" } == ["acme EUR", "bob EUR", "bob USD"])
        #expect(r.rows[1].credit == -eur("40"))
        #expect(r.rows[1].total == -eur("40"))
        #expect(r.rows[2].buckets == [0, 0, 0, 10000, 0])  // due 2026-01-11 (terms 10), 63 days before 2026-03-15
        #expect(r.totals.map(\.currency.code) == ["EUR", "USD"])
        #expect(r.totals[0].total == eur("60"))
    }

    @Test func dsoOnAHandComputedCase() {
        // As of 2026-12-31 the last 365 days start on 2026-01-01: D (2025-12-31) and A are older.
        let b = books(customers + """
            2025-12-01 invoice A acme 400 EUR
            2025-12-31 invoice D acme 200 EUR
            2026-06-01 invoice B acme 1000 EUR
            2026-12-01 invoice C acme 1000 EUR
            2026-12-15 payment acme 1500 EUR
            """)
        // The payment settles A (400), D (200), then 900 of B: 100 + 1000 still owed.
        // DSO = 1100 × 365 ÷ 2000 = 200.75 → 201.
        let r = AgingReport.make(b, Allocation.compute(b, asOf: day("2026-12-31")))
        #expect(r.dso == [.EUR: 201])
        #expect(r.totals.first?.total == eur("1100"))
    }
}

@Suite("Held flags")
struct HeldFlagsTests {
    @Test func flagsAgreeWithHoldLookUps() {
        let b = books("""
            customer a
              name A
            customer b
              name B
            customer c
              name C
            2026-01-05 invoice F1 a 100.00 EUR
            2026-01-06 invoice F2 b 100.00 EUR
            2026-01-07 invoice F3 c 100.00 EUR
            2026-01-08 invoice F4 c 100.00 EUR
            2026-02-01 hold F1 "litige"
            2026-02-01 hold c until 2026-06-01
            2026-03-01 hold b
            2026-03-02 release b
            """)
        for (asOf, held) in [("2026-01-31", [false, false, false, false]), ("2026-02-15", [true, false, true, true]),
                             ("2026-03-01", [true, true, true, true]), ("2026-07-01", [true, false, false, false])] {
            let holds = Holds(b, asOf: day(asOf))
            let flags = holds.flags(in: b)
            for i in b.invoices.indices {
                #expect(flags.isHeld(i, customer: b.invoices[i].customer) == held[i], "\(asOf) \(b.invoices[i].number)")
                #expect((holds.hold(on: i, in: b) != nil) == held[i])
            }
            #expect(flags.isEmpty == !held.contains(true))
        }
    }
}
