import CommandTestSupport
import Foundation
import Testing

/// `relance ARGUMENTS` in-process in the books (a clean environment, today 2026-12-01 unless --as-of says otherwise).
private func relance(_ arguments: [String], in books: GitBooksFolder) -> ToolResult {
    runRelance(arguments, in: books.root)
}

/// `relance ARGUMENTS` by the built program (for the crash points, which end the process).
private func binary(_ arguments: [String], in books: GitBooksFolder, environment: [String: String] = [:]) throws -> ToolResult {
    try runRelanceBinary(arguments, in: books.root, environment: environment)
}

@Suite("relance print and posted in a real git repository (crashes: the built binary)")
struct PrintBinaryTests {
    @Test func runPrintPostedHistoryStatus() throws {
        let books = try SampleBooks.repository()
        let made = relance(["run", "--as-of", "2026-11-01"], in: books)
        #expect(made.status == 0, "\(made.stderr)")
        let commits = try books.commitCount

        let printed = relance(["print", "--as-of", "2026-11-02", "--out", "out/letters.pdf", "--zip", "out/letters.zip"], in: books)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("Printed 2 letters"), "\(printed.stdout)")
        let pdf = books.root + "/out/letters.pdf"
        let info = try runTool("pdfinfo", [pdf], in: books.root)
        #expect(info.status == 0, "\(info.stderr)")
        let pages = [try pageCount(books.root + "/reminders/2026/R2026-0001.pdf"), try pageCount(books.root + "/documents/F2026-001.pdf"),
                     try pageCount(books.root + "/documents/F2026-002.pdf"), try pageCount(books.root + "/reminders/2026/R2026-0002.pdf")]
        #expect(try pageCount(pdf) == pages.reduce(0, +))
        // Each invoice copy right after its letter: the first page after R2026-0001's letter is F2026-001's copy,
        // the page after that copy is F2026-002's, and R2026-0002's letter comes after the last page of F2026-002.
        #expect(try pageText(pdf, 1).contains("R2026-0001"))
        #expect(try pageText(pdf, pages[0] + 1).contains("COPY-F2026-001"))
        #expect(try pageText(pdf, pages[0] + pages[1] + 1).contains("COPY-F2026-002"))
        #expect(try pageText(pdf, pages[0] + pages[1] + pages[2]).contains("COPY-F2026-002"))
        #expect(try pageText(pdf, pages[0] + pages[1] + pages[2] + 1).contains("R2026-0002"))
        let list = try runTool("unzip", ["-l", "out/letters.zip"], in: books.root)
        #expect(list.status == 0)
        #expect(list.stdout.contains("4 files"), "\(list.stdout)")
        #expect(list.stdout.contains("2026-11-02 12:00   R2026-0001-0-letter.pdf"), "\(list.stdout)")

