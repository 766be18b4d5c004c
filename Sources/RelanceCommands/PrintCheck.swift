import Books
import Foundation
import Printing

extension PrintCommand {
    /// What `relance print` would trip on, for `relance check`: a letter waiting to be printed whose PDF is not in
    /// reminders/ (print stops there), an invoice copy that cannot be read or is not a PDF that opens (print leaves it
    /// out, or stops on it). Each at its place in the books: the reminder's record, the invoice.
    static func printDiagnostics(_ loaded: LoadedBooks, asOf: Day?) -> [Diagnostic] {
        let books = loaded.books
        let batch = PrintBatch.plan(books, asOf: asOf ?? Day(year: 9999, month: 12, day: 31)!)
        guard !batch.letters.isEmpty else { return [] }
        let reader = BooksFileReader(root: loaded.root)
        let reminders = Dictionary(books.reminders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        var copiesSeen = Set<String>()
        for letter in batch.letters {
            if let r = reminders[letter.reminderID] {
                do {
                    _ = try reader.read(letter.letter)
                } catch {
                    out.append(Diagnostic.at(r.span, in: books.sources, .warning,
                                             "the letter of \(r.id) waits to be printed, but \(error): relance print would stop there",
                                             fix: "restore it from git (`git checkout -- \(letter.letter)`), or, if it was printed another way, "
                                             + "record it with a line \"DATE printed \(r.id)\" in history/"))
                }
            }
            for copy in letter.copies where copiesSeen.insert(copy.file).inserted {
                guard let invoice = books.invoice(copy.invoice) else { continue }
                let problem: String?
                do {
                    let bytes = try reader.read(copy.file)
                    do {
                        _ = try PDFMerger.merge([PrintDocument(name: copy.invoice + ".pdf", source: copy.file, bytes: bytes)])
                        problem = nil
                    } catch {
                        problem = "\(copy.file) is not a PDF that opens: relance print would stop on it"
                    }
                } catch {
                    problem = "\(error): relance print would leave it out after \(letter.reminderID)'s letter"
                }
                if let problem {
                    out.append(Diagnostic.at(invoice.span, in: books.sources, .warning,
                                             "the copy of \(copy.invoice): \(problem)",
                                             fix: "put the invoice's PDF at \(copy.file) (or correct its `file` line) and commit it"))
                }
            }
        }
        return out
    }
}
