import ArgumentParser

struct Log: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "The reminder history as git has it: relance's commits, newest first.",
        discussion: """
        Reads the commits from HEAD (libgit2 revwalk) and the trailers relance writes in them: Reminder, Customer, Level and Invoice for each reminder of a batch (run, remind), Printed, Posted (with Tracking), Delivered and Failed for what became of a reminder. One row per commit: commit, date and author, the reminders it made, the deliveries it recorded. Other commits are left out.

        Examples:
          relance log
          relance log --invoice F2026-021     (its reminders, and what became of them)
          relance log --customer acme --format json

        The same commits as `git log --grep "^Invoice: F2026-021$"` (and the Printed/Posted/Delivered commits of those reminders).
        """)

    @Option(name: .long, help: ArgumentHelp("The books folder (default: $RELANCE_BOOKS, else the nearest folder upwards with relance.toml).", valueName: "dir"))
    var books: String?

    @Option(help: ArgumentHelp("Only the reminders naming this invoice.", valueName: "number"))
    var invoice: String?

    @Option(help: ArgumentHelp("Only the reminders to this customer (its id).", valueName: "id"))
    var customer: String?

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    func validate() throws {
        if invoice != nil && customer != nil { throw ValidationError("give --invoice or --customer, not both") }
    }

    func run(in context: CommandContext) throws -> ExitStatus {
        return try LogCommand.run(.init(books: books, invoice: invoice, customer: customer, format: format), context)
    }
}

struct Verify: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the history and reminder files against the commits that added them.",
        discussion: """
        Walks every commit from the first to HEAD, then the working tree, and reports:
          - a history record (history/*.books) changed or removed after the commit that added it;
          - a reminder file (reminders/…) changed or removed after its commit;
          - a commit of relance's whose trailers (Reminder, Customer, Level, Invoice, Printed, Posted, Delivered, Failed) do not match the records and files it adds.
        Each with the commit and the file:line, the line as it is now and as it was. Adding records by hand is fine: history is append-only, not relance-only.

        Exit 0 when everything matches, 1 when something does not.
        """)

    @Option(name: .long, help: ArgumentHelp("The books folder (default: $RELANCE_BOOKS, else the nearest folder upwards with relance.toml).", valueName: "dir"))
    var books: String?

    func run(in context: CommandContext) throws -> ExitStatus {
        return try VerifyCommand.run(.init(books: books), context)
    }
}
