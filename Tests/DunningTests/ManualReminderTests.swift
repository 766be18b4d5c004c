import Books
import Configuration
import Dunning
import Receivables
import Testing

/// A reminder made by hand for one invoice: the next level, never a repeated or skipped one.
@Suite("Manual reminders")
struct ManualReminderTests {
    /// F1 of `f1` (due 2026-02-04), with `extra` records.
    func make(_ extra: String = "", asOf: String, level: Int? = nil, channel: Channel? = nil, invoice: String = "F1",
              config: RelanceConfig = frenchConfig(), force: Bool = false) throws -> PlannedReminder {
        let books = loadBooks([customers + f1 + extra])
        let planner = Planner(books: books, config: config, asOf: day(asOf))
        return try ManualReminder.make(planner: planner, invoice: Int(books.invoiceIndex[invoice]!),
                                       outstanding: Allocation.compute(books, asOf: day(asOf)), level: level, channel: channel, force: force)
    }

    func refusal(_ extra: String = "", asOf: String, level: Int? = nil, invoice: String = "F1") -> String? {
        do {
            _ = try make(extra, asOf: asOf, level: level, invoice: invoice)
            return nil
        } catch let e as ManualReminderRefusal {
            return e.description
        } catch {
            return "\(error)"
        }
    }

    /// A history record: `invoice` reminded at `level` on `date`.
    func sent(_ date: String, _ id: String, level: Int, invoice: String = "F1 1000.00 EUR") -> String {
        "\(date) reminder \(id) acme\n  level \(level)\n  channel email\n  invoice \(invoice)\n"
    }

    @Test("the next level by default: courtesy before the due date, level 2 once late")
    func nextByDefault() throws {
        let before = try make(asOf: "2026-01-20")
        #expect(before.level.number == 1 && before.invoices.map(\.level) == [1] && before.channel == .email)
        #expect(before.id == "R2026-0001" && before.invoices[0].outstanding == eur(100_000))
        // No schedule for a manual reminder: level 2 on the due date already, the courtesy one skipped.
        #expect(try make(asOf: "2026-02-04").level.number == 2)
        let afterTwo = try make(sent("2026-02-11", "R2026-0007", level: 2), asOf: "2026-02-18")
        #expect(afterTwo.level.number == 3 && afterTwo.id == "R2026-0008")
        // Its own level inside a grouped record counts, not the record's.
        let own = try make(sent("2026-02-11", "R2026-0007", level: 4, invoice: "F1 1000.00 EUR level 2"), asOf: "2026-02-18")
        #expect(own.level.number == 3)
    }

    @Test("the level asked for, when it is the next one")
    func askedLevel() throws {
        let r = try make(sent("2026-02-11", "R2026-0001", level: 2) + sent("2026-02-25", "R2026-0002", level: 3), asOf: "2026-03-01", level: 4,
                         force: true)
        #expect(r.level.number == 4 && r.invoices[0].level == 4)
        // Level 4 shows the indemnity and the interest (B2B): 25 days at 2.15 % + 10 = 1215 bp:
        // 100000 × 1215 × 25 = 3 037 500 000; / 3 650 000 = 832.19 → 832.
        #expect(r.fee == eur(4000) && r.interest == eur(832))
    }

