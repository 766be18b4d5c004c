import Books
import Configuration
import Dunning
import Receivables
import Testing

/// Customers shared by the timelines: acme and bob have an e-mail address and a postal address.
let customers = """
customer acme
  name  ACME SARL
  email compta@acme.example
  address "12 rue de la Paix"
  address "75002 Paris"
customer bob
  name  Bob Martin
  email bob@example.org
  address "1 place Bellecour"
  address "69002 Lyon"

"""

/// The invoice most timelines start from: due 2026-02-04 (a Wednesday).
/// By hand, with the French policy: courtesy −3 = 02-01, +7 = 02-11, +21 = 02-25,
/// +35 = 03-11 (24 days to the end of February, then 11), +45 = 03-21.
let f1 = """
2026-01-05 invoice F1 acme 1000.00 EUR
  due 2026-02-04

"""

let plainF1 = [Sent("2026-02-01", "F1", 1), Sent("2026-02-11", "F1", 2), Sent("2026-02-25", "F1", 3),
               Sent("2026-03-11", "F1", 4), Sent("2026-03-21", "F1", 5)]

struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var books: String
    var config: RelanceConfig = frenchConfig()
    /// The cron's first day; it runs over 120 days from it.
    var start = "2026-01-05"
    /// The days the cron runs (every day by default).
    var runs: @Sendable (Day) -> Bool = { _ in true }
    var expected: [Sent]
    var testDescription: String { name }
}

