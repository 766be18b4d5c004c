import Books
import Configuration
import Delivery
import Foundation
import GitStore

extension SendCommand {
    /// Writes the journal's outcomes not yet in the history into history/YEAR.books and commits them in
    /// one commit with `Delivered:` and `Failed:` trailers; then keeps in the journal only what is still open
    /// (uncertain messages, retries asked). Returns the commit id, or nil when there was nothing to record.
    static func commitOutcomes(_ journal: SendJournal, loaded: LoadedBooks, repository: BooksRepository,
                               context: CommandContext) throws -> String? {
        let books = loaded.books
        let known = Set(books.deliveries.map { "\($0.outcome.rawValue) \($0.reminderID) \($0.timestamp)" })
        let reminderIDs = Set(books.reminders.map(\.id))
        let zone = TimeZone(identifier: loaded.config.company.timeZone) ?? TimeZone(identifier: "UTC")!
        var pending: [DeliveryRecord] = []
        var seen = Set<String>()
        for e in journal.entries where e.kind == .delivered || e.kind == .failed {
            guard let stamp = e.timestamp, reminderIDs.contains(e.id) else { continue }
            let key = "\(e.kind.rawValue) \(e.id) \(stamp)"
            guard !known.contains(key), seen.insert(key).inserted, let day = localDay(stamp, zone) else { continue }
            pending.append(DeliveryRecord(outcome: e.kind == .delivered ? .delivered : .failed, date: day, reminderID: e.id, timestamp: stamp,
                                          detail: e.detail, span: Span(file: 0, line: 0, column: 0, length: 0),
                                          reminderSpan: Span(file: 0, line: 0, column: 0, length: 0)))
        }
        var commitID: String?
        do {
            if !pending.isEmpty {
                var byYear: [Int: [DeliveryRecord]] = [:]
                for d in pending { byYear[d.date.year, default: []].append(d) }
                var files: [(path: String, bytes: [UInt8])] = []
                for year in byYear.keys.sorted() {
                    let path = "history/\(year).books"
                    let existing = FileStore.read(loaded.root + "/" + path)
                        ?? Array("; Reminders written by relance (append-only; a reminder by hand is welcome).\n".utf8)
                    files.append((path, HistoryWriter.append(byYear[year]!.map(HistoryWriter.text(of:)), to: existing)))
                }
                // The one commit path (journal, temporary files, index kept in line); a crash is finished by the next command.
                do {
                    commitID = try repository.commit(files, message: message(pending), config: loaded.config, context: context,
                                                     points: .delivery, what: "the delivery records").commitID
                } catch let failure as CommandFailure {
                    throw CommandFailure(failure.status, failure.message + "\n  the outcomes stay in the sending journal and the next "
                                         + "`relance send` commits them; nothing will be sent twice")
                }
            }
            try compact(journal, books: books, added: pending)
        } catch let e as SendJournalError {
            throw CommandFailure(.ioError, e.message)
        }
        return commitID
    }

    /// The commit message: a subject, a line per outcome, trailers for `git log --grep`.
    static func message(_ records: [DeliveryRecord]) -> String {
        let delivered = records.filter { $0.outcome == .delivered }
        let failed = records.filter { $0.outcome == .failed }
        var subject = "relance: \(delivered.count) delivered"
        if !failed.isEmpty { subject += ", \(failed.count) failed" }
        var s = subject + "\n\n"
        for d in records { s += "\(d.reminderID) \(d.outcome.rawValue) \(d.timestamp)" + (d.detail.map { " \($0)" } ?? "") + "\n" }
        s += "\n"
        s += delivered.map { "Delivered: \($0.reminderID)\n" }.joined()
        s += failed.map { "Failed: \($0.reminderID)\n" }.joined()
        return s
    }

    /// Keeps only the open steps: a `sending` without outcome (uncertain) and a `queued` (a retry asked) not yet followed by an outcome.
    static func compact(_ journal: SendJournal, books: Books, added: [DeliveryRecord]) throws {
        guard !journal.entries.isEmpty else { return }
        var recorded = Set(books.deliveries.map(\.reminderID))
        for d in added { recorded.insert(d.reminderID) }
        var last: [String: SendJournal.Entry] = [:]
        var order: [String] = []
        for e in journal.entries where e.kind != .committing {
            if last[e.id] == nil { order.append(e.id) }
            last[e.id] = e
        }
        let kept = order.compactMap { id -> SendJournal.Entry? in
            let e = last[id]!
            switch e.kind {
            case .sending: return e
            // A retry asked stays until an outcome: without it a stale message would be stale again.
            case .queued: return e
            default: return nil
            }
        }
        if kept != journal.entries { try journal.rewrite(kept) }
    }

    /// After a send that died while committing its records: when the commit was not made, the history
    /// files go back as at HEAD (the outcomes are still in the journal and are committed again).
    static func finishInterruptedCommit(_ journal: SendJournal, _ repository: BooksRepository) throws {
        guard let last = journal.entries.last(where: { $0.kind == .committing }) else { return }
        let head = try repository.repo.headCommitID()
        if (head ?? "-") == last.id {
            for path in (last.detail ?? "").split(separator: " ").map(String.init) {
                let full = repository.repo.workdir + "/" + path
                if let bytes = try repository.repo.fileAtHead(path) {
                    try FileStore.writeAtomically(bytes, to: full)
                } else {
                    try? FileManager.default.removeItem(atPath: full)
                }
            }
        }
        try journal.rewrite(journal.entries.filter { $0.kind != .committing })
    }

    /// The calendar day of a UTC timestamp in the books' time zone.
    static func localDay(_ stamp: String, _ zone: TimeZone) -> Day? {
        let b = Array(stamp.utf8)
        guard b.count == 20, let day = Day(String(stamp.prefix(10))) else { return nil }
        func num(_ r: Range<Int>) -> Int { Int(String(decoding: b[r], as: UTF8.self)) ?? 0 }
        let c = day.components
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let date = utc.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: num(11..<13), minute: num(14..<16), second: num(17..<19))) else { return nil }
        var local = Calendar(identifier: .gregorian)
        local.timeZone = zone
        let l = local.dateComponents([.year, .month, .day], from: date)
        return Day(year: l.year!, month: l.month!, day: l.day!)
    }
}
