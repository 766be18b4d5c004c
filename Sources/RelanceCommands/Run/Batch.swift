import Books
import Configuration
import Documents
import Dunning
import Foundation

/// A batch of reminders, fully rendered in memory before anything touches the disk.
struct Batch {
    var asOf: Day
    var reminders: [PlannedReminder]
    var records: [ReminderRecord]
    /// Books-root-relative path → bytes: documents, then the history file (complete new content).
    var files: [(path: String, bytes: [UInt8])]
    var summary: [String]
    /// Things to tell the user, per reminder (no e-mail address, an invoice copy missing…).
    var warnings: [String]

    /// The commit message: subject, a line per reminder, and trailers git can search.
    func commitMessage() -> String {
        let n = reminders.count
        var s = "relance: \(n) reminder\(n == 1 ? "" : "s") as of \(asOf)\n\n"
        s += summary.joined(separator: "\n") + "\n\n"
        var trailers: [String] = []
        for (r, record) in zip(reminders, records) {
            trailers.append("Reminder: \(r.id)")
            trailers.append("Customer: \(record.customerID)")
            trailers.append("Level: \(r.level.number)")
            for inv in record.invoices { trailers.append("Invoice: \(inv.number)") }
        }
        return s + trailers.joined(separator: "\n") + "\n"
    }
}

/// What a reminder made by hand adds to a planned one: what --force overrode, a personal paragraph,
/// the texts edited before writing (by part: `email`, `letter`).
struct ReminderExtras {
    var manual: [ManualChoice] = []
    var message: String?
    var editedTexts: [String: String] = [:]
}

/// Renders the documents of planned reminders and the history records that describe them.
struct BatchBuilder {
    let loaded: LoadedBooks
    let asOf: Day
    /// Template overrides from the books' `templates/` folder ("fr/first.email" → text).
    let templates: [String: String]
    /// Per department id, the overrides of its own templates folder.
    let departmentTemplates: [String: [String: String]]
    /// The Date header of the e-mails.
    let sentAt: MailDate

    var books: Books { loaded.books }

    /// The builder of a batch as of `asOf`, with the books' and departments' templates.
    static func make(loaded: LoadedBooks, asOf: Day) -> BatchBuilder {
        let (templates, departmentTemplates) = BatchBuilder.templates(root: loaded.root, config: loaded.config)
        return BatchBuilder(loaded: loaded, asOf: asOf, templates: templates, departmentTemplates: departmentTemplates,
                            sentAt: BatchBuilder.sentAt(asOf, timeZone: loaded.config.company.timeZone))
    }

    /// The documents input of `r`, as `build` renders it.
    func documentInput(_ r: PlannedReminder, copies: [String: [UInt8]] = [:], extras: ReminderExtras? = nil) -> ReminderDocumentInput {
        let previous = books.reminders.filter { rec in rec.date <= asOf && rec.invoices.contains { i in r.invoices.contains { $0.invoice == i.invoice } } }
        var input = ReminderDocumentInput(reminder: r, books: books, config: loaded.config, asOf: asOf, sentAt: sentAt,
                                          previousReminders: previous, invoiceCopies: copies, templates: templates,
                                          departmentTemplates: r.department.flatMap { departmentTemplates[$0] } ?? [:])
        input.message = extras?.message
        input.editedTexts = extras?.editedTexts ?? [:]
        return input
    }

    /// The invoice copies `r` attaches (none for a phone call), read from the books.
    /// The invoice copies a reminder attaches, read only as regular files inside the books; a missing copy is
    /// left out with a warning added to the reminder, a copy outside the books stops the batch (nothing written).
    func copies(for r: inout PlannedReminder) throws -> [String: [UInt8]] {
        var copies: [String: [UInt8]] = [:]
        guard r.level.attachInvoices && r.channel != .phone else { return copies }
        for pi in r.invoices {
            let inv = books.invoices[Int(pi.invoice)]
            guard let file = inv.file else { continue }
            switch InsideBooks.readAttachment(root: loaded.root, relative: file) {
            case .bytes(let bytes):
                copies[inv.number] = bytes
            case .missing:
                // `check` warns about it too: the reminder goes without that copy.
                r.warnings.append("the copy of \(inv.number) was not attached: its file \(file) does not exist in the books")
            case .refused(let why):
                let at = Attachments.location(of: inv, in: books).map { "\($0): " } ?? ""
                throw CommandFailure(.badData, "\(at)\(inv.number): its file \(file) \(why); nothing was written")
            }
        }
        return copies
    }

