import Books
import Configuration
import Dunning
import Receivables
import Testing

func day(_ s: String) -> Day { Day(s)! }

let noSpan = Span(file: 0, line: 0, column: 0, length: 0)

/// Books from texts; records a test issue when they do not load cleanly.
func loadBooks(_ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Books {
    let b = Books.load(texts.enumerated().map { SourceFile(path: "part\($0.offset).books", text: $0.element) })
    #expect(!b.hasErrors, "\(b.diagnostics.map { "\($0.location) \($0.message)" })", sourceLocation: sourceLocation)
    return b
}

/// The default French policy, as `relance.toml` with only a [company] gives it.
func frenchConfig() -> RelanceConfig { RelanceConfig(company: Company(name: "Atelier Exemple")) }

/// A configuration read from the text of `relance.toml`'s [dunning] part (a [company] is added).
func config(dunning toml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> RelanceConfig {
    let (config, diagnostics) = ConfigParser.parse("[company]\nname = \"Atelier Exemple\"\n\n" + toml)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return config!
}

/// One invoice reminded at one level on one day.
struct Sent: Equatable, CustomStringConvertible {
    var date: String
    var invoice: String
    var level: Int
    init(_ date: String, _ invoice: String, _ level: Int) {
        self.date = date
        self.invoice = invoice
        self.level = level
    }
    var description: String { "\(date) \(invoice) L\(level)" }
}

/// One reminder document sent by the simulated cron, in plain values.
struct SentDocument: CustomStringConvertible {
    var date: Day
    var id: String
    var customer: String
    var currency: String
    var level: Int
    var channel: Channel
    /// (invoice number, its own level, outstanding) in the document's order.
    var invoices: [(number: String, level: Int, outstanding: Money)]
    /// Invoices not yet due given for information, (number, courtesy level, outstanding).
    var upcoming: [(number: String, level: Int, outstanding: Money)] = []
    var formal = false
    var warnings: [String]
    var fee: Money?
    var interest: Money?
    var description: String {
        "\(date) \(id) \(customer) L\(level) \(channel) \(invoices.map { "\($0.number):\($0.level)" })"
            + (upcoming.isEmpty ? "" : " info \(upcoming.map { "\($0.number):\($0.level)" })")
    }
}

/// A daily cron over the books: plans, "sends" what is planned by appending reminder records
/// to a history file, and reloads the books the next day.
struct Simulation {
    var books: [String]
    var config: RelanceConfig
    var history = ""
    var documents: [SentDocument] = []

    init(_ books: String..., config: RelanceConfig = frenchConfig()) {
        self.books = books
        self.config = config
    }

    /// Every (date, invoice, level) sent, in order (within a day, in document order; those for information last).
    var sent: [Sent] {
        documents.flatMap { d in (d.invoices + d.upcoming).map { Sent("\(d.date)", $0.number, $0.level) } }
    }

    /// Runs the cron on every day of `days` days from `start` for which `runs` is true.
    mutating func run(from start: String, days: Int = 120, runs: (Day) -> Bool = { _ in true },
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let first = day(start)
        for k in 0..<days {
            let d = first.adding(days: k)
            if runs(d) { runOnce(d, sourceLocation: sourceLocation) }
        }
    }

    mutating func runOnce(_ d: Day, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let b = loadBooks(books + [history], sourceLocation: sourceLocation)
        let plan = Planner(books: b, config: config, asOf: d).plan(outstanding: Allocation.compute(b, asOf: d))
        var records: [String] = []
        for r in plan.reminders {
            var record = ReminderRecord(id: r.id, date: d, customerID: b.customers[Int(r.customer)].id, span: noSpan, customerSpan: noSpan)
            record.level = r.level.number
            record.channel = r.channel
            // The invoices given for information are recorded too, at their courtesy level (as `run` does).
            record.invoices = (r.invoices + r.upcoming).map {
                RemindedInvoice(number: b.invoices[Int($0.invoice)].number, outstanding: $0.outstanding, level: $0.level, span: noSpan)
            }
            record.fee = r.fee
            record.interest = r.interest
            records.append(HistoryWriter.text(of: record))
            documents.append(SentDocument(
                date: d, id: r.id, customer: record.customerID, currency: r.currency.code, level: r.level.number, channel: r.channel,
                invoices: r.invoices.map { (b.invoices[Int($0.invoice)].number, $0.level, $0.outstanding) },
                upcoming: r.upcoming.map { (b.invoices[Int($0.invoice)].number, $0.level, $0.outstanding) },
                formal: r.level.formal,
                warnings: r.warnings, fee: r.fee, interest: r.interest))
        }
        history = String(decoding: HistoryWriter.append(records, to: Array(history.utf8)), as: UTF8.self)
    }
}

func eur(_ minor: Int64) -> Money { Money(minor: minor, currency: .EUR) }
