import Books
import Configuration
import Foundation
import Parallel
import Receivables

/// Output formats of the reports.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv
    /// CSV for a spreadsheet set to French: semicolons, decimal comma, UTF-8 BOM (see `CSV.Dialect`).
    case csvFr = "csv-fr"
}

/// Options every books command shares.
public struct BooksOptions: Sendable {
    public var books: String?
    /// `--as-of YYYY-MM-DD`; nil = today in the books' time zone.
    public var asOf: String?

    public init(books: String? = nil, asOf: String? = nil) {
        self.books = books
        self.asOf = asOf
    }
}

extension CommandContext {
    /// Loads the books; prints diagnostics and fails with 65 when they have errors.
    public func loadBooks(_ options: BooksOptions, showWarnings: Bool = false) throws -> LoadedBooks {
        let root = try BooksLocation.findRoot(explicit: options.books, context: self)
        let loaded = try BooksLocation.load(root: root)
        keepUntilExit(loaded)
        if loaded.hasErrors {
            for d in loaded.diagnostics where d.severity == .error || showWarnings { err.write(DiagnosticRenderer.text(d, colors: err)) }
            let count = loaded.diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure(.badData, "\(count) error\(count == 1 ? "" : "s") in the books; nothing was done. Run `relance check` for the full list.")
        }
        return loaded
    }

    /// The as-of date: the option, else today in the books' time zone.
    func asOf(_ options: BooksOptions, _ config: RelanceConfig) throws -> Day {
        if let text = options.asOf {
            guard let day = Day(text) else {
                throw CommandFailure(.usage, "--as-of \(text): not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
            }
            try Self.checkAsOfBounds(day, text)
            return day
        }
        return today(config.company.timeZone)
    }

    /// Fails with a "did you mean" when `--customer` names no customer.
    func checkCustomer(_ id: String?, in books: Books) throws {
        if let id, books.customerIndex[id] == nil {
            throw CommandFailure(.usage, "--customer \(id): no such customer" + Suggestion.hint(for: id, among: books.customers.map(\.id)))
        }
    }

    /// Fails with a usage error when `--min-amount` has more decimals than any amount of the books can have
    /// (1000.005 where every amount is in EUR): such a minimum is a typo, not a threshold.
    func checkMinimum(_ minimum: AmountThreshold?, in books: Books) throws {
        guard let minimum, let places = Set(books.invoices.map(\.amount.currency)).map(\.minorUnits).max(),
              minimum.decimals > places else { return }
        let codes = Set(books.invoices.map(\.amount.currency.code)).sorted().joined(separator: ", ")
        throw CommandFailure(.usage, "--min-amount \(minimum.text): the books' amounts (\(codes)) have at most \(places) decimal\(places == 1 ? "" : "s"); "
                             + "write at most \(places), e.g. --min-amount 1000\(places > 0 ? "." + String(repeating: "0", count: places) : "")")
    }

    /// How many parts the allocation and the reports of `books` are cut into on this machine (`Parallel.forRecords`).
    func parallel(for books: Books) -> Parallel {
        .forRecords(books.invoices.count, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Allocation as of the date; allocation errors (an apply larger than what is left) stop the command.
    func outstanding(_ loaded: LoadedBooks, asOf: Day) throws -> Outstanding {
        let o = Allocation.compute(loaded.books, asOf: asOf, parallel: parallel(for: loaded.books))
        keepUntilExit(o)
        let errors = o.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            for d in errors { err.write(DiagnosticRenderer.text(d, colors: err)) }
            throw CommandFailure(.badData, "\(errors.count) error\(errors.count == 1 ? "" : "s") in the books; nothing was done. Run `relance check` for the full list.")
        }
        return o
    }
}

/// `1200.00 EUR` style amounts for tables (exact, language-neutral).
func plain(_ m: Money) -> String { m.plain }

