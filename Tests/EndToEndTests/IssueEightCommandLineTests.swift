import Books
import CommandTestSupport
import Foundation
import Receivables
import RelanceCommands
import Testing

/// Runs a library command in this process, as the executable would: a fixed today, output in memory.
func runCommandInProcess(_ root: URL, today: String = "2026-11-22",
                         _ body: (CommandContext) throws -> RelanceCommands.ExitStatus) -> (status: Int32, out: String, err: String) {
    let context = testContext(root.path, today: today, now: 1_795_000_000)
    let (status, message) = outcome(body, context)
    return (status.rawValue, context.out.text, context.err.text + (message.isEmpty ? "" : "relance: " + message + "\n"))
}

let booksHere = BooksOptions()

@Suite("Command line: what a user types (issue 8 §5)")
struct CommandLineTests {
    // MARK: gapless ids

    /// Whatever the filter, the ids of the reminders a run would write follow the last one of the year, without a gap.
    @Test(arguments: 1...5)
    func filteredPlansNumberTheirRemindersWithoutGaps(level: Int) throws {
        let root = Relance.packageRoot.appendingPathComponent("ledger-example")
        for filter in [PlanFilter(level: level), PlanFilter(minAmount: level == 1 ? AmountThreshold("2000") : nil)] {
            let r = runCommandInProcess(root) {
                try PlanCommand.run(.init(books: BooksOptions(books: root.path, asOf: "2026-12-15"), filter: filter, format: .json), $0)
            }
            #expect(r.status == 0, "\(r.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            let ids = (json["reminders"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            // ledger-example's history ends at R2026-0003.
            #expect(ids == ids.indices.map { String(format: "R2026-%04d", 4 + $0) }, "\(filter.level.map { "level \($0)" } ?? "min amount"): \(ids)")
        }
    }

    @Test func aFilteredRunWritesGaplessIds() throws {
        let git = try GitBooks()
        let r = try git.relance(["run", "--as-of", "2026-12-15", "--level", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        let ids = r.stdout.split(separator: "\n").compactMap { $0.hasPrefix("R2026-") ? String($0.prefix(10)) : nil }
        #expect(!ids.isEmpty, "\(r.stdout)")
        #expect(ids == ids.indices.map { String(format: "R2026-%04d", 4 + $0) }, "\(ids)")
    }

    // MARK: history --as-of, aging DSO for the filter

    @Test func historyAsOfListsOnlyWhatWasMadeByThen() throws {
        let temp = try TempBooks(bookSet.merging(["history/2026.books": """
            2026-11-20 reminder R2026-0001 acme
              level 2
              invoice F2026-001 1000.00 EUR
            2027-01-10 reminder R2027-0001 acme
              level 3
              invoice F2026-001 1000.00 EUR
            """]) { $1 })
        let r = runCommandInProcess(temp.root) { try HistoryCommand.run(.init(books: BooksOptions(asOf: "2026-11-25"), format: .csv), $0) }
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("R2026-0001"))
        #expect(!r.out.contains("R2027-0001"), "\(r.out)")
        let all = runCommandInProcess(temp.root, today: "2027-02-01") { try HistoryCommand.run(.init(books: booksHere, format: .csv), $0) }
        #expect(all.out.contains("R2027-0001"), "\(all.out)")
    }

    /// acme: 1300.00 EUR owed, 1600.00 invoiced over the year: DSO = 1300 × 365 ÷ 1600 = 296.6 → 297 (the books': 291).
    @Test func agingDSOIsTheFilteredCustomers() throws {
        let temp = try TempBooks(bookSet)
        let r = try Relance.run(["aging", "--as-of", "2026-11-22", "--customer", "acme", "--format", "json"], in: temp.root)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["dso"] as? [String: Int] == ["EUR": 297], "\(r.stdout)")
        let table = try Relance.run(["aging", "--as-of", "2026-11-22", "--customer", "acme"], in: temp.root)
        #expect(table.stdout.contains("DSO of acme (EUR): 297 days"), "\(table.stdout)")
    }

    // MARK: --min-amount

