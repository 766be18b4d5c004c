import Books
import Configuration
import Dunning
import Receivables
import Testing

/// What the documents of a timeline hold: ids, channels, warnings, fees, interest, per-invoice levels.
@Suite("Planned reminders: content")
struct ReminderContentTests {
    func run(_ books: String, config: RelanceConfig = frenchConfig(), from start: String = "2026-01-05") -> Simulation {
        var sim = Simulation(books, config: config)
        sim.run(from: start)
        return sim
    }

    @Test("plain invoice: ids, channels, and the fee and interest only from level 4")
    func plain() {
        let docs = run(customers + f1).documents
        #expect(docs.map(\.id) == ["R2026-0001", "R2026-0002", "R2026-0003", "R2026-0004", "R2026-0005"])
        #expect(docs.map(\.channel) == [.email, .email, .email, .email, .letter])
        #expect(docs.map(\.level) == [1, 2, 3, 4, 5])
        #expect(docs.allSatisfy { $0.warnings.isEmpty && $0.invoices.count == 1 && $0.invoices[0].outstanding == eur(100_000) })
        #expect(docs.map(\.fee) == [nil, nil, nil, eur(4000), eur(4000)])
        // Rate on 2026-01-01: 2.15 % (since 2025-06-11) + 10 points = 1215 bp.
        // 2026-03-11, 35 days: 100000 × 1215 × 35 / (10000 × 365) = 4 252 500 000 / 3 650 000 = 1165.07 → 1165.
        // 2026-03-21, 45 days: 100000 × 1215 × 45 / 3 650 000 = 5 467 500 000 / 3 650 000 = 1497.95 → 1498.
        #expect(docs.map(\.interest) == [nil, nil, nil, eur(1165), eur(1498)])
    }

    @Test("a consumer gets neither fee nor interest")
    func consumer() {
        let docs = run("customer dora\n  name Dora\n  email dora@example.org\n  address \"3 rue Haute\"\n  kind consumer\n"
            + "2026-01-05 invoice F1 dora 1000.00 EUR\n  due 2026-02-04\n").documents
        #expect(docs.map(\.level) == [1, 2, 3, 4, 5])
        #expect(docs.allSatisfy { $0.fee == nil && $0.interest == nil })
    }

    @Test("no e-mail address: letters, with a warning for every level meant for e-mail")
    func noEmail() {
        let docs = run("customer emile\n  name Émile\n  address \"4 rue Basse\"\n"
            + "2026-01-05 invoice F1 emile 1000.00 EUR\n  due 2026-02-04\n").documents
        #expect(docs.map(\.level) == [1, 2, 3, 4, 5])
        #expect(docs.allSatisfy { $0.channel == .letter })
        #expect(docs.prefix(4).allSatisfy { $0.warnings.count == 1 && $0.warnings[0].contains("no e-mail") })
        #expect(docs[4].warnings.isEmpty)
    }

    @Test("the customer's channel overrides the policy's", arguments: [Channel.letter, .both])
    func channelOverride(_ channel: Channel) {
        let docs = run("customer felix\n  name Félix\n  email felix@example.org\n  address \"5 quai Ouest\"\n  channel \(channel.rawValue)\n"
            + "2026-01-05 invoice F1 felix 1000.00 EUR\n  due 2026-02-04\n").documents
        #expect(docs.map(\.level) == [1, 2, 3, 4, 5])
        #expect(docs.allSatisfy { $0.channel == channel && $0.warnings.isEmpty })
    }

    @Test("a USD invoice gets no EUR indemnity")
    func usd() {
        let docs = run(customers + "2026-01-05 invoice F1 acme 1000.00 USD\n  due 2026-02-04\n").documents
        #expect(docs.map(\.level) == [1, 2, 3, 4, 5])
        #expect(docs.allSatisfy { $0.fee == nil && $0.currency == "USD" })
    }

    @Test("two currencies: one reminder each, numbered in turn")
    func twoCurrencies() {
        let docs = run(customers + f1 + "2026-01-05 invoice F2 acme 800.00 USD\n  due 2026-02-04\n").documents
        #expect(docs.map(\.currency) == ["EUR", "USD", "EUR", "USD", "EUR", "USD", "EUR", "USD", "EUR", "USD"])
        #expect(docs.map(\.id) == (1...10).map { "R2026-" + ($0 < 10 ? "000" : "00") + "\($0)" })
        #expect(docs.map(\.fee) == [nil, nil, nil, nil, nil, nil, eur(4000), nil, eur(4000), nil])
    }

