import Books
import Configuration
import Dunning
import Receivables
import Testing

/// SplitMix64: deterministic, so every run checks the same books and schedules.
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

/// Random books, a random policy and a random cron schedule, with what the oracle needs written down
/// as it is generated (not read back from the books).
struct RandomCase {
    struct CustomerFacts { var hasEmail: Bool; var consumer: Bool; var off: Bool; var letter: Bool }
    struct InvoiceFacts { var customer: String; var currency: String; var date: Day; var due: Day }
    var text = ""
    var policy: DunningPolicy
    var customers: [String: CustomerFacts] = [:]
    var invoices: [String: InvoiceFacts] = [:]
    /// Target (invoice number or customer id) → held from, to (excluded; nil = for ever).
    var holds: [String: (from: Day, to: Day?)] = [:]
    var runDays: Set<Day> = []
    let start = Day("2026-01-05")!
    let days = 120

    init(seed: UInt64) {
        var rng = SeededGenerator(state: seed)
        func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }

        // Policy: the French one, or random levels (0 to 2 courtesy levels, 1 to 4 others).
        if chance(3) {
            policy = .french
        } else {
            var offsets: [Int] = []
            var o = -Int.random(in: 1...12, using: &rng)
            for _ in 0..<Int.random(in: 0...2, using: &rng) { offsets.append(o); o += Int.random(in: 1...5, using: &rng) }
            o = offsets.isEmpty || chance(2) ? Int.random(in: 0...10, using: &rng) : max(o, 0)
            for _ in 0..<Int.random(in: 1...4, using: &rng) { offsets.append(o); o += Int.random(in: 1...20, using: &rng) }
            var levels: [DunningLevel] = []
            for (k, off) in offsets.enumerated() {
                // Some levels after the due date are formal notices (the last one more often).
                let formal = off >= 0 && (k == offsets.count - 1 ? chance(2) : chance(6))
                levels.append(DunningLevel(number: k + 1, name: "L\(k + 1)", offset: off, channel: chance(4) ? .letter : .email,
                                           template: "first", showFee: chance(2), showInterest: chance(2), formal: formal))
            }
            policy = DunningPolicy(levels: levels)
            policy.rates = DunningPolicy.ecbRates
        }
        policy.minimumGapDays = [0, 1, 3, 7, 7, 14][Int.random(in: 0..<6, using: &rng)]
        policy.grouping = chance(4) ? .invoice : .customer
        policy.minimumAmount = ["0", "0", "50", "50.000", "0.5"][Int.random(in: 0..<5, using: &rng)]

