import Books
import Configuration
import Foundation
import GitStore

/// The books' git repository, locked for one run: checks it is safe to write, writes a batch, commits it.
final class BooksRepository {
    let repo: GitRepository
    let root: String
    /// The books root relative to the repository's work tree ("" when they are the same).
    let prefix: String
    private var lock: RunLock?

    /// Opens the repository holding `root`, takes the run lock, and rolls back an interrupted run.
    init(root: String, context: CommandContext) throws {
        do {
            repo = try GitRepository.open(at: root)
        } catch {
            throw CommandFailure(.usage, "the books at \(root) are not in a git repository: run `git init` there first (relance commits each batch)")
        }
        self.root = root
        let work = URL(fileURLWithPath: repo.workdir).resolvingSymlinksInPath().path
        let books = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        prefix = books == work ? "" : String(books.dropFirst(work.count + 1)) + "/"
        do {
            lock = try RunLock.acquire(in: repo)
        } catch let error as LockError {
            throw CommandFailure(.temporaryFailure, "\(error)")
        }
        do {
            if let note = try BatchJournal.recover(repo, crashPoint: context.crashPoint) { context.err.line("relance: note: \(note)") }
        } catch {
            release()
            throw BooksRepository.failure(error, "finishing an interrupted run")
        }
    }

