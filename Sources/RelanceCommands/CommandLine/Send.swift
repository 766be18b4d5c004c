import ArgumentParser

struct Send: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver the e-mail reminders not yet delivered, at most once.",
        discussion: """
        Hands each committed .eml (byte for byte, as git holds it) to the server of [smtp] in relance.toml, or to the command of [sendmail], over one connection. To: every address of the customer; Cc: its cc addresses and those of [dunning] cc; with bcc_self = true a copy to the sender, in the envelope only. The outcomes are recorded in history/YEAR.books as `delivered` or `failed` and committed once, with Delivered: and Failed: trailers.

        Never twice: before a message is handed over, a `sending` mark is saved to disk (in .git/relance-send.journal). A message marked `sending` with no outcome (relance or the machine stopped at that moment) is *uncertain*: it is not sent again on its own. Check your mail server's sent log, then:
          relance send --confirm R2026-0007     it went: record it as delivered
          relance send --retry R2026-0007       it did not: send it again

        Only recent reminders go: one written more than send_within days ([dunning] of relance.toml, default 7) before today (or --as-of) is *stale* (e.g. written before [smtp] was set up) and is listed, not sent, so that no customer gets a months-old reminder. For each: --retry ID sends it anyway, --confirm ID records it as sent outside relance.

        Exit codes: 0 all delivered; 1 a message was refused for good (550…), is uncertain or is stale; 75 try again later (server down, time-out, login refused, 4xx): nothing is lost, the messages stay queued.

        Examples:
          relance send --dry-run                what would go, to whom
          relance send                          deliver
          relance run --send                    write, commit, deliver (for cron)
        """)

    @OptionGroup var books: BooksArguments

    @Flag(name: .customLong("dry-run"), help: "List what would go, to whom; send nothing, write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("An uncertain reminder that did go, or a stale one sent outside relance: record it as delivered (repeatable).", valueName: "id"))
    var confirm: [String] = []

    @Option(help: ArgumentHelp("An uncertain, failed or stale reminder to send (again) (repeatable).", valueName: "id"))
    var retry: [String] = []

    func run(in context: CommandContext) throws -> ExitStatus {
        return try SendCommand.run(.init(books: books.options, dryRun: dryRun, confirm: confirm, retry: retry), context)
    }
}
