import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// SplitMix64: the same books on every run.
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

/// Small random books that load without errors: partial payments, credit notes, payments applied to other
/// customers' invoices, write-offs, holds, four currencies (EUR, USD, JPY with no decimals, KWD with three),
/// customer ids beancount must rename.
func randomBooks(seed: UInt64) -> String {
    var rng = SeededGenerator(state: seed &* 7919 &+ 11)
    let ids = ["acme", "bob", "dupont_sa", "a.b", "Zed-9"]
    let currencies = ["EUR", "EUR", "USD", "JPY", "KWD"]
    func text(_ minor: Int64, _ code: String) -> String { Money(minor: minor, currency: Currency(code: code)!).plain }
    var out = ""
    for id in ids { out += "customer \(id)\n  name \"Customer \(id)\"\n  terms \(Int.random(in: 0...45, using: &rng))\n\n" }
    let start = Day("2026-01-01")!
    var invoices: [(number: String, customer: String, currency: String, date: Day)] = []
    for k in 0..<Int.random(in: 5...25, using: &rng) {
        let date = start.adding(days: Int.random(in: 0...150, using: &rng))
        let customer = ids.randomElement(using: &rng)!, code = currencies.randomElement(using: &rng)!
        out += "\(date) invoice F\(k) \(customer) \(text(Int64.random(in: 1...200_000, using: &rng), code)) \(code)\n"
        invoices.append(("F\(k)", customer, code, date))
    }
    for k in 0..<Int.random(in: 3...25, using: &rng) {
        let date = start.adding(days: Int.random(in: 0...180, using: &rng))
        let customer = ids.randomElement(using: &rng)!, code = currencies.randomElement(using: &rng)!
        let isCredit = Int.random(in: 0..<4, using: &rng) == 0
        out += isCredit ? "\(date) credit AV\(k) \(customer) \(text(Int64.random(in: 1...150_000, using: &rng), code)) \(code)\n"
                        : "\(date) payment \(customer) \(text(Int64.random(in: 1...150_000, using: &rng), code)) \(code)\n"
        // Apply lines without an amount never fail; some go to other customers' invoices.
        // Every third seed applies only to the payer's own invoices (books that status replays in the reference order today).
        for inv in invoices where inv.currency == code && inv.date <= date && Int.random(in: 0..<4, using: &rng) == 0
                                  && (seed % 3 != 0 || inv.customer == customer) {
            out += "  apply \(inv.number)\n"
        }
        if !isCredit { out += "  ref \"VIR \(k)\"\n" }
    }
    for inv in invoices where Int.random(in: 0..<6, using: &rng) == 0 {
        out += "\(inv.date.adding(days: Int.random(in: 0...90, using: &rng))) writeoff \(inv.number) \"lost\"\n"
    }
    if let inv = invoices.randomElement(using: &rng) { out += "\(inv.date) hold \(inv.number) \"disputed\"\n" }
    return out
}

@Suite("Export: hledger, ledger and beancount agree with relance")
struct ToolTests {
    static let days = ["2025-06-30", "2026-01-31", "2026-06-30", "2026-10-15", "2026-11-22", "2026-12-31"]

