import Foundation
import GitStore

/// `relance hooks install`: puts relance's pre-commit hook where git runs it.
public enum HooksCommand {
    /// The hook's text: the repository's `hooks/pre-commit`, embedded in the binary at build time.
    public static let preCommit = String(decoding: PackageResources.pre_commit, as: UTF8.self)

    /// A line only relance's own hook has: a hook with it may be replaced without `--force`.
    public static let marker = "# relance pre-commit hook"

    public struct Options: Sendable {
        /// Where to look for the repository (default: the current folder).
        public var directory: String?
        /// Replace a pre-commit hook relance did not write (it is kept as `pre-commit.before-relance`).
        public var force: Bool

        public init(directory: String? = nil, force: Bool = false) {
            self.directory = directory
            self.force = force
        }
    }

    /// What an installation did.
    public enum Outcome: Equatable, Sendable {
        case installed(path: String)
        case updated(path: String)
        case unchanged(path: String)
        /// A foreign hook was moved aside to `backup`.
        case replaced(path: String, backup: String)
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let dir = options.directory.map { $0.hasPrefix("/") ? $0 : context.currentDirectory + "/" + $0 } ?? context.currentDirectory
        let repo: GitRepository
        do {
            repo = try GitRepository.open(at: dir)
        } catch {
            throw CommandFailure(.usage, "\(dir) is not in a git repository.\n  fix: run it inside your books' repository, or create books with `relance init DIR`")
        }
        switch try install(in: repo, force: options.force) {
        case .installed(let path): context.out.line("Installed the pre-commit hook: \(path)")
        case .updated(let path): context.out.line("Updated relance's pre-commit hook: \(path)")
        case .unchanged(let path): context.out.line("The pre-commit hook is up to date: \(path)")
        case .replaced(let path, let backup): context.out.line("Installed the pre-commit hook: \(path) (the previous one is kept as \(backup))")
        }
        return .ok
    }

    /// Writes the hook into the repository's hooks folder (`core.hooksPath` or `.git/hooks`), executable.
    public static func install(in repo: GitRepository, force: Bool) throws -> Outcome {
        let hooks = repo.hooksDirectory
        let path = hooks + "/pre-commit"
        var outcome = Outcome.installed(path: path)
        if let existing = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) {
            if existing == preCommit { return .unchanged(path: path) }
            if isRelanceHook(existing) {
                outcome = .updated(path: path)
            } else if force {
                let backup = path + ".before-relance"
                guard rename(path, backup) == 0 else {
                    throw CommandFailure(.ioError, "cannot move \(path) aside: \(String(cString: strerror(errno)))")
                }
                outcome = .replaced(path: path, backup: backup)
            } else {
                throw CommandFailure(.usage, "\(path) exists and relance did not write it; it was left as it is.\n"
                                     + "  fix: add `relance check` to it yourself, or run `relance hooks install --force` (it is then kept as pre-commit.before-relance)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(.ioError, "cannot create \(hooks)")
        }
        try FileStore.writeAtomically(Array(preCommit.utf8), to: path)
        guard chmod(path, 0o755) == 0 else { throw CommandFailure(.ioError, "cannot make \(path) executable: \(String(cString: strerror(errno)))") }
        return outcome
    }

    /// Whether `text` is a hook relance wrote (any version): it has the marker line.
    public static func isRelanceHook(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix(marker) }
    }
}
