/// The loopback SMTP server of the delivery and end-to-end tests, and its certificate.
import Foundation

/// The aiosmtpd script the server runs (STARTTLS or TLS, AUTH, scripted refusals).
public let smtpServerScript = packageRoot.appendingPathComponent("Tests/DeliveryTests/smtp_server.py").path

/// Why a helper of this file could not do its job.
public struct SMTPServerFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made by openssl in `folder`.
public struct Certificate: Sendable {
    public let cert: String
    public let key: String

    public init(in folder: String) throws {
        cert = folder + "/cert.pem"
        key = folder + "/key.pem"
        let r = try runTool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], in: folder)
        guard r.status == 0 else { throw SMTPServerFailure("openssl: \(r.stderr)") }
    }

    public init(in folder: TempFolder) throws { try self.init(in: folder.path) }
}

/// A real SMTP server (aiosmtpd, Tests/DeliveryTests/smtp_server.py) on 127.0.0.1, killed at the end.
public final class SMTPServer {
    public enum Mode: String, Sendable { case starttls, tls, plain }
    public let outdir: String
    public let port: Int
    private var process: Process?

    /// Starts a server; `port` nil: a free one. Received messages land in `outdir` (kept across restarts).
    public init(mode: Mode, certificate: Certificate?, password: String, outdir: String, port: Int? = nil, noAuth: Bool = false,
         reject: [String] = [], defer deferred: [String] = [], dieAfter: Int? = nil) throws {
        self.outdir = outdir
        try FileManager.default.createDirectory(atPath: outdir, withIntermediateDirectories: true)
        var args = [smtpServerScript, "--outdir", outdir, "--mode", mode.rawValue,
                    "--password", password]
        if let certificate { args += ["--cert", certificate.cert, "--key", certificate.key] }
        if let port { args += ["--port", String(port)] }
        if noAuth { args.append("--no-auth") }
        for r in reject { args += ["--reject", r] }
        for d in deferred { args += ["--defer", d] }
        if let dieAfter { args += ["--die-after", String(dieAfter)] }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // The first line says "READY <port>".
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte.first == 10 { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let n = Int(text.dropFirst(6)) else {
            p.terminate()
            throw SMTPServerFailure("the SMTP server did not start: \(text) (is aiosmtpd installed? .ci/setup installs it)")
        }
        self.port = n
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func kill() {
        guard let p = process else { return }
        if p.isRunning { Foundation.kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
    }

    /// Waits until the server exits on its own (after --die-after).
    public func waitForExit() {
        process?.waitUntilExit()
        process = nil
    }

    deinit { kill() }

    /// The messages received so far, in order: bytes and envelope recipients.
    public func received() throws -> [(bytes: [UInt8], from: String, to: [String])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: outdir).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: outdir + "/" + name)))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outdir + "/" + name.dropLast(4) + ".json"))) as? [String: Any]
            return (bytes, json?["from"] as? String ?? "", json?["to"] as? [String] ?? [])
        }
    }

    /// The reminder id of each message received (its X-Relance-Reminder header).
    public func receivedIDs() throws -> [String] {
        try received().map { reminderID($0.bytes) }
    }
}

public func reminderID(_ bytes: [UInt8]) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    for line in text.split(separator: "\r\n") where line.hasPrefix("X-Relance-Reminder: ") {
        return String(line.dropFirst("X-Relance-Reminder: ".count))
    }
    return "?"
}

