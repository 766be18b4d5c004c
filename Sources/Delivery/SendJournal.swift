import Foundation

/// The durable record of a send, in the git folder (`.git/relance-send.journal`): a line per step,
/// appended. The `sending` line of a message reaches the disk (fsync) before the message is handed
/// to the server, so a crash can never make relance forget a message that may have gone.
public final class SendJournal {
    public static let fileName = "relance-send.journal"

    public enum Kind: String, Sendable {
        /// About to hand the message over: without an outcome after it, the message is uncertain.
        case sending
        /// The server took it (timestamp, reply).
        case delivered
        /// Refused for good (timestamp, reply).
        case failed
        /// Back in the queue: a temporary failure before it could go, or `--retry`.
        case queued
        /// The outcomes are being committed on top of the commit in `id` (the history files in `detail`).
        case committing
    }

    public struct Entry: Equatable, Sendable {
        public var kind: Kind
        public var id: String
        public var timestamp: String?
        public var detail: String?

        public init(_ kind: Kind, _ id: String, timestamp: String? = nil, detail: String? = nil) {
            self.kind = kind
            self.id = id
            self.timestamp = timestamp
            self.detail = detail
        }

        var line: String {
            func clean(_ s: String) -> String {
                String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
            }
            return [kind.rawValue, clean(id), clean(timestamp ?? ""), clean(detail ?? "")].joined(separator: "\t") + "\n"
        }

        init?(line: Substring) {
            let parts = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, let kind = Kind(rawValue: String(parts[0])), !parts[1].isEmpty else { return nil }
            self.init(kind, String(parts[1]), timestamp: parts[2].isEmpty ? nil : String(parts[2]),
                      detail: parts[3].isEmpty ? nil : String(parts[3]))
        }
    }

    public let path: String
    public private(set) var entries: [Entry] = []
    private var fd: Int32 = -1

    public static func path(gitDirectory: String) -> String {
        (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + fileName
    }

    /// Reads the journal at `path` (none yet: empty). A last line cut short by a crash is ignored:
    /// its fsync never returned, so what it announced never happened.
    public init(path: String) throws {
        self.path = path
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if !(text.hasSuffix("\n")) { lines.removeLast() }
            // After a power cut the last line may also be zeros or cut short: its fsync never returned either.
            if let last = lines.last, Entry(line: last) == nil { lines.removeLast() }
            for line in lines where !line.isEmpty {
                guard let entry = Entry(line: line) else {
                    throw SendJournalError("\(path) has a line relance cannot read (\(line.prefix(60))); check it, then fix or delete that line")
                }
                entries.append(entry)
            }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    private func openForAppend() throws {
        guard fd < 0 else { return }
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SendJournalError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Appends `entry`; with `durable`, returns only once it is on the disk (with everything before it).
    public func append(_ entry: Entry, durable: Bool) throws {
        try openForAppend()
        try writeAll(Array(entry.line.utf8), to: fd)
        entries.append(entry)
        if durable { try sync() }
    }

    /// Puts every appended line on the disk.
    public func sync() throws {
        guard fd >= 0 else { return }
        guard fdatasync(fd) == 0 else { throw SendJournalError("cannot save \(path): \(String(cString: strerror(errno)))") }
    }

    /// Starts putting every appended line on the disk on another thread; the returned function waits
    /// for it (and throws if it failed). Lets the disk flush overlap the wait for the server's reply.
    public func syncInBackground() throws -> () throws -> Void {
        try openForAppend()
        // Safe: `error` is written on the other thread before `done.signal()` and read only after `done.wait()`.
        final class Flush: @unchecked Sendable {
            let done = DispatchSemaphore(value: 0)
            var error: Int32 = 0
        }
        let flush = Flush()
        let descriptor = fd
        DispatchQueue.global(qos: .userInitiated).async {
            if fdatasync(descriptor) != 0 { flush.error = errno }
            flush.done.signal()
        }
        let path = self.path
        return {
            flush.done.wait()
            if flush.error != 0 { throw SendJournalError("cannot save \(path): \(String(cString: strerror(flush.error)))") }
        }
    }

    /// Replaces the whole journal by `entries` (atomically: a new file renamed over the old one); none: removed.
    public func rewrite(_ newEntries: [Entry]) throws {
        if fd >= 0 { close(fd); fd = -1 }
        if newEntries.isEmpty {
            if unlink(path) != 0 && errno != ENOENT { throw SendJournalError("cannot remove \(path): \(String(cString: strerror(errno)))") }
            entries = []
            return
        }
        let temp = path + ".new"
        let tfd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard tfd >= 0 else { throw SendJournalError("cannot write \(temp): \(String(cString: strerror(errno)))") }
        do {
            try writeAll(Array(newEntries.map(\.line).joined().utf8), to: tfd)
        } catch {
            close(tfd)
            throw error
        }
        fsync(tfd)
        close(tfd)
        guard rename(temp, path) == 0 else { throw SendJournalError("cannot replace \(path): \(String(cString: strerror(errno)))") }
        entries = newEntries
    }

    private func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw SendJournalError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }
}

/// The journal could not be read or written.
public struct SendJournalError: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