    func build(_ reminders: [PlannedReminder], notes: [String: String] = [:], extras: [String: ReminderExtras] = [:]) throws -> Batch {
        let year = asOf.year
        var files: [(String, [UInt8])] = []
        var records: [ReminderRecord] = []
        var summary: [String] = []
        var warnings: [String] = []
        for var r in reminders {
            let customer = books.customers[Int(r.customer)]
            let copies = try self.copies(for: &r)
            // A phone call is recorded, without a document.
            let docs: ReminderDocuments?
            do {
                docs = r.channel == .phone ? nil : try ReminderDocuments.render(documentInput(r, copies: copies, extras: extras[r.id]))
            } catch {
                throw CommandFailure(.badData, "reminder \(r.id) to \(customer.id): \(error)")
            }
            warnings += (r.warnings + (docs?.warnings ?? [])).map { "\(r.id): \($0)" }
            var paths: [String] = []
            if let eml = docs?.email {
                let p = "reminders/\(year)/\(r.id).eml"
                files.append((p, eml))
                paths.append(p)
            }
            if let pdf = docs?.letter {
                let p = "reminders/\(year)/\(r.id).pdf"
                files.append((p, pdf))
                paths.append(p)
            }
            var record = ReminderRecord(id: r.id, date: asOf, customerID: customer.id, span: Span(file: 0, line: 0, column: 0, length: 0),
                                        customerSpan: Span(file: 0, line: 0, column: 0, length: 0))
            record.level = r.level.number
            record.channel = r.channel
            // The invoices given for information are recorded too, at their courtesy level.
            record.invoices = (r.invoices + r.upcoming).map {
                RemindedInvoice(number: books.invoices[Int($0.invoice)].number, outstanding: $0.outstanding, level: $0.level,
                                span: Span(file: 0, line: 0, column: 0, length: 0))
            }
            record.files = paths
            record.fee = r.fee
            record.interest = r.interest
            record.note = notes[r.id]
            record.manual = extras[r.id]?.manual ?? []
            records.append(record)
            let numbers = record.invoices.prefix(r.invoices.count).map { "\($0.number) \($0.outstanding)" }.joined(separator: ", ")
                + (r.upcoming.isEmpty ? "" : "; for information, not yet due: "
                    + record.invoices.dropFirst(r.invoices.count).map { "\($0.number) \($0.outstanding)" }.joined(separator: ", "))
            summary.append("\(r.id) \(customer.id) level \(r.level.number) (\(r.level.name)) by \(r.channel.rawValue): \(numbers)")
        }
        let historyPath = "history/\(year).books"
        let existing = FileStore.read(loaded.root + "/" + historyPath) ?? Array("; Reminders written by relance (append-only; a reminder by hand is welcome).\n".utf8)
        let history = HistoryWriter.append(records.map(HistoryWriter.text(of:)), to: existing)
        files.append((historyPath, history))
        return Batch(asOf: asOf, reminders: reminders, records: records, files: files, summary: summary, warnings: warnings)
    }

    /// Reads the `*.mustache` overrides of a templates folder of the books ("fr/first.email" → text).
    static func loadTemplates(root: String, folder: String) -> [String: String] {
        var out: [String: String] = [:]
        // Only real folders and regular files of the books: a link is not followed (it could lead out of the books).
        guard InsideBooks.writeProblem(root: root, relative: folder + "/x") == nil else { return out }
        func walk(_ relative: String) {
            let dir = root + "/" + folder + (relative.isEmpty ? "" : "/" + relative)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(dir + "/" + name, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR { walk(rel); continue }
                guard let key = ReminderDocumentInput.templateKey(forFile: rel),
                      case .bytes(let data) = InsideBooks.readRegularFile(dir + "/" + name) else { continue }
                out[key] = String(decoding: data, as: UTF8.self)
            }
        }
        walk("")
        return out
    }

    /// The books' templates and each department's.
    static func templates(root: String, config: RelanceConfig) -> ([String: String], [String: [String: String]]) {
        var departments: [String: [String: String]] = [:]
        for (id, dep) in config.departments {
            if let folder = dep.templates { departments[id] = loadTemplates(root: root, folder: folder) }
        }
        return (loadTemplates(root: root, folder: "templates"), departments)
    }

    /// 09:00 on `day` in the books' time zone: the deterministic Date of the e-mails.
    static func sentAt(_ day: Day, timeZone: String) -> MailDate {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let c = day.components
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: 9)) ?? Date(timeIntervalSince1970: 0)
        let offset = zone.secondsFromGMT(for: date) / 60
        return MailDate(day: day, hour: 9, minute: 0, second: 0, utcOffsetMinutes: offset)!
    }
}
