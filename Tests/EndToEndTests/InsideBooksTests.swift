import Foundation
import Testing

/// ledger-example/ with F2026-022's `file` line replaced, committed. Its second reminder (run on 2026-11-22, then on
/// 2026-12-01) attaches the invoice copy.
private func booksWithFile(_ value: String, prepare: (GitBooks) throws -> Void = { _ in }) throws -> GitBooks {
    let books = try GitBooks()
    try prepare(books)
    let text = try books.read("invoices/2026.books")
    #expect(text.contains("  file  documents/F2026-022.pdf\n"))
    try books.temp.write("invoices/2026.books", text.replacingOccurrences(of: "  file  documents/F2026-022.pdf\n", with: "  file  \(value)\n"))
    try books.git(["add", "-A"])
    try books.git(["commit", "--quiet", "-m", "file"])
    return books
}

/// The line of invoices/2026.books holding F2026-022's `file`.
private let fileLine = 95

/// Everything relance wrote (reminders/, history/) and every commit's content, as text.
private func everything(_ books: GitBooks) throws -> String {
    let written = try books.files(includingGit: false).filter { $0.key.hasPrefix("reminders/") || $0.key.hasPrefix("history/") }
    return written.values.map { String(decoding: $0, as: UTF8.self) }.joined() + (try books.gitOut(["log", "-p", "--all", "--format=%B"]))
}

private func passwdLine() -> String {
    let text = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? ""
    return String(text.split(separator: "\n").first ?? "root:x:0:0")
}

