import Books
import Configuration
import Dunning
import Receivables
import Testing

/// Late interest checked against sums done by hand: cents × basis points × days / (10 000 × 365), rounded half up.
@Suite("Late interest")
struct InterestTests {
    let french = DunningPolicy.french

    func cents(_ minor: Int64, due: String, asOf: String, _ policy: DunningPolicy) -> Int64 {
        LateInterest.amount(principal: eur(minor), due: day(due), asOf: day(asOf), policy: policy).minor
    }

    /// Rounds `numerator / denominator` half up, for the hand computations below.
    func halfUp(_ numerator: Int64, _ denominator: Int64) -> Int64 { (numerator * 2 + denominator) / (denominator * 2) }

    @Test("across a half-year: each half at the rate of 1 January / 1 July + 10 points")
    func halfYear() {
        // 1 000.00 EUR due 2025-05-15, as of 2025-08-14.
        // 2025-05-16..06-30 = 16 + 30 = 46 days at 3.15 % (in force on 2025-01-01, since 2024-12-18) + 10 = 1315 bp;
        // 2025-07-01..08-14 = 31 + 14 = 45 days at 2.15 % (in force on 2025-07-01, since 2025-06-11) + 10 = 1215 bp.
        // 100000 × (1315 × 46 + 1215 × 45) = 100000 × 115165 = 11 516 500 000; / 3 650 000 = 3155.21 → 3155.
        #expect(halfUp(100_000 * (1315 * 46 + 1215 * 45), 10_000 * 365) == 3155)
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-08-14", french) == 3155)
        let slices = LateInterest.slices(due: day("2025-05-15"), asOf: day("2025-08-14"), policy: french)
        #expect(slices.map { "\($0.from)..\($0.through) \($0.days)d \($0.basisPoints)" }
                == ["2025-05-16..2025-06-30 46d 1315", "2025-07-01..2025-08-14 45d 1215"])
    }

    @Test("across a year end: December at the July rate, January at the January rate")
    func yearEnd() {
        // 2 500.00 EUR due 2024-11-30, as of 2025-01-20.
        // 2024-12-01..12-31 = 31 days at 4.25 % (in force on 2024-07-01, since 2024-06-12) + 10 = 1425 bp;
        // 2025-01-01..01-20 = 20 days at 3.15 % + 10 = 1315 bp.
        // 250000 × (1425 × 31 + 1315 × 20) = 250000 × 70475 = 17 618 750 000; / 3 650 000 = 4827.05 → 4827.
        #expect(halfUp(250_000 * (1425 * 31 + 1315 * 20), 10_000 * 365) == 4827)
        #expect(cents(250_000, due: "2024-11-30", asOf: "2025-01-20", french) == 4827)
    }

    @Test("a leap year still divides by 365")
    func leapYear() {
        // 2024-02-01..03-31 = 29 + 31 = 60 days at 4.50 % (in force on 2024-01-01) + 10 = 1450 bp:
        // 100000 × 1450 × 60 = 8 700 000 000; / 3 650 000 = 2383.56 → 2384 (by 366 it would be 2377).
        #expect(cents(100_000, due: "2024-01-31", asOf: "2024-03-31", french) == 2384)
        // The whole first half of 2024: 31 + 29 + 31 + 30 + 31 + 30 = 182 days;
        // 100000 × 1450 × 182 = 26 390 000 000; / 3 650 000 = 7230.14 → 7230 (by 366: 7210).
        #expect(cents(100_000, due: "2023-12-31", asOf: "2024-06-30", french) == 7230)
        // All of 2024: then 184 days at 4.25 % + 10 = 1425 bp (in force on 2024-07-01).
        // 100000 × (1450 × 182 + 1425 × 184) = 100000 × 526100 = 52 610 000 000; / 3 650 000 = 14413.70 → 14414.
        #expect(halfUp(100_000 * (1450 * 182 + 1425 * 184), 10_000 * 365) == 14414)
        #expect(cents(100_000, due: "2023-12-31", asOf: "2024-12-31", french) == 14414)
    }

    @Test("rounded half up, once")
    func roundingHalfUp() {
        var p = DunningPolicy.french
        p.rates = [ReferenceRate(from: day("2020-01-01"), basisPoints: 0)]
        // 2026-01-02..03-15 = 30 + 28 + 15 = 73 days at 0 + 10 points = 1000 bp.
        // 1025 × 1000 × 73 = 74 825 000; / 3 650 000 = 20.5 exactly → 21 (not 20, as half-even or truncation would give).
        #expect(cents(1025, due: "2026-01-01", asOf: "2026-03-15", p) == 21)
        // 1024 × 1000 × 73 = 74 752 000; / 3 650 000 = 20.48 → 20.
        #expect(cents(1024, due: "2026-01-01", asOf: "2026-03-15", p) == 20)
        // 25 × 1000 × 73 = 1 825 000 = half a cent → 1.
        #expect(cents(25, due: "2026-01-01", asOf: "2026-03-15", p) == 1)
    }

    @Test("a custom margin and a custom rate table from relance.toml")
    func custom() {
        let margin = config(dunning: "[dunning]\ninterest_margin = \"7.5\"\n").dunning
        #expect(margin.interestMarginBasisPoints == 750)
        // As in `halfYear`, with 7.5 points: 100000 × (1065 × 46 + 965 × 45) = 100000 × 92415 = 9 241 500 000;
        // / 3 650 000 = 2531.92 → 2532.
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-08-14", margin) == 2532)
        let rates = config(dunning: """
            [[dunning.rate]]
            from = 2025-07-01
            rate = "2"
            [[dunning.rate]]
            from = 2024-12-20
            rate = "3.00"
            """).dunning
        // In force on 2025-01-01: 3 % + 10 = 1300 bp; on 2025-07-01: 2 % + 10 = 1200 bp.
        // 100000 × (1300 × 46 + 1200 × 45) = 100000 × 113800 = 11 380 000 000; / 3 650 000 = 3117.81 → 3118.
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-08-14", rates) == 3118)
    }

    @Test("nothing before the day after the due date")
    func notLate() {
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-05-15", french) == 0)
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-05-01", french) == 0)
        // One day: 100000 × 1315 / 3 650 000 = 36.03 → 36.
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-05-16", french) == 36)
    }

    @Test("an empty rate table: no interest")
    func emptyTable() {
        var p = DunningPolicy.french
        p.rates = []
        #expect(cents(100_000, due: "2025-05-15", asOf: "2025-08-14", p) == 0)
        // Nor in the planner's reminders, even at the levels that show interest.
        var sim = Simulation(customers + f1, config: RelanceConfig(company: Company(name: "Atelier"), dunning: p))
        sim.run(from: "2026-01-05")
        #expect(sim.documents.map(\.level) == [1, 2, 3, 4, 5])
        #expect(sim.documents.allSatisfy { $0.interest == nil })
        #expect(sim.documents.map(\.fee) == [nil, nil, nil, eur(4000), eur(4000)])
    }

    @Test("on what is still owed, and on the part paid late until the day it was paid")
    func partial() {
        var sim = Simulation(customers + f1 + "2026-02-15 payment acme 400.00 EUR\n  apply F1\n")
        sim.run(from: "2026-01-05")
        // Due 2026-02-04, 400.00 EUR paid on 02-15: 11 days late; 600.00 EUR still owed, 35 then 45 days, all at
        // 2.15 % + 10 = 1215 bp. Level 4 (03-11): 40000 × 1215 × 11 = 534 600 000 and 60000 × 1215 × 35 = 2 551 500 000;
        // 3 086 100 000 / 3 650 000 = 845.51 → 846. Level 5 (03-21): 534 600 000 + 60000 × 1215 × 45 = 3 280 500 000;
        // 3 815 100 000 / 3 650 000 = 1045.23 → 1045.
        #expect(halfUp(40_000 * 1215 * 11 + 60_000 * 1215 * 35, 10_000 * 365) == 846)
        #expect(halfUp(40_000 * 1215 * 11 + 60_000 * 1215 * 45, 10_000 * 365) == 1045)
        #expect(sim.documents.map(\.interest) == [nil, nil, nil, eur(846), eur(1045)])
    }

    @Test("F001: 1 500 EUR due 01/10, 1 000 EUR paid 10/10: the 1 000 EUR accrue 9 days")
    func paidLate() {
        var sim = Simulation(customers + """
            2026-09-01 invoice F001 acme 1500.00 EUR
              due 2026-10-01
            2026-10-10 payment acme 1000.00 EUR
              apply F001

            """)
        sim.run(from: "2026-09-01", days: 90)
        // Level 4 on 11-05 (+35), level 5 on 11-15 (+45), at 2.15 % + 10 = 1215 bp:
        // 100000 × 1215 × 9 = 1 093 500 000; 50000 × 1215 × 35 = 2 126 250 000; 3 219 750 000 / 3 650 000 = 882.12 → 882
        // (the 500.00 EUR alone would give 582.53 → 583);
        // 50000 × 1215 × 45 = 2 733 750 000; + 1 093 500 000 = 3 827 250 000; / 3 650 000 = 1048.56 → 1049.
        #expect(halfUp(100_000 * 1215 * 9 + 50_000 * 1215 * 35, 10_000 * 365) == 882)
        #expect(halfUp(100_000 * 1215 * 9 + 50_000 * 1215 * 45, 10_000 * 365) == 1049)
        #expect(sim.documents.map(\.level) == [1, 2, 3, 4, 5])
        #expect(sim.documents.map(\.interest) == [nil, nil, nil, eur(882), eur(1049)])
    }

    @Test("a payment on or before the due date, a credit note and a write-off accrue nothing")
    func nothingForCreditsAndEarlyPayments() {
        var sim = Simulation(customers + f1 + """
            2026-02-04 payment acme 100.00 EUR
              apply F1
            2026-02-15 credit AV1 acme 300.00 EUR
              apply F1

            """)
        sim.run(from: "2026-01-05")
        // Only the 600.00 EUR still owed: 60000 × 1215 × 35 / 3 650 000 = 699.04 → 699; × 45: 898.77 → 899.
        #expect(sim.documents.map(\.interest) == [nil, nil, nil, eur(699), eur(899)])

        let books = loadBooks([customers + f1 + """
            2026-02-10 payment acme 100.00 EUR
              apply F1 100.00
            2026-02-12 credit AV1 acme 300.00 EUR
              apply F1
            2026-02-20 writeoff F1

            """])
        let settled = Allocation.settlements(books, asOf: day("2026-03-01"))
        #expect(settled.map { "\($0.date) \($0.amount) \($0.kind)" }
                == ["2026-02-10 10000 payment(0)", "2026-02-12 30000 creditNote(0)", "2026-02-20 60000 writeOff(0)"])
        #expect(LateInterest.computation(invoice: 0, in: books, settlements: settled, outstanding: 0, asOf: day("2026-03-01"),
                                         policy: french).parts.map(\.principal) == [eur(10000)])
    }

    @Test("a part paid late across a half-year: each half at its own rate")
    func paidLateAcrossHalfYears() {
        let books = loadBooks([customers + """
            2025-04-15 invoice F1 acme 1000.00 EUR
              due 2025-05-15
            2025-07-10 payment acme 400.00 EUR

            """])
        let asOf = day("2025-08-14")
        let computed = LateInterest.computation(invoice: 0, in: books, settlements: Allocation.settlements(books, asOf: asOf),
                                                outstanding: 60_000, asOf: asOf, policy: french)
        // 400.00 paid 2025-07-10: 05-16..06-30 46 days at 1315 bp, 07-01..07-10 10 days at 1215 bp;
        // 600.00 owed on 08-14: 46 days at 1315, 45 days at 1215.
        // 40000 × (1315 × 46 + 1215 × 10) = 40000 × 72640 = 2 905 600 000;
        // 60000 × (1315 × 46 + 1215 × 45) = 60000 × 115165 = 6 909 900 000; 9 815 500 000 / 3 650 000 = 2689.18 → 2689.
        #expect(halfUp(40_000 * 72640 + 60_000 * 115_165, 10_000 * 365) == 2689)
        #expect(computed.amount == eur(2689))
        #expect(computed.parts.map { "\($0.principal.minor) \($0.paidOn.map { "\($0)" } ?? "owed") \($0.days)" }
                == ["40000 2025-07-10 56", "60000 owed 91"])
        #expect(computed.parts[0].slices.map { "\($0.from)..\($0.through) \($0.days)d \($0.basisPoints)" }
                == ["2025-05-16..2025-06-30 46d 1315", "2025-07-01..2025-07-10 10d 1215"])
    }

    @Test("rounded once per invoice, the exact sum of its parts; a document adds its invoices' rounded amounts")
    func roundedPerInvoice() {
        let zero = """
            [[dunning.rate]]
            from = 2020-01-01
            rate = "0"
            [[dunning.level]]
            name = "Relevé"
            offset = 73
            template = "statement"
            interest = true
            """
        // At 0 + 10 points = 1000 bp for 73 days (2026-01-02..03-15), 10.25 EUR gives 1025 × 1000 × 73 = 74 825 000,
        // / 3 650 000 = 20.5 cents exactly. F1: 10.25 paid on 03-15 and 10.25 owed: 41 exactly (42 if each part
        // were rounded). F2 and F3: 20.5 → 21 each. The document: 41 + 21 + 21 = 83 (not 82, the rounded exact sum).
        let books = loadBooks([customers + """
            2025-12-01 invoice F1 acme 20.50 EUR
              due 2026-01-01
            2025-12-01 invoice F2 acme 10.25 EUR
              due 2026-01-01
            2025-12-01 invoice F3 acme 10.25 EUR
              due 2026-01-01
            2026-03-15 payment acme 10.25 EUR
              apply F1

            """])
        let asOf = day("2026-03-15")
        let plan = Planner(books: books, config: config(dunning: zero), asOf: asOf).plan(outstanding: Allocation.compute(books, asOf: asOf))
        #expect(plan.reminders.count == 1)
        #expect(plan.reminders.first?.invoices.map { $0.interest } == [eur(41), eur(21), eur(21)])
        #expect(plan.reminders.first?.interest == eur(83))
    }
}

/// `relance plan --as-of 9999-07-01` trapped on a force-unwrapped half-year past the calendar.
@Suite("Interest at the end of the calendar")
struct InterestCalendarEndTests {
    @Test func slicesStopAtTheLastCalendarDayInsteadOfTrapping() throws {
        let policy = DunningPolicy.french
        let slices = LateInterest.slices(due: Day("9999-05-01")!, asOf: Day("9999-12-31")!, policy: policy)
        #expect(slices.map(\.from) == [Day("9999-05-02")!, Day("9999-07-01")!])
        #expect(slices.last?.through == Day("9999-12-31")!)
        let interest = LateInterest.amount(principal: Money(minor: 100_000, currency: .EUR), due: Day("9999-05-01")!, asOf: Day("9999-12-31")!, policy: policy)
        #expect(interest.minor > 0)
    }
}
