import Books
import Parallel
@testable import Receivables
import Testing

@Suite("Allocation")
struct AllocationTests {
    @Test func explicitApplyWithAnAmountThenTheRestOldestDueFirst() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-10 invoice F2 acme 100 EUR
            2026-02-01 payment acme 150 EUR
              apply F2 30
            """)
        // F2 gets 30; the 120 left go to the oldest due date: F1 (100), then F2 (20).
        #expect(lefts(b, asOf: "2026-02-01") == ["F1": 0, "F2": eur("50")])
        #expect(lefts(b, asOf: "2026-01-31") == ["F1": eur("100"), "F2": eur("100")])
    }

    @Test func explicitApplyWithoutAmountTakesWhatIsLeftOnTheInvoice() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-10 invoice F2 acme 100 EUR
            2026-02-01 payment acme 150 EUR
              apply F2
            """)
        #expect(lefts(b, asOf: "2026-02-01") == ["F1": eur("50"), "F2": 0])
    }

    @Test func applyWithoutAmountLimitedByWhatIsLeftOfThePayment() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-10 invoice F2 acme 100 EUR
            2026-02-01 payment acme 120 EUR
              apply F2 90
              apply F1
            """)
        #expect(lefts(b, asOf: "2026-02-01") == ["F1": eur("70"), "F2": eur("10")])
    }

    @Test func oldestDueDateFirstThenInvoiceDateThenNumber() {
        let invoices = """
            2026-01-01 invoice LATE-DUE acme 100 EUR
              due 2026-04-30
            2026-01-10 invoice EARLY-DUE acme 100 EUR
              due 2026-02-01
            2026-01-05 invoice SAME-DUE-NEWER acme 100 EUR
              due 2026-03-01
            2026-01-02 invoice SAME-DUE-OLDER acme 100 EUR
              due 2026-03-01
            2026-01-03 invoice N2 acme 100 EUR
              due 2026-03-15
            2026-01-03 invoice N1 acme 100 EUR
              due 2026-03-15

            """
        // Each 100 EUR payment settles exactly one invoice, in this order:
        let order = ["EARLY-DUE", "SAME-DUE-OLDER", "SAME-DUE-NEWER", "N1", "N2", "LATE-DUE"]
        var text = ""
        for k in order.indices { text += "2026-02-\(10 + k) payment acme 100 EUR\n" }
        let c = load([("a.books", customers + invoices), ("b.books", text)])
        #expect(!c.hasErrors)
        for (k, number) in order.enumerated() {
            let now = lefts(c, asOf: "2026-02-\(10 + k)")
            for (n2, left) in now {
                let paid = order[...k].contains(n2)
                #expect(left == (paid ? 0 : eur("100")), "\(number) paid on 2026-02-\(10 + k): \(n2) left \(left)")
            }
        }
    }

    @Test func onlyInvoicesDatedOnOrBeforeThePaymentThenACreditConsumedLater() throws {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-15 payment acme 150 EUR
              ref "VIR 1"
            2026-02-01 invoice F2 acme 100 EUR
            2026-01-15 invoice F0 acme 20 EUR
            """)
        // F0 is dated the payment's day: invoices come first on a day, so it is paid.
        #expect(lefts(b, asOf: "2026-01-20") == ["F1": 0, "F0": 0, "F2": 0])
        let mid = Allocation.compute(b, asOf: day("2026-01-20"))
        #expect(mid.credits.count == 1)
        let credit = try #require(mid.credits.first)
        #expect(credit.remaining == Money(minor: eur("30"), currency: .EUR))
        #expect(credit.date == day("2026-01-15"))
        #expect(credit.source == .payment(0))
        // F2 consumes the 30 as soon as it is issued.
        #expect(lefts(b, asOf: "2026-02-01")["F2"] == eur("70"))
        #expect(Allocation.compute(b, asOf: day("2026-02-01")).credits.isEmpty)
    }

    @Test func aCreditIsConsumedBySeveralLaterInvoicesOfItsCustomerAndCurrencyOnly() {
        let b = books(customers + """
            2026-01-01 payment acme 250 EUR
            2026-01-02 invoice B1 bob 100 EUR
            2026-01-03 invoice U1 acme 100 USD
            2026-01-04 invoice F1 acme 100 EUR
            2026-01-05 invoice F2 acme 100 EUR
            2026-01-06 invoice F3 acme 100 EUR
            """)
        #expect(lefts(b, asOf: "2026-12-31") == ["B1": eur("100"), "U1": eur("100"), "F1": 0, "F2": 0, "F3": eur("50")])
    }

    @Test func sameCurrencyOnly() {
        let b = books(customers + """
            2026-01-01 invoice U1 acme 100 USD
            2026-01-02 payment acme 100 EUR
            2026-01-03 invoice F1 acme 60 EUR
            """)
        let o = Allocation.compute(b, asOf: day("2026-01-03"))
        #expect(o.left(b, "U1") == eur("100"))
        #expect(o.left(b, "F1") == 0)
        #expect(o.credits.map(\.remaining) == [Money(minor: eur("40"), currency: .EUR)])
    }

    @Test func creditNotesWithAndWithoutApply() throws {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-10 invoice F2 acme 100 EUR
            2026-01-20 credit AV1 acme 30 EUR
              apply F2
            2026-01-21 credit AV2 acme 150 EUR
            """)
        #expect(lefts(b, asOf: "2026-01-20") == ["F1": eur("100"), "F2": eur("70")])
        // AV2: 100 to F1 (oldest due), 50 to F2, nothing left.
        #expect(lefts(b, asOf: "2026-01-21") == ["F1": 0, "F2": eur("20")])
        let c = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-21 credit AV2 acme 150 EUR
            """)
        let o = Allocation.compute(c, asOf: day("2026-01-21"))
        #expect(o.credits.count == 1)
        #expect(try #require(o.credits.first).source == .creditNote(0))
        #expect(o.credits.first?.remaining.minor == eur("50"))
    }

    @Test func aWriteoffClosesTheRestAfterThatDaysPayments() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-03-01 writeoff F1 "faillite"
            2026-03-01 payment acme 40 EUR
            """)
        let before = Allocation.compute(b, asOf: day("2026-02-28"))
        #expect(before.left(b, "F1") == eur("100"))
        let o = Allocation.compute(b, asOf: day("2026-03-01"))
        #expect(o.left(b, "F1") == 0)
        #expect(o.writtenOff == [eur("60")])
        #expect(o.allocated == [eur("40")])
        #expect(o.lastSettlement == [day("2026-03-01")])
        #expect(o.diagnostics.isEmpty)
    }

    @Test func aWriteoffOfAPaidInvoiceIsAWarning() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-02-01 payment acme 100 EUR
            2026-03-01 writeoff F1
            """)
        let o = Allocation.computeAll(b)
        #expect(o.writtenOff == [0])
        #expect(o.diagnostics.map(\.severity) == [.warning])
    }

    @Test func asOfIgnoresLaterRecords() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-02-01 payment acme 40 EUR
            2026-03-01 invoice F2 acme 100 EUR
            2026-03-02 writeoff F1
            """)
        #expect(lefts(b, asOf: "2025-12-31") == ["F1": 0, "F2": 0])  // not issued yet: nothing owed
        #expect(lefts(b, asOf: "2026-01-31") == ["F1": eur("100"), "F2": 0])
        #expect(lefts(b, asOf: "2026-03-01") == ["F1": eur("60"), "F2": eur("100")])
        #expect(lefts(b, asOf: "2026-03-02") == ["F1": 0, "F2": eur("100")])
    }

    @Test func paymentsOnTheSameDayAreOrderedByContentNotFile() throws {
        let invoice = customers + "2026-01-01 invoice F1 acme 100 EUR\n"
        let p70 = "2026-02-01 payment acme 70 EUR\n  ref \"B\"\n"
        let p60 = "2026-02-01 payment acme 60 EUR\n  ref \"A\"\n"
        for files in [[("a.books", invoice + p70 + p60)], [("a.books", invoice), ("b.books", p60), ("c.books", p70)],
                      [("a.books", p70), ("b.books", invoice + p60)]] {
            let b = load(files)
            #expect(!b.hasErrors)
            let o = Allocation.compute(b, asOf: day("2026-02-01"))
            #expect(o.left(b, "F1") == 0)
            // 60 first (smaller amount), then 40 of the 70: 30 left as a credit from the 70.
            let credit = try #require(o.credits.first)
            #expect(credit.remaining.minor == eur("30"))
            guard case .payment(let p) = credit.source else { Issue.record("not a payment"); continue }
            #expect(b.payments[Int(p)].amount.minor == eur("70"))
        }
    }

    @Test func jpyAmountsStayWhole() {
        let b = books(customers + """
            2026-01-01 invoice J1 acme 1500 JPY
            2026-01-02 payment acme 1000 JPY
            """)
        #expect(lefts(b, asOf: "2026-01-02") == ["J1": 500])
    }
}

/// Errors that only allocation finds, located with a `‸` marker.
@Suite("Allocation errors")
struct AllocationErrorTests {
    static func expectError(_ source: String, _ message: String, fix: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let i = source.firstIndex(of: "‸")!
        let before = source[..<i]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = (before.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0) + 1
        let text = String(source[..<i]) + String(source[source.index(after: i)...])
        let b = load([("p.books", text)])
        #expect(!b.hasErrors, sourceLocation: sourceLocation)
        let errors = Allocation.computeAll(b).diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.message))", sourceLocation: sourceLocation)
        guard let d = errors.first else { return }
        #expect(d.message.contains(message), "\(d.message)", sourceLocation: sourceLocation)
        #expect(d.location.file == "p.books" && d.location.line == line && d.location.column == column,
                "\(d.location) != p.books:\(line):\(column)", sourceLocation: sourceLocation)
        #expect((d.fix ?? "").contains(fix), "\(d.fix ?? "")", sourceLocation: sourceLocation)
    }

    @Test func anApplyLargerThanWhatIsLeftOnTheInvoice() {
        Self.expectError(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-05 payment acme 80 EUR
            2026-02-01 payment acme 150 EUR
              apply ‸F1 150
            """, "applies 150.00 to F1, but only 20.00 is left on it", fix: "apply at most 20.00")
    }

    @Test func anApplyToASettledInvoice() {
        Self.expectError(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-05 payment acme 100 EUR
            2026-02-01 payment acme 50 EUR
              apply ‸F1 50
            """, "only 0.00 is left on it", fix: "already settled")
    }

    @Test func applyLinesAddingUpToMoreThanThePayment() {
        Self.expectError(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-02 invoice F2 acme 100 EUR
            2026-02-01 payment acme 100 EUR
              apply F1 60
              apply ‸F2 50
            """, "applies 50.00 but only 40.00 of it is left to apply", fix: "may not add up to more than its amount")
    }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