    @Test("a level already sent or beyond the next one is refused")
    func refusedLevels() {
        let history = sent("2026-02-01", "R2026-0001", level: 1) + sent("2026-02-11", "R2026-0002", level: 2)
        for repeated in [1, 2] {
            let r = refusal(history, asOf: "2026-02-20", level: repeated)
            #expect(r?.contains("already had level \(repeated)") == true, "\(r ?? "accepted")")
        }
        for skipped in [4, 5] {
            let r = refusal(history, asOf: "2026-02-20", level: skipped)
            #expect(r?.contains("never skipped") == true && r?.contains("the next is 3") == true, "\(r ?? "accepted")")
        }
        #expect(refusal(history, asOf: "2026-02-20", level: 3) == nil)
        // Late and never reminded: the courtesy level is past, level 3 would skip level 2.
        let courtesy = refusal(asOf: "2026-02-20", level: 1)
        #expect(courtesy?.contains("courtesy reminder, sent only before the due date") == true && courtesy?.contains("the next is 2") == true,
                "\(courtesy ?? "accepted")")
        #expect(refusal(asOf: "2026-02-20", level: 3) != nil)
        let last = (1...5).map { sent("2026-02-0\($0)", "R2026-000\($0)", level: $0) }.joined()
        #expect(refusal(last, asOf: "2026-03-01")?.contains("last level") == true)
    }

    @Test("held, settled and dunning-off invoices are refused", arguments: [
        ("invoice held", "2026-02-08 hold F1 \"litige\"\n", "held"),
        ("customer held", "2026-02-08 hold acme until 2026-03-01\n", "held"),
        ("paid", "2026-02-10 payment acme 1000.00 EUR\n", "settled"),
        ("credit note", "2026-02-10 credit AV1 acme 1000.00 EUR\n  apply F1\n", "settled"),
        ("written off", "2026-02-10 writeoff F1\n", "settled"),
    ])
    func refusedInvoices(_ what: String, _ extra: String, _ word: String) {
        let r = refusal(extra, asOf: "2026-02-20")
        #expect(r?.contains(word) == true, "\(what): \(r ?? "accepted")")
    }

    @Test("a released or expired hold lets it through")
    func released() throws {
        #expect(try make("2026-02-08 hold F1\n2026-02-15 release F1\n", asOf: "2026-02-20").level.number == 2)
        #expect(try make("2026-02-08 hold acme until 2026-02-20\n", asOf: "2026-02-20").level.number == 2)
    }

    @Test("a customer with dunning off is refused")
    func dunningOff() {
        let books = loadBooks(["customer carol\n  name Carol\n  email c@example.org\n  dunning off\n2026-01-05 invoice F9 carol 10.00 EUR\n"])
        let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-03-01"))
        #expect(throws: ManualReminderRefusal.self) {
            try ManualReminder.make(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-03-01")),
                                    level: nil, channel: nil)
        }
    }

    @Test("the channel asked for; e-mail falls back to letter with a warning without an address",
          arguments: [(Channel?.none, Channel.letter), (.email, .letter), (.both, .letter), (.letter, .letter)])
    func channel(_ asked: Channel?, _ expected: Channel) throws {
        let books = loadBooks(["customer emile\n  name Émile\n  address \"4 rue Basse\"\n2026-01-05 invoice F1 emile 1000.00 EUR\n  due 2026-02-04\n"])
        let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-02-20"))
        let r = try ManualReminder.make(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-02-20")),
                                        level: nil, channel: asked)
        #expect(r.channel == expected)
        #expect(r.warnings.contains { $0.contains("no e-mail") } == (asked != .letter), "\(r.warnings)")
        // With an address, what is asked for is what is used.
        #expect(try make(asOf: "2026-02-20", channel: .letter).channel == .letter)
        #expect(try make(asOf: "2026-02-20", channel: .both).channel == .both)
    }

    @Test("a consumer gets neither fee nor interest")
    func consumer() throws {
        let books = loadBooks(["customer dora\n  name Dora\n  email d@example.org\n  kind consumer\n"
            + "2026-01-05 invoice F1 dora 1000.00 EUR\n  due 2026-02-04\n"
            + "2026-02-11 reminder R2026-0001 dora\n  level 2\n  invoice F1 1000.00 EUR\n"
            + "2026-02-25 reminder R2026-0002 dora\n  level 3\n  invoice F1 1000.00 EUR\n"])
        let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-03-11"))
        let r = try ManualReminder.make(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-03-11")),
                                        level: 4, channel: nil)
        #expect(r.level.number == 4 && r.fee == nil && r.interest == nil && r.id == "R2026-0003")
    }

    /// Seen: two reminders by hand the same day escalated twice. The policy's gap holds unless forced.
    @Test("the minimum gap holds for a reminder by hand; --force overrides it and says so")
    func minimumGap() throws {
        let books = loadBooks([customers + f1 + sent("2026-02-11", "R2026-0001", level: 2)])
        let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-02-11"))
        let outstanding = Allocation.compute(books, asOf: day("2026-02-11"))
        #expect(throws: ManualReminderRefusal.self) {
            try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: outstanding, level: nil, channel: nil)
        }
        let r = refusal(sent("2026-02-11", "R2026-0001", level: 2), asOf: "2026-02-17")
        #expect(r?.contains("last reminder to acme on 2026-02-11 (R2026-0001)") == true && r?.contains("until 2026-02-18") == true
                && r?.contains("--force") == true, "\(r ?? "accepted")")
        let forced = try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: outstanding, level: nil, channel: nil, force: true)
        #expect(forced.reminder.level.number == 3 && forced.manual == [.gap])
        #expect(try make(sent("2026-02-11", "R2026-0001", level: 2), asOf: "2026-02-18").level.number == 3)
    }

    @Test("--level N --force skips levels and is recorded as chosen by hand; never a repeated level")
    func forcedLevel() throws {
        let history = sent("2026-02-01", "R2026-0001", level: 2)
        let r = refusal(history, asOf: "2026-02-20", level: 5)
        #expect(r?.contains("--level 5 --force") == true && r?.contains("skipping levels 3 to 4") == true, "\(r ?? "accepted")")
        let books = loadBooks([customers + f1 + history])
        let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-02-20"))
        let made = try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-02-20")),
                                              level: 5, channel: nil, force: true)
        #expect(made.reminder.level.number == 5 && made.reminder.invoices[0].level == 5 && made.manual == [.level])
        #expect(throws: ManualReminderRefusal.self) {
            try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-02-20")),
                                       level: 2, channel: nil, force: true)
        }
        #expect(throws: ManualReminderRefusal.self) {
            try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-02-20")),
                                       level: 9, channel: nil, force: true)
        }
    }

    @Test("before the due date only the courtesy level, even forced: a sum not yet due is never demanded")
    func notYetDue() throws {
        for level in [2, 5] {
            let books = loadBooks([customers + f1])
            let planner = Planner(books: books, config: frenchConfig(), asOf: day("2026-02-01"))
            do {
                _ = try ManualReminder.prepare(planner: planner, invoice: 0, outstanding: Allocation.compute(books, asOf: day("2026-02-01")),
                                               level: level, channel: nil, force: true)
                Issue.record("level \(level) accepted before the due date")
            } catch let refusal as ManualReminderRefusal {
                #expect(refusal.description.contains("F1 is not due until 2026-02-04"), "\(refusal.description)")
            }
        }
        #expect(try make(asOf: "2026-02-01").level.number == 1)
    }

    @Test("a phone call: the level is reached by phone, no fee or interest shown")
    func phone() throws {
        let r = try make(sent("2026-02-11", "R2026-0001", level: 2) + sent("2026-02-25", "R2026-0002", level: 3), asOf: "2026-03-11",
                         channel: .phone)
        #expect(r.channel == .phone && r.level.number == 4 && r.fee == nil && r.interest == nil && r.warnings.isEmpty)
    }
}
