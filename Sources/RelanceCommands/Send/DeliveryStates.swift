import Books
import Delivery
import Foundation
import GitStore

/// Where a reminder e-mail stands.
public enum DeliveryState: String, Sendable {
    /// Written and committed, not yet handed to a server.
    case queued
    /// The server took it.
    case delivered
    /// Refused for good (5xx): not retried unless `relance send --retry`.
    case failed
    /// Handed over when relance stopped, outcome unknown: never resent on its own.
    case uncertain
}

/// The delivery state of every e-mail reminder: the history's `delivered`/`failed` records, then the
/// steps of the sending journal not yet committed.
struct DeliveryLedger {
    struct Status {
        var state: DeliveryState
        var timestamp: String?
        var detail: String?
    }
    var status: [String: Status] = [:]

    /// Whether a reminder went by e-mail (it has an .eml among its files).
    static func isEmail(_ r: ReminderRecord) -> Bool { r.files.contains { $0.hasSuffix(".eml") } }

    init(books: Books, journal: [SendJournal.Entry]) {
        for r in books.reminders where DeliveryLedger.isEmail(r) { status[r.id] = Status(state: .queued) }
        for d in books.deliveries where status[d.reminderID] != nil {
            status[d.reminderID] = Status(state: d.outcome == .delivered ? .delivered : .failed, timestamp: d.timestamp, detail: d.detail)
        }
        for e in journal where status[e.id] != nil {
            switch e.kind {
            case .sending: status[e.id] = Status(state: .uncertain)
            case .delivered: status[e.id] = Status(state: .delivered, timestamp: e.timestamp, detail: e.detail)
            case .failed: status[e.id] = Status(state: .failed, timestamp: e.timestamp, detail: e.detail)
            case .queued: status[e.id] = Status(state: .queued, detail: e.detail)
            case .committing: break
            }
        }
    }

    /// The ledger of the books at `root` (no journal readable: the history alone).
    static func read(books: Books, root: String) -> DeliveryLedger {
        var entries: [SendJournal.Entry] = []
        if let repo = try? GitRepository.open(at: root), let journal = try? SendJournal(path: SendJournal.path(gitDirectory: repo.gitDirectory)) {
            entries = journal.entries
        }
        return DeliveryLedger(books: books, journal: entries)
    }

    /// "delivered 2026-11-22T09:00:05Z", "failed …: 550 …", "queued", "uncertain".
    func text(_ id: String) -> String {
        guard let s = status[id] else { return "" }
        var t = s.state.rawValue
        if let ts = s.timestamp { t += " " + ts }
        if s.state == .failed, let d = s.detail { t += ": " + d }
        return t
    }
}