    /// A failure as the user sees it: a `CommandFailure` as it is, anything else (libgit2, the file system) as an I/O error.
    static func failure(_ error: Error, _ doing: String) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        return CommandFailure(.ioError, "\(doing) failed: \(error); nothing was done, run again once it is fixed")
    }

    func release() {
        lock?.release()
        lock = nil
    }

    deinit { release() }

    /// Refuses during a merge or rebase, on a detached HEAD, or when books files have uncommitted edits.
    func ensureClean() throws {
        do { try checkClean() } catch { throw BooksRepository.failure(error, "reading the repository's state") }
    }

    private func checkClean() throws {
        let state = repo.state()
        guard state == .clean else {
            throw CommandFailure(.temporaryFailure, "the repository is in the middle of a \(state.displayName): finish or abort it first; nothing was done")
        }
        guard try repo.currentBranch() != nil else {
            throw CommandFailure(.temporaryFailure, "HEAD is detached: check out a branch first; nothing was done")
        }
        // The commit ends by writing the index: with git's lock on it, the commit would be made and then fail.
        let indexLock = repo.gitDirectory + "/index.lock"
        if FileManager.default.fileExists(atPath: indexLock) {
            throw CommandFailure(.temporaryFailure, "another git process is running (\(indexLock) exists): wait for it, "
                                 + "or delete that file if no git command is running; nothing was done")
        }
        let dirty = try repo.uncommittedChanges().map(\.path).filter { path in
            guard path.hasPrefix(prefix) else { return false }
            let rel = String(path.dropFirst(prefix.count))
            return rel.hasSuffix(".books") || rel == BooksLocation.configName || rel.hasPrefix("templates/") || rel.hasPrefix("reminders/")
        }
        if !dirty.isEmpty {
            throw CommandFailure(.temporaryFailure, "books files have uncommitted edits: \(dirty.joined(separator: ", ")).\n"
                                 + "  fix: look at them with `git status` and `git diff`; commit the edits that are yours (`git add FILE`, `git commit`) "
                                 + "or put them aside with `git stash --include-untracked`, then run again; nothing was done")
        }
    }

    /// The commit author: [git] of relance.toml, else GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL (as git and `relance init` take them),
    /// else git's user.name / user.email.
    func author(_ config: RelanceConfig, now: Int64, environment: [String: String] = [:]) throws -> Signature {
        func variable(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let name = config.git?.name ?? variable("GIT_AUTHOR_NAME") ?? repo.configValue("user.name")
        let email = config.git?.email ?? variable("GIT_AUTHOR_EMAIL") ?? repo.configValue("user.email")
        guard let name, let email else {
            throw CommandFailure(.usage, "no commit author: set [git] author_name and author_email in relance.toml, or `git config user.name` and `user.email` (or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)")
        }
        let zone = TimeZone(identifier: config.company.timeZone) ?? TimeZone(identifier: "UTC")!
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(now))) / 60
        return Signature(name: name, email: email, time: now, offsetMinutes: offset)
    }

    /// Where a command that commits may be stopped on purpose (`RELANCE_FAIL_AFTER`), by step: after the journal is
    /// written, after the first file, after all files, once the commit object exists, after the commit.
    struct CrashPoints {
        var journal: String?
        var firstFile: String?
        var files: String?
        var committed: String?
        var commit: String?

        /// `relance run` (and `remind`): journal, first-document, files, committed, commit.
        static let batch = CrashPoints(journal: "journal", firstFile: "first-document", files: "files", committed: "committed", commit: "commit")
        /// `relance print` and `posted`: history-journal, history-file, history-commit.
        static let history = CrashPoints(journal: "history-journal", files: "history-file", commit: "history-commit")
        /// `relance send`'s delivery records: delivery-files, delivery-commit.
        static let delivery = CrashPoints(files: "delivery-files", commit: "delivery-commit")
        /// `relance import --commit`: files.
        static let importing = CrashPoints(files: "files")
    }

    /// Writes the batch's files and commits exactly them; on any failure the books are put back as they were.
    func write(_ batch: Batch, config: RelanceConfig, context: CommandContext) throws -> CommitResult {
        try commit(batch.files, message: batch.commitMessage(), reminders: batch.reminders.map(\.id), config: config,
                   context: context, points: .batch, what: "the batch")
    }

    /// The one commit path of every command that writes the books (run, remind, print, posted, send, import): writes
    /// `files` (paths relative to the books root) through temporary files, under the run journal, and commits exactly
    /// them. A failure, or a crash recovered by the next command, puts the books back as they were, unless the commit
    /// was made: then only git's index is brought in line with it. The commit is recognised by its `Reminder: ID`
    /// trailers (`reminders`) and by `marks`, lines its message holds (its other trailers).
    func commit(_ files: [(path: String, bytes: [UInt8])], message: String, reminders: [String] = [], marks: [String]? = nil,
                config: RelanceConfig, context: CommandContext, points: CrashPoints, what: String) throws -> CommitResult {
        do {
            return try commitFiles(files, message: message, reminders: reminders, marks: marks ?? BooksRepository.trailers(of: message),
                                   config: config, context: context, points: points, what: what)
        } catch {
            throw BooksRepository.failure(error, "writing \(what)")
        }
    }

    /// The trailer lines of a commit message (`Printed: R2026-0001`, `Payment: REF`), by which a crash's commit is recognised.
    static func trailers(of message: String) -> [String] {
        guard let blank = message.range(of: "\n\n", options: .backwards) else { return [] }
        return message[blank.upperBound...].split(separator: "\n").map(String.init).filter { line in
            guard let colon = line.firstIndex(of: ":") else { return false }
            return !line[..<colon].contains(" ") && line[colon...].hasPrefix(": ")
        }
    }

    private func commitFiles(_ files: [(path: String, bytes: [UInt8])], message: String, reminders: [String], marks: [String],
                             config: RelanceConfig, context: CommandContext, points: CrashPoints, what: String) throws -> CommitResult {
        func crash(_ point: String?) { if let point { context.crashPoint(point) } }
        let author = try author(config, now: context.now(), environment: context.environment)
        // Nothing is written through a symbolic link (a committed `reminders -> /elsewhere` would lead out of the books).
        for file in files {
            if let problem = InsideBooks.writeProblem(root: root, relative: file.path) {
                throw CommandFailure(.badData, "\(file.path): \(problem); nothing was written.\n"
                                     + "  fix: replace the link by a real folder of the books (`git rm` the link, `mkdir`), commit, then run again")
            }
        }
        try StagedBooks.checkCommit(repo: repo, prefix: prefix, root: root,
                                    changes: Dictionary(files.map { ($0.path, $0.bytes) }) { $1 }, context: context)
        let signer = try CommitSigner.make(config, repo: repo, context: context)
        let paths = files.map { prefix + $0.path }
        var written: [String: String] = [:]
        for (path, file) in zip(paths, files) { written[path] = BatchJournal.hash(file.bytes) }
        let journal = BatchJournal(parent: try repo.headCommitID(), files: paths, reminders: reminders, written: written,
                                   marks: marks.isEmpty ? nil : marks)
        try journal.write(to: repo)
        crash(points.journal)
        do {
            for (k, file) in files.enumerated() {
                try FileStore.writeAtomically(file.bytes, inside: root, at: file.path)
                if k == 0 { crash(points.firstFile) }
            }
            crash(points.files)
            let result = try repo.commit(files: paths, message: message, author: author, signer: signer, committed: { crash(points.committed) })
            crash(points.commit)
            BatchJournal.remove(from: repo)
            return result
        } catch {
            // The commit may have been made before the failure (e.g. while updating the index): then it stays,
            // and git's index is brought in line with it here, or by the next command from the journal.
            if let head = try? repo.headCommitID(), head != journal.parent, let headMessage = try? repo.headMessage(),
               journal.isItsCommit(message: headMessage) {
                if (try? repo.alignIndexWithHead(paths: paths)) != nil {
                    BatchJournal.remove(from: repo)
                    context.err.line("relance: note: \(what) was committed as \(head.prefix(12)); updating git's index failed at first (\(error)), then succeeded")
                    return .committed(commitID: head, treeID: (try? repo.headTreeID()) ?? "")
                }
                throw CommandFailure(.ioError, "\(what) was committed as \(head.prefix(12)), but then: \(error).\n"
                                     + "  nothing to do by hand: the next relance command brings git's index in line with that commit")
            }
            _ = try? BatchJournal.recover(repo)
            if let failure = error as? CommandFailure { throw failure }
            throw CommandFailure(.ioError, "\(what) could not be committed (\(error)); the books were put back as they were")
        }
    }
}
