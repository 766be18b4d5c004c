import Books
import Foundation
import GitStore

/// `relance init [DIR]`: a ready books repository, committed, with the pre-commit hook installed.
public enum InitCommand {
    public struct Options: Sendable {
        /// The folder (default: the current one); made if missing.
        public var directory: String?
        /// `fr` or `en`: the language of the comments, the example and the company's default.
        public var language: String

        public init(directory: String? = nil, language: String = "fr") {
            self.directory = directory
            self.language = language
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        guard options.language == "fr" || options.language == "en" else {
            throw CommandFailure(.usage, "--language \(options.language): write fr or en")
        }
        let given = options.directory ?? "."
        let root = URL(fileURLWithPath: given.hasPrefix("/") ? given : context.currentDirectory + "/" + given).standardizedFileURL.path
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: root, isDirectory: &isDir), !isDir.boolValue {
            throw CommandFailure(.usage, "\(given) is a file, not a folder; nothing was done")
        }
        // Books already here: change nothing.
        if fm.fileExists(atPath: root + "/" + BooksLocation.configName) {
            throw CommandFailure(.usage, "\(given) already holds books (\(BooksLocation.configName)); nothing was done.\n"
                                 + "  fix: run `relance check --books \(given)` to use them, or choose an empty folder")
        }
        if isDir.boolValue, let existing = BooksLocation.bookFiles(root: root).first {
            throw CommandFailure(.usage, "\(given) already holds books (\(existing)); nothing was done.\n"
                                 + "  fix: add a relance.toml to them by hand (see docs/policy.md), or choose an empty folder")
        }
        let today = context.today(options.language == "fr" ? "Europe/Paris" : "Europe/London")
        let files = InitTexts.files(language: options.language, today: today)
        for (path, _) in files where path != ".gitignore" && path != ".gitattributes" && fm.fileExists(atPath: root + "/" + path) {
            throw CommandFailure(.usage, "\(given)/\(path) exists; nothing was done.\n  fix: move it away, or choose an empty folder")
        }
        // The repository: the one holding the folder, else a new one (libgit2). The author is known before anything is written.
        let existingRepo = try? GitRepository.open(at: root)
        let author = try author(existingRepo, context)
        if let repo = existingRepo, repo.state() != .clean {
            throw CommandFailure(.temporaryFailure, "the repository is in the middle of a \(repo.state().displayName): finish or abort it first; nothing was done")
        }
        if let repo = existingRepo, (try? repo.currentBranch()) == nil {
            throw CommandFailure(.temporaryFailure, "HEAD is detached in \(repo.workdir): check out a branch first; nothing was done")
        }
        let repo: GitRepository
        do {
            repo = try existingRepo ?? GitRepository.create(at: root)
        } catch {
            throw CommandFailure(.ioError, "cannot create a git repository in \(given): \(error)")
        }
        let work = URL(fileURLWithPath: repo.workdir).resolvingSymlinksInPath().path
        let books = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let prefix = books == work ? "" : String(books.dropFirst(work.count + 1)) + "/"

        var written: [String] = []
        for (path, text) in files {
            let full = root + "/" + path
            var bytes = Array(text.utf8)
            if path == ".gitignore" || path == ".gitattributes", let old = fm.contents(atPath: full) {
                // Kept, with relance's lines added where missing.
                let oldText = String(decoding: old, as: UTF8.self)
                let have = Set(oldText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
                let missing = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !have.contains($0.trimmingCharacters(in: .whitespaces)) }
                if missing.isEmpty { continue }
                bytes = Array((oldText + (oldText.hasSuffix("\n") || oldText.isEmpty ? "" : "\n") + "# relance\n" + missing.joined(separator: "\n") + "\n").utf8)
            }
            try FileStore.writeAtomically(bytes, to: full)
            written.append(prefix + path)
        }
        var hookNote: String?
        do {
            switch try HooksCommand.install(in: repo, force: false) {
            case .installed(let path), .updated(let path), .unchanged(let path), .replaced(let path, _): hookNote = "hook: \(path)"
            }
        } catch let failure as CommandFailure {
            context.err.line("relance: note: the pre-commit hook was not installed: \(failure.message)")
        }
        let message = options.language == "fr" ? "relance init : nouvelles écritures\n" : "relance init: new books\n"
        let result: CommitResult
        do {
            result = try repo.commit(files: written, message: message, author: author)
        } catch {
            throw CommandFailure(.ioError, "the books were written in \(given) but not committed: \(error).\n  fix: commit them with git")
        }
        let fr = options.language == "fr"
        context.out.line(fr ? "Écritures créées dans \(given) (\(written.count) fichiers\(hookNote.map { ", " + $0 } ?? ""))."
                            : "Books created in \(given) (\(written.count) files\(hookNote.map { ", " + $0 } ?? "")).")
        if let id = result.commitID { context.out.line((fr ? "Commit " : "Committed ") + String(id.prefix(12)) + ": " + message.trimmingCharacters(in: .newlines)) }
        context.out.line(fr ? """
            Ensuite :
              1. remplissez [company] dans relance.toml (votre nom, adresse, IBAN) ;
              2. remplacez le client et la facture d'exemple par les vôtres ;
              3. relance check, puis relance status et relance plan.
            """ : """
            Next:
              1. fill in [company] in relance.toml (your name, address, IBAN);
              2. replace the example customer and invoice with your own;
              3. relance check, then relance status and relance plan.
            """)
        return .ok
    }

    /// The first commit's author: git's user.name and user.email, else GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL.
    static func author(_ repo: GitRepository?, _ context: CommandContext) throws -> Signature {
        func value(_ key: String, _ env: String) -> String? {
            if let v = context.environment[env], !v.isEmpty { return v }
            return repo?.configValue(key) ?? GitRepository.defaultConfigValue(key)
        }
        guard let name = value("user.name", "GIT_AUTHOR_NAME"), let email = value("user.email", "GIT_AUTHOR_EMAIL") else {
            throw CommandFailure(.usage, "no commit author; nothing was done.\n"
                                 + "  fix: git config --global user.name \"Your Name\" && git config --global user.email you@example.net")
        }
        return Signature(name: name, email: email, time: context.now(), offsetMinutes: 0)
    }
}