        #expect(try books.commitCount == commits + 1)
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Printed,valueonly)"]) == "R2026-0001\nR2026-0002")
        #expect(try books.gitOut(["status", "--porcelain", "--", "history"]) == "")

        let second = relance(["print", "--as-of", "2026-11-02", "--out", "out/again.pdf"], in: books)
        #expect(second.status == 0)
        #expect(second.stdout.contains("No letter to print"))
        #expect(!FileManager.default.fileExists(atPath: books.root + "/out/again.pdf"))
        #expect(try books.commitCount == commits + 1)

        let posted = relance(["posted", "R2026-0001", "--tracking", "1A00123456789", "--date", "2026-11-03"], in: books)
        #expect(posted.status == 0, "\(posted.stderr)")
        #expect(try books.commitCount == commits + 2)
        #expect(try books.gitOut(["show", "HEAD:history/2026.books"]).contains("2026-11-03 posted R2026-0001 1A00123456789"))
        let history = relance(["history", "acme"], in: books)
        #expect(history.stdout.contains("posted 2026-11-03 1A00123456789"), "\(history.stdout)")
        let history2 = relance(["history", "brightside"], in: books)
        #expect(history2.stdout.contains("printed 2026-11-02"), "\(history2.stdout)")
        let status = relance(["status", "--as-of", "2026-11-04"], in: books)
        #expect(status.stdout.contains("letter posted 2026-11-03"), "\(status.stdout)")
        let check = relance(["check"], in: books)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let unknown = relance(["posted", "R2026-0042", "--tracking", "1A1"], in: books)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no reminder \"R2026-0042\""))
        let email = relance(["posted", "R2026-0003", "--tracking", "1A1"], in: books)
        #expect(email.status == 65)
        #expect(email.stderr.contains("has no letter"))
        #expect(try books.commitCount == commits + 2)
    }

    /// The process killed after writing the history, before the commit: the next print rolls the history back and
    /// prints the same letters, committed once; killed after the commit: the next print finds nothing left to print.
    @Test(arguments: ["history-journal", "history-file", "history-commit"])
    func aPrintKilledHalfWayLosesNothing(_ step: String) throws {
        let books = try SampleBooks.repository()
        #expect(relance(["run", "--as-of", "2026-11-01"], in: books).status == 0)
        let commits = try books.commitCount
        let history = books.folder.read("history/2026.books")
        let killed = try binary(["print", "--as-of", "2026-11-02", "--out", "a.pdf"], in: books, environment: ["RELANCE_FAIL_AFTER": step])
        #expect(killed.status == 99, "\(killed.stderr)")
        let committed = step == "history-commit"
        #expect(try books.commitCount == commits + (committed ? 1 : 0))
        let next = relance(["print", "--as-of", "2026-11-02", "--out", "b.pdf"], in: books)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try books.commitCount == commits + 1)
        if committed {
            #expect(next.stdout.contains("No letter to print"), "\(next.stdout)")
        } else {
            #expect(next.stdout.contains("Printed 2 letters"), "\(next.stdout)")
            #expect(FileManager.default.fileExists(atPath: books.root + "/b.pdf"))
        }
        // The printed records are in the history once each, and committed.
        let text = try books.gitOut(["show", "HEAD:history/2026.books"])
        #expect(text.components(separatedBy: "printed R2026-0001").count == 2, "\(text)")
        #expect(String(decoding: history ?? [], as: UTF8.self) + "\n2026-11-02 printed R2026-0001\n\n2026-11-02 printed R2026-0002" == text)
        #expect(try books.gitOut(["status", "--porcelain", "--", "history"]) == "")
    }

    /// A print killed after writing the history, then a commit of the user's own before the next relance command:
    /// HEAD moved, but not by the print. The next command tells its commit by its trailers (`Printed: ID`), rolls the
    /// history back and prints again; taking any moved HEAD for the print's commit left the history dirty for good.
    @Test func aPrintKilledThenAnotherCommitIsRolledBackNotTakenForThePrint() throws {
        let books = try SampleBooks.repository()
        #expect(relance(["run", "--as-of", "2026-11-01"], in: books).status == 0)
        let commits = try books.commitCount
        let killed = try binary(["print", "--as-of", "2026-11-02", "--out", "a.pdf"], in: books, environment: ["RELANCE_FAIL_AFTER": "history-file"])
        #expect(killed.status == 99, "\(killed.stderr)")
        try books.folder.write("notes.txt", "mine\n")
        try books.git(["add", "notes.txt"])
        try books.git(["commit", "--quiet", "-m", "my notes"])
        let next = relance(["print", "--as-of", "2026-11-02", "--out", "b.pdf"], in: books)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("Printed 2 letters"), "\(next.stdout)")
        #expect(next.stderr.contains("an interrupted run (Printed: R2026-0001, Printed: R2026-0002) was rolled back"), "\(next.stderr)")
        #expect(try books.commitCount == commits + 2)
        let text = try books.gitOut(["show", "HEAD:history/2026.books"])
        #expect(text.components(separatedBy: "printed R2026-0001").count == 2, "\(text)")
        #expect(try books.gitOut(["status", "--porcelain", "--", "history"]) == "")
    }

    /// What `print` would trip on, `check` says first, at its place: a letter waiting to be printed whose PDF is gone
    /// from reminders/, an invoice copy that is not a PDF that opens.
    @Test func checkReportsWhatPrintWouldTripOn() throws {
        let books = try SampleBooks.repository()
        #expect(relance(["run", "--as-of", "2026-11-01"], in: books).status == 0)
        let clean = relance(["check", "--as-of", "2026-11-02"], in: books)
        #expect(clean.status == 0 && !clean.stderr.contains("relance print"), "\(clean.stderr)")
        try FileManager.default.removeItem(atPath: books.root + "/reminders/2026/R2026-0002.pdf")
        try books.folder.write("documents/F2026-002.pdf", "not a PDF at all\n")
        try books.commit("a letter deleted, an invoice copy replaced")
        let check = relance(["check", "--as-of", "2026-11-02"], in: books)
        #expect(check.status == 0, "warnings only: \(check.stderr)")
        #expect(check.stderr.contains("warning: the letter of R2026-0002 waits to be printed, but reminders/2026/R2026-0002.pdf does not exist in the books: relance print would stop there"), "\(check.stderr)")
        #expect(check.stderr.contains("git checkout -- reminders/2026/R2026-0002.pdf"))
        #expect(check.stderr.contains("warning: the copy of F2026-002: documents/F2026-002.pdf is not a PDF that opens: relance print would stop on it"), "\(check.stderr)")
        // Located: the reminder's record in history/, the invoice in its books file.
        #expect(check.stderr.contains("history/2026.books:"), "\(check.stderr)")
        let strict = relance(["check", "--strict", "--as-of", "2026-11-02"], in: books)
        #expect(strict.status == 1)
        let print = relance(["print", "--as-of", "2026-11-02", "--out", "a.pdf"], in: books)
        #expect(print.status == 65, "print does stop there: \(print.stderr)")
    }
}
