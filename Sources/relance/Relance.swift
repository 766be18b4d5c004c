import ArgumentParser
import Books
import Receivables
import RelanceCommands

@main
struct Relance: ParsableCommand {
    static let configuration = CommandConfiguration(
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
          relance history acme     every reminder to one customer (or invoice)
          relance log              the reminders as git has them (commits and trailers)
          relance verify           history and reminder files still as their commits made them

        Dates are calendar days; --as-of YYYY-MM-DD replays any day (default: today in the books' time zone). Exit codes: 0 ok, 1 findings, 64 bad usage, 65 bad data. The books format: docs/format.md.
        """,
        subcommands: [Check.self, Status.self, Aging.self, Plan.self, Run.self, Remind.self, History.self, Show.self,
                      Print.self, Posted.self,
                      Log.self, Verify.self])
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

    func filter(lateOnly: Bool = false) throws -> StatusFilter {
        var currencyValue: Currency?
        if let code = currency {
            guard let c = Currency(code: code.uppercased()) else {
                throw ValidationError("--currency \(code): not an ISO 4217 currency code" + Suggestion.hint(for: code.uppercased(), among: Currency.allCodes))
            }
            currencyValue = c
        }
        if let m = minAmount, Money.parseDecimal(Array(m.utf8)[...], minorUnits: 3) == nil {
            throw ValidationError("--min-amount \(m): write a positive decimal such as 100 or 99.50")
        }
        return StatusFilter(customer: customer, group: group, lateOnly: lateOnly, minAmount: minAmount, currency: currencyValue)
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// Runs a library command with the live context and maps the outcome to an exit code.
func execute(_ body: (CommandContext) throws -> ExitStatus) throws {
    let context = CommandContext.live()
    defer {
        context.out.flush()
        context.err.flush()
    }
    let status: ExitStatus
    do {
        status = try body(context)
    } catch let failure as CommandFailure {
        context.out.flush()
        context.err.write("relance: \(failure.message)\n")
        context.err.flush()
        throw ExitCode(failure.status.rawValue)
    }
    context.out.flush()
    context.err.flush()
    if status != .ok { throw ExitCode(status.rawValue) }
}