@Suite("files attached or read stay inside the books ")
struct InsideBooksTests {
    @Test(arguments: ["../../../../../../etc/passwd", "/etc/passwd", "documents/evil.pdf", "documents/etc/passwd", "documents"])
    func anAttachmentOutsideTheBooksIsALocatedErrorAndNeverAttached(_ value: String) throws {
        let books = try booksWithFile(value) { books in
            try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("documents/evil.pdf").path,
                                                       withDestinationPath: "/etc/passwd")
            try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("documents/etc").path,
                                                       withDestinationPath: "/etc")
        }
        let check = try books.relance(["check"])
        #expect(check.status == 65, "\(value): \(check.stderr)")
        #expect(check.stderr.contains("invoices/2026.books:\(fileLine):9: error: the invoice copy \(value)"), "\(value): \(check.stderr)")
        let head = try books.head
        let first = try books.relance(["run", "--as-of", "2026-11-22"])
        let second = try books.relance(["run", "--as-of", "2026-12-01"])
        #expect(first.status == 65 && second.status == 65, "\(value): \(first.stderr) \(second.stderr)")
        #expect(try books.head == head)
        #expect(try !everything(books).contains(passwdLine()))
    }

    /// A link inside the books to a file inside the books is fine: its real path is inside.
    @Test func aLinkInsideTheBooksToAFileInsideIsAttached() throws {
        let books = try booksWithFile("documents/latest.pdf") { books in
            try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("documents/latest.pdf").path,
                                                       withDestinationPath: "F2026-022.pdf")
        }
        #expect(try books.relance(["check"]).status == 0)
        #expect(try books.relance(["run", "--as-of", "2026-11-22"]).status == 0)
        let r = try books.relance(["run", "--as-of", "2026-12-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try everything(books).contains("filename=\"latest.pdf\""))
    }

    /// A missing copy: `check` warns where it is named; `run` goes without that copy and says so.
    @Test func aMissingAttachmentIsWarnedAboutAndSkipped() throws {
        let books = try booksWithFile("documents/F2026-022-missing.pdf")
        let check = try books.relance(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("invoices/2026.books:\(fileLine):9: warning: the invoice copy documents/F2026-022-missing.pdf does not exist"),
                "\(check.stderr)")
        #expect(try books.relance(["run", "--as-of", "2026-11-22"]).status == 0)
        let r = try books.relance(["run", "--as-of", "2026-12-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("the copy of F2026-022 was not attached"), "\(r.stderr)")
        #expect(try books.commitCount == 4)
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
    }

    /// A books file that is a link out of the books is not read (its lines never reach the diagnostics).
    @Test func aBooksLinkToAFileOutsideIsNotRead() throws {
        let books = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: books.root)
        try FileManager.default.createSymbolicLink(atPath: books.url("evil.books").path, withDestinationPath: "/etc/passwd")
        let r = try Relance.run(["check"], in: books.root)
        #expect(!r.stderr.contains(passwdLine()), "\(r.stderr)")
        #expect(r.stderr.contains("evil.books:1:1: warning: evil.books is a symbolic link"), "\(r.stderr)")
        #expect(r.status == 0)
    }

    /// A folder link looping back into the books does not make them read again and again.
    @Test func aFolderLinkLoopReadsTheBooksOnce() throws {
        let books = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: books.root)
        let before = try Relance.run(["check"], in: books.root)
        try FileManager.default.createSymbolicLink(atPath: books.url("invoices/loop").path, withDestinationPath: "..")
        let r = try Relance.run(["check"], in: books.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("invoices/loop is a symbolic link"), "\(r.stderr)")
        let summary = { (s: String) in s.split(separator: "\n").last.map { $0.split(separator: ":").first ?? "" } ?? "" }
        #expect(summary(r.stderr) == summary(before.stderr), "\(r.stderr)")
    }

    /// A FIFO named like a books file does not hang `check`.
    @Test func aFifoIsNotOpened() throws {
        let books = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: books.root)
        #expect(mkfifo(books.url("x.books").path, 0o644) == 0)
        let r = try runTool("timeout", ["20", Relance.executable.path, "check", "--books", books.root.path], in: books.root)
        #expect(r.status == 0, "\(r.status): \(r.stderr)")
        #expect(r.stderr.contains("x.books:1:1: warning: x.books is a named pipe (FIFO), not a regular file"), "\(r.stderr)")
    }

    /// relance.toml as a link out of the books is not read.
    @Test func aConfigLinkIsNotRead() throws {
        let books = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: books.root)
        try FileManager.default.removeItem(at: books.url("relance.toml"))
        try FileManager.default.createSymbolicLink(atPath: books.url("relance.toml").path, withDestinationPath: "/etc/passwd")
        let r = try Relance.run(["check"], in: books.root)
        #expect(r.status == 65)
        #expect(!r.stderr.contains(passwdLine()), "\(r.stderr)")
        #expect(r.stderr.contains("relance.toml:1:1: error: relance.toml is a symbolic link"), "\(r.stderr)")
    }

    /// A committed `reminders -> outside` link: `check` reports it, `run` writes nothing anywhere and exits 65.
    @Test func runNeverWritesThroughALink() throws {
        let outside = try TempBooks([:])
        try FileManager.default.createDirectory(at: outside.root, withIntermediateDirectories: true)
        let books = try GitBooks()
        try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("reminders").path, withDestinationPath: outside.root.path)
        try books.git(["add", "reminders"])
        try books.git(["commit", "--quiet", "-m", "link"])
        let check = try books.relance(["check"])
        #expect(check.status == 65)
        #expect(check.stderr.contains("reminders:1:1: error: reminders is a symbolic link"), "\(check.stderr)")
        let files = try books.files()
        let r = try books.relance(["run", "--as-of", "2026-11-22"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root.path).isEmpty, "nothing written outside")
        #expect(try books.files() == files, "nothing written inside")
    }

    /// A history file that is a link out of the books: `check` reports it, `run` writes nothing.
    @Test func aHistoryFileLinkIsAnErrorAndNeverWrittenThrough() throws {
        let outside = try TempBooks(["2026.books": "; outside\n"])
        let books = try GitBooks()
        let history = books.root.appendingPathComponent("history/2026.books").path
        try FileManager.default.removeItem(atPath: history)
        try FileManager.default.createSymbolicLink(atPath: history, withDestinationPath: outside.url("2026.books").path)
        try books.git(["add", "-A"])
        try books.git(["commit", "--quiet", "-m", "link"])
        let check = try books.relance(["check"])
        #expect(check.status == 65)
        #expect(check.stderr.contains("history/2026.books:1:1: error: history/2026.books is a symbolic link"), "\(check.stderr)")
        let files = try books.files()
        #expect(try books.relance(["run", "--as-of", "2026-11-22"]).status == 65)
        #expect(try String(contentsOf: outside.url("2026.books"), encoding: .utf8) == "; outside\n")
        #expect(try books.files() == files)
    }

    /// A template that is a link out of the books is not read (the built-in template is used) and `check` says so.
    @Test func aTemplateLinkIsNotRead() throws {
        let outside = try TempBooks(["first.email.mustache": "Subject: secret\n\nSECRET-OUTSIDE-TEXT\n"])
        let books = try GitBooks()
        try FileManager.default.createDirectory(at: books.root.appendingPathComponent("templates/fr"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("templates/fr/first.email.mustache").path,
                                                   withDestinationPath: outside.url("first.email.mustache").path)
        try books.git(["add", "-A"])
        try books.git(["commit", "--quiet", "-m", "template"])
        let check = try books.relance(["check"])
        #expect(check.stderr.contains("templates/fr/first.email.mustache:1:1: warning: templates/fr/first.email.mustache is a symbolic link"),
                "\(check.stderr)")
        let r = try books.relance(["run", "--as-of", "2026-11-22"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try !everything(books).contains("SECRET-OUTSIDE-TEXT"))
    }
}
