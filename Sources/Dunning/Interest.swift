import Books
import Configuration
import Receivables

/// French B2B late payment interest (« pénalités de retard », Code de commerce L441-10): simple interest
/// on each sum from the day after the due date to the day it is paid (or to the as-of date for what is
/// still owed), at the reference rate in force on 1 January / 1 July of each half-year plus the margin,
/// days / 365, rounded once per invoice.
public enum LateInterest {
    /// One half-year slice of the computation (for documents and tests).
    public struct Slice: Sendable, Equatable {
        public var from: Day
        public var through: Day
        public var days: Int
        /// Reference rate + margin, in basis points.
        public var basisPoints: Int
    }

    /// The slices from the day after `due` through `asOf` (empty when not late).
    public static func slices(due: Day, asOf: Day, policy: DunningPolicy) -> [Slice] {
        var out: [Slice] = []
        var start = due.adding(days: 1)
        while start <= asOf {
            let (y, m, _) = start.components
            // No force-unwrap: past year 9999 there is no next half-year (--as-of and books dates are bounded before).
            guard let halfStart = Day(year: y, month: m <= 6 ? 1 : 7, day: 1) else { break }
            let nextHalf = m <= 6 ? Day(year: y, month: 7, day: 1) : Day(year: y + 1, month: 1, day: 1)
            let end = min(asOf, nextHalf?.adding(days: -1) ?? asOf)
            let reference = policy.referenceRate(on: halfStart)?.basisPoints ?? 0
            out.append(Slice(from: start, through: end, days: start.days(until: end) + 1,
                             basisPoints: reference + policy.interestMarginBasisPoints))
            guard let nextHalf else { break }
            start = nextHalf
        }
        return out
    }

    /// Interest on `principal` (minor units) as of `asOf`, rounded half up to the minor unit once, at the end.
    /// None without a rate table (the margin alone is not the legal rate).
    public static func amount(principal: Money, due: Day, asOf: Day, policy: DunningPolicy) -> Money {
        guard !policy.rates.isEmpty else { return Money(minor: 0, currency: principal.currency) }
        var numerator: Int128 = 0
        for s in slices(due: due, asOf: asOf, policy: policy) {
            numerator += Int128(principal.minor) * Int128(s.basisPoints) * Int128(s.days)
        }
        let denominator: Int128 = 10_000 * 365
        let rounded = (numerator * 2 + denominator) / (denominator * 2)
        return Money(minor: Int64(rounded), currency: principal.currency)
    }

    /// One sum of an invoice that accrues interest: a part paid late, or what is still owed.
    public struct Part: Sendable, Equatable {
        public var principal: Money
        /// The day it was paid; nil for what is still owed on the as-of date.
        public var paidOn: Day?
        /// From the day after the due date through the payment day (or the as-of date).
        public var slices: [Slice]
        public var days: Int { slices.reduce(0) { $0 + $1.days } }
    }

    /// An invoice's interest: its parts and their exact sum rounded half up to the minor unit once.
    public struct Computation: Sendable, Equatable {
        public var parts: [Part]
        public var amount: Money
    }

    /// The interest of invoice `i` as of `asOf`: every payment in `settlements` that settled part of it after its
    /// due date accrues (payment date − due date) days; `outstanding` (minor units still owed) accrues
    /// (as-of − due date) days; credit notes and write-offs accrue nothing. Settlements of other invoices are ignored.
    public static func computation(invoice i: Int, in books: Books, settlements: [Settlement], outstanding: Int64, asOf: Day,
                                   policy: DunningPolicy) -> Computation {
        let inv = books.invoices[i]
        let currency = inv.amount.currency
        var parts: [Part] = []
        for s in settlements where s.invoice == Int32(i) && s.date > inv.due && s.date <= asOf {
            guard case .payment = s.kind else { continue }
            // Two apply lines of one payment on one invoice are one sum paid on that day.
            if let last = parts.last, last.paidOn == s.date {
                parts[parts.count - 1].principal.minor += s.amount
                continue
            }
            parts.append(Part(principal: Money(minor: s.amount, currency: currency), paidOn: s.date,
                              slices: slices(due: inv.due, asOf: s.date, policy: policy)))
        }
        if outstanding > 0 && asOf > inv.due {
            parts.append(Part(principal: Money(minor: outstanding, currency: currency), paidOn: nil,
                              slices: slices(due: inv.due, asOf: asOf, policy: policy)))
        }
        guard !policy.rates.isEmpty else { return Computation(parts: [], amount: Money(minor: 0, currency: currency)) }
        var numerator: Int128 = 0
        for part in parts {
            for s in part.slices { numerator += Int128(part.principal.minor) * Int128(s.basisPoints) * Int128(s.days) }
        }
        let denominator: Int128 = 10_000 * 365
        let rounded = (numerator * 2 + denominator) / (denominator * 2)
        return Computation(parts: parts, amount: Money(minor: Int64(clamping: rounded), currency: currency))
    }
}