        let ids = (0..<Int.random(in: 1...4, using: &rng)).map { "c\($0)" }
        for id in ids {
            let facts = CustomerFacts(hasEmail: !chance(5), consumer: chance(5), off: chance(10), letter: chance(10))
            customers[id] = facts
            text += "customer \(id)\n  name \"Client \(id)\"\n  address \"1 rue \(id)\"\n"
            if facts.hasEmail { text += "  email \(id)@example.org\n" }
            if facts.consumer { text += "  kind consumer\n" }
            if facts.off { text += "  dunning off\n" }
            if facts.letter { text += "  channel letter\n" }
        }
        var numbers: [String] = []
        for k in 0..<Int.random(in: 1...8, using: &rng) {
            let number = "F\(k)"
            let customer = ids.randomElement(using: &rng)!
            let currency = chance(5) ? "USD" : "EUR"
            let date = start.adding(days: Int.random(in: -40...60, using: &rng))
            let due = date.adding(days: Int.random(in: 0...40, using: &rng))
            let cents = Int64.random(in: 1...200_000, using: &rng)
            text += "\(date) invoice \(number) \(customer) \(Money(minor: cents, currency: .EUR).plain) \(currency)\n  due \(due)\n"
            invoices[number] = InvoiceFacts(customer: customer, currency: currency, date: date, due: due)
            numbers.append(number)
            if chance(6) { text += "\(date.adding(days: Int.random(in: 0...90, using: &rng))) writeoff \(number)\n" }
        }
        for k in 0..<Int.random(in: 0...6, using: &rng) {
            let customer = ids.randomElement(using: &rng)!
            let currency = chance(5) ? "USD" : "EUR"
            let date = start.adding(days: Int.random(in: -20...110, using: &rng))
            let amount = Money(minor: Int64.random(in: 1...150_000, using: &rng), currency: .EUR).plain
            text += chance(3) ? "\(date) credit AV\(k) \(customer) \(amount) \(currency)\n"
                              : "\(date) payment \(customer) \(amount) \(currency)\n  ref \"P\(k)\"\n"
        }
        // At most one hold per target, ended by `until`, by a release, or never.
        for target in numbers + ids where chance(4) {
            let from = start.adding(days: Int.random(in: -10...100, using: &rng))
            let to = from.adding(days: Int.random(in: 1...50, using: &rng))
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: text += "\(from) hold \(target) until \(to)\n"; holds[target] = (from, to)
            case 1: text += "\(from) hold \(target) \"litige\"\n\(to) release \(target)\n"; holds[target] = (from, to)
            default: text += "\(from) hold \(target)\n"; holds[target] = (from, nil)
            }
        }
        // The cron: every day, or with probability 1/2, 1/4 or 1/10, with sometimes a long outage.
        let every = [1, 2, 4, 10][Int.random(in: 0..<4, using: &rng)]
        let outage = chance(2) ? Int.random(in: 0..<days, using: &rng) : nil
        let outageLength = Int.random(in: 10...40, using: &rng)
        for k in 0..<days {
            if let outage, k >= outage && k < outage + outageLength { continue }
            if Int.random(in: 0..<every, using: &rng) == 0 { runDays.insert(start.adding(days: k)) }
        }
    }

    /// The policy's minimum in cents, as chosen when generated.
    var minimumCents: Int64 {
        switch policy.minimumAmount {
        case "50", "50.000": return 5000
        case "0.5": return 50
        default: return 0
        }
    }

    func held(_ number: String, on d: Day) -> Bool {
        func h(_ t: String) -> Bool {
            guard let hold = holds[t] else { return false }
            return hold.from <= d && (hold.to.map { d < $0 } ?? true)
        }
        return h(number) || h(invoices[number]!.customer)
    }
}

@Suite("Planner invariants over random books and cron schedules")
struct PlannerPropertyTests {
    @Test(arguments: 0..<150)
    func invariants(_ seed: Int) {
        let c = RandomCase(seed: UInt64(seed) &* 7919 &+ 17)
        var sim = Simulation(c.text, config: RelanceConfig(company: Company(name: "Atelier"), dunning: c.policy))
        sim.run(from: "\(c.start)", days: c.days) { c.runDays.contains($0) }
        check(c, sim.documents, seed: seed)
    }

