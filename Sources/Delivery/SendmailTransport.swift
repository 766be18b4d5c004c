import Foundation

/// Hands each message to a local command (`/usr/sbin/sendmail -t -i`, `msmtp -t`) on its standard input.
public final class SendmailTransport: MailTransport {
    let command: String
    let environment: [String: String]

    /// `command` runs through `/bin/sh -c`; `environment` is the process's (for PATH and the command's own settings).
    public init(command: String, environment: [String: String]) {
        self.command = command
        self.environment = environment
    }

    /// The shell line for one message: with `-t` the command reads To and Cc from the headers and only the
    /// addresses outside them (the copy to self) are added; without it every envelope address is given.
    func commandLine(for message: OutgoingMessage, headerRecipients: Set<String>) -> String {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let readsHeaders = words.contains { w in
            w == "-t" || w == "--read-recipients"
                || (w.hasPrefix("-") && !w.hasPrefix("--") && w.contains("t") && w.dropFirst().allSatisfy { "ti".contains($0) })
        }
        let extra = readsHeaders ? message.recipients.filter { !headerRecipients.contains($0.lowercased()) } : message.recipients
        return ([command] + extra.map(SendmailTransport.shellQuoted)).joined(separator: " ")
    }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    public func send(_ message: OutgoingMessage) throws(TransportFailure) -> DeliveryResult {
        let headerRecipients = Set(MessageEnvelope.headerRecipients(message.bytes).map { $0.lowercased() })
        let line = commandLine(for: message, headerRecipients: headerRecipients)
        let result: ShellResult
        do {
            result = try Shell.run(line, input: message.bytes, environment: environment)
        } catch {
            throw TransportFailure(.configuration, "the sendmail command could not start: \(command)")
        }
        let said = String(decoding: result.stderr + result.stdout, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }.last ?? ""
        switch result.status {
        case 0:
            return .delivered(reply: "accepted by \(words(command).first ?? command)")
        case 65, 67, 68:
            // sysexits: bad data, unknown user, unknown host — the message itself is refused.
            return .rejected(reply: "\(words(command).first ?? command) exited with status \(result.status)" + (said.isEmpty ? "" : ": \(said)"))
        case 126, 127:
            throw TransportFailure(.configuration, "the sendmail command cannot run (\(command)): \(said.isEmpty ? "status \(result.status)" : said)")
        default:
            throw TransportFailure(.connection, "\(words(command).first ?? command) exited with status \(result.status)" + (said.isEmpty ? "" : ": \(said)"))
        }
    }

    private func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    public func close() {}
}

struct ShellResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
}

/// Runs a line through `/bin/sh -c`, feeding `input` and collecting both outputs.
enum Shell {
    static func run(_ line: String, input: [UInt8], environment: [String: String]) throws -> ShellResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", line]
        p.environment = environment
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        // Safe: each `data` is written on one thread before `group.leave()` and read only after `group.wait()`.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        // A command that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let writer = inPipe.fileHandleForWriting
        try? writer.write(contentsOf: Data(input))
        try? writer.close()
        group.wait()
        p.waitUntilExit()
        return ShellResult(status: p.terminationStatus, stdout: [UInt8](outBox.data), stderr: [UInt8](errBox.data))
    }
}
