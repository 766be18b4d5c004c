import Books
import Configuration
import Foundation
import GitStore
import Printing

/// `relance print`: every letter not yet printed in one PDF (each followed by its invoice copies), optionally a zip
/// of the same files; records each letter as `printed` in history/ and commits.
public enum PrintCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        /// The merged PDF (default `letters-DATE.pdf` in the current folder).
        public var out: String?
        /// The same documents as a zip.
        public var zip: String?

        public init(books: BooksOptions, out: String? = nil, zip: String? = nil) {
            self.books = books
            self.out = out
            self.zip = zip
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let (repository, loaded, asOf) = try context.openForWriting(options.books)
        defer { repository.release() }
        let batch = PrintBatch.plan(loaded.books, asOf: asOf)
        for note in batch.notes { context.err.line("relance: note: \(note)") }
        guard !batch.letters.isEmpty else {
            context.out.line("No letter to print as of \(asOf): nothing written, no commit.")
            return .ok
        }
        let outPath = absolute(options.out ?? "letters-\(asOf).pdf", in: context.currentDirectory)
        let zipPath = options.zip.map { absolute($0, in: context.currentDirectory) }
        if let zipPath, zipPath == outPath {
            throw CommandFailure(.usage, "--out and --zip name the same file \(outPath); give the zip its own name")
        }
        for (option, path) in [("--out", outPath), ("--zip", zipPath)] {
            if let path, let part = booksPart(path, root: loaded.root) {
                throw CommandFailure(.usage, "\(option) \(path) is \(part) of the books, which relance writes only through its commits; "
                                     + "write the print batch elsewhere (the default is letters-\(asOf).pdf in the current folder)")
            }
        }

        // Every document read (inside the books only) before anything is written.
        let reader = BooksFileReader(root: loaded.root)
        var documents: [PrintDocument] = []
        // Per document: the letter it belongs to, and what it is ("letter" or the invoice number).
        var owner: [Int] = []
        var label: [String] = []
        for (k, letter) in batch.letters.enumerated() {
            do {
                documents.append(PrintDocument(name: "\(letter.reminderID)-0-letter.pdf", source: letter.letter, bytes: try reader.read(letter.letter)))
            } catch {
                throw CommandFailure(.badData, "\(letter.reminderID): its letter \(error); nothing was printed.\n"
                                     + "  fix: restore it from git (`git checkout -- \(letter.letter)`)")
            }
            owner.append(k)
            label.append("letter")
            for (j, copy) in letter.copies.enumerated() {
                do {
                    let bytes = try reader.read(copy.file)
                    documents.append(PrintDocument(name: "\(letter.reminderID)-\(j + 1)-\(copy.invoice).pdf", source: copy.file, bytes: bytes))
                    owner.append(k)
                    label.append(copy.invoice)
                } catch {
                    context.err.line("relance: warning: \(letter.reminderID): the copy of \(copy.invoice) is not printed: \(error)")
                }
            }
        }
        let merged: MergedPDF
        do {
            merged = try PDFMerger.merge(documents)
        } catch let error as QPDFError {
            throw CommandFailure(.badData, "\(error.description)\n  fix: replace that file with a PDF that opens, then print again; nothing was printed")
        }
        var archive: [UInt8]?
        if zipPath != nil {
            do {
                archive = try ZipBundle.archive(documents, date: asOf)
            } catch {
                throw CommandFailure(.ioError, "\(error); nothing was printed")
            }
        }

        // What each letter gave, for the user and the commit message.
        var lines: [String] = []
        for (k, letter) in batch.letters.enumerated() {
            let parts = documents.indices.filter { owner[$0] == k }
            let described = parts.map { "\(label[$0]) (\(pages(merged.pageCounts[$0])))" }
            var line = "\(letter.reminderID) \(letter.customerID): " + described[0]
            if described.count > 1 { line += ", then " + described.dropFirst().joined(separator: ", ") }
            lines.append(line)
        }

        // The print files first: if the commit then fails, the letters stay unprinted in history and print again next time.
        try FileStore.writeAtomically(merged.bytes, to: outPath)
        if let zipPath, let archive { try FileStore.writeAtomically(archive, to: zipPath) }

        let records = batch.letters.map {
            LetterRecord(event: .printed, date: asOf, reminderID: $0.reminderID, span: Span(file: 0, line: 0, column: 0, length: 0),
                         reminderSpan: Span(file: 0, line: 0, column: 0, length: 0))
        }
        let n = batch.letters.count
        let subject = "relance: \(n) letter\(n == 1 ? "" : "s") printed as of \(asOf)"
        let message = subject + "\n\n" + lines.joined(separator: "\n") + "\n\n"
            + batch.letters.map { "Printed: \($0.reminderID)" }.joined(separator: "\n") + "\n"
        let result = try repository.commitHistory(records.map(HistoryWriter.text(of:)), asOf: asOf, message: message,
                                                  config: loaded.config, context: context)
        for line in lines { context.out.line(line) }
        context.out.line("Printed \(n) letter\(n == 1 ? "" : "s"), \(pages(merged.pageCount)) in all: \(outPath)")
        if let zipPath { context.out.line("Zip: \(zipPath) (\(documents.count) file\(documents.count == 1 ? "" : "s"))") }
        if let id = result.commitID { context.out.line("Committed \(id.prefix(12)): \(subject)") }
        return .ok
    }

    /// Which part of the books `path` would land in (history, reminders, templates, a books file, relance.toml), if any.
    static func booksPart(_ path: String, root: String) -> String? {
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        guard file.hasPrefix(base + "/") else { return nil }
        let rel = String(file.dropFirst(base.count + 1))
        for folder in ["history", "reminders", "templates"] where rel.hasPrefix(folder + "/") { return "in \(folder)/" }
        if rel.hasSuffix(".books") || rel == BooksLocation.configName { return "a file" }
        return nil
    }

    static func pages(_ n: Int) -> String { "\(n) page\(n == 1 ? "" : "s")" }

    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory + path : directory + "/" + path)
    }
}

extension BooksRepository {
    /// Appends `records` (history text) to history/YEAR.books and commits exactly that file, through the one commit
    /// path (`commit(_:message:…)`) so that an interrupted write is rolled back by the next command.
    /// Crash points (`RELANCE_FAIL_AFTER`): `history-journal`, `history-file`, `history-commit`.
    func commitHistory(_ records: [String], asOf: Day, message: String, config: RelanceConfig,
                       context: CommandContext) throws -> CommitResult {
        let historyPath = "history/\(asOf.year).books"
        let existing = FileStore.read(root + "/" + historyPath)
            ?? Array("; Reminders written by relance (append-only; a reminder by hand is welcome).\n".utf8)
        let bytes = HistoryWriter.append(records, to: existing)
        return try commit([(historyPath, bytes)], message: message, config: config, context: context, points: .history, what: "the history")
    }
}