    func check(_ c: RandomCase, _ documents: [SentDocument], seed: Int) {
        let levels = c.policy.levels
        let books = loadBooks([c.text])
        let minimum = c.minimumCents
        var lastLevel: [String: Int] = [:]
        var lastDoc: [String: Day] = [:]
        var rest = documents[...]
        for d in c.runDays.sorted() {
            let outstanding = Allocation.compute(books, asOf: d)
            func left(_ number: String) -> Int64 { outstanding.outstanding(books, Int(books.invoiceIndex[number]!)) }
            var today: [SentDocument] = []
            while let doc = rest.first, doc.date == d { today.append(doc); rest.removeFirst() }
            #expect(rest.first.map { $0.date > d } ?? true, "a document on a day the cron did not run, seed \(seed)")

            // A reference model of the rules, fed with the history so far: what is due today.
            // Per group, the invoices due for a level: (item, outstanding, due yet, formal level).
            var groups: [String: [(item: String, left: Int64, due: Bool, formal: Bool)]] = [:]
            for (number, facts) in c.invoices where facts.date <= d && left(number) > 0 {
                if c.customers[facts.customer]!.off || c.held(number, on: d) { continue }
                var n = (lastLevel[number] ?? 0) + 1
                while n <= levels.count && levels[n - 1].isCourtesy && d >= facts.due { n += 1 }
                if n > levels.count || facts.due.adding(days: levels[n - 1].offset) > d { continue }
                if let last = lastDoc[facts.customer], last.days(until: d) < c.policy.minimumGapDays { continue }
                let key = facts.customer + " " + facts.currency + " " + (c.policy.grouping == .invoice ? number : "")
                groups[key, default: []].append(("\(number) L\(n)", left(number), d >= facts.due, levels[n - 1].formal))
            }
            // Only what is due is demanded; a formal notice only the invoices at a formal level, the others due an
            // ordinary reminder that alone carries those not yet due; with nothing due, a courtesy reminder; with
            // only a formal notice, those not yet due are left out. Each document on its own against the minimum.
            var expected: [String] = []
            for (_, items) in groups {
                func sent(_ part: [(item: String, left: Int64, due: Bool, formal: Bool)]) -> Bool {
                    !part.isEmpty && part.reduce(0) { $0 + $1.left } >= minimum
                }
                let formal = items.filter { $0.due && $0.formal }, ordinary = items.filter { $0.due && !$0.formal }
                let upcoming = items.filter { !$0.due }
                if sent(ordinary) { expected += (ordinary + upcoming).map(\.item) }
                else if !sent(formal) && sent(upcoming) { expected += upcoming.map(\.item) }
                if sent(formal) { expected += formal.map(\.item) }
            }
            var actual: [String] = []
            for doc in today { for item in doc.invoices + doc.upcoming { actual.append("\(item.number) L\(item.level)") } }
            #expect(actual.count == Set(actual).count, "an invoice twice on \(d), seed \(seed)")
            #expect(Set(actual) == Set(expected), "on \(d), seed \(seed)")

            for doc in today { checkDocument(doc, c, seed: seed, lastDoc: lastDoc, lastLevel: lastLevel, left: left) }
            for doc in today {
                lastDoc[doc.customer] = d
                for item in doc.invoices + doc.upcoming { lastLevel[item.number] = item.level }
            }
        }
        #expect(rest.isEmpty)
    }

