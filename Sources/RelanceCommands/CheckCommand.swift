import Books
import Receivables

/// `relance check`: every problem in the books and relance.toml, located and explained. Writes nothing.
public enum CheckCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var strict: Bool
        public var json: Bool

        public init(books: BooksOptions, strict: Bool = false, json: Bool = false) {
            self.books = books
            self.strict = strict
            self.json = json
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        if let text = options.books.asOf, Day(text) == nil {
            throw CommandFailure(.usage, "--as-of \(text): not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
        }
        if let text = options.books.asOf, let day = Day(text) { try CommandContext.checkAsOfBounds(day, text) }
        let root = try BooksLocation.findRoot(explicit: options.books.books, context: context)
        let loaded = try BooksLocation.load(root: root)
        var diagnostics = loaded.diagnostics
        diagnostics += templateNestingDiagnostics(loaded)
        diagnostics += unprintableWarnings(loaded.books)
        // Allocation over every record finds applies larger than what is left.
        if !loaded.books.hasErrors {
            diagnostics += Allocation.computeAll(loaded.books).diagnostics
        }
        var lateCount = 0
        var asOf: Day?
        if options.strict, !diagnostics.contains(where: { $0.severity == .error }) {
            let day = try context.asOf(options.books, loaded.config)
            asOf = day
            let report = StatusReport.make(loaded.books, Allocation.compute(loaded.books, asOf: day), filter: StatusFilter(lateOnly: true))
            let lines = report.lines
            lateCount = lines.filter { $0.state == .late }.count
            for line in lines where line.state == .late {
                context.err.line("late: \(line.number) \(line.customer) \(line.outstanding) due \(line.due.map { "\($0)" } ?? "") (\(line.daysLate) days)")
            }
        }
        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if options.json {
            context.out.write(DiagnosticRenderer.json(diagnostics))
        } else {
            for d in diagnostics { context.err.write(DiagnosticRenderer.text(d, colors: context.err)) }
            let b = loaded.books
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            var summary = [count(b.sources.count, "file"), count(b.customers.count, "customer"), count(b.invoices.count, "invoice"),
                           count(b.payments.count, "payment"), count(b.credits.count, "credit note"), count(b.reminders.count, "reminder")]
                .joined(separator: ", ") + ": " + count(errors, "error") + ", " + count(warnings, "warning")
            if let asOf { summary += ", " + count(lateCount, "late invoice") + " as of \(asOf)" }
            context.err.line(summary)
        }
        if errors > 0 { return .badData }
        if options.strict && (warnings > 0 || lateCount > 0) { return .findings }
        return .ok
    }
}
