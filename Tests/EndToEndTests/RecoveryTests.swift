import Foundation
import Testing

private let asOf = "2026-11-22"

/// Runs `relance run` under strace, killed (SIGKILL) at the `when`-th call of `syscall`.
private func killedRun(_ books: GitBooks, syscall: String, when: Int) throws -> Relance.Result {
    try runTool("strace", ["-f", "-o", "/dev/null", "-e", "trace=\(syscall)", "-e", "inject=\(syscall):signal=KILL:when=\(when)",
                           Relance.executable.path, "run", "--books", books.root.path, "--as-of", asOf],
                in: books.root, environment: ["HOME": books.root.path])
}

/// The reference: the same books, one uninterrupted run.
private let reference: (tree: String, files: [String: Data]) = {
    let clean = try! GitBooks()
    _ = try! clean.relance(["run", "--as-of", asOf])
    return (try! clean.tree, try! clean.files(includingGit: false))
}()

/// After a killed run, the next run must succeed by itself and leave exactly what an uninterrupted run leaves.
private func expectRecovered(_ books: GitBooks, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let next = try books.relance(["run", "--as-of", asOf])
    #expect(next.status == 0, "\(what): the next run: \(next.stderr)", sourceLocation: sourceLocation)
    #expect(!next.stderr.contains("commit them"), sourceLocation: sourceLocation)
    #expect(try books.tree == reference.tree, "\(what): tree", sourceLocation: sourceLocation)
    #expect(try books.commitCount == 2, "\(what): one batch commit", sourceLocation: sourceLocation)
    #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty, "\(what): git status", sourceLocation: sourceLocation)
    #expect(try books.git(["fsck", "--strict"]).status == 0, sourceLocation: sourceLocation)
    #expect(try books.files(includingGit: false) == reference.files, "\(what): no stray file", sourceLocation: sourceLocation)
    for name in ["relance-batch.json", "relance.lock", "index.lock", "refs/heads/main.lock"] {
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/" + name).path),
                "\(what): .git/\(name) left", sourceLocation: sourceLocation)
    }
    let history = try books.read("history/2026.books")
    for id in ["R2026-0004", "R2026-0013"] {
        #expect(history.components(separatedBy: " reminder \(id) ").count == 2, "\(what): \(id) once in history", sourceLocation: sourceLocation)
    }
}

@Suite("a killed run never needs a hand repair (the built binary, real git, strace fault injection)")
struct RecoveryTests {
    /// Killed at an fsync: a temporary `.relance-PID-NAME` file is left beside the documents.
    @Test(arguments: [1, 2, 12])
    func killedAtAnFsync(_ when: Int) throws {
        let books = try GitBooks()
        let killed = try killedRun(books, syscall: "fsync", when: when)
        #expect(killed.status != 0)
        try expectRecovered(books, "fsync \(when)")
    }

    /// Killed at the rename of the branch's lock (13: `refs/heads/main.lock` left) and of the index's (14: `index.lock`
    /// left after the commit was made).
    @Test(arguments: [13, 14])
    func killedAtAGitRename(_ when: Int) throws {
        let books = try GitBooks()
        let killed = try killedRun(books, syscall: "rename", when: when)
        #expect(killed.status != 0)
        try expectRecovered(books, "rename \(when)")
    }

    /// Killed after the commit was made, before git's index was updated: `git status` showed the reminders as deleted,
    /// and the hint "commit them" (`git commit -a`) would have deleted them from the books.
    @Test func killedBeforeTheIndexIsUpdated() throws {
        let books = try GitBooks()
        let killed = try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": "committed"])
        #expect(killed.status == 99, "\(killed.stderr)")
        #expect(try books.commitCount == 2)
        #expect(try books.gitOut(["status", "--porcelain"]).contains("D  reminders/2026/R2026-0004.eml"))
        let next = try books.relance(["run", "--as-of", asOf])
        #expect(next.stderr.contains("git's index was brought in line with that commit"), "\(next.stderr)")
        try expectRecovered(books, "committed")
    }

    /// A lock file left empty (the run was killed right after creating it) does not block every later run.
    @Test func anEmptyRunLockIsTakenOver() throws {
        let books = try GitBooks()
        try Data().write(to: books.root.appendingPathComponent(".git/relance.lock"))
        try expectRecovered(books, "empty relance.lock")
    }

    /// A run holding the lock (the kernel lock of `flock`) is never robbed, even before its pid is written.
    @Test func aHeldRunLockIsRespected() throws {
        let books = try GitBooks()
        // This test process holds the kernel lock, as a run that has not written its pid yet would.
        let lock = books.root.appendingPathComponent(".git/relance.lock").path
        let fd = open(lock, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let r = try books.binary(["run", "--as-of", asOf])
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("another relance run"), "\(r.stderr)")
        #expect(try books.commitCount == 1)
    }

    /// An unreadable journal with nothing left in the books is removed; with changes left, a clear refusal (65), not 70.
    @Test func anUnreadableJournal() throws {
        let books = try GitBooks()
        let journal = books.root.appendingPathComponent(".git/relance-batch.json")
        try Data("{\"parent\": tru".utf8).write(to: journal)
        let r = try books.relance(["run", "--as-of", asOf])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("unreadable note of an interrupted run"), "\(r.stderr)")

        let other = try GitBooks()
        #expect(try other.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": "files"]).status == 99)
        try Data("garbage".utf8).write(to: other.root.appendingPathComponent(".git/relance-batch.json"))
        let files = try other.files(includingGit: false)
        let refused = try other.relance(["run", "--as-of", asOf])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("cannot be read"), "\(refused.stderr)")
        #expect(refused.stderr.contains("history/2026.books"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("reset --hard"))
        #expect(try other.files(includingGit: false) == files)
    }

    /// A commit made by hand after a crash (HEAD moved) no longer stops every run (it exited 70).
    @Test func aCommitMadeAfterTheCrash() throws {
        let books = try GitBooks()
        #expect(try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": "first-document"]).status == 99)
        try books.temp.write("README.md", "notes\n")
        try books.git(["add", "README.md"])
        try books.git(["commit", "--quiet", "-m", "notes"])
        let next = try books.relance(["run", "--as-of", asOf])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("was rolled back"), "\(next.stderr)")
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
        #expect(try books.commitCount == 3)
    }

    /// The refusal of uncommitted edits never suggests a command that could lose the books' files.
    @Test func theHintForUncommittedEditsIsSafe() throws {
        let books = try GitBooks()
        try books.temp.write("customers.books", try books.read("customers.books") + "; une note\n")
        let r = try books.relance(["run", "--as-of", asOf])
        #expect(r.status == 75)
        #expect(!r.stderr.contains("commit them"), "\(r.stderr)")
        #expect(r.stderr.contains("git stash --include-untracked"), "\(r.stderr)")
    }

    /// The run that recovers is itself stopped (at its own named crash points): the one after still recovers.
    @Test(arguments: [("files", "rolled-back-file"), ("committed", "recovered-index")])
    func aRecoveryStoppedHalfWay(_ steps: (String, String)) throws {
        let books = try GitBooks()
        #expect(try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": steps.0]).status == 99)
        let stopped = try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": steps.1])
        #expect(stopped.status == 99, "\(stopped.stderr)")
        #expect(FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance-batch.json").path))
        try expectRecovered(books, "\(steps.0), then \(steps.1)")
    }
}
