import Foundation

/// Sends a batch message by message, each `sending` mark durable before the message is handed over.
public enum Deliverer {
    /// What happened to each message tried, and why the batch stopped early (if it did).
    public struct Report: Sendable {
        public var outcomes: [(id: String, result: DeliveryResult, timestamp: String)] = []
        /// The failure that stopped the batch; the messages after it were not tried.
        public var stopped: TransportFailure?
        public var notTried: [String] = []

        public init() {}
    }

    /// Delivers `messages` in order through `transport`, journaling each step.
    /// `crashPoint` names the durable steps for crash tests: "sending" (mark on disk, message not yet handed)
    /// and "handed" (the server answered, its outcome not yet written).
    ///
    /// While the server handles message k, the `sending` mark of message k+1 is written and flushed to disk
    /// on another thread; message k+1 is handed over only once that flush is done. The disk and the network
    /// wait together (about 5 ms a message saved on a loaded machine); the price is that a crash at that
    /// moment leaves k+1 uncertain although it never left (never sent twice either way).
    public static func deliver(_ messages: [OutgoingMessage], transport: MailTransport, journal: SendJournal,
                               timestamp: () -> String, crashPoint: (String) -> Void) throws -> Report {
        var report = Report()
        var markFlushed: (() throws -> Void)?
        if !messages.isEmpty { try journal.append(.init(.sending, messages[0].id), durable: true) }
        for (k, message) in messages.enumerated() {
            if let wait = markFlushed { try wait(); markFlushed = nil }
            crashPoint("sending")
            let next = k + 1 < messages.count ? messages[k + 1].id : nil
            if let next {
                try journal.append(.init(.sending, next), durable: false)
                markFlushed = try journal.syncInBackground()
            }
            /// The next message was marked but will not be handed over now: back in the queue.
            func unmarkNext(_ reason: String) throws {
                if let wait = markFlushed { try wait(); markFlushed = nil }
                if let next { try journal.append(.init(.queued, next, detail: reason), durable: true) }
            }
            let result: DeliveryResult
            do {
                result = try transport.send(message)
            } catch {
                // Nothing of this message reached the server: back in the queue.
                try unmarkNext(error.message)
                try journal.append(.init(.queued, message.id, detail: error.message), durable: true)
                report.stopped = error
                report.notTried = messages[(k + 1)...].map(\.id)
                return report
            }
            crashPoint("handed")
            let stamp = timestamp()
            switch result {
            case .delivered(let reply):
                try journal.append(.init(.delivered, message.id, timestamp: stamp, detail: reply), durable: false)
            case .rejected(let reply):
                try journal.append(.init(.failed, message.id, timestamp: stamp, detail: reply), durable: false)
            case .deferred(let reply):
                try journal.append(.init(.queued, message.id, detail: reply), durable: false)
            case .unknown:
                break  // stays `sending`: uncertain
            }
            report.outcomes.append((message.id, result, stamp))
            if case .unknown(let reason) = result {
                try unmarkNext(reason)
                report.stopped = TransportFailure(.connection, reason)
                report.notTried = messages[(k + 1)...].map(\.id)
                break
            }
        }
        if let wait = markFlushed { try wait() }
        try journal.sync()
        transport.close()
        return report
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch (UTC).
    public static func timestamp(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yText = String(y)
        return "\(String(repeating: "0", count: max(0, 4 - yText.count)) + yText)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}