    @Test(arguments: [["plan"], ["status"], ["aging"], ["plan", "--format", "json"]])
    func aMinAmountThatDoesNotParseIsAUsageError(command: [String]) throws {
        let temp = try TempBooks(bookSet)
        for text in ["1,000", "abc", "1000.005", "-5", "1 000"] {
            let r = try Relance.run(command + ["--as-of", "2026-11-22", "--min-amount=\(text)"], in: temp.root)
            #expect(r.status == 64, "\(command) --min-amount \(text): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("--min-amount \(text):"), "\(r.stderr)")
            // Not an amount at all: the usage shown is the command's, not the bare `relance <subcommand>`.
            // (1000.005 is an amount, refused once the books' currencies are known.)
            if text != "1000.005" { #expect(r.stderr.contains("Usage: relance \(command[0]) "), "\(r.stderr)") }
            #expect(r.stdout.isEmpty)
        }
    }

    /// JPY has no decimals: a minimum of 80000.5 JPY is more than 80000 JPY (it is not "no minimum").
    @Test func aMinAmountIsComparedExactlyInEveryCurrency() throws {
        let temp = try TempBooks(bookSet)
        func numbers(_ minimum: String) throws -> [String] {
            let r = try Relance.run(["status", "--as-of", "2026-11-22", "--format", "csv", "--currency", "JPY", "--min-amount", minimum],
                                    in: temp.root)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[0]) }.sorted()
        }
        #expect(try numbers("80000.5") == [])
        #expect(try numbers("79999.5") == ["F2026-004"])
    }

    // MARK: --only, --version, help

    @Test func runOnlyAnUnknownIdSaysInvoiceOrCustomer() throws {
        let git = try GitBooks()
        let r = try git.relance(["run", "--as-of", "2026-12-15", "--only", "F2026-0422"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("no invoice or customer \"F2026-0422\""), "\(r.stderr)")
        #expect(r.stderr.contains("(did you mean F2026-0"), "\(r.stderr)")
    }

    /// The same answers in-process and from the built program (its wiring: arguments, output, exit status).
    @Test(arguments: [false, true])
    func versionAndHelpOfAnUnknownCommand(binary: Bool) throws {
        let temp = try TempBooks(["notes.txt": "no books here\n"])
        let relance = { (arguments: [String]) throws -> Relance.Result in
            binary ? try Relance.binary(arguments, in: temp.root) : try Relance.run(arguments, in: temp.root)
        }
        let v = try relance(["--version"])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.range(of: #"^relance \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(v.stdout)")
        let bogus = try relance(["help", "bogus"])
        #expect(bogus.status == 64, "\(bogus.stdout)")
        #expect(bogus.stderr.contains("bogus"), "\(bogus.stderr)")
        let known = try relance(["help", "status"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("--min-amount"))
        // A usage error found while parsing: 64, the message and this command's usage on stderr, nothing on stdout.
        let usage = try relance(["status", "--currency", "XYZ"])
        #expect(usage.status == 64)
        #expect(usage.stdout.isEmpty)
        #expect(usage.stderr.contains("Error: --currency XYZ: not an ISO 4217 currency code"), "\(usage.stderr)")
        #expect(usage.stderr.contains("Usage: relance status"), "\(usage.stderr)")
    }

    // MARK: spreadsheet CSV

    @Test(arguments: ["status", "aging"])
    func frenchSpreadsheetCSV(command: String) throws {
        let temp = try TempBooks(bookSet)
        let r = try Relance.run([command, "--as-of", "2026-11-22", "--format", "csv-fr"], in: temp.root)
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = Array(r.stdout.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a UTF-8 byte order mark first")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
        let lines = text.components(separatedBy: "\r\n").dropLast()
        let columns = try #require(lines.first).split(separator: ";", omittingEmptySubsequences: false).count
        #expect(columns > 3)
        for line in lines { #expect(line.split(separator: ";", omittingEmptySubsequences: false).count == columns, "\(line)") }
        #expect(text.contains(command == "status" ? "1000,00" : "1300,00"), "decimal comma: \(text)")
        #expect(!text.contains("1000.00"))
        // The machine CSV is unchanged.
        let machine = try Relance.run([command, "--as-of", "2026-11-22", "--format", "csv"], in: temp.root)
        #expect(machine.stdout.contains(command == "status" ? "1000.00" : "1300.00"))
        #expect(!machine.stdout.hasPrefix("\u{FEFF}"))
        let help = try Relance.run([command, "--help"], in: temp.root)
        #expect(help.stdout.contains("csv-fr"), "\(help.stdout)")
    }
}

