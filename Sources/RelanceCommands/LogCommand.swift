import Books
import Foundation
import GitStore

/// `relance log`: the reminder history as git has it, read from relance's commits (revwalk and trailers).
public enum LogCommand {
    public struct Options: Sendable {
        public var books: String?
        public var invoice: String?
        public var customer: String?
        public var format: ReportFormat

        public init(books: String? = nil, invoice: String? = nil, customer: String? = nil, format: ReportFormat = .table) {
            self.books = books
            self.invoice = invoice
            self.customer = customer
            self.format = format
        }
    }

    /// One reminder named by a commit's trailers.
    struct Reminder: Equatable {
        var id: String
        var customer: String?
        var level: String?
        var invoices: [String] = []

        var text: String {
            [id, customer, level.map { "level \($0)" }].compactMap { $0 }.joined(separator: " ")
                + (invoices.isEmpty ? "" : " (" + invoices.joined(separator: ", ") + ")")
        }
    }

    /// printed / posted / delivered / failed, of one reminder.
    struct Event: Equatable {
        var kind: String
        var reminder: String
        var detail: String?

        var text: String { "\(kind) \(reminder)" + (detail.map { " " + $0 } ?? "") }
    }

    struct Entry {
        var commit: CommitEntry
        var reminders: [Reminder]
        var events: [Event]
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        if options.invoice != nil && options.customer != nil {
            throw CommandFailure(.usage, "give --invoice or --customer, not both")
        }
        let root = try BooksLocation.findRoot(explicit: options.books, context: context)
        let repo: GitRepository
        do {
            repo = try GitRepository.open(at: root)
        } catch {
            throw CommandFailure(.usage, "the books at \(root) are not in a git repository: there is no reminder history in git to show")
        }
        let commits: [CommitEntry]
        do {
            commits = try repo.commitsFromHead()
        } catch {
            throw CommandFailure(.ioError, "cannot read the git history: \(error)")
        }
        var entries = commits.compactMap(entry)
        // Filters: the reminders naming the invoice (or customer), and what happened to those reminders later.
        if options.invoice != nil || options.customer != nil {
            func keep(_ r: Reminder) -> Bool {
                if let i = options.invoice { return r.invoices.contains(i) }
                return r.customer == options.customer
            }
            let ids = Set(entries.flatMap { $0.reminders.filter(keep).map(\.id) })
            entries = entries.compactMap { e in
                var e = e
                e.reminders = e.reminders.filter(keep)
                e.events = e.events.filter { ids.contains($0.reminder) }
                return e.reminders.isEmpty && e.events.isEmpty ? nil : e
            }
        }
        entries.reverse()  // newest first, as git log
        write(entries, options: options, context: context)
        return .ok
    }

    /// The reminders and events of a commit of relance's, nil for any other commit.
    static func entry(_ commit: CommitEntry) -> Entry? {
        var reminders: [Reminder] = []
        var events: [Event] = []
        for t in commit.trailers {
            switch t.key {
            case "Reminder": reminders.append(Reminder(id: t.value))
            case "Customer" where !reminders.isEmpty: reminders[reminders.count - 1].customer = t.value
            case "Level" where !reminders.isEmpty: reminders[reminders.count - 1].level = t.value
            case "Invoice" where !reminders.isEmpty: reminders[reminders.count - 1].invoices.append(t.value)
            case "Tracking" where !events.isEmpty: events[events.count - 1].detail = t.value
            default:
                if let kind = VerifyCommand.eventKeys[t.key] {
                    // The reminder id first; anything after it (a time, a reason) is kept as the detail.
                    let parts = t.value.split(separator: " ", maxSplits: 1).map(String.init)
                    events.append(Event(kind: kind, reminder: parts.first ?? t.value, detail: parts.count > 1 ? parts[1] : nil))
                }
            }
        }
        return reminders.isEmpty && events.isEmpty ? nil : Entry(commit: commit, reminders: reminders, events: events)
    }

    /// `YYYY-MM-DD HH:MM ±HHMM`, the author's own clock.
    static func date(_ s: Signature) -> String {
        let local = s.time + Int64(s.offsetMinutes) * 60
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let seconds = local - days * 86400
        let day = Day(ordinal: Int32(days) + Day(year: 1970, month: 1, day: 1)!.ordinal)
        let sign = s.offsetMinutes < 0 ? "-" : "+"
        let offset = abs(s.offsetMinutes)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day) \(two(seconds / 3600)):\(two(seconds % 3600 / 60)) \(sign)\(two(Int64(offset / 60)))\(two(Int64(offset % 60)))"
    }

    static func write(_ entries: [Entry], options: Options, context: CommandContext) {
        switch options.format {
        case .json:
            var w = JSONWriter()
            w.raw("[")
            for (k, e) in entries.enumerated() {
                w.raw(k == 0 ? "\n{" : ",\n{")
                w.key("commit", first: true); w.string(e.commit.id)
                w.key("short"); w.string(e.commit.shortID)
                w.key("date"); w.string(date(e.commit.author))
                w.key("author"); w.string(e.commit.author.name)
                w.key("email"); w.string(e.commit.author.email)
                w.key("subject"); w.string(e.commit.subject)
                w.key("signed"); w.raw(e.commit.isSigned ? "true" : "false")
                w.key("reminders"); w.raw("[")
                for (j, r) in e.reminders.enumerated() {
                    w.raw(j == 0 ? "{" : ",{")
                    w.key("id", first: true); w.string(r.id)
                    w.key("customer"); if let c = r.customer { w.string(c) } else { w.raw("null") }
                    w.key("level"); if let l = r.level, let n = Int(l) { w.int(n) } else { w.raw("null") }
                    w.key("invoices"); w.raw("[")
                    for (i, inv) in r.invoices.enumerated() { if i > 0 { w.raw(",") }; w.string(inv) }
                    w.raw("]}")
                }
                w.raw("]")
                w.key("deliveries"); w.raw("[")
                for (j, ev) in e.events.enumerated() {
                    w.raw(j == 0 ? "{" : ",{")
                    w.key("event", first: true); w.string(ev.kind)
                    w.key("reminder"); w.string(ev.reminder)
                    w.key("detail"); if let d = ev.detail { w.string(d) } else { w.raw("null") }
                    w.raw("}")
                }
                w.raw("]}")
            }
            w.raw(entries.isEmpty ? "]\n" : "\n]\n")
            context.out.write(bytes: w.bytes)
        case .csv, .csvFr:
            let dialect = options.format.csvDialect ?? .machine
            context.out.write(dialect.start + CSV.line(["commit", "date", "author", "reminders", "deliveries"], dialect))
            for e in entries {
                context.out.write(CSV.line([e.commit.shortID, date(e.commit.author), e.commit.author.name,
                                            e.reminders.map(\.text).joined(separator: "; "), e.events.map(\.text).joined(separator: "; ")], dialect))
            }
        case .table:
            if entries.isEmpty {
                let subject = options.invoice.map { " for invoice \($0)" } ?? options.customer.map { " for customer \($0)" } ?? ""
                context.out.line("No reminder in the git history\(subject) yet.")
                return
            }
            var t = TextTable(headers: ["Commit", "Date", "Author", "Reminders", "Deliveries"], alignments: [.left, .left, .left, .left, .left])
            for e in entries {
                t.add([e.commit.shortID, date(e.commit.author), e.commit.author.name,
                       e.reminders.map(\.text).joined(separator: "; "), e.events.map(\.text).joined(separator: "; ")])
            }
            t.render(to: context.out)
        }
    }
}
