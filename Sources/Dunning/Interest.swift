import Books
import Configuration

/// French B2B late-payment interest: simple interest on the outstanding principal, from the day
/// after the due date, at the reference rate in force on 1 January / 1 July of each half-year
/// plus the margin, days / 365.
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
}
