import Books
import Configuration
import Documents
import Dunning
import Receivables
import Testing

/// Why the plan proposes a reminder or not: one case per situation, written in English (as `relance plan` prints it)
/// and in French (the web screen of French books).
@Suite("Plan reasons")
struct PlanReasonTests {
    /// One customer per situation, so that no reminder of one holds back another by the policy's gap.
    static let books = ["off", "litige", "pause", "last", "soon", "week", "gap", "early", "never", "again", "formal"]
        .map { "customer \($0)\n  name \($0)\n  email \($0)@example.org\n  address \"1 rue\"\n" + ($0 == "off" ? "  dunning off\n" : "") }
        .joined() + """
        2025-11-01 invoice A1 off 1000.00 EUR
          due 2026-01-01
        2025-11-01 invoice H1 litige 1000.00 EUR
          due 2026-01-01
        2026-02-01 hold H1 "litige"
        2025-11-01 invoice H2 pause 1000.00 EUR
          due 2026-01-01
        2026-02-01 hold pause until 2026-03-15
        2025-10-01 invoice L1 last 1000.00 EUR
          due 2025-11-01
        2026-01-20 reminder R2026-0001 last
          level 5
          invoice L1 1000.00 EUR
        2026-02-01 invoice S1 soon 1000.00 EUR
          due 2026-03-10
        2026-01-25 invoice D1 week 1000.00 EUR
          due 2026-02-25
        2025-11-01 invoice G1 gap 1000.00 EUR
          due 2026-01-01
        2026-02-25 reminder R2026-0002 gap
          level 2
          invoice G1 1000.00 EUR
        2026-02-01 invoice E1 early 1000.00 EUR
          due 2026-03-03
        2025-11-01 invoice N1 never 1000.00 EUR
          due 2026-01-01
        2025-11-01 invoice R1 again 1000.00 EUR
          due 2026-01-01
        2026-01-10 reminder R2026-0003 again
          level 2
          invoice R1 1000.00 EUR
        2025-10-01 invoice F1 formal 1000.00 EUR
          due 2025-12-01
        2026-01-20 reminder R2026-0004 formal
          level 4
          invoice F1 1000.00 EUR
        2026-02-01 invoice F2 formal 1000.00 EUR
          due 2026-03-03

        """

    /// Each invoice's line in the plan of 2026-03-01, with the reason expected and its English and French texts.
    static let cases: [(invoice: String, why: PlanReason, english: String, french: String)] = [
        ("A1", .dunningOff(customer: "off"),
         "customer off has dunning off", "relances désactivées pour le client off"),
        ("H1", .held(customer: nil, since: Day("2026-02-01")!, until: nil, note: "litige"),
         "invoice held since 2026-02-01: litige", "facture suspendue depuis le 2026-02-01 : litige"),
        ("H2", .held(customer: "pause", since: Day("2026-02-01")!, until: Day("2026-03-15")!, note: nil),
         "customer pause held since 2026-02-01 until 2026-03-15", "client pause suspendu depuis le 2026-02-01 jusqu'au 2026-03-15"),
        ("L1", .lastLevelReached(level: 5),
         "last level (5) reached: no further reminder", "dernier niveau (5) atteint : plus de relance"),
        ("S1", .courtesyDue(on: Day("2026-03-07")!),
         "courtesy reminder due on 2026-03-07", "rappel de courtoisie prévu le 2026-03-07"),
        ("D1", .levelDue(level: 2, on: Day("2026-03-04")!, offset: 7),
         "level 2 due on 2026-03-04 (due date +7 days)", "niveau 2 prévu le 2026-03-04 (échéance +7 jours)"),
        ("G1", .waitForGap(customer: "gap", lastReminder: Day("2026-02-25")!, gap: 7, until: Day("2026-03-04")!),
         "last reminder to gap on 2026-02-25: wait 7 days, until 2026-03-04",
         "dernière relance à gap le 2026-02-25 : attendre 7 jours, jusqu'au 2026-03-04"),
        ("E1", .courtesyNow(daysUntilDue: 2),
         "due in 2 days: courtesy reminder", "échéance dans 2 jours : rappel de courtoisie"),
        ("N1", .lateNeverReminded(daysLate: 59),
         "59 days late, never reminded", "59 jours de retard, jamais relancée"),
        ("R1", .lateReminded(daysLate: 59, level: 2, sentOn: Day("2026-01-10")!),
         "59 days late, level 2 sent on 2026-01-10", "59 jours de retard, niveau 2 envoyé le 2026-01-10"),
        ("F2", .leftOutOfFormalNotice(due: Day("2026-03-03")!),
         "not due until 2026-03-03: left out of today's formal notice, which demands only invoices at its level",
         "pas encore échue (échéance le 2026-03-03) : laissée hors de la mise en demeure du jour, qui ne réclame que les factures de son niveau"),
    ]

    @Test("the planner gives each situation its reason, in English and in French", arguments: PlanReasonTests.cases.indices)
    func plannedReason(_ k: Int) throws {
        let c = PlanReasonTests.cases[k]
        let b = loadBooks([PlanReasonTests.books])
        let asOf = day("2026-03-01")
        let plan = Planner(books: b, config: frenchConfig(), asOf: asOf).plan(outstanding: Allocation.compute(b, asOf: asOf))
        let line = try #require(plan.lines.first { b.invoices[Int($0.invoice)].number == c.invoice })
        #expect(line.why == c.why)
        #expect(line.reason == c.english)
        #expect(line.why.text(.en) == c.english)
        #expect(line.why.text(.fr) == c.french)
    }

    @Test("the other forms: no level, singular and zero days, before the due date, a reminder without its date, thousands")
    func otherForms() {
        let cases: [(PlanReason, String, String)] = [
            (.noLevelApplies, "no reminder level applies", "aucun niveau de relance ne s'applique"),
            (.lateNeverReminded(daysLate: 1), "1 days late, never reminded", "1 jour de retard, jamais relancée"),
            (.lateNeverReminded(daysLate: 0), "0 days late, never reminded", "échue ce jour, jamais relancée"),
            (.lateReminded(daysLate: 1234, level: 3, sentOn: nil), "1234 days late, level 3 sent on ?",
             "1\u{202F}234 jours de retard, niveau 3 envoyé"),
            (.levelDue(level: 1, on: Day("2026-03-04")!, offset: -3), "level 1 due on 2026-03-04 (due date -3 days)",
             "niveau 1 prévu le 2026-03-04 (échéance -3 jours)"),
            (.courtesyNow(daysUntilDue: 1), "due in 1 days: courtesy reminder", "échéance dans 1 jour : rappel de courtoisie"),
            (.waitForGap(customer: "acme", lastReminder: Day("2026-02-28")!, gap: 1, until: Day("2026-03-01")!),
             "last reminder to acme on 2026-02-28: wait 1 days, until 2026-03-01",
             "dernière relance à acme le 2026-02-28 : attendre 1 jour, jusqu'au 2026-03-01"),
            (.held(customer: "acme", since: Day("2026-02-01")!, until: Day("2026-04-01")!, note: "en attente du bon de commande"),
             "customer acme held since 2026-02-01 until 2026-04-01: en attente du bon de commande",
             "client acme suspendu depuis le 2026-02-01 jusqu'au 2026-04-01 : en attente du bon de commande"),
        ]
        for (why, english, french) in cases {
            #expect(why.english == english)
            #expect(why.text(.en) == english)
            #expect(why.text(.fr) == french)
        }
    }
}
