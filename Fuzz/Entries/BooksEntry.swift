import Books
import Receivables

/// The entry points the fuzz harnesses drive and the regression test replays: text in, diagnostics out.
public enum FuzzEntries {
    /// A fixed "today" so that a run is reproducible.
    static let asOf = Day(year: 2026, month: 11, day: 22)!

    /// One books file: parsed and cross-referenced; when it has no error, allocated and summed up by
    /// `status` and `aging` (both bases) as the commands do. Returns every diagnostic met.
    public static func books(_ bytes: [UInt8]) -> [Diagnostic] {
        let books = Books.load([SourceFile(path: "fuzz.books", bytes: bytes)])
        guard !books.hasErrors else { return books.diagnostics }
        let outstanding = Allocation.compute(books, asOf: asOf)
        guard !outstanding.diagnostics.contains(where: { $0.severity == .error }) else { return books.diagnostics + outstanding.diagnostics }
        _ = StatusReport.make(books, outstanding)
        _ = AgingReport.make(books, outstanding, basis: .due)
        _ = AgingReport.make(books, outstanding, basis: .invoice)
        return books.diagnostics + outstanding.diagnostics
    }
}
