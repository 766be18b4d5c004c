import Books
import Parallel
@testable import Receivables
import Testing

/// SplitMix64: a small deterministic generator, so every run checks the same books.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random books that always load without errors: records as text blocks, plus what was written (the oracle's input).
/// Three customers, invoices in EUR, JPY and USD, payments and credit notes (some applied to another customer's
/// invoice), write-offs, and holds on invoices or customers (some released, some until a date).
struct RandomBooks {
    struct Settlement { var customer: String; var currency: String; var minor: Int64; var date: Day }
    var blocks: [String] = []
    var invoices: [(number: String, customer: String, currency: String, minor: Int64, date: Day)] = []
    var settlements: [Settlement] = []
    var writeOffs: [String: Day] = [:]
    /// Whether some payment or credit note applies to another customer's invoice.
    var thirdParty = false
    /// Invoice numbers and customer ids held at some point.
    var held: Set<String> = []

    init(_ rng: inout SeededGenerator) {
        let ids = ["acme", "bob", "cleo"]
        for id in ids {
            blocks.append("customer \(id)\n  name \(id.uppercased())\n  terms \(Int.random(in: 0...60, using: &rng))\n"
                          + (id == "acme" ? "  group grands-comptes\n" : ""))
        }
        let start = Day("2026-01-01")!
        let currencies = ["EUR", "EUR", "EUR", "JPY", "USD"]
        let count = Int.random(in: 1...25, using: &rng)
        for k in 0..<count {
            let date = start.adding(days: Int.random(in: 0...120, using: &rng))
            let customer = ids.randomElement(using: &rng)!
            let currency = currencies.randomElement(using: &rng)!
            let minor = Int64.random(in: 1...100_000, using: &rng)
            let number = "F\(k)"
            var block = "\(date) invoice \(number) \(customer) \(RandomBooks.text(minor, currency)) \(currency)\n"
            if Bool.random(using: &rng) { block += "  due \(date.adding(days: Int.random(in: 0...90, using: &rng)))\n" }
            blocks.append(block)
            invoices.append((number, customer, currency, minor, date))
        }
        for k in 0..<Int.random(in: 0...25, using: &rng) {
            let date = start.adding(days: Int.random(in: 0...150, using: &rng) / 10 * 10)
            let customer = ids.randomElement(using: &rng)!
            let currency = currencies.randomElement(using: &rng)!
            let minor = Int64.random(in: 1...120_000, using: &rng)
            let isCredit = Int.random(in: 0..<4, using: &rng) == 0
            var block = isCredit ? "\(date) credit AV\(k) \(customer) \(RandomBooks.text(minor, currency)) \(currency)\n"
                                 : "\(date) payment \(customer) \(RandomBooks.text(minor, currency)) \(currency)\n"
            // Explicit applies without an amount never fail: at most what is left on both sides. Some go to
            // another customer's invoice (a third party pays), which links the two customers' replays.
            let candidates = invoices.filter { $0.currency == currency && $0.date <= date }
            for inv in candidates where Int.random(in: 0..<(inv.customer == customer ? 3 : 8), using: &rng) == 0 {
                block += "  apply \(inv.number)\n"
                if inv.customer != customer { thirdParty = true }
            }
            if !isCredit { block += "  ref \"R\(k)\"\n" }
            blocks.append(block)
            settlements.append(Settlement(customer: customer, currency: currency, minor: minor, date: date))
        }
        for inv in invoices where Int.random(in: 0..<6, using: &rng) == 0 {
            let date = inv.date.adding(days: Int.random(in: 0...100, using: &rng))
            blocks.append("\(date) writeoff \(inv.number)\n")
            writeOffs[inv.number] = date
        }
        // Holds last, so that the records above are what they were before holds were added to these books.
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let invoice = invoices.randomElement(using: &rng)
            let target = Bool.random(using: &rng) ? invoice?.number ?? ids[0] : ids.randomElement(using: &rng)!
            guard held.insert(target).inserted else { continue }
            let date = (invoices.first { $0.number == target }?.date ?? start).adding(days: Int.random(in: 0...60, using: &rng))
            var block = "\(date) hold \(target)"
            if Bool.random(using: &rng) { block += " until \(date.adding(days: Int.random(in: 1...60, using: &rng)))" }
            blocks.append(block + " \"contesté\"\n")
            if Int.random(in: 0..<3, using: &rng) == 0 {
                blocks.append("\(date.adding(days: Int.random(in: 1...40, using: &rng))) release \(target)\n")
            }
        }
    }

    static func text(_ minor: Int64, _ currency: String) -> String {
        currency == "JPY" ? String(minor) : Money(minor: minor, currency: .EUR).plain
    }

    /// The blocks spread over 1 to 4 files, in random order.
    func files(_ rng: inout SeededGenerator) -> [(String, String)] {
        let n = Int.random(in: 1...4, using: &rng)
        var texts = [String](repeating: "", count: n)
        for block in blocks.shuffled(using: &rng) { texts[Int.random(in: 0..<n, using: &rng)] += block }
        return texts.enumerated().map { ("part\($0.offset).books", $0.element) }.shuffled(using: &rng)
    }
}

