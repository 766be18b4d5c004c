import Books
import Configuration
import Foundation

extension SendCommand {
    /// What `relance send` would trip on in its settings, for `relance check`: an unreadable ca_file,
    /// a password variable not set here, a sendmail program that cannot be found.
    static func deliveryDiagnostics(_ loaded: LoadedBooks, environment: [String: String]) -> [Diagnostic] {
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
        let ledger = DeliveryLedger.read(books: loaded.books, root: loaded.root)
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
            default:
                break
            }
        }
        return out
    }
}
