import ArgumentParser
import Books

extension Channel: ExpressibleByArgument {}

/// Options choosing which invoices `plan` and `run` consider.
struct PlanArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Only this customer (repeatable).", valueName: "id"))
    var customer: [String] = []

    @Option(help: ArgumentHelp("Only customers of this group.", valueName: "name"))
    var group: String?

    @Option(help: ArgumentHelp("Only reminders of this level.", valueName: "n"))
    var level: Int?

    @Option(name: .customLong("min-amount"), help: ArgumentHelp("Only reminders of at least this amount.", valueName: "amount"))
    var minAmount: String?

    /// Checked while parsing, so that the error shows this command's usage.
    func validate() throws { _ = try parseMinimum(minAmount) }

    func filter() throws -> PlanFilter {
        PlanFilter(customers: customer, group: group, level: level, minAmount: try parseMinimum(minAmount))
    }
}

struct Plan: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dry run: the reminders due today, for which invoices, at which level, and why.",
        discussion: """
        One line per invoice with a reminder due: amount, due date, outstanding, the last reminder (date, level, note), the proposed level, the channel, the next planned date and the reason. Then the reminders `relance run` would write (one per customer, or per invoice, as the policy says). Nothing is written. Use --all to see every open invoice, including those with nothing due today.
        """)

    @OptionGroup var books: BooksArguments
    @OptionGroup var selection: PlanArguments

    @Flag(help: "List every open invoice, not only those with a reminder due.")
    var all = false

    @Option(help: "table, json, csv (for programs: commas, decimal point) or csv-fr (for a spreadsheet in French: semicolons, decimal comma, UTF-8 BOM).")
    var format: ReportFormat = .table

    func run(in context: CommandContext) throws -> ExitStatus {
        let filter = try selection.filter()
        return try PlanCommand.run(.init(books: books.options, filter: filter, format: format, all: all), context)
    }
}

struct Run: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the reminders due today, record them in history/, commit the batch.",
        discussion: """
        Renders each reminder (e-mail .eml and/or PDF letter) under reminders/YEAR/, appends it to history/YEAR.books and commits exactly those files through libgit2, with trailers (Reminder:, Invoice:, Customer:, Level:) for `git log --grep`. Safe to run from cron: a level is never sent twice, a missed day is caught up, a run that dies half-way is rolled back by the next one. Refuses while books files have uncommitted edits, during a merge or rebase, or while another run holds the lock.
        """)

    @OptionGroup var books: BooksArguments
    @OptionGroup var selection: PlanArguments

    @Option(help: ArgumentHelp("Only these invoices or customers (comma-separated or repeated).", valueName: "ids"))
    var only: [String] = []

    @Flag(help: "Then deliver every e-mail not yet delivered, as `relance send` does (for cron).")
    var send = false

    func run(in context: CommandContext) throws -> ExitStatus {
        let ids = only.flatMap { $0.split(separator: ",").map(String.init) }
        let filter = try selection.filter()
        let options = RunCommand.Options(books: books.options, filter: filter, only: ids)
        return send ? try RunCommand.runAndSend(options, context) : try RunCommand.run(options, context)
    }
}

struct Remind: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remind one invoice now, by hand (the next level), or record a phone call.",
        discussion: """
        Writes, records and commits one reminder for INVOICE, as `run` does, without waiting for the schedule: the next level, by the level's channel. The policy's minimum gap between two reminders to a customer still holds; --force overrides it.

        Examples:
          relance remind F2026-014 --message "Suite à notre appel de ce matin"
          relance remind F2026-014 --edit
          relance remind F2026-014 --level 5 --force
          relance remind F2026-014 --channel phone --message "virement promis lundi"

        --message adds a paragraph to the e-mail and the letter. --edit opens $VISUAL or $EDITOR on the rendered text first: what you save is what is written; lines starting with # are left out; an emptied text or an editor that fails cancels the reminder (nothing is written). --level 5 --force sends a formal notice now, skipping levels (never repeating one). --channel phone records a call you made, without a document. Levels are never sent twice; what --force overrode is recorded in history (`manual level`, `manual gap`).
        """)

    @OptionGroup var books: BooksArguments

    @Argument(help: "The invoice number.")
    var invoice: String

    @Option(help: ArgumentHelp("The level to send (default: the next one). A later level skips levels: it needs --force.", valueName: "n"))
    var level: Int?

    @Option(help: ArgumentHelp("email, letter or both (default: the level's); phone records a call you made, without a document.", valueName: "channel"))
    var channel: Channel?

    @Option(help: ArgumentHelp("A paragraph added to the e-mail and the letter (where the template places it), also the history note.", valueName: "text"))
    var message: String?

    @Flag(help: "Open $VISUAL or $EDITOR on the rendered text before anything is written; what you save is what is sent.")
    var edit = false

    @Flag(help: "Skip levels (with --level) and do not wait for the policy's minimum gap; recorded in history.")
    var force = false

    func run(in context: CommandContext) throws -> ExitStatus {
        return try RemindCommand.run(.init(books: books.options, invoice: invoice, level: level, channel: channel, message: message,
                                                  force: force, edit: edit), context)
    }
}

struct History: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every reminder sent, for all customers, one customer or one invoice.",
        discussion: "The same is in git: git log --grep 'Invoice: F2026-014'. With --as-of, the history as it stood that day (nothing made after it). json and csv also give, per reminder, what was chosen by hand with remind --force (manual: level, gap), its files, note and delivery.")

    @OptionGroup var books: BooksArguments

    @Argument(help: "A customer id or an invoice number.")
    var subject: String?

    @Option(help: "table, json, csv (for programs: commas, decimal point) or csv-fr (for a spreadsheet in French: semicolons, decimal comma, UTF-8 BOM).")
    var format: ReportFormat = .table

    func run(in context: CommandContext) throws -> ExitStatus {
        return try HistoryCommand.run(.init(books: books.options, subject: subject, format: format), context)
    }
}

struct Show: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a reminder's e-mail as the customer reads it, and where its letter is.")

    @OptionGroup var books: BooksArguments

    @Argument(help: "The reminder id, e.g. R2026-0007.")
    var id: String

    @Flag(help: "Print the .eml file as it is.")
    var raw = false

    func run(in context: CommandContext) throws -> ExitStatus {
        return try ShowCommand.run(.init(books: books.options, id: id, raw: raw), context)
    }
}
