import ArgumentParser

/// What `relance serve` was asked for, checked; the program starts the server (RelanceCommandLine.run's `serve`).
public struct ServeOptions: Sendable {
    public var books: BooksOptions
    public var port: Int
    public var host: String
    /// Open the page in the default browser.
    public var open: Bool
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The books in a browser: who owes what, the reminders due with a box per invoice, the history.",
        discussion: """
        Starts a local web server and prints its address on the first line, with a secret token for this process (like a notebook server): open it in your browser. The pages read the books on every request, so an edit made in your editor shows on reload; errors in the books are shown located, as `relance check` prints them.

        Pages: overview (owed, overdue, DSO, the aged balance as a chart, the last reminders), open invoices (filters, sortable, CSV downloads), one page per customer (contact, invoices, payments, every reminder with its e-mail and letter), reminders due (tick the invoices, then "write and send": the same as `relance run --only …`, the same commit and the same refusals), history (and the print batch as a PDF).

        Safe by default: bound to 127.0.0.1; every page needs the token; what writes is a POST carrying the token from the server's own page (its Origin is checked); no file outside the books is served.

        Examples:
          relance serve
          relance serve --as-of 2026-11-22 --port 8080 --open
          relance serve --port 0          # any free port; read the address on the first line
        """)

    @OptionGroup var books: BooksArguments

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "n"))
    var port: Int = 8765

    @Option(help: ArgumentHelp("The address to listen on. Anything but 127.0.0.1, ::1 or localhost lets other machines reach the books (a warning says so).", valueName: "address"))
    var host: String = "127.0.0.1"

    @Flag(help: "Open the page in the default browser (xdg-open or open).")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port): a port is a number from 0 to 65535 (0 picks a free one)") }
    }

    var options: ServeOptions { ServeOptions(books: books.options, port: port, host: host, open: open) }
}
