import Books
import CommandTestSupport
import Foundation
import Printing
import Testing

@Suite("which letters a print batch holds")
struct PrintBatchTests {
    static let books = """
        customer acme
          name  "Acme"
          address "1 rue A"
        customer beta
          name  "Beta"
          email b@beta.example
          address "2 rue B"

        2026-09-01 invoice F2026-001 acme 100.00 EUR
          file  documents/F2026-001.pdf
        2026-09-02 invoice F2026-002 acme 200.00 EUR
          file  documents/F2026-002.ODT
        2026-09-03 invoice F2026-003 acme 300.00 EUR
        2026-09-04 invoice F2026-004 beta 400.00 EUR
          file  documents/F2026-004.PDF

        2026-11-02 reminder R2026-0003 beta
          level    2
          channel  both
          invoice  F2026-004 400.00 EUR
          file     reminders/2026/R2026-0003.eml
          file     reminders/2026/R2026-0003.pdf
        2026-11-01 reminder R2026-0002 acme
          level    1
          channel  letter
          invoice  F2026-002 200.00 EUR
          invoice  F2026-001 100.00 EUR
          invoice  F2026-003 300.00 EUR
          file     reminders/2026/R2026-0002.pdf
        2026-11-01 reminder R2026-0001 beta
          level    1
          channel  email
          invoice  F2026-004 400.00 EUR
          file     reminders/2026/R2026-0001.eml
        2026-11-01 reminder R2026-0004 acme
          channel  letter
          note     "lettre manuscrite"
        2026-11-20 reminder R2026-0005 acme
          level    2
          channel  letter
          invoice  F2026-001 100.00 EUR
          file     reminders/2026/R2026-0005.pdf

        """

    static func plan(_ history: String = "", asOf: String) -> PrintBatch {
        let books = Books.load([SourceFile(path: "a.books", text: PrintBatchTests.books), SourceFile(path: "history/2026.books", text: history)])
        #expect(books.diagnostics.filter { $0.severity == .error }.isEmpty, "\(books.diagnostics.map(\.message))")
        return PrintBatch.plan(books, asOf: Day(asOf)!)
    }

    @Test func lettersInReminderOrderWithTheirPDFCopies() {
        let batch = Self.plan(asOf: "2026-11-10")
        #expect(batch.letters.map(\.reminderID) == ["R2026-0002", "R2026-0003"])
        #expect(batch.letters[0].letter == "reminders/2026/R2026-0002.pdf")
        // In the letter's order; the .ODT is not printed, the invoice without a file neither; .PDF in capitals is a PDF.
        #expect(batch.letters[0].copies == [InvoiceCopy(invoice: "F2026-001", file: "documents/F2026-001.pdf")])
        #expect(batch.letters[1].copies == [InvoiceCopy(invoice: "F2026-004", file: "documents/F2026-004.PDF")])
        #expect(batch.notes == [
            "R2026-0002: the file of F2026-002, documents/F2026-002.ODT, is not a PDF; print it yourself",
            "R2026-0004: sent by letter but has no PDF letter in its files; nothing to print for it (a line \"DATE printed R2026-0004\" in history/ marks it done)",
        ])
    }

    @Test func printedLettersAndLaterRemindersAreLeftOut() {
        #expect(Self.plan("2026-11-05 printed R2026-0002\n", asOf: "2026-11-30").letters.map(\.reminderID) == ["R2026-0003", "R2026-0005"])
        // A print recorded after the as-of date does not count yet (the books replayed at an earlier date).
        #expect(Self.plan("2026-11-25 printed R2026-0002\n", asOf: "2026-11-10").letters.map(\.reminderID) == ["R2026-0002", "R2026-0003"])
        #expect(Self.plan(asOf: "2026-10-31").letters.isEmpty)
    }

    @Test func letterStateSaysPrintedThenPosted() {
        let books = Books.load([SourceFile(path: "a.books", text: Self.books), SourceFile(path: "h.books", text: """
            2026-11-05 printed R2026-0002
            2026-11-06 posted R2026-0002 1A00123456789
            2026-11-05 printed R2026-0003
            """)])
        let states = LetterState.all(books)
        #expect(states["R2026-0002"]?.text == "posted 2026-11-06 1A00123456789")
        #expect(states["R2026-0003"]?.text == "printed 2026-11-05")
        #expect(LetterState.all(books, asOf: Day("2026-11-05")!)["R2026-0002"]?.text == "printed 2026-11-05")
        #expect(states["R2026-0005"] == nil)
    }
}

