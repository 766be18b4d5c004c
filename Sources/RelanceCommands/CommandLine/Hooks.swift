import ArgumentParser

struct Hooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install relance's git hook in the books' repository.",
        subcommands: [Install.self])

    struct Install: ContextCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the pre-commit hook: each commit is checked with `relance check` first.",
            discussion: """
            Writes the pre-commit hook (a POSIX sh script, the same as hooks/pre-commit of relance's sources) into the hooks folder git uses: core.hooksPath when set, else .git/hooks. A commit whose books have errors is then refused with the usual located messages; late invoices are listed without blocking. The hook finds relance on PATH, or in $RELANCE.

            A pre-commit hook relance wrote is updated in place; one it did not write is left alone unless --force (it is then kept as pre-commit.before-relance). With the pre-commit framework instead, add relance to .pre-commit-config.yaml:
              - repo: local
                hooks:
                  - id: relance-check
                    name: relance check
                    entry: relance check
                    language: system
                    always_run: true
                    pass_filenames: false

            Examples:
              relance hooks install
              relance hooks install --books ~/compta --force
            """)

        @Option(name: .customLong("books"), help: ArgumentHelp("A folder inside the repository (default: the current folder).", valueName: "dir"))
        var directory: String?

        @Flag(help: "Replace a pre-commit hook relance did not write (kept as pre-commit.before-relance).")
        var force = false

        func run(in context: CommandContext) throws -> ExitStatus {
            return try HooksCommand.run(.init(directory: directory, force: force), context)
        }
    }
}