    /// Every tool's balance per customer and currency, on each day, against `relance status --format json` that day.
    func compare(_ root: String, days: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let folder = try TempFolder()
        let hledger = folder.path + "/r.journal", ledger = folder.path + "/r.ledger", beancount = folder.path + "/r.beancount"
        try folder.write("r.journal", try exportText(root, format: "hledger"))
        try folder.write("r.ledger", try exportText(root, format: "ledger"))
        try folder.write("r.beancount", try exportText(root, format: "beancount"))
        let check = try runTool("bean-check", [beancount], in: folder.path)
        #expect(check.status == 0, "bean-check: \(check.stdout) \(check.stderr)", sourceLocation: sourceLocation)
        let loaded = try BooksLocation.load(root: root)
        let beancountByDay = try beancountBalances(beancount, asOf: days)
        for day in days {
            var expected = try relanceBalances(root, asOf: day)
            // The reference replay (every event in date order, docs/format.md). Where `status` differs from it, the
            // books meet the known defect of issue 8 §6 (a payment applied to another customer's invoice is replayed
            // customer by customer): the export follows the documented order, and the difference is a known issue.
            let reference = outstanding(loaded.books, asOf: Day(day)!)
            if reference != expected {
                withKnownIssue("status replays third-party applies customer by customer (issue 8 §6)") {
                    #expect(reference == expected, "on \(day)", sourceLocation: sourceLocation)
                }
                expected = reference
            }
            for (tool, actual) in [("hledger", try hledgerBalances(hledger, asOf: day)), ("ledger", try ledgerBalances(ledger, asOf: day)),
                                   ("beancount", beancountByDay[day] ?? [:])] {
                let differing = Set(actual.keys).union(expected.keys).filter { actual[$0] != expected[$0] }.sorted()
                #expect(actual == expected, "\(tool) on \(day): \(differing.map { "\($0): \(actual[$0] ?? 0) for relance's \(expected[$0] ?? 0)" })",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func theExampleBooks() throws {
        let books = try exampleCopy()
        // Something is owed on the last day, in two currencies: the comparison is not between empty sets.
        let end = try relanceBalances(books.path, asOf: "2026-11-22")
        #expect(end.count >= 5 && Set(end.keys.map(\.currency)).count == 2, "\(end)")
        try compare(books.path, days: Self.days)
    }

    @Test(arguments: 1...9 as ClosedRange<UInt64>)
    func generatedBooks(seed: UInt64) throws {
        let books = try TempFolder()
        try books.write("relance.toml", "[company]\nname = \"Test\"\n")
        try books.write("main.books", randomBooks(seed: seed))
        let loaded = try BooksLocation.load(root: books.path)
        #expect(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        var days = ["2026-01-01", "2026-02-15", "2026-04-01", "2026-05-20", "2026-07-01", "2026-12-31"]
        if seed % 2 == 0 { days.append("2026-03-0\(seed % 9 + 1)") }
        try compare(books.path, days: days)
    }

    @Test func configuredAccountsAreUsedByEveryTool() throws {
        let books = try TempFolder()
        try books.write("relance.toml", """
            [company]
            name = "Test"

            [export]
            account = "Assets:Clients"
            income = "Income:Fees"
            bank = "Assets:Current-Account"
            """)
        try books.write("main.books", randomBooks(seed: 42))
        let folder = try TempFolder()
        try folder.write("r.journal", try exportText(books.path, format: "hledger"))
        try folder.write("r.beancount", try exportText(books.path, format: "beancount"))
        let expected = try relanceBalances(books.path, asOf: "2026-12-31")
        #expect(!expected.isEmpty)
        #expect(try hledgerBalances(folder.path + "/r.journal", asOf: "2026-12-31", prefix: "Assets:Clients:") == expected)
        #expect(try beancountBalances(folder.path + "/r.beancount", asOf: ["2026-12-31"], prefix: "Assets:Clients:")["2026-12-31"] == expected)
        #expect(folder.text("r.journal").contains("Income:Fees"))
        #expect(!folder.text("r.journal").contains("Assets:Receivable"))
    }

    @Test func aBadAccountInRelanceTomlIsLocated() throws {
        let books = try TempFolder()
        try books.write("relance.toml", "[company]\nname = \"Test\"\n\n[export]\naccount = \"Assets: Receivable\"\n")
        try books.write("main.books", randomBooks(seed: 1))
        let context = testContext(books.path)
        #expect(throws: CommandFailure.self) { try ExportCommand.run(.init(books: BooksOptions(books: books.path), format: .hledger), context) }
        #expect(context.err.text.contains("relance.toml:5:"), "\(context.err.text)")
        #expect(context.out.text.isEmpty)
    }

    @Test func outWritesTheFileAndNothingOnStandardOutput() throws {
        let books = try exampleCopy()
        let context = testContext(books.path)
        let status = try ExportCommand.run(.init(books: BooksOptions(books: books.path, asOf: "2026-11-22"), format: .ledger, out: "x.ledger"), context)
        #expect(status == .ok)
        #expect(context.out.text.isEmpty)
        #expect(books.text("x.ledger") == (try exportText(books.path, format: "ledger", asOf: "2026-11-22")))
        // Same books, same bytes.
        #expect(try exportText(books.path, format: "beancount", asOf: "2026-11-22") == (try exportText(books.path, format: "beancount", asOf: "2026-11-22")))
    }
}
