import Books
import Configuration
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
    /// Never handed over and written more than `send_within` days before the as-of date (e.g. before
    /// delivery was set up): not sent on its own, listed until `--retry` sends it or `--confirm` records it as sent.
    case stale
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

    /// `send_within` of [dunning] where relance sends ([smtp] or [sendmail] written), else nil: without a transport the
    /// e-mails are the user's to send, and none is stale.
    static func sendWithin(_ config: RelanceConfig) -> Int? {
        config.smtp != nil || config.sendmail != nil ? config.dunning.sendWithinDays : nil
    }

    /// Whether a reminder went by e-mail (it has an .eml among its files).
    static func isEmail(_ r: ReminderRecord) -> Bool { r.files.contains { $0.hasSuffix(".eml") } }

    /// With `asOf` and `sendWithin`, a reminder never handed over (no record, no journal step) and dated more than
    /// `sendWithin` days before `asOf` is `stale`; a `--retry` (a `queued` step in the journal) makes it queued again.
    init(books: Books, journal: [SendJournal.Entry], asOf: Day? = nil, sendWithin: Int? = nil) {
        let oldest = asOf.flatMap { day in sendWithin.map { day.adding(days: -$0) } }
        for r in books.reminders where DeliveryLedger.isEmail(r) {
            if let oldest, r.date < oldest {
                let n = sendWithin ?? 0
                status[r.id] = Status(state: .stale, detail: "written on \(r.date), older than \(n) day\(n == 1 ? "" : "s")")
            } else {
                status[r.id] = Status(state: .queued)
            }
        }
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
    static func read(books: Books, root: String, asOf: Day? = nil, sendWithin: Int? = nil) -> DeliveryLedger {
        var entries: [SendJournal.Entry] = []
        if let repo = try? GitRepository.open(at: root), let journal = try? SendJournal(path: SendJournal.path(gitDirectory: repo.gitDirectory)) {
            entries = journal.entries
        }
        return DeliveryLedger(books: books, journal: entries, asOf: asOf, sendWithin: sendWithin)
    }

    /// "delivered 2026-11-22T09:00:05Z", "failed …: 550 …", "queued", "uncertain",
    /// "stale: written on 2026-09-01, older than 7 days".
    func text(_ id: String) -> String {
        guard let s = status[id] else { return "" }
        var t = s.state.rawValue
        if let ts = s.timestamp { t += " " + ts }
        if s.state == .failed || s.state == .stale, let d = s.detail { t += ": " + d }
        return t
    }
}