@Suite("Allocation properties")
struct PropertyTests {
    struct Result: Equatable {
        var outstanding: [String: Int64]
        var writtenOff: [String: Int64]
        var credits: [String]
    }

    static func result(_ b: Books, _ o: Outstanding) -> Result {
        var left: [String: Int64] = [:], off: [String: Int64] = [:]
        for (i, inv) in b.invoices.enumerated() {
            left[inv.number] = o.outstanding(b, i)
            off[inv.number] = o.writtenOff[i]
        }
        let credits = o.credits.map { c -> String in
            let source: String
            switch c.source {
            case .payment(let p): source = b.payments[Int(p)].ref ?? "?"
            case .creditNote(let n): source = b.credits[Int(n)].number
            }
            return "\(b.customers[Int(c.customer)].id) \(c.date) \(c.remaining) from \(source)"
        }.sorted()
        return Result(outstanding: left, writtenOff: off, credits: credits)
    }

    /// The random books do exercise payments by a third party (else the split tests below would prove little).
    @Test func manyRandomBooksHaveThirdPartyApplies() {
        let count = (0..<240).filter { seed in
            var rng = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
            return RandomBooks(&rng).thirdParty
        }.count
        #expect(count >= 40, "\(count) of 240")
    }

    @Test(arguments: 0..<240)
    func invariantsAndFileIndependence(seed: Int) throws {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
        let random = RandomBooks(&rng)
        let b = load(random.files(&rng))
        #expect(!b.hasErrors, "\(b.diagnostics.map(\.message))")
        let asOf = Day("2026-01-01")!.adding(days: Int.random(in: -5...170, using: &rng))
        let o = Allocation.compute(b, asOf: asOf)
        #expect(o.diagnostics.allSatisfy { $0.severity == .warning })

        // Per customer and currency, from what was written (not from the code under test).
        struct Key: Hashable { var customer: String; var currency: String }
        var invoiced: [Key: Int64] = [:], paid: [Key: Int64] = [:], left: [Key: Int64] = [:], off: [Key: Int64] = [:], credit: [Key: Int64] = [:]
        for inv in random.invoices where inv.date <= asOf {
            let k = Key(customer: inv.customer, currency: inv.currency)
            invoiced[k, default: 0] += inv.minor
            let i = Int(b.invoiceIndex[inv.number]!)
            let l = o.outstanding(b, i)
            #expect(l >= 0 && l <= inv.minor, "\(inv.number): \(l) of \(inv.minor)")
            left[k, default: 0] += l
            off[k, default: 0] += o.writtenOff[i]
            if let w = random.writeOffs[inv.number], w <= asOf { #expect(l == 0, "\(inv.number) written off on \(w)") }
            if random.writeOffs[inv.number].map({ $0 > asOf }) ?? true { #expect(o.writtenOff[i] == 0) }
        }
        for s in random.settlements where s.date <= asOf { paid[Key(customer: s.customer, currency: s.currency), default: 0] += s.minor }
        for c in o.credits {
            #expect(c.remaining.minor > 0)
            credit[Key(customer: b.customers[Int(c.customer)].id, currency: c.remaining.currency.code), default: 0] += c.remaining.minor
        }
        for k in Set(invoiced.keys).union(paid.keys).union(credit.keys) {
            // Money is never both owed and waiting as a credit of one customer and currency.
            #expect(left[k, default: 0] == 0 || credit[k, default: 0] == 0, "\(k): owes \(left[k, default: 0]) with a credit")
        }
        // What was allocated comes from what was paid: per customer and currency, or per currency when a third party paid.
        func byCurrency(_ d: [Key: Int64]) -> [Key: Int64] {
            random.thirdParty ? d.reduce(into: [:]) { $0[Key(customer: "", currency: $1.key.currency), default: 0] += $1.value } : d
        }
        let (invoicedK, paidK, leftK, offK, creditK) = (byCurrency(invoiced), byCurrency(paid), byCurrency(left), byCurrency(off), byCurrency(credit))
        for k in Set(invoicedK.keys).union(paidK.keys).union(creditK.keys) {
            let allocated = invoicedK[k, default: 0] - leftK[k, default: 0] - offK[k, default: 0]
            #expect(allocated <= paidK[k, default: 0], "\(k): allocated \(allocated) > paid \(paidK[k, default: 0])")
            #expect(allocated == paidK[k, default: 0] - creditK[k, default: 0], "\(k)")
        }

        // Another split of the same records into files, in another order: the same result.
        let again = load(random.files(&rng))
        #expect(Self.result(again, Allocation.compute(again, asOf: asOf)) == Self.result(b, o))

        // Every event in one sequence (the reference), or the customers in independent groups in 1, 2 and 3
        // parts: the same result, credits in the same order.
        let reference = Allocation.referenceOutstanding(b, asOf: asOf)
        #expect(Self.result(b, reference) == Self.result(b, o))
        for parts in [1, 2, 3] {
            let split = Allocation.compute(b, asOf: asOf, parallel: Parallel(parts: parts))
            #expect(Self.result(b, split) == Self.result(b, reference), "\(parts) parts, third party: \(random.thirdParty)")
            #expect(split.credits == reference.credits && split.allocated == reference.allocated
                    && split.writtenOff == reference.writtenOff && split.lastSettlement == reference.lastSettlement
                    && split.diagnostics.map(\.message) == reference.diagnostics.map(\.message), "\(parts) parts")
        }
    }
}

@Suite("Reports: every split gives the sequential result")
struct ReportSplitTests {
    static func books(seed: Int) -> (RandomBooks, Books, Day) {
        var rng = SeededGenerator(state: UInt64(seed) &* 104_729 &+ 5)
        let random = RandomBooks(&rng)
        let b = load(random.files(&rng))
        let asOf = Day("2026-01-01")!.adding(days: Int.random(in: -5...170, using: &rng))
        return (random, b, asOf)
    }

