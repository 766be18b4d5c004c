import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// `relance run` in-process on the sample books, as of 2026-11-01: R2026-0001 (acme, letter, F2026-001 and F2026-002),
/// R2026-0002 (brightside, letter in English, F2026-003 as an .odt), R2026-0003 (zeta, e-mail).
func sampleWithReminders() throws -> GitBooksFolder {
    let books = try SampleBooks.repository()
    let context = testContext(books.root, today: "2026-11-01")
    let (status, message) = outcome({ try RunCommand.run(.init(books: BooksOptions()), $0) }, context)
    #expect(status == .ok, "\(message) \(context.err.text)")
    #expect(context.out.text.contains("R2026-0001 acme"), "\(context.out.text)")
    return books
}

@Suite("relance print and posted, in-process on a real git repository")
struct PrintCommandTests {
    @Test func printsEachLetterFollowedByItsInvoiceCopiesAndCommits() throws {
        let books = try sampleWithReminders()
        let commits = try books.commitCount
        let context = testContext(books.root, today: "2026-11-02")
        let (status, message) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "print/batch.pdf", zip: "print/batch.zip"), $0) }, context)
        #expect(status == .ok, "\(message)")
        // The .odt is named, not printed.
        #expect(context.err.text.contains("R2026-0002: the file of F2026-003, documents/F2026-003.odt, is not a PDF"), "\(context.err.text)")

        let pdf = books.root + "/print/batch.pdf"
        let letter1 = try pageCount(books.root + "/reminders/2026/R2026-0001.pdf")
        let copy1 = try pageCount(books.root + "/documents/F2026-001.pdf")
        let copy2 = try pageCount(books.root + "/documents/F2026-002.pdf")
        let letter2 = try pageCount(books.root + "/reminders/2026/R2026-0002.pdf")
        #expect(copy2 >= 2)
        #expect(try pageCount(pdf) == letter1 + copy1 + copy2 + letter2)
        // Page by page: R2026-0001's letter, F2026-001, F2026-002 (all its pages), then R2026-0002's letter.
        var expected: [String] = []
        expected += Array(repeating: "R2026-0001", count: letter1)
        expected += Array(repeating: "COPY-F2026-001", count: copy1)
        expected += Array(repeating: "COPY-F2026-002", count: copy2)
        expected += Array(repeating: "R2026-0002", count: letter2)
        for (k, marker) in expected.enumerated() {
            let text = try pageText(pdf, k + 1)
            #expect(text.contains(marker), "page \(k + 1) should show \(marker)")
        }
        // Formal notices say how they are sent, in the customer's language.
        #expect(try pageText(pdf, 1).contains("Lettre recommandée avec accusé de réception"))
        #expect(try pageText(pdf, letter1 + copy1 + copy2 + 1).contains("Registered letter with acknowledgement of receipt"))
        #expect(!(try pageText(pdf, letter1 + copy1 + copy2 + 1)).contains("recommandée"))

        // The zip: the same files, in the same order.
        let list = try runTool("unzip", ["-Z1", "print/batch.zip"], in: books.root)
        #expect(list.stdout.split(separator: "\n") == ["R2026-0001-0-letter.pdf", "R2026-0001-1-F2026-001.pdf",
                                                      "R2026-0001-2-F2026-002.pdf", "R2026-0002-0-letter.pdf"])
        let extracted = try runTool("unzip", ["-p", "print/batch.zip", "R2026-0001-2-F2026-002.pdf"], in: books.root)
        #expect(Array(extracted.stdout.utf8).count > 0)
        try runTool("unzip", ["-q", "print/batch.zip", "-d", "unzipped"], in: books.root)
        let sameCopy = books.folder.read("unzipped/R2026-0001-2-F2026-002.pdf") == books.folder.read("documents/F2026-002.pdf")
        #expect(sameCopy, "the zip holds the invoice file as it is")
        let sameLetter = books.folder.read("unzipped/R2026-0002-0-letter.pdf") == books.folder.read("reminders/2026/R2026-0002.pdf")
        #expect(sameLetter, "the zip holds the letter as committed")

        // One commit with the printed records and their trailers, and nothing else in it.
        #expect(try books.commitCount == commits + 1)
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "history/2026.books")
        let body = try books.gitOut(["log", "-1", "--format=%B"])
        #expect(body.hasPrefix("relance: 2 letters printed as of 2026-11-02\n"))
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Printed,valueonly)"]) == "R2026-0001\nR2026-0002")
        let history = try books.gitOut(["show", "HEAD:history/2026.books"])
        #expect(history.hasSuffix("\n2026-11-02 printed R2026-0001\n\n2026-11-02 printed R2026-0002"))
        #expect(try books.gitOut(["status", "--porcelain", "--", "history", "reminders"]) == "")
        #expect(context.out.text.contains("R2026-0001 acme: letter (\(letter1) page"), "\(context.out.text)")

        // A second print finds nothing and writes nothing.
        let again = testContext(books.root, today: "2026-11-02")
        let (status2, _) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "print/again.pdf", zip: "print/again.zip"), $0) }, again)
        #expect(status2 == .ok)
        #expect(again.out.text == "No letter to print as of 2026-11-02: nothing written, no commit.\n")
        #expect(try books.commitCount == commits + 1)
        #expect(!FileManager.default.fileExists(atPath: books.root + "/print/again.pdf"))
        #expect(!FileManager.default.fileExists(atPath: books.root + "/print/again.zip"))
    }

    @Test func sameBooksAndDateGiveTheSameBytes() throws {
        let books = try sampleWithReminders()
        let first = testContext(books.root, today: "2026-11-02")
        #expect(outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "one.pdf", zip: "one.zip"), $0) }, first).0 == .ok)
        let historyAfterFirst = books.folder.read("history/2026.books")
        try books.git(["reset", "--quiet", "--hard", "HEAD~1"])
        // Another moment on the clock, the same as-of date.
        var second = testContext(books.root, today: "2026-11-02")
        second.now = { 1_899_999_999 }
        #expect(outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "two.pdf", zip: "two.zip"), $0) }, second).0 == .ok)
        let samePDF = books.folder.read("one.pdf") == books.folder.read("two.pdf")
        let sameZip = books.folder.read("one.zip") == books.folder.read("two.zip")
        #expect(books.folder.read("one.pdf") != nil && samePDF, "the PDF differs")
        #expect(books.folder.read("one.zip") != nil && sameZip, "the zip differs")
        #expect(books.folder.read("history/2026.books") == historyAfterFirst)
    }

    @Test func nothingToPrintWritesNothing() throws {
        let books = try SampleBooks.repository()
        let commits = try books.commitCount
        let context = testContext(books.root, today: "2026-11-01")
        let (status, _) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), zip: "x.zip"), $0) }, context)
        #expect(status == .ok)
        #expect(context.out.text == "No letter to print as of 2026-11-01: nothing written, no commit.\n")
        #expect(!FileManager.default.fileExists(atPath: books.root + "/letters-2026-11-01.pdf"))
        #expect(!FileManager.default.fileExists(atPath: books.root + "/x.zip"))
        #expect(try books.commitCount == commits)
    }

    @Test func theBatchIsNeverWrittenIntoTheBooksOwnFolders() throws {
        let books = try sampleWithReminders()
        let commits = try books.commitCount
        for (out, zip) in [("history/print.pdf", nil), ("ok.pdf", "reminders/2026/batch.zip"), ("./templates/../history/2026.books", nil)] as [(String, String?)] {
            let context = testContext(books.root, today: "2026-11-02")
            let (status, message) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: out, zip: zip), $0) }, context)
            #expect(status == .usage, "\(out): \(message)")
            #expect(message.contains("of the books, which relance writes only through its commits"), "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: books.root + "/ok.pdf"))
        #expect(try books.commitCount == commits)
        #expect(try books.gitOut(["status", "--porcelain"]) == "")
    }

    @Test func aBrokenInvoicePDFStopsTheBatchBeforeAnythingIsWritten() throws {
        let books = try sampleWithReminders()
        try books.folder.write("documents/F2026-001.pdf", "%PDF-1.4 broken\n")
        try books.commit("broken copy")
        let commits = try books.commitCount
        let context = testContext(books.root, today: "2026-11-02")
        let (status, message) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "b.pdf"), $0) }, context)
        #expect(status == .badData)
        #expect(message.contains("documents/F2026-001.pdf"), "\(message)")
        #expect(message.contains("nothing was printed"))
        #expect(!FileManager.default.fileExists(atPath: books.root + "/b.pdf"))
        #expect(try books.commitCount == commits)
    }

    @Test func anInvoiceFileOutsideTheBooksIsNeverRead() throws {
        let books = try sampleWithReminders()
        let outside = try TempFolder()
        try outside.write("private.pdf", bytes: try samplePDF("PRIVATE-OUTSIDE"))
        try FileManager.default.removeItem(atPath: books.root + "/documents/F2026-001.pdf")
        try FileManager.default.createSymbolicLink(atPath: books.root + "/documents/F2026-001.pdf", withDestinationPath: outside.path + "/private.pdf")
        try books.commit("link")
        let context = testContext(books.root, today: "2026-11-02")
        let commits = try books.commitCount
        let (status, message) = outcome({ try PrintCommand.run(.init(books: BooksOptions(), out: "c.pdf"), $0) }, context)
        // The books themselves are refused (a located error at the invoice's `file` line): nothing is read or written.
        #expect(status == .badData, "\(message)")
        #expect(context.err.text.contains("invoices/2026.books:3:9: error: the invoice copy documents/F2026-001.pdf is outside the books"), "\(context.err.text)")
        #expect(!FileManager.default.fileExists(atPath: books.root + "/c.pdf"))
        #expect(!context.out.text.contains("PRIVATE-OUTSIDE") && !context.err.text.contains("PRIVATE-OUTSIDE"))
        #expect(try books.commitCount == commits)
    }

    @Test func postedRecordsTheNumberAndRefusesWhatHasNoLetter() throws {
        let books = try sampleWithReminders()
        let commits = try books.commitCount
        let context = testContext(books.root, today: "2026-11-04")
        let (status, message) = outcome({ try PostedCommand.run(.init(books: BooksOptions(asOf: "2026-11-03"), reminder: "R2026-0001",
                                                                   tracking: "1A 001 234 5678 9"), $0) }, context)
        #expect(status == .ok, "\(message)")
        #expect(context.out.text.hasPrefix("R2026-0001 acme: posted on 2026-11-03, registered letter 1A00123456789\n"))
        #expect(try books.commitCount == commits + 1)
        #expect(try books.gitOut(["show", "HEAD:history/2026.books"]).hasSuffix("\n2026-11-03 posted R2026-0001 1A00123456789"))
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Posted,valueonly)"]) == "R2026-0001")
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Tracking,valueonly)"]) == "1A00123456789")

        // The same again: nothing new.
        let again = testContext(books.root, today: "2026-11-04")
        #expect(outcome({ try PostedCommand.run(.init(books: BooksOptions(), reminder: "R2026-0001", tracking: "1A00123456789"), $0) }, again).0 == .ok)
        #expect(again.out.text.contains("already recorded"))
        #expect(try books.commitCount == commits + 1)

        // history and status show it.
        let history = testContext(books.root, today: "2026-11-04")
        #expect(outcome({ try HistoryCommand.run(.init(books: BooksOptions(), subject: "acme"), $0) }, history).0 == .ok)
        #expect(history.out.text.contains("posted 2026-11-03 1A00123456789"), "\(history.out.text)")
        let json = testContext(books.root, today: "2026-11-04")
        #expect(outcome({ try HistoryCommand.run(.init(books: BooksOptions(), format: .json), $0) }, json).0 == .ok)
        let records = try JSONSerialization.jsonObject(with: Data(json.out.text.utf8)) as? [[String: Any]] ?? []
        let letter = records.first { $0["id"] as? String == "R2026-0001" }?["letter"] as? [String: Any]
        #expect(letter?["posted"] as? String == "2026-11-03")
        #expect(letter?["tracking"] as? String == "1A00123456789")
        #expect(letter?["printed"] is NSNull)
        #expect(records.first { $0["id"] as? String == "R2026-0003" }?["letter"] is NSNull)
        let status2 = testContext(books.root, today: "2026-11-04")
        #expect(outcome({ try StatusCommand.run(.init(books: BooksOptions()), $0) }, status2).0 == .ok)
        #expect(status2.out.text.contains("R2026-0001, letter posted 2026-11-03 1A00123456789"), "\(status2.out.text)")

        // Refusals: nothing written.
        let refusals: [(String, String, String?, RelanceCommands.ExitStatus, String)] = [
            ("R2026-0009", "1A1", nil, RelanceCommands.ExitStatus.usage, "no reminder \"R2026-0009\""),
            ("R2026-0003", "1A1", nil, .badData, "R2026-0003 has no letter (it went by email)"),
            ("R2026-0002", "1A 1/2", nil, .usage, "--tracking 1A 1/2"),
            ("R2026-0002", "1A1", "2026-10-30", .usage, "--date 2026-10-30 is before R2026-0002 was made"),
            ("R2026-0002", "1A1", "2026-13-01", .usage, "--date 2026-13-01: not a date"),
            ("R2026-0002", "1A1", "2026-11-05", .usage, "--date 2026-11-05 is after today (2026-11-04)"),
        ]
        for (reminder, tracking, date, expected, words) in refusals {
            let c = testContext(books.root, today: "2026-11-04")
            let (s, m) = outcome({ try PostedCommand.run(.init(books: BooksOptions(asOf: date), reminder: reminder, tracking: tracking), $0) }, c)
            #expect(s == expected, "\(reminder) \(tracking): \(m)")
            #expect(m.contains(words), "\(m)")
        }
        #expect(try books.commitCount == commits + 1)
    }
}
