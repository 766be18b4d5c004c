import Books
import Configuration
import Delivery
import Foundation
import GitStore

extension SendCommand {
    /// What `relance send` would trip on in its settings, for `relance check`: an unreadable ca_file,
    /// a password variable not set here, a sendmail program that cannot be found.
    static func deliveryDiagnostics(_ loaded: LoadedBooks, environment: [String: String], asOf: Day? = nil) -> [Diagnostic] {
        let text = (try? String(contentsOfFile: loaded.root + "/" + BooksLocation.configName, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        /// The line and column of `key = …` in `[table]`.
        func at(_ table: String, _ key: String) -> (SourceLocation, String) {
            var inside = false
            for (n, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") { inside = line.hasPrefix("[\(table)]"); continue }
                if inside, line.hasPrefix(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                    let column = (raw.firstIndex(of: "=").map { raw.distance(from: raw.startIndex, to: $0) } ?? 0) + 3
                    return (SourceLocation(file: BooksLocation.configName, line: n + 1, column: min(column, max(1, raw.count))), raw)
                }
            }
            return (SourceLocation(file: BooksLocation.configName, line: 1, column: 1), lines.first ?? "")
        }
        var out: [Diagnostic] = []
        if let s = loaded.config.smtp {
            if let ca = s.caFile {
                let path = ca.hasPrefix("/") ? ca : loaded.root + "/" + ca
                if !FileManager.default.isReadableFile(atPath: path) {
                    let (loc, line) = at("smtp", "ca_file")
                    out.append(Diagnostic(.error, loc, "ca_file \(ca) cannot be read: relance send would stop there",
                                          fix: "give the path of a PEM certificate file, relative to the books or absolute", sourceLine: line))
                }
            }
            if let v = s.passwordEnv, (environment[v] ?? "").isEmpty {
                let (loc, line) = at("smtp", "password_env")
                out.append(Diagnostic(.warning, loc, "the environment variable \(v) is not set here: relance send needs it",
                                      fix: "set it where relance send runs (the cron line, the systemd unit), or use password_command",
                                      sourceLine: line))
            }
        }
        if let m = loaded.config.sendmail, let program = m.command.split(separator: " ").first.map(String.init) {
            let paths = program.contains("/") ? [program]
                : (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/\(program)" }
            if !paths.contains(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
                let (loc, line) = at("sendmail", "command")
                out.append(Diagnostic(.error, loc, "the sendmail command \(program) is not found: relance send would stop there",
                                      fix: "install it (e.g. apt-get install msmtp) or give its full path", sourceLine: line))
            }
        }
        // Messages that need a decision before `send` can finish its work.
        let within = loaded.config.dunning.sendWithinDays
        let ledger = DeliveryLedger.read(books: loaded.books, root: loaded.root, asOf: asOf, sendWithin: DeliveryLedger.sendWithin(loaded.config))
        if loaded.config.smtp != nil || loaded.config.sendmail != nil {
            out += queuedMessageProblems(loaded, ledger)
        }
        for r in loaded.books.reminders {
            guard let status = ledger.status[r.id] else { continue }
            switch status.state {
            case .uncertain:
                out.append(Diagnostic.at(r.span, in: loaded.books.sources, .warning,
                                         "the e-mail of \(r.id) was being handed to the server when a send stopped: it may have gone",
                                         fix: "check your mail server's sent log, then run `relance send --confirm \(r.id)` (it went) or `relance send --retry \(r.id)`"))
            case .failed:
                out.append(Diagnostic.at(r.span, in: loaded.books.sources, .warning,
                                         "the e-mail of \(r.id) was refused by the server" + (status.detail.map { ": \($0)" } ?? ""),
                                         fix: "a wrong address: correct it in the books and remind again (`relance remind INVOICE`); another cause, once fixed: `relance send --retry \(r.id)` sends it again as written"))
            case .stale:
                out.append(Diagnostic.at(r.span, in: loaded.books.sources, .warning,
                                         "the e-mail of \(r.id) was written on \(r.date), more than \(within) day\(within == 1 ? "" : "s") ago, and never sent: relance send leaves it",
                                         fix: "`relance send --retry \(r.id)` sends it anyway; `relance send --confirm \(r.id)` records it as sent outside relance; "
                                         + "or raise send_within in [dunning]"))
            default:
                break
            }
        }
        return out
    }

    /// What `send` would skip or stop on in the e-mails it is to send: an .eml that is not committed (send takes the
    /// committed bytes), one that names no sender or recipient; a sending journal it cannot read.
    static func queuedMessageProblems(_ loaded: LoadedBooks, _ ledger: DeliveryLedger) -> [Diagnostic] {
        guard let repo = try? GitRepository.open(at: loaded.root) else { return [] }
        var out: [Diagnostic] = []
        let journalPath = SendJournal.path(gitDirectory: repo.gitDirectory)
        do {
            _ = try SendJournal(path: journalPath)
        } catch let e as SendJournalError {
            // A warning: the journal is not the books (an error would block every commit in the pre-commit hook).
            out.append(Diagnostic(.warning, SourceLocation(file: ".git/" + URL(fileURLWithPath: journalPath).lastPathComponent, line: 1, column: 1),
                                  "the sending journal cannot be read: relance send would stop there (\(e.message))",
                                  fix: "do not edit it by hand; if it was damaged, compare it with `relance history` and the mail server's sent log before deleting it",
                                  sourceLine: ""))
        } catch {}
        let work = URL(fileURLWithPath: repo.workdir).resolvingSymlinksInPath().path
        let books = URL(fileURLWithPath: loaded.root).resolvingSymlinksInPath().path
        let prefix = books == work ? "" : String(books.dropFirst(work.count + 1)) + "/"
        for r in loaded.books.reminders where ledger.status[r.id]?.state == .queued {
            guard let file = r.files.first(where: { $0.hasSuffix(".eml") }) else { continue }
            guard let bytes = (try? repo.fileAtHead(prefix + file)) ?? nil else {
                out.append(Diagnostic.at(r.span, in: loaded.books.sources, .warning,
                                         "the e-mail of \(r.id), \(file), is not committed: relance send sends only what is in git, and leaves it queued",
                                         fix: "commit it (`git add \(file)`, `git commit`), or remind again if it was deleted"))
                continue
            }
            if MessageEnvelope.outgoing(id: r.id, bytes: bytes, copyTo: nil) == nil {
                out.append(Diagnostic.at(r.span, in: loaded.books.sources, .warning,
                                         "the e-mail of \(r.id), \(file), names no sender (From) or no recipient (To): relance send would leave it queued",
                                         fix: "give the customer an `email` and [company] an `email`, then remind again (`relance remind INVOICE`)"))
            }
        }
        return out
    }
}
