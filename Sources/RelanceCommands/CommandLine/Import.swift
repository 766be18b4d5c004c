import ArgumentParser
import Import

struct ImportStatements: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bank statements (CSV, OFX, CAMT.053) turned into payments matched to invoices.",
        discussion: """
        Proposes a payment record for each credit of the statements: whose it is,
        which invoices it pays, and the rule that decided (docs/import.md):
          1 already imported   its bank reference is in the books: skipped
          2 invoice number     invoice numbers in the label: applied to them,
                               what is more is left unapplied
          3 payer and amount   a customer's name, payer alias or iban, and the
                               amount left on one invoice, or on all of them
          4 payer only         a customer, no amount fits: written without
                               apply lines, to review
          5 probably recorded  a payment typed by hand, same amount, within
                               5 days: not written unless --force
          6 unmatched          listed, never written
        Debits are ignored. Without --write nothing is written. A CSV is read
        through an [import.csv.NAME] profile of relance.toml.

        Examples:
          relance import releve-novembre.csv
          relance import releve-novembre.csv --write --commit
          relance import statement.ofx camt053.xml --format-output json
        Exit codes: 0 it ran (unmatched lines or not), 64 bad usage, 65 a
        statement or the books cannot be read (nothing is written).
        """)

    // Only --books: an import reads every date of the books, it has no --as-of.
    @Option(name: .long, help: ArgumentHelp("The books folder (default: $RELANCE_BOOKS, else the nearest folder upwards with relance.toml).", valueName: "dir"))
    var books: String?

    @Argument(help: ArgumentHelp("The statements: .csv, .ofx/.qfx or CAMT.053 .xml.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("csv, ofx or camt053 (default: from the file's name and content).", valueName: "format"))
    var format: StatementFormat?

    @Option(help: ArgumentHelp("The [import.csv.NAME] profile of relance.toml for a CSV (default: the only one).", valueName: "name"))
    var profile: String?

    @Flag(help: "Append the payments to payments/YEAR.books (else only print the proposals).")
    var write = false

    @Flag(help: "Commit the written files (implies --write): `relance: N payments imported from FILE`, one `Payment: REF` trailer each.")
    var commit = false

    @Flag(help: "Also write the credits that look like a payment typed by hand (rule 5).")
    var force = false

    @Option(name: .customLong("format-output"), help: "table or json.")
    var formatOutput: ImportCommand.OutputFormat = .table

    func run(in context: CommandContext) throws -> ExitStatus {
        return try ImportCommand.run(.init(books: BooksOptions(books: books), files: files, format: format, profile: profile, write: write,
                                        commit: commit, force: force, output: formatOutput), context)
    }
}

extension StatementFormat: ExpressibleByArgument {}
extension ImportCommand.OutputFormat: ExpressibleByArgument {}
