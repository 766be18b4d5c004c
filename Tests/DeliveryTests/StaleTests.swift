import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// A copy of ledger-example/ in a git repository, for `send` on books that already hold reminders.
final class ExampleCopy {
    let folder: TempFolder
    var root: String { folder.path + "/books" }

    init() throws {
        folder = try TempFolder(prefix: "relance-stale")
        let example = testsFolder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("ledger-example")
        try FileManager.default.copyItem(at: example, to: URL(fileURLWithPath: root))
        try git(["init", "--quiet", "--initial-branch=main"])
        try git(["config", "user.name", "Claire Martin"])
        try git(["config", "user.email", "claire@claire-martin.example"])
        try git(["add", "-A"])
        try git(["commit", "--quiet", "-m", "books"])
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> ToolResult {
        let r = try tool("git", arguments, in: URL(fileURLWithPath: root))
        #expect(r.status == 0, "git \(arguments.joined(separator: " ")): \(r.stderr)")
        return r
    }

    /// Appends `text` to relance.toml and commits it.
    func appendConfig(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/relance.toml"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + text).utf8))
        try handle.close()
        try git(["commit", "--quiet", "-am", "delivery settings"])
    }

    /// Runs a command in process, today being `today`.
    func command(today: String, _ body: (CommandContext) throws -> RelanceCommands.ExitStatus) -> DeliveryBooks.Outcome {
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "SMTP_TEST_PASSWORD": "pw-stale", "HOME": folder.path]
        let context = CommandContext(currentDirectory: root, environment: env, out: OutputSink(), err: OutputSink(),
                                     today: { _ in Day(today)! }, now: { DeliveryBooks.now })
        do {
            return DeliveryBooks.Outcome(status: try body(context), out: context.out.text, err: context.err.text)
        } catch let f as CommandFailure {
            return DeliveryBooks.Outcome(status: f.status, out: context.out.text, err: context.err.text + "relance: " + f.message + "\n")
        } catch {
            return DeliveryBooks.Outcome(status: .software, out: context.out.text, err: "unexpected error")
        }
    }

    func run(_ asOf: String) -> DeliveryBooks.Outcome {
        command(today: asOf) { try RunCommand.run(.init(books: BooksOptions(books: self.root, asOf: asOf)), $0) }
    }

    func send(today: String = DeliveryBooks.asOf, dryRun: Bool = false, confirm: [String] = [], retry: [String] = []) -> DeliveryBooks.Outcome {
        command(today: today) { try SendCommand.run(.init(books: BooksOptions(books: self.root), dryRun: dryRun, confirm: confirm, retry: retry), $0) }
    }

    /// The e-mail reminders of the history: id → date.
    func emailReminders() throws -> [String: String] {
        let o = command(today: DeliveryBooks.asOf) { try HistoryCommand.run(.init(books: BooksOptions(books: self.root), format: .json), $0) }
        let json = try JSONSerialization.jsonObject(with: Data(o.out.utf8)) as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for r in json where ((r["files"] as? [String]) ?? []).contains(where: { $0.hasSuffix(".eml") }) {
            out[r["id"] as? String ?? "?"] = r["date"] as? String ?? "?"
        }
        return out
    }

    func states() throws -> [String: String] {
        let o = command(today: DeliveryBooks.asOf) { try HistoryCommand.run(.init(books: BooksOptions(books: self.root), format: .json), $0) }
        let json = try JSONSerialization.jsonObject(with: Data(o.out.utf8)) as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for r in json { if let d = r["delivery"] as? String { out[r["id"] as? String ?? "?"] = d } }
        return out
    }
}

/// Books that already hold undelivered reminder e-mails (written before delivery was set up): the first
/// `send` delivers only the recent ones, and lists the old ones instead of mailing them months late.
@Suite struct StaleReminderTests {
    @Test func theFirstSendOnOldBooksDeliversOnlyRecentRemindersAndListsTheOthers() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pw-stale", outdir: tmp.path + "/out")
        let books = try ExampleCopy()
        // Reminders written in October, before any [smtp]: e-mails never handed to a server.
        let october = books.run("2026-10-01")
        #expect(october.status == .ok, "\(october.all)")
        let old = try books.emailReminders().filter { $0.value == "2026-10-01" }.keys.sorted()
        #expect(!old.isEmpty, "the October run wrote e-mail reminders")
        try books.appendConfig(smtpSection(port: server.port, certificate: cert))
        // A run two days ago, with delivery set up but not yet sent.
        let recentRun = books.run("2026-11-20")
        #expect(recentRun.status == .ok, "\(recentRun.all)")
        let recent = try books.emailReminders().filter { $0.value == "2026-11-20" }.keys.sorted()
        #expect(!recent.isEmpty, "the November run wrote e-mail reminders")