@Suite("PDF merge through libqpdf")
struct PDFMergerTests {
    @Test func pagesInOrderAndSameBytesTwice() throws {
        let folder = try TempFolder()
        let documents = [
            PrintDocument(name: "a.pdf", source: "a.pdf", bytes: try samplePDF("FIRST-DOC", paragraphs: 9)),
            PrintDocument(name: "b.pdf", source: "b.pdf", bytes: try samplePDF("SECOND-DOC")),
            PrintDocument(name: "c.pdf", source: "c.pdf", bytes: try samplePDF("THIRD-DOC", paragraphs: 5)),
        ]
        var expected: [Int] = []
        for d in documents {
            try folder.write(d.name, bytes: d.bytes)
            expected.append(try pageCount(folder.path + "/" + d.name))
        }
        #expect(expected[0] >= 2, "the first sample should spill onto a second page")
        let merged = try PDFMerger.merge(documents)
        #expect(merged.pageCounts == expected)
        try folder.write("merged.pdf", bytes: merged.bytes)
        let path = folder.path + "/merged.pdf"
        #expect(try pageCount(path) == expected.reduce(0, +))
        var page = 1
        for (d, n) in zip(["FIRST-DOC", "SECOND-DOC", "THIRD-DOC"], expected) {
            for _ in 0..<n {
                let text = try pageText(path, page)
                #expect(text.contains(d), "page \(page) should be from \(d)")
                page += 1
            }
        }
        let again = try PDFMerger.merge(documents).bytes == merged.bytes
        #expect(again, "the same documents merged twice differ")
        // No date of its own in the output (the letters' /Info stays behind): same pages, same bytes.
        #expect(!String(decoding: merged.bytes, as: UTF8.self).contains("/CreationDate"))
    }

    @Test func aFileThatIsNotAPDFGivesTheLibrarysMessage() throws {
        let documents = [
            PrintDocument(name: "a.pdf", source: "reminders/2026/R2026-0001.pdf", bytes: try samplePDF("OK")),
            PrintDocument(name: "b.pdf", source: "documents/F2026-001.pdf", bytes: Array("this is not a PDF at all\n".utf8)),
        ]
        do {
            _ = try PDFMerger.merge(documents)
            Issue.record("a text file was merged as a PDF")
        } catch let error as QPDFError {
            #expect(error.operation == "reading documents/F2026-001.pdf")
            // libqpdf's own words, naming the file.
            #expect(error.message.contains("documents/F2026-001.pdf"), "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }
}

@Suite("the print batch as a zip")
struct ZipBundleTests {
    @Test func entriesInOrderReadBackWithFixedDates() throws {
        let folder = try TempFolder()
        let a = try samplePDF("ZIP-A"), b = Array("second file".utf8)
        let docs = [PrintDocument(name: "R2026-0001-0-letter.pdf", source: "x", bytes: a),
                    PrintDocument(name: "R2026-0001-1-F2026-001.pdf", source: "y", bytes: b)]
        let zip = try ZipBundle.archive(docs, date: Day("2026-11-22")!)
        let same = try ZipBundle.archive(docs, date: Day("2026-11-22")!) == zip
        let otherDay = try ZipBundle.archive(docs, date: Day("2026-11-23")!) == zip
        #expect(same && !otherDay)
        try folder.write("batch.zip", bytes: zip)
        let list = try runTool("unzip", ["-l", "batch.zip"], in: folder.path)
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").filter { $0.contains("R2026-0001") }
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("R2026-0001-0-letter.pdf") && lines[1].hasSuffix("R2026-0001-1-F2026-001.pdf"))
        #expect(lines.allSatisfy { $0.contains("2026-11-22 12:00") }, "\(lines)")
        let test = try runTool("unzip", ["-t", "batch.zip"], in: folder.path)
        #expect(test.status == 0, "\(test.stdout)")
        try runTool("unzip", ["-q", "batch.zip", "-d", "out"], in: folder.path)
        let readBack = folder.read("out/R2026-0001-0-letter.pdf") == a && folder.read("out/R2026-0001-1-F2026-001.pdf") == b
        #expect(readBack, "unzip gives back other bytes")
    }
}

@Suite("files the books name are read only inside the books")
struct BooksFileReaderTests {
    @Test func onlyRegularFilesInsideTheRoot() throws {
        let outside = try TempFolder()
        try outside.write("secret.pdf", "outside")
        let books = try TempFolder()
        try books.write("documents/ok.pdf", "inside")
        try FileManager.default.createSymbolicLink(atPath: books.path + "/documents/link.pdf", withDestinationPath: outside.path + "/secret.pdf")
        try FileManager.default.createSymbolicLink(atPath: books.path + "/documents/inner.pdf", withDestinationPath: "ok.pdf")
        try FileManager.default.createDirectory(atPath: books.path + "/documents/folder.pdf", withIntermediateDirectories: true)
        #expect(mkfifo(books.path + "/documents/fifo.pdf", 0o644) == 0)
        let reader = BooksFileReader(root: books.path)
        #expect(try reader.read("documents/ok.pdf") == Array("inside".utf8))
        #expect(try reader.read("documents/inner.pdf") == Array("inside".utf8))
        #expect(throws: BooksFileProblem.outsideBooks("documents/link.pdf")) { try reader.read("documents/link.pdf") }
        #expect(throws: BooksFileProblem.outsideBooks("../x/secret.pdf")) { try reader.read("../x/secret.pdf") }
        #expect(throws: BooksFileProblem.outsideBooks(outside.path + "/secret.pdf")) { try reader.read(outside.path + "/secret.pdf") }
        #expect(throws: BooksFileProblem.notRegularFile("documents/folder.pdf")) { try reader.read("documents/folder.pdf") }
        #expect(throws: BooksFileProblem.notRegularFile("documents/fifo.pdf")) { try reader.read("documents/fifo.pdf") }
        #expect(throws: BooksFileProblem.missing("documents/none.pdf")) { try reader.read("documents/none.pdf") }
    }
}
