import Foundation

/// `relance completions install`: writes the shell completion scripts and the man page where shells and `man` find them.
public enum CompletionsCommand {
    public enum Shell: String, Sendable, CaseIterable { case bash, zsh, fish }

    public struct Options: Sendable {
        /// The shells to install for (default: all three).
        public var shells: [Shell]
        /// Install under PREFIX/share/… (e.g. /usr/local); nil = the user's own folders under $HOME.
        public var prefix: String?
        /// The scripts, by shell, and the man page (roff), as the executable generates them.
        public var scripts: [Shell: String]
        public var manPage: String

        public init(shells: [Shell], prefix: String?, scripts: [Shell: String], manPage: String) {
            self.shells = shells
            self.prefix = prefix
            self.scripts = scripts
            self.manPage = manPage
        }
    }

    /// Where each file goes: under a prefix, the system layout; else the user's folders (found by each shell without set-up,
    /// except zsh, whose folder must be in `fpath`).
    public static func destinations(_ shells: [Shell], prefix: String?, home: String) -> [(shell: Shell?, path: String)] {
        var out: [(Shell?, String)] = []
        for shell in shells {
            switch (shell, prefix) {
            case (.bash, let p?): out.append((shell, p + "/share/bash-completion/completions/relance"))
            case (.zsh, let p?): out.append((shell, p + "/share/zsh/site-functions/_relance"))
            case (.fish, let p?): out.append((shell, p + "/share/fish/vendor_completions.d/relance.fish"))
            case (.bash, nil): out.append((shell, home + "/.local/share/bash-completion/completions/relance"))
            case (.zsh, nil): out.append((shell, home + "/.local/share/zsh/site-functions/_relance"))
            case (.fish, nil): out.append((shell, home + "/.config/fish/completions/relance.fish"))
            }
        }
        out.append((nil, (prefix ?? home + "/.local") + "/share/man/man1/relance.1"))
        return out
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        var prefix = options.prefix
        if let p = prefix, !p.hasPrefix("/") { prefix = context.currentDirectory + "/" + p }
        guard let home = context.environment["HOME"], !home.isEmpty || prefix != nil else {
            throw CommandFailure(.usage, "HOME is not set: pass --prefix DIR (e.g. --prefix /usr/local)")
        }
        let shells = options.shells.isEmpty ? Shell.allCases : options.shells
        for (shell, path) in destinations(shells, prefix: prefix, home: home) {
            let text = shell.map { options.scripts[$0] ?? "" } ?? options.manPage
            do {
                try FileStore.writeAtomically(Array(text.utf8), to: path)
            } catch {
                throw CommandFailure(.ioError, "cannot write \(path): \((error as? CommandFailure)?.message ?? "permission denied?")"
                                     + (prefix == nil ? "" : "\n  fix: choose a --prefix you can write to, or run it with sudo"))
            }
            context.out.line("Wrote \(path)")
        }
        if shells.contains(.zsh) {
            let dir = (prefix ?? home + "/.local") + "/share/zsh/site-functions"
            context.out.line("zsh: if completion does not start, add to ~/.zshrc: fpath=(\(dir) $fpath); autoload -U compinit; compinit")
        }
        context.out.line("man: `man relance` (if not found: MANPATH=\((prefix ?? home + "/.local") + "/share/man"):$MANPATH)")
        return .ok
    }
}
