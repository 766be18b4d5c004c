import ArgumentParser
import RelanceCommands

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the books and relance.toml; report every problem. Writes nothing.",
        discussion: """
        Each problem is printed as file:line:column, the offending line, a caret under the spot and a fix in plain words. Exit 65 when there is an error, else 0; with --strict, 1 when there are warnings or late invoices (as of --as-of). Used by the pre-commit hook.
        """)

    @OptionGroup var books: BooksArguments

    @Flag(help: "Exit 1 on warnings or when an invoice is late.")
    var strict = false

    @Flag(help: "Print the problems as JSON on stdout.")
    var json = false

    func run() throws {
        try execute { try CheckCommand.run(.init(books: books.options, strict: strict, json: json), $0) }
    }
}
