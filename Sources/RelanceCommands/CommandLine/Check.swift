import ArgumentParser

struct Check: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the books and relance.toml; report every problem. Writes nothing.",
        discussion: """
        Each problem is printed as file:line:column, the offending line, a caret under the spot and a fix in plain words. Exit 65 when there is an error, else 0; with --strict, 1 when there are warnings or late invoices (as of --as-of). With --staged, the books are read from git's index, and the overdue invoices are listed (exit 1 for them only when relance.toml says [hooks] block_on_overdue = true); hooks/pre-commit runs `relance check --staged`.
        """)

    @OptionGroup var books: BooksArguments

    @Flag(help: "Exit 1 on warnings or when an invoice is late.")
    var strict = false

    @Flag(help: "Print the problems as JSON on stdout.")
    var json = false

    @Flag(help: "Check the books as staged in git's index (what `git commit` will record), not the files on disk; then list the overdue invoices. Used by hooks/pre-commit.")
    var staged = false

    func run(in context: CommandContext) throws -> ExitStatus {
        return try CheckCommand.run(.init(books: books.options, strict: strict, json: json, staged: staged), context)
    }
}
