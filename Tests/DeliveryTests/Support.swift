import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// The folder of this file.
let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// No system or global git configuration in the tests.
let gitIsolation = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"]

/// Runs a program with arguments (no shell) in this process's environment plus `gitIsolation`, waiting for it.
@discardableResult
func tool(_ name: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> ToolResult {
    var env = ProcessInfo.processInfo.environment
    env.merge(gitIsolation) { $1 }
    env.merge(environment) { $1 }
    return try runProgram(name.hasPrefix("/") ? name : "/usr/bin/env", name.hasPrefix("/") ? arguments : [name] + arguments,
                          in: (directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path, environment: env)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A free TCP port on 127.0.0.1 with nothing listening (the server-down case).
func unusedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Books in a git repository with `count` customers, each with one invoice 10 days late on 2026-11-22
/// (so one e-mail reminder each), committed; then `relance run` writes and commits the reminders.
final class DeliveryBooks {
    static let asOf = "2026-11-22"
    /// 2026-11-22T10:00:00Z: the fixed clock of in-process commands.
    static let now: Int64 = 1_795_341_600
    let folder: TempFolder
    var root: String { folder.path + "/books" }
    var rootURL: URL { URL(fileURLWithPath: root) }
    let password: String
    var smtpSection: String

    init(count: Int, password: String = "pw-Zq81-not-in-any-file", smtp: String, extraCustomerLines: [Int: String] = [:]) throws {
        folder = try TempFolder(prefix: "relance-send")
        self.password = password
        smtpSection = smtp
        try FileManager.default.createDirectory(atPath: root + "/invoices", withIntermediateDirectories: true)
        var customers = "; customers\n"
        var invoices = "; invoices\n"
        for k in 1...count {
            customers += "\ncustomer c\(k)\n  name     \"Client \(k) SARL\"\n  email    compta\(k)@client\(k).example\n"
            if let extra = extraCustomerLines[k] { customers += extra + "\n" }
            invoices += "\n2026-10-13 invoice F2026-\(String(format: "%03d", k)) c\(k) \(100 + k).00 EUR\n  due 2026-11-12\n"
        }
        try write("customers.books", customers)
        try write("invoices/2026.books", invoices)
        try writeConfig()
        try git(["init", "--quiet", "--initial-branch=main"])
        try git(["add", "-A"])
        try git(["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "books"])
    }

    func writeConfig() throws {
        try write("relance.toml", """
            [company]
            name = "Claire Martin EI"
            email = "claire@claire-martin.example"
            city = "Lyon"
            timezone = "Europe/Paris"

            [git]
            author_name = "Claire Martin"
            author_email = "claire@claire-martin.example"

            \(smtpSection)
            """)
    }

    /// Rewrites relance.toml with another delivery section, committed.
    func setDelivery(_ section: String) throws {
        smtpSection = section
        try writeConfig()
        try git(["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-am", "delivery settings"])
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> ToolResult {
        let r = try tool("git", arguments, in: rootURL)
        #expect(r.status == 0, "git \(arguments.joined(separator: " ")): \(r.stderr)")
        return r
    }

    func gitOut(_ arguments: [String]) throws -> String {
        var s = try git(arguments).stdout
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    /// The committed bytes of a file.
    func committed(_ path: String) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "show", "HEAD:" + path]
        p.currentDirectoryURL = rootURL
        p.environment = ProcessInfo.processInfo.environment.merging(gitIsolation) { $1 }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return [UInt8](data)
    }

    var environment: [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "SMTP_TEST_PASSWORD": password, "HOME": folder.path]
    }

    struct Outcome {
        var status: RelanceCommands.ExitStatus
        var out: String
        var err: String
        var all: String { out + err }
    }

    /// Runs a command in process with the fixed date and clock.
    func command(_ body: (CommandContext) throws -> RelanceCommands.ExitStatus, environment extra: [String: String] = [:]) -> Outcome {
        let context = CommandContext(currentDirectory: root, environment: environment.merging(extra) { $1 }, out: OutputSink(), err: OutputSink(),
                                     today: { _ in Day(DeliveryBooks.asOf)! }, now: { DeliveryBooks.now })
        do {
            let status = try body(context)
            return Outcome(status: status, out: context.out.text, err: context.err.text)
        } catch let f as CommandFailure {
            return Outcome(status: f.status, out: context.out.text, err: context.err.text + "relance: " + f.message + "\n")
        } catch {
            return Outcome(status: .software, out: context.out.text, err: "unexpected error")
        }
    }

    func run() -> Outcome {
        command { try RunCommand.run(.init(books: BooksOptions(books: root, asOf: DeliveryBooks.asOf)), $0) }
    }

    func send(dryRun: Bool = false, confirm: [String] = [], retry: [String] = [], environment: [String: String] = [:]) -> Outcome {
        command({ try SendCommand.run(.init(books: BooksOptions(books: root), dryRun: dryRun, confirm: confirm, retry: retry), $0) },
                environment: environment)
    }

    /// `history --format json`: reminder id → delivery state.
    func states() throws -> [String: String] {
        let o = command { try HistoryCommand.run(.init(books: BooksOptions(books: root), format: .json), $0) }
        let json = try JSONSerialization.jsonObject(with: Data(o.out.utf8)) as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for r in json { out[r["id"] as? String ?? "?"] = r["delivery"] as? String ?? "none" }
        return out
    }

    /// The e-mail reminders written, in id order, with their committed .eml.
    func emails() throws -> [(id: String, bytes: [UInt8])] {
        let files = try gitOut(["ls-files", "reminders"]).split(separator: "\n").map(String.init).filter { $0.hasSuffix(".eml") }.sorted()
        return try files.map { (String($0.split(separator: "/").last!.dropLast(4)), try committed($0)) }
    }

    /// The built `relance` executable (beside the test bundle).
    static let executable: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let c = dir.appendingPathComponent("relance").path
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = dir.deletingLastPathComponent()
        }
        return testsFolder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/relance").path
    }()

    /// Runs the real executable in the books (for crash points and kills).
    /// `send` runs as of the books' day, as the in-process commands do (run on the real clock, the reminders of
    /// 2026-11-22 would be older than send_within, and stale).
    func binary(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ToolResult {
        let arguments = arguments.first == "send" && !arguments.contains("--as-of") ? arguments + ["--as-of", DeliveryBooks.asOf] : arguments
        return try tool(DeliveryBooks.executable, arguments, in: rootURL, environment: environment.merging(extra) { $1 })
    }
}

/// An [smtp] section for a loopback server.
func smtpSection(port: Int, security: String = "starttls", certificate: Certificate?, extra: String = "") -> String {
    var s = "[smtp]\nhost = \"127.0.0.1\"\nport = \(port)\nsecurity = \"\(security)\"\nusername = \"claire\"\npassword_env = \"SMTP_TEST_PASSWORD\"\ntimeout = 10\n"
    if let certificate { s += "ca_file = \"\(certificate.cert)\"\n" }
    return s + extra
}
