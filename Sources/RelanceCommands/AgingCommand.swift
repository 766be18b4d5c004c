import Books
import Receivables

/// `relance aging`: the aged balance (balance âgée) per customer, with DSO.
public enum AgingCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var basis: AgingReport.Basis
        public var filter: StatusFilter
        public var format: ReportFormat

        public init(books: BooksOptions, basis: AgingReport.Basis = .due, filter: StatusFilter = StatusFilter(), format: ReportFormat = .table) {
            self.books = books
            self.basis = basis
            self.filter = filter
            self.format = format
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let asOf = try context.asOf(options.books, loaded.config)
        try context.checkCustomer(options.filter.customer, in: loaded.books)
        try context.checkMinimum(options.filter.minAmount, in: loaded.books)
        let report = AgingReport.make(loaded.books, try context.outstanding(loaded, asOf: asOf), basis: options.basis, filter: options.filter,
                                      parallel: context.parallel(for: loaded.books))
        if report.overflow { throw CommandFailure.sumsOverflow }
        switch options.format {
        case .json: context.out.write(json(report))
        case .csv, .csvFr: csv(report, context.out, options.format.csvDialect ?? .machine)
        case .table:
            let f = options.filter
            let scope = f.customer ?? f.group.map { "group \($0)" }
            table(report, context.out, scope: scope)
        }
        return .ok
    }

    static func amount(_ minor: Int64, _ c: Currency) -> String { Money(minor: minor, currency: c).plain }

    static func json(_ r: AgingReport) -> String {
        var w = JSONWriter()
        w.raw("{\"asOf\":"); w.day(r.asOf)
        w.key("basis"); w.string(r.basis.rawValue)
        func row(_ a: AgingRow) {
            w.raw("{\"customer\":"); w.string(a.customer)
            if !a.name.isEmpty { w.key("name"); w.string(a.name) }
            w.key("currency"); w.string(a.currency.code)
            for b in AgingBucket.allCases {
                w.raw(",\""); w.raw(b.key); w.raw("\":"); w.amount(a.buckets[b.rawValue], a.currency)
            }
            w.key("credit"); w.amount(a.credit, a.currency)
            w.key("total"); w.amount(a.total, a.currency)
            w.raw("}")
        }
        w.key("rows"); w.raw("[")
        for (k, a) in r.rows.enumerated() { w.raw(k == 0 ? "\n" : ",\n"); row(a) }
        w.raw(r.rows.isEmpty ? "]" : "\n]")
        w.key("totals"); w.raw("[")
        for (k, a) in r.totals.enumerated() { w.raw(k == 0 ? "\n" : ",\n"); row(a) }
        w.raw(r.totals.isEmpty ? "]" : "\n]")
        w.key("dso"); w.raw("{")
        for (k, (c, d)) in r.dso.sorted(by: { $0.key.code < $1.key.code }).enumerated() {
            if k > 0 { w.raw(",") }
            w.string(c.code); w.raw(":"); w.int(d)
        }
        w.raw("}}\n")
        return w.string
    }

    static func csv(_ r: AgingReport, _ out: OutputSink, _ dialect: CSV.Dialect = .machine) {
        out.write(dialect.start + CSV.line(["customer", "name", "currency"] + AgingBucket.allCases.map(\.key) + ["credit", "total"], dialect))
        for a in r.rows + r.totals {
            out.write(CSV.line([a.customer, a.name, a.currency.code] + a.buckets.map { dialect.amount($0, a.currency) }
                               + [dialect.amount(a.credit, a.currency), dialect.amount(a.total, a.currency)], dialect))
        }
    }

    /// `scope`: the customer or group filtered on, named with the DSO (which is then theirs).
    static func table(_ r: AgingReport, _ out: OutputSink, scope: String? = nil) {
        out.line("Aged balance as of \(r.asOf), by \(r.basis == .due ? "days past due" : "days since the invoice date")")
        if r.rows.isEmpty { out.line("Nothing owed."); return }
        var t = TextTable(headers: ["Customer", "Cur"] + AgingBucket.allCases.map(\.title) + ["credit", "total"],
                          alignments: [.left, .left] + AgingBucket.allCases.map { _ in .right } + [.right, .right])
        func cells(_ a: AgingRow) -> [String] {
            [a.customer, a.currency.code] + a.buckets.map { $0 == 0 ? "" : amount($0, a.currency) }
                + [a.credit == 0 ? "" : amount(a.credit, a.currency), amount(a.total, a.currency)]
        }
        for a in r.rows { t.add(cells(a), color: a.buckets[AgingBucket.over90.rawValue] > 0 ? .red : nil) }
        t.footer = r.totals.map(cells)
        t.render(to: out)
        for (c, d) in r.dso.sorted(by: { $0.key.code < $1.key.code }) {
            out.line("DSO\(scope.map { " of \($0)" } ?? "") (\(c.code)): \(d) days (outstanding ÷ invoiced over the last 365 days × 365)")
        }
    }
}
