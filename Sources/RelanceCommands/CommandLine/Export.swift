import ArgumentParser
import Export

extension ExportFormat: ExpressibleByArgument {}

struct ExportJournal: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The receivables as a journal for hledger, ledger or beancount, or as CSV.",
        discussion: """
        Every invoice, credit note, payment and write-off dated on or before --as-of becomes a dated, balanced transaction. Each customer has its own account (Assets:Receivable:ID by default), whose balance per currency on any day is what `relance status --as-of` that day shows as outstanding (open invoices less unused credits): `hledger bal --end` the next day gives the same figures. A payment applied to another customer's invoice credits that customer's account.

        The other accounts are set in relance.toml:
          [export]
          account = "Assets:Receivable"       # customers' accounts go under it
          income = "Income:Sales"             # invoices
          bank = "Assets:Bank"                # payments
          credit_notes = "Income:Credit-Notes"
          writeoffs = "Expenses:Bad-Debts"

        For beancount, customer ids become valid account names (acme -> Acme, dupont_sa -> Dupont-sa) and each account's `customer` metadata gives the id back.

        Examples:
          relance export --format hledger --out receivables.journal
          hledger -f receivables.journal bal Assets:Receivable --end 2026-11-23
          relance export --format beancount --out r.beancount && bean-check r.beancount
          relance export --format csv > postings.csv
        """)

    @OptionGroup var books: BooksArguments

    @Option(help: "hledger, ledger, beancount or csv (one line per posting).")
    var format: ExportFormat

    @Option(help: ArgumentHelp("The file to write (default: standard output).", valueName: "file"))
    var out: String?

    func run(in context: CommandContext) throws -> ExitStatus {
        return try ExportCommand.run(.init(books: books.options, format: format, out: out), context)
    }
}
