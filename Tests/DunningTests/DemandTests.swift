import Books
import Configuration
import Dunning
import Receivables
import Testing

/// What a reminder may demand: only invoices that are due; a formal notice only invoices at a formal level.
@Suite("What a reminder demands")
struct DemandTests {
    /// The reminders planned on `asOf` for `books` (customers of the timelines added), as
    /// "LEVEL [demanded invoices] total" plus the invoices given for information.
    func plan(_ books: String, asOf: String, config: RelanceConfig = frenchConfig()) -> (Books, [PlannedReminder]) {
        let b = loadBooks([customers + books])
        let d = day(asOf)
        return (b, Planner(books: b, config: config, asOf: d).plan(outstanding: Allocation.compute(b, asOf: d)).reminders)
    }

    func numbers(_ b: Books, _ items: [PlannedInvoice]) -> [String] { items.map { b.invoices[Int($0.invoice)].number } }

    /// F1 long overdue and already at level 4; F2 falls due two days later (its courtesy day has come).
    let formalCase = """
        2026-08-01 invoice F1 acme 1000.00 EUR
          due 2026-09-01
        2026-11-20 invoice F2 acme 3778.64 EUR
          due 2026-12-17
        2026-10-06 reminder R2026-0001 acme
          level 4
          invoice F1 1000.00 EUR

        """

    @Test("a formal notice never demands an invoice not yet due, and that invoice's courtesy level is not recorded")
    func formalNoticeLeavesOutWhatIsNotDue() {
        let (b, reminders) = plan(formalCase, asOf: "2026-12-15")
        #expect(reminders.count == 1)
        let r = reminders[0]
        #expect(r.level.number == 5 && r.level.formal)
        #expect(numbers(b, r.invoices) == ["F1"])
        #expect(r.total == eur(100_000))
        #expect(r.upcoming.isEmpty)
    }

    @Test("a grouped reminder gives an invoice not yet due for information only, outside the total")
    func informationPart() {
        let (b, reminders) = plan("""
            2026-10-01 invoice F1 acme 1000.00 EUR
              due 2026-11-30
            2026-11-20 invoice F2 acme 500.00 EUR
              due 2026-12-17

            """, asOf: "2026-12-15")
        #expect(reminders.count == 1)
        let r = reminders[0]
        #expect(r.level.number == 2)
        #expect(numbers(b, r.invoices) == ["F1"])
        #expect(numbers(b, r.upcoming) == ["F2"])
        #expect(r.upcoming.map(\.level) == [1])
        #expect(r.total == eur(100_000))
        #expect(r.fee == nil && r.interest == nil)
    }

    @Test("an invoice due today is due: it is demanded, not given for information")
    func dueToday() {
        let (b, reminders) = plan("""
            2026-10-01 invoice F1 acme 1000.00 EUR
              due 2026-11-30
            2026-11-15 invoice F2 acme 500.00 EUR
              due 2026-12-15

            """, asOf: "2026-12-15", config: config(dunning: """
            [[dunning.level]]
            name = "Rappel"
            offset = -3
            template = "courtesy"
            [[dunning.level]]
            name = "Relance"
            offset = 0
            template = "first"
            """))
        #expect(reminders.count == 1)
        #expect(numbers(b, reminders[0].invoices) == ["F1", "F2"])
        #expect(reminders[0].upcoming.isEmpty)
        #expect(reminders[0].total == eur(150_000))
    }

    @Test("a courtesy reminder alone is unchanged: it recalls the coming due dates and amounts")
    func courtesyAlone() {
        let (b, reminders) = plan("""
            2026-11-20 invoice F2 acme 500.00 EUR
              due 2026-12-17

            """, asOf: "2026-12-15")
        #expect(reminders.count == 1)
        #expect(reminders[0].level.isCourtesy)
        #expect(numbers(b, reminders[0].invoices) == ["F2"])
        #expect(reminders[0].total == eur(50_000))
    }

    @Test("the formal notice demands only its own invoices; the others due get an ordinary reminder of their own the same day")
    func formalSplit() throws {
        let (b, reminders) = plan(formalCase + """
            2026-10-15 invoice F3 acme 200.00 EUR
              due 2026-11-14
            2026-10-20 invoice F4 acme 300.00 EUR
              due 2026-11-19
            2026-11-21 reminder R2026-0002 acme
              level 2
              invoice F3 200.00 EUR

            """, asOf: "2026-12-15")
        // F1: level 5 (formal). F3: level 3 (+21 = 12-05). F4, never reminded: level 2 (+7 = 11-26; no level
        // is skipped). F2: courtesy, for information in the ordinary reminder.
        try #require(reminders.count == 2)
        let formal = reminders.filter(\.level.formal), ordinary = reminders.filter { !$0.level.formal }
        try #require(formal.count == 1 && ordinary.count == 1)
        #expect(numbers(b, formal[0].invoices) == ["F1"] && formal[0].upcoming.isEmpty)
        #expect(formal[0].total == eur(100_000))
        #expect(numbers(b, ordinary[0].invoices) == ["F3", "F4"])
        #expect(ordinary[0].invoices.map(\.level) == [3, 2])
        #expect(ordinary[0].level.number == 3)
        #expect(numbers(b, ordinary[0].upcoming) == ["F2"])
        #expect(ordinary[0].total == eur(50_000))
        #expect(Set(reminders.map(\.id)).count == 2)
    }

