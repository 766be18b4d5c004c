import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

@Suite("Completions and man page")
struct CompletionsTests {
    /// The subcommands `relance --help` lists (so commands added later are covered too).
    func subcommands() throws -> [String] {
        let help = runRelance(["--help"], in: "/").stdout
        guard let start = help.range(of: "SUBCOMMANDS:") else { return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { return nil }
            return String(word)
        }.filter { $0 != "See" }
    }

    @Test func theBashScriptIsValidAndCompletesEverySubcommand() throws {
        let folder = try TempFolder()
        let names = try subcommands()
        #expect(Set(["check", "status", "export", "init", "hooks", "completions", "manual"]).isSubset(of: Set(names)), "\(names)")
        let script = runRelance(["--generate-completion-script", "bash"], in: folder.path)
        #expect(script.status == 0)
        try folder.write("relance.bash", script.stdout)
        let syntax = try runTool("bash", ["-n", folder.path + "/relance.bash"], in: folder.path)
        #expect(syntax.status == 0, "\(syntax.stderr)")
        // Bash itself, asked to complete `relance <TAB>`, offers every subcommand.
        let offered = try runTool("bash", ["-c", "source ./relance.bash; COMP_WORDS=(relance ''); COMP_CWORD=1; COMP_LINE='relance '; COMP_POINT=8; _relance; printf '%s\\n' \"${COMPREPLY[@]}\""],
                                  in: folder.path)
        #expect(Set(names).isSubset(of: Set(offered.stdout.split(separator: "\n").map(String.init))), "\(offered.stdout) \(offered.stderr)")
    }

    @Test func theManPageRendersAndNamesEveryCommand() throws {
        let folder = try TempFolder()
        let page = runRelance(["manual"], in: folder.path)
        #expect(page.status == 0 && page.stdout.hasPrefix(".TH RELANCE 1"))
        try folder.write("relance.1", page.stdout)
        // groff with every warning on: none, and the text is there.
        let groff = try runTool("groff", ["-man", "-Tutf8", "-ww", folder.path + "/relance.1"], in: folder.path)
        #expect(groff.status == 0 && groff.stderr.isEmpty, "\(groff.stderr)")
        let man = try runTool("man", ["-l", folder.path + "/relance.1"], in: folder.path, environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(man.status == 0, "\(man.stderr)")
        let text = man.stdout.replacingOccurrences(of: "\u{2010}\n", with: "").replacingOccurrences(of: "-\n", with: "")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS"] { #expect(text.contains("\n" + section + "\n"), "\(section)") }
        for name in try subcommands() where name != "help" { #expect(text.contains("relance \(name)\n"), "\(name)") }
        #expect(text.contains("balance âgée"))
        #expect(text.contains("relance hooks install"))
        // Same binary, same bytes.
        #expect(runRelance(["manual"], in: folder.path).stdout == page.stdout)
    }

    @Test func installWritesWhatTheBinaryGeneratesUnderThePrefix() throws {
        let folder = try TempFolder()
        let r = runRelance(["completions", "install", "--prefix", "usr"], in: folder.path)
        #expect(r.status == 0, "\(r.stderr)")
        for shell in ["bash", "zsh", "fish"] {
            let path = ["bash": "usr/share/bash-completion/completions/relance", "zsh": "usr/share/zsh/site-functions/_relance",
                        "fish": "usr/share/fish/vendor_completions.d/relance.fish"][shell]!
            let expected = runRelance(["--generate-completion-script", shell], in: folder.path).stdout
            #expect(folder.text(path) == expected, "\(shell)")
        }
        #expect(folder.text("usr/share/man/man1/relance.1") == (runRelance(["manual"], in: folder.path).stdout))
        // `man` finds it through MANPATH.
        let man = try runTool("man", ["-w", "relance"], in: folder.path, environment: ["MANPATH": folder.path + "/usr/share/man"])
        #expect(man.stdout.hasSuffix("usr/share/man/man1/relance.1\n"), "\(man.stdout) \(man.stderr)")
    }

    @Test func installWithoutAPrefixGoesToTheUsersFolders() throws {
        let folder = try TempFolder()
        var context = testContext(folder.path)
        context.environment = ["HOME": folder.path]
        let status = try CompletionsCommand.run(.init(shells: [.bash, .fish], prefix: nil, scripts: [.bash: "B", .fish: "F"], manPage: "M"), context)
        #expect(status == .ok)
        #expect(folder.text(".local/share/bash-completion/completions/relance") == "B")
        #expect(folder.text(".config/fish/completions/relance.fish") == "F")
        #expect(folder.text(".local/share/man/man1/relance.1") == "M")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/.local/share/zsh"))
    }
}
