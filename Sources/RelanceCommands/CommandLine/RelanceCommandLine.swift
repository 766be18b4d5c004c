import ArgumentParser
import Foundation
import Books
import Receivables

/// relance's command line: every command's arguments, parsed and checked here once, then run with an injected context.
public struct RelanceCommandLine: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "relance",
        abstract: "Payment reminders (relances) for books kept as plain text in git.",
        discussion: """
        relance reads customers, invoices, credit notes and payments from the *.books files of a books folder (the nearest folder upwards holding relance.toml, or --books DIR, or $RELANCE_BOOKS), works out what is owed and how late, and plans the reminders.

        A day with relance:
          relance check            every problem in the books, located and explained
          relance status           open invoices, days late, last reminder
          relance aging            aged balance per customer (balance âgée), DSO
          relance plan             dry run: the reminders due today, and why
          relance run              write them, record them, commit the batch
          relance send             deliver the e-mails not yet delivered (or: relance run --send)
          relance history acme     every reminder to one customer (or invoice)
          relance import releve.csv  the bank's payments matched to invoices (--write --commit)
          relance log              the reminders as git has them (commits and trailers)
          relance verify           history and reminder files still as their commits made them

        Dates are calendar days; --as-of YYYY-MM-DD replays any day (default: today in the books' time zone). Exit codes: 0 ok, 1 findings, 64 bad usage, 65 bad data. The books format: docs/format.md.
        """,
        version: "relance 0.8.0",
        subcommands: [Check.self, Status.self, Aging.self, Plan.self, Run.self, Remind.self, History.self, Show.self,
                      Print.self, Posted.self, ImportStatements.self, Send.self,
                      ExportJournal.self, Init.self, Hooks.self, Completions.self, Manual.self,
                      Log.self, Verify.self, Serve.self])

    public init() {}

    /// Parses `arguments` (without the program's name), runs the command with `context` and returns the exit status.
    /// Usage errors (64) and help go to the context's sinks, as the program prints them. `serve` starts the web
    /// screen (only the program has one; without it `relance serve` is refused).
    public static func run(_ arguments: [String], context: CommandContext,
                           serve: ((ServeOptions, CommandContext) throws -> ExitStatus)? = nil) -> Int32 {
        defer {
            context.out.flush()
            context.err.flush()
        }
        // `relance help NAME` for a NAME that is no command is a usage error (64), not the main help with 0.
        if arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName } + ["help"]
            if !names.contains(arguments[1]) {
                context.err.write("relance: help \(arguments[1]): there is no command \"\(arguments[1])\""
                    + Suggestion.hint(for: arguments[1], among: names) + "; the commands are " + names.dropLast().joined(separator: ", ")
                    + ". `relance --help` teaches them.\n")
                return ExitStatus.usage.rawValue
            }
        }
        // Help is wrapped to the terminal's width on a terminal, to 80 columns in memory (tests: the same text every time).
        let columns = context.out.isInMemory ? 80 : nil
        do {
            var command = try parseAsRoot(arguments)
            let status: ExitStatus
            switch command {
            case let serveCommand as Serve:
                guard let serve else { throw CommandFailure(.usage, "serve: the web screen runs only from the relance program") }
                status = try serve(serveCommand.options, context)
            case let runnable as any ContextCommand:
                status = try runnable.run(in: context)
            default:
                // A command with subcommands only (`relance hooks`): ArgumentParser's own run shows its help.
                try command.run()
                status = .ok
            }
            return status.rawValue
        } catch let failure as CommandFailure {
            context.out.flush()
            context.err.write("relance: \(failure.message)\n")
            return failure.status.rawValue
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error, columns: columns)
            if !text.isEmpty {
                if code == .success { context.out.write(text + "\n") } else { context.err.write(text + "\n") }
            }
            return code.rawValue
        }
    }
}

/// A command that runs with an injected context and tells its exit status (every command but `serve` and the groups).
protocol ContextCommand: ParsableCommand {
    func run(in context: CommandContext) throws -> ExitStatus
}

/// Options shared by every command that reads the books.
struct BooksArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The books folder (default: $RELANCE_BOOKS, else the nearest folder upwards with relance.toml).", valueName: "dir"))
    var books: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day to compute for, YYYY-MM-DD (default: today in the books' time zone).", valueName: "date"))
    var asOf: String?

    var options: BooksOptions { BooksOptions(books: books, asOf: asOf) }
}

/// Filters shared by status and aging.
struct FilterArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Only this customer (its id).", valueName: "id"))
    var customer: String?

    @Option(help: ArgumentHelp("Only customers of this group.", valueName: "name"))
    var group: String?

    @Option(help: ArgumentHelp("Only this currency (ISO 4217 code).", valueName: "code"))
    var currency: String?

    @Option(name: .customLong("min-amount"), help: ArgumentHelp("Only items with at least this outstanding, e.g. 100 or 99.50.", valueName: "amount"))
    var minAmount: String?

    /// Checked while parsing, so that the error shows this command's usage.
    func validate() throws { _ = try filter() }

    func filter(lateOnly: Bool = false) throws -> StatusFilter {
        var currencyValue: Currency?
        if let code = currency {
            guard let c = Currency(code: code.uppercased()) else {
                throw ValidationError("--currency \(code): not an ISO 4217 currency code" + Suggestion.hint(for: code.uppercased(), among: Currency.allCodes))
            }
            currencyValue = c
        }
        return StatusFilter(customer: customer, group: group, lateOnly: lateOnly, minAmount: try parseMinimum(minAmount), currency: currencyValue)
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// `--min-amount TEXT`, parsed once into an exact amount; anything else is a usage error (exit 64).
func parseMinimum(_ text: String?) throws -> AmountThreshold? {
    guard let text else { return nil }
    if let minimum = AmountThreshold(text) { return minimum }
    var hint = ""
    let kept = text.filter { $0.isNumber || $0 == "." || $0 == "," }
    if kept.count == text.filter({ !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{A0}" }).count, kept.contains(where: \.isNumber) {
        // "1,000", "1 000", "1.000,50": a thousands separator or a decimal comma.
        let lastComma = kept.lastIndex(of: ","), lastDot = kept.lastIndex(of: ".")
        let decimalComma = lastComma.map { c in lastDot.map { $0 < c } ?? (kept.distance(from: c, to: kept.endIndex) - 1 != 3) } ?? false
        var plain = ""
        for (i, ch) in zip(kept.indices, kept) where ch.isNumber || (i == (decimalComma ? lastComma : lastDot)) {
            plain.append(ch == "," ? "." : ch)
        }
        if AmountThreshold(plain) != nil { hint = " (\(text) is written \(plain))" }
    }
    throw ValidationError("--min-amount \(text): write a plain amount, with a dot before the decimals and no thousands separator, such as 1000 or 99.50\(hint)")
}