    static let filters = [StatusFilter(), StatusFilter(customer: "bob"), StatusFilter(group: "grands-comptes"),
                          StatusFilter(currency: .EUR), StatusFilter(lateOnly: true, minAmount: AmountThreshold("300.5"))]

    /// The random books do exercise holds, credits and several currencies in the reports (else the tests below would prove little).
    @Test func manyRandomReportsHaveHeldItemsCreditsAndSeveralCurrencies() {
        var held = 0, credits = 0, currencies = 0
        for seed in 0..<60 {
            let (_, b, asOf) = Self.books(seed: seed)
            let status = StatusReport.make(b, Allocation.referenceOutstanding(b, asOf: asOf))
            if status.lines.contains(where: { $0.state == .held }) { held += 1 }
            if status.lines.contains(where: { $0.state == .credit }) { credits += 1 }
            if status.totals.count >= 2 { currencies += 1 }
        }
        #expect(held >= 10 && credits >= 10 && currencies >= 10, "held \(held), credits \(credits), several currencies \(currencies) of 60")
    }

    /// Allocation, status and aging (both bases, several filters) in 1, 2 and 3 parts: exactly the reports made, on
    /// one thread, from the reference replay.
    @Test(arguments: 0..<60)
    func statusAndAgingInOneTwoAndThreeParts(seed: Int) {
        let (random, b, asOf) = Self.books(seed: seed)
        #expect(!b.hasErrors, "\(b.diagnostics.map(\.message))")
        let reference = Allocation.referenceOutstanding(b, asOf: asOf)
        for parts in [1, 2, 3] {
            let parallel = Parallel(parts: parts)
            let o = Allocation.compute(b, asOf: asOf, parallel: parallel)
            for filter in Self.filters {
                let status = StatusReport.make(b, reference, filter: filter, parallel: .sequential)
                let s = StatusReport.make(b, o, filter: filter, parallel: parallel)
                #expect(s.lines == status.lines && s.totals == status.totals && s.overflow == status.overflow,
                        "\(parts) parts, \(filter), holds \(random.held.sorted())")
                for basis in AgingReport.Basis.allCases {
                    let aging = AgingReport.make(b, reference, basis: basis, filter: filter, parallel: .sequential)
                    let a = AgingReport.make(b, o, basis: basis, filter: filter, parallel: parallel)
                    #expect(a.rows == aging.rows && a.totals == aging.totals && a.dso == aging.dso && a.overflow == aging.overflow,
                            "\(parts) parts, \(basis), \(filter)")
                }
            }
        }
    }
}
