import ArgumentParser

struct Status: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open invoices as of a date: outstanding, days late, state, last reminder.",
        discussion: """
        One line per open invoice (and per customer credit not yet used), with totals per currency. States: not due, due (today), late, held (reminders paused), credit. Examples:
          relance status --late-only
          relance status --customer acme --format json
          relance status --as-of 2026-12-31 --min-amount 500
        """)

    @OptionGroup var books: BooksArguments
    @OptionGroup var filters: FilterArguments

    @Flag(name: .customLong("late-only"), help: "Only invoices past their due date.")
    var lateOnly = false

    @Option(help: "table, json, csv (for programs: commas, decimal point) or csv-fr (for a spreadsheet in French: semicolons, decimal comma, UTF-8 BOM).")
    var format: ReportFormat = .table

    func run(in context: CommandContext) throws -> ExitStatus {
        let filter = try filters.filter(lateOnly: lateOnly)
        return try StatusCommand.run(.init(books: books.options, filter: filter, format: format), context)
    }
}
