import Books
import Configuration
import Export
import Foundation
import Receivables

/// `relance export`: the receivables as a journal for hledger, ledger or beancount, or as CSV postings.
public enum ExportCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var format: ExportFormat
        /// A file to write (relative to the current folder); nil = standard output.
        public var out: String?

        public init(books: BooksOptions, format: ExportFormat, out: String? = nil) {
            self.books = books
            self.format = format
            self.out = out
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let asOf = try context.asOf(options.books, loaded.config)
        // Allocation errors stop the export as they stop status.
        _ = try context.outstanding(loaded, asOf: asOf)
        let text: String
        do {
            text = try Export.journal(loaded.books, asOf: asOf, format: options.format, accounts: accounts(loaded.config.export),
                                      title: loaded.config.company.name.isEmpty ? "relance" : loaded.config.company.name)
        } catch {
            throw CommandFailure(.badData, "\(error.message)\n  fix: \(error.fix) (in relance.toml)")
        }
        if let out = options.out {
            let path = out.hasPrefix("/") ? out : context.currentDirectory + "/" + out
            try FileStore.writeAtomically(Array(text.utf8), to: path)
            context.err.write("Wrote \(out) (\(options.format.rawValue), as of \(asOf))\n")
        } else {
            context.out.write(text)
        }
        return .ok
    }

    static func accounts(_ s: ExportSettings) -> ExportAccounts {
        ExportAccounts(receivable: s.account, income: s.income, bank: s.bank, creditNotes: s.creditNotes, writeOffs: s.writeOffs)
    }
}