    @Test("one reminder per customer: each invoice at its own level, the document at the highest")
    func ownLevels() {
        let sim = run(customers + f1 + "2026-01-19 invoice F2 acme 200.00 EUR\n  due 2026-02-18\n")
        let docs = sim.documents
        #expect(docs.count == 7)
        let d3 = docs[2]
        #expect("\(d3.date)" == "2026-02-25" && d3.level == 3 && d3.channel == .email)
        #expect(d3.invoices.map(\.number) == ["F1", "F2"] && d3.invoices.map(\.level) == [3, 2])
        #expect(d3.fee == nil && d3.interest == nil)
        let d4 = docs[3]
        #expect("\(d4.date)" == "2026-03-11" && d4.level == 4 && d4.invoices.map(\.level) == [4, 3])
        // One indemnity per late invoice; interest per invoice: F1 35 days → 1165 (see `plain`);
        // F2 21 days: 20000 × 1215 × 21 / 3 650 000 = 510 300 000 / 3 650 000 = 139.81 → 140.
        #expect(d4.fee == eur(8000))
        #expect(d4.interest == eur(1165 + 140))
        let d5 = docs[4]
        #expect("\(d5.date)" == "2026-03-21" && d5.level == 5 && d5.channel == .letter && d5.invoices.map(\.number) == ["F1"])
        // The history record keeps F2's own level.
        #expect(sim.history.contains("""
            2026-02-25 reminder R2026-0003 acme
              level    3
              channel  email
              invoice  F1 1000.00 EUR
              invoice  F2 200.00 EUR level 2

            """), "\(sim.history)")
    }

    @Test("grouping per invoice: one document per invoice, at that invoice's level")
    func perInvoice() {
        let docs = run(customers + f1 + "2026-01-19 invoice F2 acme 200.00 EUR\n  due 2026-02-18\n",
                       config: config(dunning: "[dunning]\ngrouping = \"invoice\"\n")).documents
        #expect(docs.allSatisfy { $0.invoices.count == 1 && $0.invoices[0].level == $0.level })
        #expect(docs.map(\.id) == (1...9).map { "R2026-000\($0)" })
        #expect(docs.map { "\($0.date) \($0.invoices[0].number) L\($0.level)" } == twoInvoices.map(\.description))
    }

    @Test("a partial payment: reminded with what is still owed")
    func partial() {
        let docs = run(customers + f1 + "2026-02-15 payment acme 400.00 EUR\n  apply F1\n").documents
        #expect(docs.map { $0.invoices[0].outstanding } == [eur(100_000), eur(100_000), eur(60_000), eur(60_000), eur(60_000)])
    }

    @Test("ids continue after the history of the year and restart in a new year")
    func numberingAcrossYears() {
        let books = customers + """
            2025-09-01 invoice F0 bob 50.00 EUR
              due 2025-10-01
            2025-10-02 reminder R2025-0012 bob
              level 2
              channel email
              invoice F0 50.00 EUR
            2025-10-10 payment bob 50.00 EUR

            2025-11-20 invoice F1 acme 1000.00 EUR
              due 2025-12-20

            """
        // Due 2025-12-20: courtesy 12-17, +7 = 12-27, +21 = 01-10, +35 = 01-24, +45 = 02-03.
        let docs = run(books, from: "2025-11-20").documents
        #expect(docs.map { "\($0.date) \($0.id)" } == ["2025-12-17 R2025-0013", "2025-12-27 R2025-0014", "2026-01-10 R2026-0001",
                                                      "2026-01-24 R2026-0002", "2026-02-03 R2026-0003"])
    }

    @Test("ids continue after the highest of the year, whatever the order of the history")
    func numberingAfterHighest() {
        let books = customers + f1 + """
            2026-01-03 reminder R2026-0010 bob
              channel phone
              note "appel"
            2026-01-02 reminder R2026-0009 bob
              channel phone
            2026-01-02 reminder R2025-0099 bob
              channel phone

            """
        #expect(run(books).documents.map(\.id) == ["R2026-0011", "R2026-0012", "R2026-0013", "R2026-0014", "R2026-0015"])
        let prefixed = run(customers + f1, config: config(dunning: "[dunning]\nid_prefix = \"REL\"\n")).documents
        #expect(prefixed.map(\.id).first == "REL2026-0001")
    }
}
