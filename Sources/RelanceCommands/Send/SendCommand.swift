import Books
import Configuration
import Delivery
import Foundation
import GitStore

/// `relance send`: delivers every e-mail reminder not yet delivered, at most once, and commits what happened.
public enum SendCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        /// List what would go, to whom; send nothing, write nothing.
        public var dryRun: Bool
        /// Uncertain reminders the user says went: recorded as delivered.
        public var confirm: [String]
        /// Uncertain or failed reminders to send again.
        public var retry: [String]

        public init(books: BooksOptions, dryRun: Bool = false, confirm: [String] = [], retry: [String] = []) {
            self.books = books
            self.dryRun = dryRun
            self.confirm = confirm
            self.retry = retry
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        if options.dryRun { return try dryRun(options, context) }
        let root = try BooksLocation.findRoot(explicit: options.books.books, context: context)
        let repository = try BooksRepository(root: root, context: context)
        defer { repository.release() }
        let journal: SendJournal
        do {
            journal = try SendJournal(path: SendJournal.path(gitDirectory: repository.repo.gitDirectory))
            try finishInterruptedCommit(journal, repository)
        } catch let e as SendJournalError {
            throw CommandFailure(.ioError, e.message)
        }
        try repository.ensureClean()
        let loaded = try context.loadBooks(BooksOptions(books: root, asOf: options.books.asOf))
        let asOf = try context.asOf(options.books, loaded.config)
        let within = loaded.config.dunning.sendWithinDays
        var ledger = DeliveryLedger(books: loaded.books, journal: journal.entries, asOf: asOf, sendWithin: DeliveryLedger.sendWithin(loaded.config))
        let reminders = Dictionary(loaded.books.reminders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // --confirm and --retry: the user's word on what the journal cannot know.
        for id in options.confirm + options.retry {
            guard reminders[id] != nil else {
                throw CommandFailure(.usage, "no reminder \"\(id)\"" + Suggestion.hint(for: id, among: reminders.keys.sorted()))
            }
            guard ledger.status[id] != nil else { throw CommandFailure(.usage, "\(id) has no e-mail: there is nothing to send or confirm") }
        }
        do {
            for id in options.confirm {
                let state = ledger.status[id]!.state
                guard state == .uncertain || state == .stale else {
                    throw CommandFailure(.usage, "\(id) is \(state.rawValue), not uncertain or stale: --confirm is for a message whose fate is unknown "
                                         + "or that was sent outside relance")
                }
                try journal.append(.init(.delivered, id, timestamp: Deliverer.timestamp(context.now()), detail: "confirmed by hand"), durable: true)
                context.out.line("\(id): recorded as delivered (confirmed by hand)")
            }
            for id in options.retry {
                let state = ledger.status[id]!.state
                guard state == .uncertain || state == .failed || state == .stale else {
                    throw CommandFailure(.usage, "\(id) is \(state.rawValue): --retry is for an uncertain, failed or stale message")
                }
                try journal.append(.init(.queued, id, detail: "retry asked"), durable: true)
            }
        } catch let e as SendJournalError {
            throw CommandFailure(.ioError, e.message)
        }
        ledger = DeliveryLedger(books: loaded.books, journal: journal.entries, asOf: asOf, sendWithin: DeliveryLedger.sendWithin(loaded.config))

        let queue = loaded.books.reminders.filter { ledger.status[$0.id]?.state == .queued }
        let stale = loaded.books.reminders.filter { ledger.status[$0.id]?.state == .stale }
        let uncertain = loaded.books.reminders.filter { ledger.status[$0.id]?.state == .uncertain }
        var status = ExitStatus.ok
        var report = Deliverer.Report()
        if !queue.isEmpty {
            let transport = try makeTransport(loaded, context)
            var messages: [OutgoingMessage] = []
            for r in queue {
                guard let file = r.files.first(where: { $0.hasSuffix(".eml") }) else { continue }
                guard let bytes = try repository.repo.fileAtHead(repository.prefix + file) else {
                    context.err.line("relance: warning: \(r.id): \(file) is not committed; it stays queued")
                    continue
                }
                guard let message = MessageEnvelope.outgoing(id: r.id, bytes: bytes, copyTo: copyToSelf(bytes, loaded.config)) else {
                    context.err.line("relance: warning: \(r.id): \(file) names no sender or no recipient; it stays queued")
                    continue
                }
                messages.append(message)
            }
            do {
                report = try Deliverer.deliver(messages, transport: transport, journal: journal,
                                               timestamp: { Deliverer.timestamp(context.now()) }, crashPoint: context.crashPoint)
            } catch let e as SendJournalError {
                throw CommandFailure(.ioError, e.message + "; nothing more was sent")
            }
            let recipients = Dictionary(messages.map { ($0.id, $0.recipients) }, uniquingKeysWith: { a, _ in a })
            for (id, result, _) in report.outcomes {
                let to = recipients[id]?.joined(separator: ", ") ?? ""
                switch result {
                case .delivered(let reply): context.out.line("\(id) delivered to \(to) (\(reply))")
                case .rejected(let reply):
                    context.out.line("\(id) failed: \(reply)")
                    status = .findings
                case .deferred(let reply):
                    context.out.line("\(id) deferred, still queued: \(reply)")
                    status = .temporaryFailure
                case .unknown(let reason):
                    context.out.line("\(id) uncertain: \(reason)")
                }
            }
        }
        let committed = try commitOutcomes(journal, loaded: loaded, repository: repository, context: context)
        if let id = committed { context.out.line("Committed \(id.prefix(12)): delivery records in history/") }

        let nowUncertain = uncertain.map(\.id) + report.outcomes.compactMap { o in
            if case .unknown = o.result { return o.id } else { return nil }
        }
        if !nowUncertain.isEmpty {
            context.err.line("relance: \(nowUncertain.count) message\(nowUncertain.count == 1 ? " was" : "s were") being handed over when a send stopped; "
                             + "relance does not know whether \(nowUncertain.count == 1 ? "it" : "they") went, and will not send \(nowUncertain.count == 1 ? "it" : "them") again on its own:")
            for id in nowUncertain { context.err.line("  \(id)") }
            context.err.line("  fix: look in your mail server's sent log or ask the customer, then run `relance send --confirm ID` (it went) or `relance send --retry ID` (send it again)")
            if status == .ok { status = .findings }
        }
        if !stale.isEmpty {
            listStale(stale, within: within, context.err)
            if status == .ok { status = .findings }
        }
        if let stop = report.stopped {
            let left = queue.count - report.outcomes.filter { if case .deferred = $0.result { return false } else { return true } }.count
            context.err.line("relance: \(stop.message)")
            context.err.line("  \(left) message\(left == 1 ? "" : "s") still queued; nothing was lost: run `relance send` again" + (stop.kind == TransportFailure.Kind.login ? " once the username and password are right" : " later"))
            return .temporaryFailure
        }
        if queue.isEmpty && committed == nil && nowUncertain.isEmpty && stale.isEmpty {
            context.out.line("Nothing to send: every e-mail reminder was delivered.")
        }
        return status
    }

    /// The e-mails `send` leaves alone because they are old, each with its date, and what to do.
    static func listStale(_ stale: [ReminderRecord], within: Int, _ sink: OutputSink) {
        let n = stale.count
        sink.line("relance: \(n) e-mail\(n == 1 ? " was" : "s were") not sent: written more than \(within) day\(within == 1 ? "" : "s") ago "
                  + "(send_within in [dunning] of relance.toml), \(n == 1 ? "it" : "they") would reach the customer late:")
        for r in stale { sink.line("  \(r.id) \(r.customerID): not sent: written on \(r.date), older than \(within) day\(within == 1 ? "" : "s")") }
        sink.line("  fix: `relance send --retry ID` sends one anyway; `relance send --confirm ID` records one as sent outside relance; "
                  + "or remind again (`relance run`, `relance remind INVOICE`) to write an up-to-date one")
    }

    /// The sender's own address for the copy to self (bcc_self), from the message's From.
    static func copyToSelf(_ bytes: [UInt8], _ config: RelanceConfig) -> String? {
        guard config.smtp?.bccSelf == true || config.sendmail?.bccSelf == true else { return nil }
        return MessageEnvelope.sender(bytes)
    }

    /// The transport of relance.toml, with its password resolved (in memory only).
    static func makeTransport(_ loaded: LoadedBooks, _ context: CommandContext) throws -> MailTransport {
        if let s = loaded.config.smtp {
            let password: String?
            do {
                password = try PasswordSource.resolve(variable: s.passwordEnv, command: s.passwordCommand, environment: context.environment)
            } catch {
                throw CommandFailure(error.temporary ? .temporaryFailure : .usage, error.message + "; nothing was sent")
            }
            var ca = s.caFile
            if let c = ca, !c.hasPrefix("/") { ca = loaded.root + "/" + c }
            if let c = ca, !FileManager.default.isReadableFile(atPath: c) {
                throw CommandFailure(.usage, "ca_file \(c) of [smtp] cannot be read; nothing was sent")
            }
            let options = SMTPOptions(host: s.host, port: s.port, security: SMTPOptions.Security(rawValue: s.security) ?? .starttls,
                                      username: s.username, password: password, caFile: ca, timeout: s.timeout)
            do {
                return try SMTPTransport(options)
            } catch {
                throw CommandFailure(.software, error.message + "; nothing was sent")
            }
        }
        if let m = loaded.config.sendmail {
            return SendmailTransport(command: m.command, environment: context.environment)
        }
        throw CommandFailure(.usage, "relance.toml says neither [smtp] nor [sendmail]: nothing can be sent.\n"
                             + "  fix: add an [smtp] section (host, username, password_env) or a [sendmail] section (command); see docs/policy.md")
    }

    /// `--dry-run`: what would go, to whom; touches nothing.
    static func dryRun(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let loaded = try context.loadBooks(options.books)
        let within = loaded.config.dunning.sendWithinDays
        let ledger = DeliveryLedger.read(books: loaded.books, root: loaded.root, asOf: try context.asOf(options.books, loaded.config),
                                         sendWithin: DeliveryLedger.sendWithin(loaded.config))
        var count = 0
        var stale: [ReminderRecord] = []
        for r in loaded.books.reminders {
            guard let s = ledger.status[r.id] else { continue }
            if s.state == .uncertain {
                context.out.line("\(r.id) uncertain: not sent again without `relance send --confirm \(r.id)` or `--retry \(r.id)`")
                continue
            }
            if s.state == .stale { stale.append(r); continue }
            guard s.state == .queued, let file = r.files.first(where: { $0.hasSuffix(".eml") }) else { continue }
            let bytes = FileStore.read(loaded.root + "/" + file) ?? []
            let headerTo = MessageEnvelope.headerRecipients(bytes)
            let copy = copyToSelf(bytes, loaded.config)
            var line = "\(r.id) \(r.customerID): to \(headerTo.joined(separator: ", "))"
            if let copy { line += "; copy to \(copy) (envelope only)" }
            context.out.line(line)
            count += 1
        }
        let transport = loaded.config.smtp.map { "SMTP \($0.host):\($0.port) (\($0.security))" }
            ?? loaded.config.sendmail.map { "the command \($0.command)" } ?? "no transport ([smtp] or [sendmail] missing in relance.toml)"
        context.out.line(count == 0 ? "Nothing to send." : "\(count) message\(count == 1 ? "" : "s") would go through \(transport); nothing was sent.")
        if !stale.isEmpty { listStale(stale, within: within, context.out) }
        return .ok
    }
}
