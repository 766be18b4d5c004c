import Books
import Receivables
import Testing

/// Amounts that passed `check` and then trapped in `status`, `aging` and the DSO: refused with a located
/// error, and every sum is overflow-checked (a report flags it, never traps).
@Suite("Amount bounds and overflow-checked sums")
struct AmountBoundsTests {
    static let customer = "customer big\n  name \"Big\"\n\n"

    @Test func anAmountAboveTenToTheTwelveIsALocatedError() throws {
        let b = load([("main.books", Self.customer + "2026-01-01 invoice F1 big 999999999999999.99 EUR\n")])
        let e = try #require(b.diagnostics.first)
        #expect(b.diagnostics.count == 1)
        #expect(e.severity == .error)
        #expect(e.message.contains("more than relance accepts (1 000 000 000 000 EUR)"), "\(e.message)")
        #expect(e.location == SourceLocation(file: "main.books", line: 4, column: 27))
        #expect(e.length == 18)
        // The largest amount allowed still loads; so does one in a currency without decimals.
        _ = books(Self.customer + "2026-01-01 invoice F1 big 1000000000000.00 EUR\n2026-01-02 invoice F2 big 1000000000000 JPY\n")
        let jpy = load([("main.books", Self.customer + "2026-01-01 invoice F1 big 1000000000001 JPY\n")])
        #expect(jpy.hasErrors)
        let payment = load([("main.books", Self.customer + "2026-01-01 payment big 126174720066412.81 EUR\n")])
        #expect(payment.diagnostics.first?.location.line == 4)
    }

    @Test func theInvoicesOfACurrencyAddUpToAtMostTenToTheThirteen() throws {
        var text = Self.customer
        for k in 1...11 { text += "2026-01-\((k < 10 ? "0\(k)" : "\(k)")) invoice F\(k) big 1000000000000 EUR\n" }
        let b = load([("main.books", text)])
        let errors = b.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("the invoices in EUR add up to more than 10 000 000 000 000 EUR") == true)
        #expect(errors.first?.location.line == 14)
        // Ten of them are fine, and so is another currency beside them.
        _ = books(Self.customer + (1...10).map { "2026-01-\(($0 < 10 ? "0\($0)" : "\($0)")) invoice F\($0) big 1000000000000 EUR\n" }.joined()
                  + "2026-02-01 invoice G1 big 1000000000000 USD\n")
    }

    /// Books as the command saw them before the bounds (93 × 999 999 999 999 999.99 EUR): the sums report overflow.
    @Test func statusTotalsReportOverflowInsteadOfTrapping() throws {
        var b = books(Self.customer + (1...93).map { "2026-01-01 invoice F\($0) big 100.00 EUR\n" }.joined())
        for i in b.invoices.indices { b.invoices[i].amount.minor = 99_999_999_999_999_999 }
        let o = Allocation.compute(b, asOf: day("2026-11-22"))
        let status = StatusReport.make(b, o)
        #expect(status.overflow)
        let aging = AgingReport.make(b, o)
        #expect(aging.overflow)
        // Within bounds nothing overflows and the totals are exact.
        let fine = books(Self.customer + (1...10).map { "2026-01-01 invoice F\($0) big 1000000000000 EUR\n" }.joined())
        let fo = Allocation.compute(fine, asOf: day("2026-11-22"))
        let fs = StatusReport.make(fine, fo)
        #expect(!fs.overflow)
        #expect(fs.totals.first?.outstanding.minor == 1_000_000_000_000_000)
        let fa = AgingReport.make(fine, fo)
        #expect(!fa.overflow)
        #expect(fa.dso[.EUR] == 365)
    }

    /// One invoice of 126 174 720 066 412.81 EUR trapped in the DSO (owed × 730).
    @Test func theDSOReportsOverflowInsteadOfTrapping() throws {
        var b = books(Self.customer + "2026-01-01 invoice F1 big 100.00 EUR\n")
        b.invoices[0].amount.minor = 12_617_472_006_641_281
        let aging = AgingReport.make(b, Allocation.compute(b, asOf: day("2026-11-22")))
        #expect(aging.overflow)
        #expect(aging.dso[.EUR] == nil)
    }
}
