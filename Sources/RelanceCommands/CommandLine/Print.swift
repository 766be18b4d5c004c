import ArgumentParser

struct Print: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the letters not yet printed: one PDF, each letter followed by its invoice copies.",
        discussion: """
        Gathers every reminder letter (channel letter or both) not yet recorded as printed, in reminder id order, each followed by the copies of the invoices it lists whose `file` is a PDF inside the books, into one PDF ready for the printer (merged with libqpdf). --zip also writes the same files, one per entry, as a .zip. Then records each letter as `DATE printed R-ID` in history/ and commits (trailers `Printed: R…`). Nothing to print: says so, writes nothing.

        Examples:
          relance print
              writes letters-2026-11-22.pdf (today's date) in the current folder
          relance print --out ~/print/today.pdf --zip ~/print/today.zip

        Same books and date, same bytes. A letter for a formal notice says it goes by registered post; once posted, record its number with `relance posted R-ID --tracking NUMBER`.
        """)

    @OptionGroup var books: BooksArguments

    @Option(help: ArgumentHelp("The merged PDF to write (default: letters-DATE.pdf in the current folder).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the letters and invoice copies as a .zip.", valueName: "file"))
    var zip: String?

    func run(in context: CommandContext) throws -> ExitStatus {
        return try PrintCommand.run(.init(books: books.options, out: out, zip: zip), context)
    }
}

struct Posted: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a reminder's letter was posted by registered post, with its number.",
        discussion: """
        Appends `DATE posted R-ID NUMBER` to history/ and commits (trailers `Posted:` and `Tracking:`). `relance history` and `relance status` then show it. Only a reminder sent by letter (channel letter or both) can be posted.

        Example: relance posted R2026-0038 --tracking "1A 001 234 5678 9" --date 2026-11-23
        """)

    @Option(name: .long, help: ArgumentHelp("The books folder (default: $RELANCE_BOOKS, else the nearest folder upwards with relance.toml).", valueName: "dir"))
    var books: String?

    @Argument(help: "The reminder id, e.g. R2026-0038.")
    var reminder: String

    @Option(help: ArgumentHelp("The registered letter's number, from its receipt (spaces are ignored).", valueName: "number"))
    var tracking: String

    @Option(help: ArgumentHelp("The day it was posted, YYYY-MM-DD (default: today in the books' time zone).", valueName: "date"))
    var date: String?

    func run(in context: CommandContext) throws -> ExitStatus {
        return try PostedCommand.run(.init(books: BooksOptions(books: books, asOf: date), reminder: reminder, tracking: tracking), context)
    }
}
