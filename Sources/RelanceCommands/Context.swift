import Books
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes: the real terminal, or a buffer in tests.
/// Safe to share between threads: every use of the buffer holds `lock`.
public final class OutputSink: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    /// Whether colours may be used (a terminal, and no NO_COLOR).
    public let colors: Bool

    /// Writes to `handle` (buffered; call `flush`).
    public init(handle: FileHandle, colors: Bool) {
        self.handle = handle
        self.colors = colors
        buffer.reserveCapacity(1 << 16)
    }

    /// Collects everything in memory (tests).
    public init() {
        handle = nil
        colors = false
    }

    /// Whether this sink collects in memory instead of writing to a file or terminal.
    public var isInMemory: Bool { handle == nil }

    public func write(_ text: String) {
        var text = text
        lock.withLock {
            text.withUTF8 { buffer.append(contentsOf: $0) }
            if buffer.count > 1 << 20 { flushLocked() }
        }
    }

    public func write(bytes: [UInt8]) {
        lock.withLock {
            if let handle, bytes.count > 1 << 20 {
                // Large reports go straight out, without another copy.
                flushLocked()
                OutputSink.writeAll(bytes, to: handle.fileDescriptor)
                return
            }
            buffer.append(contentsOf: bytes)
            if buffer.count > 1 << 20 { flushLocked() }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    public func line(_ text: String = "") { write(text + "\n") }

    public func flush() {
        lock.withLock { flushLocked() }
    }

    /// Writes the buffer out; the caller holds `lock`.
    private func flushLocked() {
        guard let handle, !buffer.isEmpty else { return }
        OutputSink.writeAll(buffer, to: handle.fileDescriptor)
        buffer.removeAll(keepingCapacity: true)
    }

    /// What was written (in-memory sinks only).
    public var text: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }

    /// Wraps `text` in an ANSI colour when colours are on.
    public func paint(_ text: String, _ color: ANSIColor) -> String {
        colors ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// The few colours relance uses.
public enum ANSIColor: String, Sendable {
    case red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", bold = "1", dim = "2"
}

/// Process exit codes (sysexits).
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Findings: late invoices with `check --strict`, warnings.
    case findings = 1
    case usage = 64
    case badData = 65
    case software = 70
    case ioError = 74
    /// Try again later (SMTP down, lock held).
    case temporaryFailure = 75
}

/// Everything a command needs from the outside world, injected so tests can pin it.
public struct CommandContext: Sendable {
    public var currentDirectory: String
    public var environment: [String: String]
    public var out: OutputSink
    public var err: OutputSink
    /// Today's date in a given IANA time zone (the clock lives only here).
    public var today: @Sendable (String) -> Day
    /// Seconds since the epoch, for commit and delivery timestamps.
    public var now: @Sendable () -> Int64
    /// Whether big values (the books, the allocation) are left for the system to reclaim when the process
    /// exits, instead of being freed record by record just before (the live process only; tests free them).
    public var keepsBooksUntilExit = false
    /// Whether `RELANCE_FAIL_AFTER` may end the process (the live process only: a test runner must never die of it).
    public var simulatesCrashes = false

    public init(currentDirectory: String, environment: [String: String], out: OutputSink, err: OutputSink,
                today: @escaping @Sendable (String) -> Day, now: @escaping @Sendable () -> Int64, keepsBooksUntilExit: Bool = false) {
        self.currentDirectory = currentDirectory
        self.environment = environment
        self.out = out
        self.err = err
        self.today = today
        self.now = now
        self.keepsBooksUntilExit = keepsBooksUntilExit
    }

    /// Test hook: `RELANCE_FAIL_AFTER=step` makes the process die at that step of a run, as a crash would.
    func crashPoint(_ step: String) {
        if simulatesCrashes, environment["RELANCE_FAIL_AFTER"] == step {
            out.flush()
            err.write("relance: simulated crash after \(step)\n")
            err.flush()
            _exit(99)
        }
    }

    /// The real process: working directory, environment, stdout/stderr, the system clock.
    public static func live() -> CommandContext {
        var context = liveContext()
        context.simulatesCrashes = true
        return context
    }

    private static func liveContext() -> CommandContext {
        let env = ProcessInfo.processInfo.environment
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        let outTTY = isatty(STDOUT_FILENO) == 1 && !noColor && env["TERM"] != "dumb"
        let errTTY = isatty(STDERR_FILENO) == 1 && !noColor && env["TERM"] != "dumb"
        return CommandContext(
            currentDirectory: FileManager.default.currentDirectoryPath, environment: env,
            out: OutputSink(handle: .standardOutput, colors: outTTY), err: OutputSink(handle: .standardError, colors: errTTY),
            today: { zone in
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: zone) ?? .current
                let c = calendar.dateComponents([.year, .month, .day], from: Date())
                return Day(year: c.year!, month: c.month!, day: c.day!)!
            },
            now: { Int64(Date().timeIntervalSince1970) }, keepsBooksUntilExit: true)
    }

    /// Keeps `value` alive until the process exits when `keepsBooksUntilExit` is set.
    func keepUntilExit(_ value: some Sendable) {
        guard keepsBooksUntilExit else { return }
        ExitRetainer.shared.keep(value)
    }
}

/// Values kept until the process exits: freeing a million records one by one takes a noticeable
/// part of a second, and the system reclaims the memory at exit anyway.
/// Safe to share between threads: `kept` is only touched while holding `lock`.
final class ExitRetainer: @unchecked Sendable {
    static let shared = ExitRetainer()
    private var kept: [Any] = []
    private let lock = NSLock()

    func keep(_ value: Any) {
        lock.lock()
        kept.append(value)
        lock.unlock()
    }
}

/// A command's failure with its exit status and a message for stderr.
public struct CommandFailure: Error, Sendable {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}