    /// The invariants of one document, each on its own.
    func checkDocument(_ doc: SentDocument, _ c: RandomCase, seed: Int, lastDoc: [String: Day], lastLevel: [String: Int],
                       left: (String) -> Int64) {
        let d = doc.date
        let levels = c.policy.levels
        let customer = c.customers[doc.customer]!
        let context = "seed \(seed): \(doc)"
        #expect(doc.level == doc.invoices.map(\.level).max(), "document level: \(context)")
        #expect(!customer.off, "dunning off: \(context)")
        if !customer.hasEmail || customer.letter { #expect(doc.channel == .letter, "channel: \(context)") }
        if customer.consumer { #expect(doc.fee == nil && doc.interest == nil, "consumer: \(context)") }
        if let last = lastDoc[doc.customer] {
            #expect(last.days(until: d) >= c.policy.minimumGapDays, "gap: \(context)")
        }
        // What a document demands: all due, or (a courtesy reminder) none; a formal notice only formal levels and
        // nothing for information; what is given for information is not yet due, in an ordinary reminder.
        let due = doc.invoices.map { d >= c.invoices[$0.number]!.due }
        #expect(due.allSatisfy { $0 } || due.allSatisfy { !$0 }, "due and not yet due demanded together: \(context)")
        if due.contains(false) { #expect(doc.upcoming.isEmpty, "courtesy with information: \(context)") }
        #expect(doc.invoices.allSatisfy { levels[$0.level - 1].formal == doc.formal }, "formal and ordinary together: \(context)")
        if doc.formal { #expect(doc.upcoming.isEmpty, "a formal notice with invoices not yet due: \(context)") }
        for item in doc.upcoming {
            #expect(d < c.invoices[item.number]!.due && levels[item.level - 1].isCourtesy, "information: \(item.number) \(context)")
        }
        var total: Int64 = 0
        for item in doc.invoices { total += item.outstanding.minor }
        #expect(total >= c.minimumCents, "minimum: \(context)")
        for item in doc.invoices {
            let facts = c.invoices[item.number]!
            let here = "\(item.number) L\(item.level) on \(d), seed \(seed)"
            #expect(facts.customer == doc.customer && facts.currency == doc.currency, "\(here)")
            #expect(!c.held(item.number, on: d), "held: \(here)")
            #expect(left(item.number) > 0 && item.outstanding.minor == left(item.number), "settled or wrong amount: \(here)")
            let level = levels[item.level - 1]
            #expect(facts.due.adding(days: level.offset) <= d, "too early: \(here)")
            if level.isCourtesy { #expect(d < facts.due, "courtesy on or after the due date: \(here)") }
            // Never twice, never skipped: only courtesy levels may be jumped, and only once due.
            let before = lastLevel[item.number] ?? 0
            #expect(item.level > before, "level again or back: \(here) after L\(before)")
            let jumped = levels[before..<max(before, item.level - 1)]
            #expect(jumped.allSatisfy { $0.isCourtesy }, "skipped a level: \(here) after L\(before)")
            if !jumped.isEmpty { #expect(d >= facts.due, "skipped a courtesy level before the due date: \(here)") }
        }
    }
}

@Suite("The random cases are not vacuous")
struct RandomCoverageTests {
    @Test("the random cases send, skip courtesy, group, hold and catch up")
    func coverage() {
        var documents = 0, courtesy = 0, courtesySkipped = 0, grouped = 0, lastLevels = 0, heldOpen = 0, informed = 0, formal = 0, split = 0
        for seed in 0..<40 {
            let c = RandomCase(seed: UInt64(seed) &* 7919 &+ 17)
            var sim = Simulation(c.text, config: RelanceConfig(company: Company(name: "Atelier"), dunning: c.policy))
            sim.run(from: "\(c.start)", days: c.days) { c.runDays.contains($0) }
            documents += sim.documents.count
            informed += sim.documents.filter { !$0.upcoming.isEmpty }.count
            formal += sim.documents.filter(\.formal).count
            // A formal notice and an ordinary reminder to one customer on one day.
            split += Set(sim.documents.filter(\.formal).map { "\($0.date) \($0.customer)" })
                .intersection(sim.documents.filter { !$0.formal }.map { "\($0.date) \($0.customer)" }).count
            grouped += sim.documents.filter { $0.invoices.count > 1 }.count
            var first: [String: Int] = [:]
            for doc in sim.documents {
                for item in doc.invoices where first[item.number] == nil { first[item.number] = item.level }
                for item in doc.invoices where item.level == c.policy.levels.count { lastLevels += 1 }
                for item in doc.invoices where c.policy.levels[item.level - 1].isCourtesy { courtesy += 1 }
            }
            for (_, level) in first where level > 1 && c.policy.levels[0].isCourtesy { courtesySkipped += 1 }
            heldOpen += c.holds.count
        }
        #expect(documents > 200 && courtesy > 10 && courtesySkipped > 10 && grouped > 10 && lastLevels > 10 && heldOpen > 10
                    && informed > 3 && formal > 10 && split > 3,
                "documents \(documents), courtesy \(courtesy), courtesy skipped \(courtesySkipped), grouped \(grouped), last levels \(lastLevels), holds \(heldOpen), with information \(informed), formal \(formal), formal and ordinary the same day \(split)")
    }
}