let scenarios: [Scenario] = [
    Scenario(name: "plain invoice: courtesy, then +7, +21, +35, +45, then nothing", books: customers + f1, expected: plainF1),

    // Due 2025-12-31, first seen on 2026-01-05: no courtesy; +7 = 01-07, +21 = 01-21, +35 = 02-04, +45 = 02-14.
    Scenario(name: "entered already late: starts at level 2",
             books: customers + "2025-12-01 invoice F1 acme 500.00 EUR\n  due 2025-12-31\n",
             expected: [Sent("2026-01-07", "F1", 2), Sent("2026-01-21", "F1", 3), Sent("2026-02-04", "F1", 4), Sent("2026-02-14", "F1", 5)]),

    // Issued two days before its due date: the courtesy day (01-09) is gone but it is still before the due date.
    Scenario(name: "issued inside the courtesy window: courtesy on the day it is issued",
             books: customers + "2026-01-10 invoice F1 acme 300.00 EUR\n  due 2026-01-12\n",
             expected: [Sent("2026-01-10", "F1", 1), Sent("2026-01-19", "F1", 2), Sent("2026-02-02", "F1", 3),
                        Sent("2026-02-16", "F1", 4), Sent("2026-02-26", "F1", 5)]),

    Scenario(name: "due the day it is issued: no courtesy on the due date",
             books: customers + "2026-01-10 invoice F1 acme 300.00 EUR\n  due 2026-01-10\n",
             expected: [Sent("2026-01-17", "F1", 2), Sent("2026-01-31", "F1", 3), Sent("2026-02-14", "F1", 4), Sent("2026-02-24", "F1", 5)]),

    Scenario(name: "partial payment still reminded, full payment stops at once",
             books: customers + f1 + "2026-02-15 payment acme 400.00 EUR\n  apply F1\n2026-03-01 payment acme 600.00 EUR\n",
             expected: Array(plainF1.prefix(3))),

    Scenario(name: "paid on the day a level falls due: no reminder that day",
             books: customers + f1 + "2026-02-25 payment acme 1000.00 EUR\n",
             expected: Array(plainF1.prefix(2))),

    Scenario(name: "a credit note settles it",
             books: customers + f1 + "2026-02-20 credit AV1 acme 1000.00 EUR\n  apply F1\n",
             expected: Array(plainF1.prefix(2))),

    Scenario(name: "write-off",
             books: customers + f1 + "2026-03-01 writeoff F1 \"liquidation judiciaire\"\n",
             expected: Array(plainF1.prefix(3))),

    // Held 02-08 to 03-19: level 2 on the release day, then one level a week (the gap).
    Scenario(name: "hold then release: resumes at the next level, never skipping",
             books: customers + f1 + "2026-02-08 hold F1 \"livrable contesté\"\n2026-03-20 release F1\n",
             expected: [Sent("2026-02-01", "F1", 1), Sent("2026-03-20", "F1", 2), Sent("2026-03-27", "F1", 3),
                        Sent("2026-04-03", "F1", 4), Sent("2026-04-10", "F1", 5)]),

    // Held until 03-01 excluded: 03-01 level 2, 03-08 level 3, 03-15 level 4 (due 03-11, gap 03-15),
    // level 5 due 03-21 but the gap ends 03-22.
    Scenario(name: "hold with until",
             books: customers + f1 + "2026-02-08 hold F1 until 2026-03-01\n",
             expected: [Sent("2026-02-01", "F1", 1), Sent("2026-03-01", "F1", 2), Sent("2026-03-08", "F1", 3),
                        Sent("2026-03-15", "F1", 4), Sent("2026-03-22", "F1", 5)]),

    Scenario(name: "held over the due date: the courtesy reminder is not sent late",
             books: customers + f1 + "2026-01-20 hold F1 until 2026-02-06\n",
             expected: Array(plainF1.dropFirst())),

    Scenario(name: "customer hold pauses only that customer",
             books: customers + f1 + "2026-01-05 invoice F2 bob 700.00 EUR\n  due 2026-02-04\n"
                 + "2026-02-08 hold acme \"négociation\"\n2026-03-20 release acme\n",
             expected: [Sent("2026-02-01", "F1", 1), Sent("2026-02-01", "F2", 1), Sent("2026-02-11", "F2", 2),
                        Sent("2026-02-25", "F2", 3), Sent("2026-03-11", "F2", 4), Sent("2026-03-20", "F1", 2),
                        Sent("2026-03-21", "F2", 5), Sent("2026-03-27", "F1", 3), Sent("2026-04-03", "F1", 4),
                        Sent("2026-04-10", "F1", 5)]),

    Scenario(name: "dunning off",
             books: "customer carol\n  name Carol\n  email carol@example.org\n  dunning off\n"
                 + "2026-01-05 invoice F1 carol 1000.00 EUR\n  due 2026-02-04\n",
             expected: []),

    // No run from 02-02 to 03-12: one level at the next run (level 2 on 03-13), the others a gap apart.
    Scenario(name: "missed runs catch up one level per run",
             books: customers + f1,
             runs: { $0 < day("2026-02-02") || $0 >= day("2026-03-13") },
             expected: [Sent("2026-02-01", "F1", 1), Sent("2026-03-13", "F1", 2), Sent("2026-03-20", "F1", 3),
                        Sent("2026-03-27", "F1", 4), Sent("2026-04-03", "F1", 5)]),

    // Runs on 01-05, 01-15, 01-25, 02-04 (due date: courtesy gone), 02-14, 02-24, 03-06, 03-16, 03-26…
    Scenario(name: "cron every tenth day",
             books: customers + f1,
             runs: { day("2026-01-05").days(until: $0) % 10 == 0 },
             expected: [Sent("2026-02-14", "F1", 2), Sent("2026-03-06", "F1", 3), Sent("2026-03-16", "F1", 4), Sent("2026-03-26", "F1", 5)]),

    // F2 due 02-18: its courtesy (02-15) falls in the gap after 02-11 and is dropped on its due date;
    // 02-25: F1 level 3 with F2 level 2; 03-11: F1 4, F2 3; 03-21: F1 5; F2 level 4 due 03-25, gap to 03-28;
    // F2 level 5 due 04-04.
    Scenario(name: "two invoices of one customer at their own levels",
             books: customers + f1 + "2026-01-19 invoice F2 acme 200.00 EUR\n  due 2026-02-18\n",
             expected: twoInvoices),

    Scenario(name: "grouping per invoice: same days and levels, the gap is still per customer",
             books: customers + f1 + "2026-01-19 invoice F2 acme 200.00 EUR\n  due 2026-02-18\n",
             config: config(dunning: "[dunning]\ngrouping = \"invoice\"\n"),
             expected: twoInvoices),

    Scenario(name: "minimum amount: exactly the minimum is reminded, below it is not",
             books: customers + "2026-01-05 invoice F1 acme 100.00 EUR\n  due 2026-02-04\n"
                 + "2026-01-05 invoice F2 bob 150.00 EUR\n  due 2026-02-04\n2026-02-15 payment bob 50.01 EUR\n",
             config: config(dunning: "[dunning]\nminimum = \"100\"\n"),
             expected: [Sent("2026-02-01", "F1", 1), Sent("2026-02-01", "F2", 1), Sent("2026-02-11", "F1", 2),
                        Sent("2026-02-11", "F2", 2), Sent("2026-02-25", "F1", 3), Sent("2026-03-11", "F1", 4),
                        Sent("2026-03-21", "F1", 5)]),

    Scenario(name: "minimum amount in a currency without decimals",
             books: customers + "2026-01-05 invoice F1 acme 9000 JPY\n  due 2026-02-04\n"
                 + "2026-01-05 invoice F2 bob 10000 JPY\n  due 2026-02-04\n",
             config: config(dunning: "[dunning]\nminimum = 10000\n"),
             expected: plainF1.map { Sent($0.date, "F2", $0.level) }),

    // Custom: gap 14; courtesy −5 = 01-30; level 2 due 02-09, gap to 02-13; level 3 due 02-19, gap to 02-27;
    // level 4 due 02-04 + 60 = 04-05.
    Scenario(name: "custom policy with a 14-day gap",
             books: customers + f1,
             config: config(dunning: """
                 [dunning]
                 gap = 14
                 [[dunning.level]]
                 name = "Petit rappel"
                 offset = -5
                 template = "courtesy"
                 [[dunning.level]]
                 name = "Relance"
                 offset = 5
                 [[dunning.level]]
                 name = "Relance ferme"
                 offset = 15
                 [[dunning.level]]
                 name = "Mise en demeure"
                 offset = 60
                 channel = "letter"
                 """),
             expected: [Sent("2026-01-30", "F1", 1), Sent("2026-02-13", "F1", 2), Sent("2026-02-27", "F1", 3), Sent("2026-04-05", "F1", 4)]),

    Scenario(name: "custom policy without courtesy level",
             books: customers + f1,
             config: config(dunning: """
                 [[dunning.level]]
                 name = "Relance"
                 offset = 0
                 [[dunning.level]]
                 name = "Relance ferme"
                 offset = 30
                 """),
             expected: [Sent("2026-02-04", "F1", 1), Sent("2026-03-06", "F1", 2)]),

    Scenario(name: "two currencies of one customer: separate reminders",
             books: customers + f1 + "2026-01-05 invoice F2 acme 800.00 USD\n  due 2026-02-04\n",
             expected: plainF1.flatMap { [$0, Sent($0.date, "F2", $0.level)] }),
]

let twoInvoices = [
    Sent("2026-02-01", "F1", 1), Sent("2026-02-11", "F1", 2), Sent("2026-02-25", "F1", 3), Sent("2026-02-25", "F2", 2),
    Sent("2026-03-11", "F1", 4), Sent("2026-03-11", "F2", 3), Sent("2026-03-21", "F1", 5), Sent("2026-03-28", "F2", 4),
    Sent("2026-04-04", "F2", 5),
]

@Suite("Planner over a 120-day daily cron")
struct TimelineTests {
    @Test(arguments: scenarios)
    func timeline(_ s: Scenario) {
        var sim = Simulation(s.books, config: s.config)
        sim.run(from: s.start, runs: s.runs)
        #expect(sim.sent == s.expected)
    }
}
