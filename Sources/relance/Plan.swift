import ArgumentParser
import Books
import RelanceCommands

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

    func filter() -> PlanFilter {
        PlanFilter(customers: customer, group: group, level: level, minAmount: minAmount)
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dry run: the reminders due today, for which invoices, at which level, and why.",
        discussion: """
        One line per invoice with a reminder due: amount, due date, outstanding, the last reminder (date, level, note), the proposed level, the channel, the next planned date and the reason. Then the reminders `relance run` would write (one per customer, or per invoice, as the policy says). Nothing is written. Use --all to see every open invoice, including those with nothing due today.
        """)

    @OptionGroup var books: BooksArguments
    @OptionGroup var selection: PlanArguments

    @Flag(help: "List every open invoice, not only those with a reminder due.")
    var all = false

    @Option(help: "table, json or csv.")
    var format: ReportFormat = .table

    func run() throws {
        try execute { try PlanCommand.run(.init(books: books.options, filter: selection.filter(), format: format, all: all), $0) }
    }
}

struct Run: ParsableCommand {
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

    func run() throws {
        let ids = only.flatMap { $0.split(separator: ",").map(String.init) }
        let options = RunCommand.Options(books: books.options, filter: selection.filter(), only: ids)
        try execute { send ? try RunCommand.runAndSend(options, $0) : try RunCommand.run(options, $0) }
    }
}

struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remind one invoice now, by hand (the next level, never skipped or repeated).",
        discussion: """
        Writes, records and commits one reminder for INVOICE, as `run` does, without waiting for the schedule. Example: relance remind F2026-014 --message "Suite à notre appel"
        """)

    @OptionGroup var books: BooksArguments

    @Argument(help: "The invoice number.")
    var invoice: String

    @Option(help: "The level to send; it must be the next one.")
    var level: Int?

    @Option(help: "email, letter or both (default: the level's).")
    var channel: Channel?

    @Option(help: "A note recorded in the history with the reminder.")
    var message: String?

    func run() throws {
        if channel == .phone { throw ValidationError("--channel phone: a phone call is recorded by hand in history/; write email, letter or both") }
        try execute { try RemindCommand.run(.init(books: books.options, invoice: invoice, level: level, channel: channel, message: message), $0) }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every reminder sent, for all customers, one customer or one invoice.",
        discussion: "The same is in git: git log --grep 'Invoice: F2026-014'.")

    @OptionGroup var books: BooksArguments

    @Argument(help: "A customer id or an invoice number.")
    var subject: String?

    @Option(help: "table, json or csv.")
    var format: ReportFormat = .table

    func run() throws {
        try execute { try HistoryCommand.run(.init(books: books.options, subject: subject, format: format), $0) }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a reminder's e-mail as the customer reads it, and where its letter is.")

    @OptionGroup var books: BooksArguments

    @Argument(help: "The reminder id, e.g. R2026-0007.")
    var id: String

    @Flag(help: "Print the .eml file as it is.")
    var raw = false

    func run() throws {
        try execute { try ShowCommand.run(.init(books: books.options, id: id, raw: raw), $0) }
    }
}
