import ArgumentParser

struct Init: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a ready books repository: relance.toml, an example, git, the hook, a first commit.",
        discussion: """
        Writes into DIR (default: the current folder; made if missing):
          relance.toml          the company to fill in, the default reminder policy written out, [smtp] commented
          customers.books       one example customer
          invoices/YEAR.books   one example invoice, dated today
          templates/README.md   how to override the built-in e-mail and letter texts
          .gitattributes        books as text with LF, PDFs binary
          .gitignore            print batches, exports, editor files
        then makes DIR a git repository when it is not in one already, installs the pre-commit hook (see `relance hooks install`) and commits the files. The books pass `relance check` as they are.

        It refuses, changing nothing, where books already exist (a relance.toml or a *.books file). The commit author is git's user.name and user.email (or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL).

        Examples:
          relance init ~/compta
          relance init books --language en
        """)

    @Argument(help: ArgumentHelp("The folder of the new books (default: the current folder).", valueName: "dir"))
    var directory: String?

    @Option(help: "fr or en: the language of the comments, of the example and the company's default.")
    var language: String = "fr"

    func run(in context: CommandContext) throws -> ExitStatus {
        return try InitCommand.run(.init(directory: directory, language: language), context)
    }
}
