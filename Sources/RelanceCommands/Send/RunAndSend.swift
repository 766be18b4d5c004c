/// `relance run --send`: writes and commits today's reminders, then delivers every e-mail still queued
/// (today's and any left by an earlier failure) — what cron calls.
extension RunCommand {
    public static func runAndSend(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let written = try run(options, context)
        guard written == .ok else { return written }
        return try SendCommand.run(SendCommand.Options(books: BooksOptions(books: options.books.books, asOf: options.books.asOf)), context)
    }
}