        let states = try books.states()
        for id in old { #expect(states[id] == "stale", "\(id): \(states[id] ?? "none")") }
        for id in recent { #expect(states[id] == "queued", "\(id): \(states[id] ?? "none")") }

        let dry = books.send(dryRun: true)
        #expect(dry.status == .ok)
        for id in old { #expect(dry.out.contains("\(id)") && dry.out.contains("not sent: written on 2026-10-01, older than 7 days")) }
        #expect(dry.out.contains("\(recent.count) message\(recent.count == 1 ? "" : "s") would go"))

        let sent = books.send()
        #expect(sent.status == .findings, "the old ones need a decision: \(sent.all)")
        #expect(try server.receivedIDs().sorted() == recent, "only the recent reminders reach the customers")
        for id in old { #expect(sent.err.contains("  \(id) ") && sent.err.contains("--retry") && sent.err.contains("--confirm")) }
        #expect(sent.err.contains("not sent: written on 2026-10-01, older than 7 days"))

        // Still listed (never dropped), never sent on their own.
        let again = books.send()
        #expect(again.status == .findings)
        #expect(try server.receivedIDs().sorted() == recent)
        #expect(!again.out.contains("Nothing to send: every e-mail reminder was delivered"))

        // `check` says it too, at the reminder.
        let check = books.command(today: DeliveryBooks.asOf) { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(check.err.contains("the e-mail of \(old[0]) was written on 2026-10-01"), "\(check.err)")

        // The user decides: one sent anyway, the others recorded as sent outside relance.
        let retried = books.send(retry: [old[0]])
        #expect(try server.receivedIDs().sorted() == (recent + [old[0]]).sorted(), "\(retried.all)")
        if old.count > 1 {
            let confirmed = books.send(confirm: Array(old.dropFirst()))
            #expect(confirmed.status == .ok, "\(confirmed.all)")
        }
        #expect(try server.receivedIDs().count == recent.count + 1)
        #expect(try books.states().filter { old.contains($0.key) || recent.contains($0.key) }.values.allSatisfy { $0 == "delivered" })
        let last = books.send()
        #expect(last.status == .ok && last.out.contains("Nothing to send"), "\(last.all)")
    }

    @Test func sendWithinIsReadFromTheDunningTableAndChecked() throws {
        let books = try ExampleCopy()
        #expect(books.run("2026-11-01").status == .ok)
        let ids = try books.emailReminders().keys.sorted()
        #expect(!ids.isEmpty)
        // Without [smtp] or [sendmail], relance sends nothing: the e-mails are the user's, none is stale.
        #expect(try books.states().filter { ids.contains($0.key) }.values.allSatisfy { $0 == "queued" })
        try books.appendConfig(smtpSection(port: try unusedPort(), certificate: nil))
        #expect(try books.states().filter { ids.contains($0.key) }.values.allSatisfy { $0 == "stale" })
        // A wider window: three weeks old is still recent.
        let text = try String(contentsOfFile: books.root + "/relance.toml", encoding: .utf8)
        try text.replacingOccurrences(of: "gap = 7 ", with: "send_within = 30\ngap = 7 ").write(toFile: books.root + "/relance.toml", atomically: true, encoding: .utf8)
        try books.git(["commit", "--quiet", "-am", "send_within"])
        #expect(try books.states().filter { ids.contains($0.key) }.values.allSatisfy { $0 == "queued" })
        try text.replacingOccurrences(of: "gap = 7 ", with: "send_within = -1\ngap = 7 ").write(toFile: books.root + "/relance.toml", atomically: true, encoding: .utf8)
        let check = books.command(today: DeliveryBooks.asOf) { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(check.status == .badData)
        #expect(check.err.contains("send_within must be a whole number from 0 to 3650"), "\(check.err)")
    }
}
