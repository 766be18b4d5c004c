import Books
import Foundation
import Printing

/// `relance history [CUSTOMER|INVOICE]`: every reminder, with what became of its e-mail.
public enum HistoryCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var subject: String?
        public var format: ReportFormat

        public init(books: BooksOptions, subject: String? = nil, format: ReportFormat = .table) {
            self.books = books
            self.subject = subject
            self.format = format
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let books = loaded.books
        var records = books.reminders
        var deliveryRecords = books.deliveries
        // With --as-of, the history as it stood that day: nothing made after it.
        if options.books.asOf != nil {
            let asOf = try context.asOf(options.books, loaded.config)
            records = records.filter { $0.date <= asOf }
            deliveryRecords = deliveryRecords.filter { $0.date <= asOf }
        }
        if let s = options.subject {
            if let c = books.customerIndex[s] {
                records = records.filter { $0.customer == c }
            } else if let i = books.invoiceIndex[s] {
                records = records.filter { $0.invoices.contains { $0.invoice == i } }
            } else {
                throw CommandFailure(.usage, "\"\(s)\" is neither a customer nor an invoice"
                                     + Suggestion.hint(for: s, among: books.customers.map(\.id) + books.invoiceIndex.keys.sorted()))
            }
        }
        var deliveries: [String: [DeliveryRecord]] = [:]
        for d in deliveryRecords { deliveries[d.reminderID, default: []].append(d) }
        let ledger = DeliveryLedger.read(books: books, root: loaded.root, asOf: try context.asOf(options.books, loaded.config),
                                         sendWithin: DeliveryLedger.sendWithin(loaded.config))
        func outcome(_ id: String) -> String { ledger.text(id) }
        // A letter's delivery: printed, then posted (with the registered letter's number).
        let letters = LetterState.all(books)
        func delivery(_ id: String) -> String { [outcome(id), letters[id]?.text ?? ""].filter { !$0.isEmpty }.joined(separator: ", ") }
        switch options.format {
        case .json:
            var w = JSONWriter()
            w.raw("[")
            for (k, r) in records.enumerated() {
                w.raw(k == 0 ? "\n{" : ",\n{")
                w.key("id", first: true); w.string(r.id)
                w.key("date"); w.day(r.date)
                w.key("customer"); w.string(r.customerID)
                w.key("level"); if let l = r.level { w.int(l) } else { w.raw("null") }
                w.key("channel"); if let c = r.channel { w.string(c.rawValue) } else { w.raw("null") }
                // What a person chose by hand with `remind --force` ("level", "gap"); [] for a planned reminder.
                w.key("manual"); w.raw("[")
                for (j, m) in r.manual.enumerated() { if j > 0 { w.raw(",") }; w.string(m.rawValue) }
                w.raw("]")
                w.key("invoices"); w.raw("[")
                for (j, inv) in r.invoices.enumerated() {
                    w.raw(j == 0 ? "{" : ",{")
                    w.key("number", first: true); w.string(inv.number)
                    w.key("outstanding"); w.amount(inv.outstanding)
                    w.key("currency"); w.string(inv.outstanding.currency.code)
                    w.key("level"); if let l = inv.level ?? r.level { w.int(l) } else { w.raw("null") }
                    w.raw("}")
                }
                w.raw("]")
                w.key("files"); w.raw("[")
                for (j, f) in r.files.enumerated() { if j > 0 { w.raw(",") }; w.string(f) }
                w.raw("]")
                w.key("note"); if let n = r.note { w.string(n) } else { w.raw("null") }
                w.key("delivery"); if let st = ledger.status[r.id] { w.string(st.state.rawValue) } else { w.raw("null") }
                w.key("deliveries"); w.raw("[")
                for (j, d) in (deliveries[r.id] ?? []).enumerated() {
                    w.raw(j == 0 ? "{" : ",{")
                    w.key("outcome", first: true); w.string(d.outcome.rawValue)
                    w.key("timestamp"); w.string(d.timestamp)
                    w.key("detail"); if let x = d.detail { w.string(x) } else { w.raw("null") }
                    w.raw("}")
                }
                w.raw("]")
                w.key("letter")
                if let l = letters[r.id] {
                    w.raw("{"); w.key("printed", first: true); if let d = l.printed { w.day(d) } else { w.raw("null") }
                    w.key("posted"); if let d = l.posted { w.day(d) } else { w.raw("null") }
                    w.key("tracking"); if let t = l.tracking { w.string(t) } else { w.raw("null") }
                    w.raw("}")
                } else { w.raw("null") }
                w.raw("}")
            }
            w.raw(records.isEmpty ? "]\n" : "\n]\n")
            context.out.write(bytes: w.bytes)
        case .csv, .csvFr:
            let dialect = options.format.csvDialect ?? .machine
            context.out.write(dialect.start + CSV.line(["id", "date", "customer", "level", "channel", "manual", "invoices", "files", "note", "delivery"], dialect))
            for r in records {
                context.out.write(CSV.line([r.id, "\(r.date)", r.customerID, r.level.map(String.init) ?? "", r.channel?.rawValue ?? "",
                                            r.manual.map(\.rawValue).joined(separator: " "),
                                            r.invoices.map { "\($0.number) \(dialect.amount($0.outstanding)) \($0.outstanding.currency.code)" }.joined(separator: "; "),
                                            r.files.joined(separator: "; "), r.note ?? "", delivery(r.id)], dialect))
            }
        case .table:
            if records.isEmpty {
                context.out.line("No reminder yet" + (options.subject.map { " for \($0)" } ?? "") + ".")
                return .ok
            }
            var t = TextTable(headers: ["Date", "Reminder", "Customer", "Level", "Channel", "Invoices", "Delivery", "Note"],
                              alignments: [.left, .left, .left, .right, .left, .left, .left, .left])
            for r in records {
                t.add(["\(r.date)", r.id, r.customerID, r.level.map(String.init) ?? "", r.channel?.rawValue ?? "",
                       r.invoices.map { "\($0.number) \($0.outstanding)" }.joined(separator: ", "), delivery(r.id), r.note ?? ""])
            }
            t.render(to: context.out)
        }
        return .ok
    }
}

/// `relance show R-ID`: the reminder's e-mail as the customer reads it, and where its letter is.
public enum ShowCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var id: String
        /// Print the .eml bytes as they are.
        public var raw: Bool

        public init(books: BooksOptions, id: String, raw: Bool = false) {
            self.books = books
            self.id = id
            self.raw = raw
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        guard let r = loaded.books.reminders.first(where: { $0.id == options.id }) else {
            throw CommandFailure(.usage, "no reminder \"\(options.id)\"" + Suggestion.hint(for: options.id, among: loaded.books.reminders.map(\.id)))
        }
        var shown = false
        for file in r.files {
            let path = loaded.root + "/" + file
            if file.hasSuffix(".eml") {
                guard let bytes = FileStore.read(path) else { throw CommandFailure(.ioError, "\(file) is missing from the books") }
                context.out.write(options.raw ? String(decoding: bytes, as: UTF8.self) : EmailReader.readable(bytes))
                shown = true
            } else {
                context.out.line("Letter: \(path)")
                shown = true
            }
        }
        if !shown {
            context.out.line("\(r.id) (\(r.date), \(r.customerID)) has no document: \(r.note ?? "a reminder recorded by hand").")
        }
        return .ok
    }
}
