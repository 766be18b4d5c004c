import ArgumentParser

extension CompletionsCommand.Shell: ExpressibleByArgument {}

struct Completions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install shell completions (bash, zsh, fish) and the man page.",
        subcommands: [Install.self])

    struct Install: ContextCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the completion scripts and the man page where shells and man find them.",
            discussion: """
            Both are generated from relance's own command definitions, so they always match this binary. Without --prefix, into your own folders:
              bash  ~/.local/share/bash-completion/completions/relance
              zsh   ~/.local/share/zsh/site-functions/_relance   (that folder must be in fpath)
              fish  ~/.config/fish/completions/relance.fish
              man   ~/.local/share/man/man1/relance.1
            With --prefix DIR, under DIR/share/… (bash-completion/completions, zsh/site-functions, fish/vendor_completions.d, man/man1), e.g. sudo relance completions install --prefix /usr/local.

            To print them instead: relance --generate-completion-script bash (or zsh, fish), and relance manual (e.g. relance manual | man -l -).

            Examples:
              relance completions install
              relance completions install --shell bash
              sudo relance completions install --prefix /usr/local
            """)

        @Option(help: "bash, zsh or fish; repeat it for several (default: all three).")
        var shell: [CompletionsCommand.Shell] = []

        @Option(help: ArgumentHelp("Install under DIR/share instead of your home folders.", valueName: "dir"))
        var prefix: String?

        func run(in context: CommandContext) throws -> ExitStatus {
            // As `--generate-completion-script` prints them (with a final newline).
            var scripts: [CompletionsCommand.Shell: String] = [:]
            for (shell, kind) in [(CompletionsCommand.Shell.bash, CompletionShell.bash), (.zsh, .zsh), (.fish, .fish)] {
                let script = RelanceCommandLine.completionScript(for: kind)
                scripts[shell] = script.hasSuffix("\n") ? script : script + "\n"
            }
            let page = ManualPage.roff(RelanceCommandLine.self)
            return try CompletionsCommand.run(.init(shells: shell, prefix: prefix, scripts: scripts, manPage: page), context)
        }
    }
}

struct Manual: ContextCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print relance's man page (roff), generated from its command definitions.",
        discussion: """
        Read it with: relance manual | man -l -
        Install it (and the shell completions) with: relance completions install
        """)

    func run(in context: CommandContext) throws -> ExitStatus {
        context.out.write(ManualPage.roff(RelanceCommandLine.self))
        return .ok
    }
}

/// The man page, written from the commands' own configuration and help: what `--help` says, in roff.
enum ManualPage {
    static func roff(_ root: ParsableCommand.Type) -> String {
        let c = root.configuration
        let name = c.commandName ?? root._commandName
        var out = ".TH \(escape(name.uppercased())) 1 \"\" \"\(escape(name))\" \"User Commands\"\n"
        out += ".SH NAME\n\(escape(name)) \\- \(escape(c.abstract))\n"
        out += ".SH SYNOPSIS\n.B \(escape(name))\n.I command\n[\\fIoptions\\fR]\n"
        out += ".SH DESCRIPTION\n" + discussion(c.discussion)
        out += ".SH COMMANDS\n"
        for (path, command) in commands(root, path: []) {
            out += ".SS \"\(escape(([name] + path).joined(separator: " ")))\"\n"
            out += escape(command.configuration.abstract) + "\n"
            out += discussion(command.configuration.discussion)
            let help = root.helpMessage(for: command, columns: 78)
            if let usage = help.range(of: "USAGE:") {
                out += ".PP\n.nf\n" + block(String(help[usage.lowerBound...])) + ".fi\n"
            }
        }
        out += """
        .SH ENVIRONMENT
        .TP
        .B RELANCE_BOOKS
        The books folder, when --books is not given.
        .TP
        .B RELANCE
        The relance binary the pre-commit hook runs (default: relance on PATH).
        .TP
        .B NO_COLOR
        No colours in the output.
        .SH FILES
        .TP
        .I relance.toml
        The company, the reminder policy, [smtp], [git] and [export]; it marks the books root.
        .TP
        .I *.books
        Customers, invoices, credit notes, payments, holds, write-offs and the reminder history.
        .TP
        .I templates/
        E-mail and letter templates that replace the built-in ones.
        .SH EXIT STATUS
        0 ok, 1 findings (check \\-\\-strict), 64 bad usage, 65 bad data, 74 input/output error, 75 temporary failure (lock held, merge in progress).
        .SH SEE ALSO
        .BR git (1),
        .BR hledger (1),
        .BR ledger (1)

        """
        return out
    }

    /// Every command below `command`, depth first, with its path of names.
    static func commands(_ command: ParsableCommand.Type, path: [String]) -> [([String], ParsableCommand.Type)] {
        var out: [([String], ParsableCommand.Type)] = []
        for sub in command.configuration.subcommands {
            let p = path + [sub.configuration.commandName ?? sub._commandName]
            out.append((p, sub))
            out += commands(sub, path: p)
        }
        return out
    }

    /// Paragraphs as `.PP`; indented lines (examples, lists) kept as they are.
    static func discussion(_ text: String) -> String {
        var out = ""
        var inBlock = false
        var paragraph = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  ") {
                if !inBlock { out += ".PP\n.nf\n"; inBlock = true }
                out += escapeLine(String(line)) + "\n"
                continue
            }
            if inBlock { out += ".fi\n"; inBlock = false; paragraph = true }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { paragraph = true; continue }
            if paragraph { out += ".PP\n"; paragraph = false }
            out += escapeLine(String(line)) + "\n"
        }
        if inBlock { out += ".fi\n" }
        return out
    }

    static func block(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escapeLine(String($0)) }.joined(separator: "\n") + "\n"
    }

    /// A text line: escaped, and never read as a request (a leading `.` or `'`).
    static func escapeLine(_ line: String) -> String {
        let e = escape(line)
        return e.hasPrefix(".") || e.hasPrefix("'") ? "\\&" + e : e
    }

    /// Backslashes and hyphens escaped; anything outside ASCII as a \[uXXXX] glyph (no input encoding needed).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default:
                if scalar.isASCII { out.unicodeScalars.append(scalar) } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            }
        }
        return out
    }
}
