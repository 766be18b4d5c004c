import ArgumentParser
import Receivables

extension AgingReport.Basis: ExpressibleByArgument {}

struct Aging: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Aged balance (balance âgée) per customer: not due, 1-30, 31-60, 61-90, 90+ days; DSO.",
        discussion: """
        Amounts still owed per customer and currency, spread by age: days past the due date (--by due, the default) or since the invoice date (--by invoice). Unused customer credits are shown apart and reduce the total. DSO = outstanding ÷ amount invoiced over the last 365 days × 365, per currency, of the customers shown (with --customer or --group, theirs alone). --format csv-fr writes a file a spreadsheet set to French opens as it is.
        """)

    @OptionGroup var books: BooksArguments
    @OptionGroup var filters: FilterArguments

    @Option(help: "Age from the due date (due) or from the invoice date (invoice).")
    var by: AgingReport.Basis = .due

    @Option(help: "table, json, csv (for programs: commas, decimal point) or csv-fr (for a spreadsheet in French: semicolons, decimal comma, UTF-8 BOM).")
    var format: ReportFormat = .table

    func run(in context: CommandContext) throws -> ExitStatus {
        let filter = try filters.filter()
        return try AgingCommand.run(.init(books: books.options, basis: by, filter: filter, format: format), context)
    }
}