    @Test("`formal = true` marks a level of one's own as a formal notice, whatever its template")
    func formalKey() {
        let policy = config(dunning: """
            [[dunning.level]]
            name = "Relance"
            offset = 5
            template = "first"
            [[dunning.level]]
            name = "Dernier avis"
            offset = 30
            template = "mon-dernier-avis"
            formal = true
            """)
        #expect(policy.dunning.levels.map(\.formal) == [false, true])
        // The built-in formal-notice template is formal unless told otherwise; the built-in policy's last level is.
        #expect(DunningPolicy.french.levels.map(\.formal) == [false, false, false, false, true])
        let named = config(dunning: "[[dunning.level]]\nname = \"MED\"\noffset = 30\ntemplate = \"formal-notice\"\n")
        #expect(named.dunning.levels.map(\.formal) == [true])
        let (_, courtesyFormal) = ConfigParser.parse("[company]\nname = \"A\"\n[[dunning.level]]\nname = \"R\"\noffset = -3\nformal = true\n")
        #expect(courtesyFormal.map(\.message) == ["level 1 is a courtesy reminder (offset -3, before the due date) and cannot be a formal notice"])
        let notFormal = config(dunning: "[[dunning.level]]\nname = \"MED\"\noffset = 30\ntemplate = \"formal-notice\"\nformal = false\n")
        #expect(notFormal.dunning.levels.map(\.formal) == [false])

        let (b, reminders) = plan("""
            2026-09-01 invoice F1 acme 1000.00 EUR
              due 2026-10-01
            2026-10-06 reminder R2026-0001 acme
              level 1
              invoice F1 1000.00 EUR
            2026-11-01 invoice F2 acme 400.00 EUR
              due 2026-12-01

            """, asOf: "2026-12-15", config: policy)
        #expect(reminders.map(\.level.number) == [1, 2])
        #expect(reminders.map { numbers(b, $0.invoices) } == [["F2"], ["F1"]])
    }

    @Test("not-yet-due invoices are left out when the only document of the day is a formal notice, and ride along later")
    func leftOutThenRemindedLater() {
        var sim = Simulation(customers + formalCase)
        sim.run(from: "2026-12-15", days: 10)
        // 12-15: the formal notice for F1 alone; F2's courtesy is not recorded, and once due on 12-17 it is
        // no longer a courtesy matter: its first reminder comes at +7 = 12-24.
        #expect(sim.sent == [Sent("2026-12-15", "F1", 5), Sent("2026-12-24", "F2", 2)])
    }

    @Test("the plan says why an invoice not yet due is left out of a formal notice, and when it comes next")
    func planLineOfALeftOutInvoice() {
        let b = loadBooks([customers + formalCase])
        let d = day("2026-12-15")
        let plan = Planner(books: b, config: frenchConfig(), asOf: d).plan(outstanding: Allocation.compute(b, asOf: d))
        let f2 = plan.lines.first { b.invoices[Int($0.invoice)].number == "F2" }
        #expect(f2?.proposedLevel == nil)
        #expect(f2?.reason == "not due until 2026-12-17: left out of today's formal notice, which demands only invoices at its level")
        // Level 2 at +7 = 12-24, after the gap (12-22).
        #expect(f2?.nextLevel == 2 && f2?.nextDate == day("2026-12-24"))
    }

    @Test("a reminder by hand cannot demand an invoice not yet due")
    func manualBeforeTheDueDate() throws {
        let b = loadBooks([customers + """
            2026-11-20 invoice F2 acme 500.00 EUR
              due 2026-12-17
            2026-12-01 reminder R2026-0001 acme
              level 1
              invoice F2 500.00 EUR

            """])
        let d = day("2026-12-10")
        let planner = Planner(books: b, config: frenchConfig(), asOf: d)
        #expect(throws: ManualReminderRefusal.self) {
            try ManualReminder.make(planner: planner, invoice: 0, outstanding: Allocation.compute(b, asOf: d), level: nil, channel: nil)
        }
        // Once due, it is the first reminder.
        let due = day("2026-12-17")
        let later = Planner(books: b, config: frenchConfig(), asOf: due)
        let r = try ManualReminder.make(planner: later, invoice: 0, outstanding: Allocation.compute(b, asOf: due), level: nil, channel: nil)
        #expect(r.level.number == 2 && r.total == eur(50_000))
    }
}