/// A payment applied to another customer's invoice: the events still run in date order across customers.
@Suite("Allocation across customers")
struct AllocationAcrossCustomersTests {
    // B pays its own invoice on 01-05; on 01-10 A applies 100 to it: nothing is left on it by then.
    static let text = customers + """
        2026-01-01 invoice FB bob 100 EUR
        2026-01-05 payment bob 100 EUR
          ref "B"
        2026-01-10 payment acme 100 EUR
          apply FB 100
          ref "A"
        """

    /// 0 parts: the reference replay (every event in one sequence); else `Allocation.compute` in that many parts.
    static func outstanding(_ b: Books, asOf: Day, parts: Int) -> Outstanding {
        parts == 0 ? Allocation.referenceOutstanding(b, asOf: asOf) : Allocation.compute(b, asOf: asOf, parallel: Parallel(parts: parts))
    }

    @Test(arguments: [0, 1, 2, 3])
    func aThirdPartyApplyAfterTheInvoiceIsPaidIsAnErrorWhateverTheParts(parts: Int) {
        let b = load([("p.books", Self.text)])
        #expect(!b.hasErrors)
        let o = Self.outstanding(b, asOf: day("2026-01-31"), parts: parts)
        let errors = o.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors == ["applies 100.00 to FB, but only 0.00 is left on it"], "\(parts) parts")
        #expect(o.left(b, "FB") == 0)
        // The apply is refused: A's 100 stays A's credit; B's payment settled its own invoice.
        #expect(o.credits.map { b.customers[Int($0.customer)].id } == ["acme"], "\(parts) parts")
    }

    @Test func aThirdPartyApplyBeforeTheOwnersPaymentLeavesTheOwnerACredit() {
        let b = books(customers + """
            2026-01-01 invoice FB bob 100 EUR
            2026-01-03 payment acme 100 EUR
              apply FB
            2026-01-05 payment bob 100 EUR
            """)
        for parts in [0, 1, 2, 3] {
            let o = Self.outstanding(b, asOf: day("2026-01-31"), parts: parts)
            #expect(o.left(b, "FB") == 0)
            #expect(o.credits.map { b.customers[Int($0.customer)].id } == ["bob"])
        }
    }
}
