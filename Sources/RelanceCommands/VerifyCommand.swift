import Books
import Foundation
import GitStore

/// `relance verify`: the history and the reminder files, checked against the commits that added them.
///
/// Walks every commit from the first to HEAD (then the working tree): a history record (history/*.books) changed or
/// removed after the commit that added it, a reminder file (reminders/…) changed or removed after its commit, or a commit
/// of relance's whose trailers (Reminder/Customer/Level/Invoice, Printed, Posted, Delivered, Failed) do not match the
/// records and files it adds, is reported with the commit and the file:line. Exit 1 when something does not match.
public enum VerifyCommand {
    public struct Options: Sendable {
        public var books: String?

        public init(books: String? = nil) { self.books = books }
    }

    /// One mismatch.
    struct Finding {
        /// Books-root relative path and 1-based line (0: the commit message).
        var file: String
        var line: Int
        /// Short id of the commit where it happened, or "working tree".
        var commit: String
        var message: String
        /// The line as it is now, and as it was.
        var now: String?
        var was: String?
    }

    /// The trailer keys of relance's commits.
    static let eventKeys: [String: String] = ["Printed": "printed", "Posted": "posted", "Delivered": "delivered", "Failed": "failed"]

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let root = try BooksLocation.findRoot(explicit: options.books, context: context)
        let repo: GitRepository
        do {
            repo = try GitRepository.open(at: root)
        } catch {
            throw CommandFailure(.usage, "the books at \(root) are not in a git repository: there is no history to verify")
        }
        let prefix = try StagedBooks.booksPrefix(root: root, workdir: repo.workdir)
        let result: (findings: [Finding], commits: Int, records: Int, files: Int, signed: Int)
        do {
            result = try verify(repo: repo, prefix: prefix, root: root)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.ioError, "cannot read the git history: \(error)")
        }
        for f in result.findings {
            let place = f.line > 0 ? "\(f.file):\(f.line)" : f.file
            context.out.line("\(place): \(f.commit == workingTree ? "in the working tree" : "commit \(f.commit)"): \(f.message)")
            if let now = f.now { context.out.line("    now: \(now)") }
            if let was = f.was { context.out.line("    was: \(was)") }
        }
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let checked = [count(result.commits, "commit"), count(result.records, "history record"), count(result.files, "reminder file")]
            .joined(separator: ", ") + (result.signed > 0 ? " (\(result.signed) signed)" : "")
        if result.findings.isEmpty {
            context.err.line("verify: \(checked): everything matches the commits that added it")
            return .ok
        }
        context.err.line("verify: \(checked): \(result.findings.count) mismatch\(result.findings.count == 1 ? "" : "es") (above)")
        return .findings
    }

    static let workingTree = "working tree"

    /// The listing (path → blob id) of history and reminder files of one version, books-root relative.
    struct Version {
        var history: [String: String] = [:]
        var reminders: [String: String] = [:]
    }

    static func verify(repo: GitRepository, prefix: String, root: String) throws -> (findings: [Finding], commits: Int, records: Int, files: Int, signed: Int) {
        let commits = try repo.commitsFromHead()
        var versions: [String: Version] = [:]
        var parsed: [String: HistoryText] = [:]
        func text(_ blob: String) throws -> HistoryText {
            if let t = parsed[blob] { return t }
            let t = HistoryText(try repo.blob(blob))
            parsed[blob] = t
            return t
        }
        func version(_ id: String) throws -> Version {
            if let v = versions[id] { return v }
            var v = Version()
            for (path, blob) in try repo.files(inCommit: id, under: prefix + "history") where path.hasSuffix(".books") {
                v.history[String(path.dropFirst(prefix.count))] = blob
            }
            for (path, blob) in try repo.files(inCommit: id, under: prefix + "reminders") {
                v.reminders[String(path.dropFirst(prefix.count))] = blob
            }
            versions[id] = v
            return v
        }
        var findings: [Finding] = []
        /// Where each record and reminder file was added: key → short commit id.
        var recordAddedBy: [String: String] = [:]
        var fileAddedBy: [String: String] = [:]
        var signed = 0

        var allowedSigners = repo.configValue("gpg.ssh.allowedSignersFile")
        if let a = allowedSigners, a.hasPrefix("~/") { allowedSigners = NSHomeDirectory() + String(a.dropFirst(1)) }
        for commit in commits {
            if commit.isSigned {
                signed += 1
                if let (signature, data) = try repo.commitSignature(commit.id),
                   let problem = CommitSigner.check(signature: signature, data: data, email: commit.author.email, allowedSigners: allowedSigners) {
                    findings.append(Finding(file: "(signature)", line: 0, commit: commit.shortID, message: "the commit's signature does not verify: \(problem)"))
                }
            }
            let now = try version(commit.id)
            let before = try commit.parents.first.map(version) ?? Version()
            let short = commit.shortID
            var added: [(file: String, record: HistoryText.Record)] = []
            // History records: append-only.
            for path in Set(now.history.keys).union(before.history.keys).sorted() where now.history[path] != before.history[path] {
                let old = try before.history[path].map(text)?.records ?? []
                let new = try now.history[path].map(text)?.records ?? []
                compare(path: path, old: old, new: new, commit: short, addedBy: &recordAddedBy, added: &added, findings: &findings)
            }
            // Reminder files: never changed once committed.
            var changedFiles: Set<String> = []
            for path in Set(now.reminders.keys).union(before.reminders.keys).sorted() where now.reminders[path] != before.reminders[path] {
                changedFiles.insert(path)
                guard let oldBlob = before.reminders[path] else {
                    fileAddedBy[path] = fileAddedBy[path] ?? short
                    continue
                }
                let origin = fileAddedBy[path].map { " (added by commit \($0))" } ?? ""
                if let newBlob = now.reminders[path] {
                    let (line, nowLine, wasLine) = firstDifference(try repo.blob(oldBlob), try repo.blob(newBlob))
                    findings.append(Finding(file: path, line: line, commit: short, message: "reminder file changed after its commit\(origin)",
                                            now: nowLine, was: wasLine))
                } else {
                    findings.append(Finding(file: path, line: 0, commit: short, message: "reminder file removed after its commit\(origin)"))
                }
            }
            checkTrailers(commit, added: added, files: now.reminders, changedFiles: changedFiles, findings: &findings)
        }

        // The working tree against HEAD: what is not committed yet must not rewrite what is.
        if let head = commits.last {
            let committed = try version(head.id)
            var disk = Version()
            for path in BooksLocation.bookFiles(root: root) where path.hasPrefix("history/") { disk.history[path] = path }
            for path in Set(committed.history.keys).union(disk.history.keys).sorted() {
                let old = try committed.history[path].map(text)?.records ?? []
                guard let bytes = FileStore.read(root + "/" + path) else {
                    if !old.isEmpty { findings.append(Finding(file: path, line: 0, commit: workingTree, message: "history file deleted")) }
                    continue
                }
                var ignored: [(file: String, record: HistoryText.Record)] = []
                compare(path: path, old: old, new: HistoryText(bytes).records, commit: workingTree, addedBy: &recordAddedBy,
                        added: &ignored, findings: &findings)
            }
            for (path, blob) in committed.reminders.sorted(by: { $0.key < $1.key }) {
                let origin = fileAddedBy[path].map { " (added by commit \($0))" } ?? ""
                guard let bytes = FileStore.read(root + "/" + path) else {
                    findings.append(Finding(file: path, line: 0, commit: workingTree, message: "reminder file deleted\(origin)"))
                    continue
                }
                let old = try repo.blob(blob)
                if old != bytes {
                    let (line, nowLine, wasLine) = firstDifference(old, bytes)
                    findings.append(Finding(file: path, line: line, commit: workingTree, message: "reminder file changed after its commit\(origin)",
                                            now: nowLine, was: wasLine))
                }
            }
        }
        let records = commits.last.map { head in (try? version(head.id).history.values.reduce(0) { $0 + ((try? text($1).records.count) ?? 0) }) ?? 0 } ?? 0
        let files = commits.last.map { (try? version($0.id).reminders.count) ?? 0 } ?? 0
        return (findings, commits.count, records, files, signed)
    }

    /// Records of `old` must still be in `new`, unchanged; records new in `new` are recorded as added by `commit`.
    static func compare(path: String, old: [HistoryText.Record], new: [HistoryText.Record], commit: String,
                        addedBy: inout [String: String], added: inout [(file: String, record: HistoryText.Record)],
                        findings: inout [Finding]) {
        var newByKey: [String: HistoryText.Record] = [:]
        for r in new { newByKey[r.key] = r }
        let oldKeys = Set(old.map(\.key))
        for r in old {
            let origin = addedBy[path + "\u{0}" + r.key].map { " (added by commit \($0))" } ?? ""
            guard let n = newByKey[r.key] else {
                findings.append(Finding(file: path, line: r.line, commit: commit, message: "\(r.kind) \(r.id) removed from the history\(origin)",
                                        now: nil, was: r.lines[0]))
                continue
            }
            if n.lines != r.lines {
                let k = (0..<min(n.lines.count, r.lines.count)).first { n.lines[$0] != r.lines[$0] } ?? min(n.lines.count, r.lines.count)
                findings.append(Finding(file: path, line: n.line + k, commit: commit, message: "\(r.kind) \(r.id) changed after its commit\(origin)",
                                        now: k < n.lines.count ? n.lines[k] : "(line removed)", was: k < r.lines.count ? r.lines[k] : "(no such line)"))
            }
        }
        for r in new where !oldKeys.contains(r.key) {
            let key = path + "\u{0}" + r.key
            if addedBy[key] == nil { addedBy[key] = commit }
            added.append((path, r))
        }
    }

    /// A commit of relance's (one with its trailers) must add exactly the records its trailers name, with their files.
    static func checkTrailers(_ commit: CommitEntry, added: [(file: String, record: HistoryText.Record)], files: [String: String],
                              changedFiles: Set<String>, findings: inout [Finding]) {
        let keys = Set(commit.trailers.map(\.key))
        guard keys.contains("Reminder") || !keys.isDisjoint(with: eventKeys.keys) else { return }
        let short = commit.shortID
        func report(_ file: String, _ line: Int, _ message: String, now: String? = nil) {
            findings.append(Finding(file: file, line: line, commit: short, message: message, now: now))
        }
        // The trailers, grouped per reminder: Reminder, then its Customer, Level and Invoice lines.
        struct Named { var customer: [String] = []; var level: [String] = []; var invoices: [String] = [] }
        var reminders: [(id: String, named: Named)] = []
        var events: [(kind: String, id: String)] = []
        for t in commit.trailers {
            switch t.key {
            case "Reminder": reminders.append((t.value, Named()))
            case "Customer" where !reminders.isEmpty: reminders[reminders.count - 1].named.customer.append(t.value)
            case "Level" where !reminders.isEmpty: reminders[reminders.count - 1].named.level.append(t.value)
            case "Invoice" where !reminders.isEmpty: reminders[reminders.count - 1].named.invoices.append(t.value)
            default: if let kind = eventKeys[t.key] { events.append((kind, String(t.value.split(separator: " ").first ?? ""))) }
            }
        }
        let addedReminders = added.filter { $0.record.kind == "reminder" }
        for (id, named) in reminders {
            guard let (file, r) = addedReminders.first(where: { $0.record.id == id }) else {
                report("(commit message)", 0, "trailer `Reminder: \(id)` but the commit adds no history record \(id)")
                continue
            }
            if let c = named.customer.first, c != r.customer {
                report(file, r.line, "trailer `Customer: \(c)` but the record of \(id) is for \(r.customer ?? "no customer")", now: r.lines[0])
            }
            let level = r.values("level").first?.first
            if let l = named.level.first, l != level {
                report(file, r.line, "trailer `Level: \(l)` but the record of \(id) says level \(level ?? "(none)")", now: r.lines[0])
            }
            let recorded = r.values("invoice").compactMap(\.first)
            if Set(named.invoices) != Set(recorded) {
                report(file, r.line, "trailers `Invoice:` name \(named.invoices.sorted().joined(separator: ", ")) but the record of \(id) lists "
                       + (recorded.isEmpty ? "no invoice" : recorded.sorted().joined(separator: ", ")), now: r.lines[0])
            }
            for (k, f) in r.values("file").compactMap(\.first).enumerated() {
                let fileLine = r.line + (r.lines.firstIndex { HistoryText.words($0).first == "file" && HistoryText.words($0).dropFirst().first == f } ?? k)
                if files[f] == nil {
                    report(file, fileLine, "\(id) names the file \(f), which is not in the commit")
                } else if !changedFiles.contains(f) {
                    report(file, fileLine, "\(id) names the file \(f), which the commit does not add")
                }
            }
        }
        // Every reminder file the commit adds belongs to one of its records.
        let namedFiles = Set(addedReminders.flatMap { $0.record.values("file").compactMap(\.first) })
        for f in changedFiles.sorted() where files[f] != nil && !namedFiles.contains(f) {
            report(f, 0, "the commit adds this reminder file but none of its records names it")
        }
        let named = Set(reminders.map(\.id))
        for (file, r) in addedReminders where !named.contains(r.id) {
            report(file, r.line, "the commit adds reminder \(r.id) but its message has no trailer `Reminder: \(r.id)`", now: r.lines[0])
        }
        let addedEvents = added.filter { eventKeys.values.contains($0.record.kind) }
        for (kind, id) in events where !addedEvents.contains(where: { $0.record.kind == kind && $0.record.id == id }) {
            let key = eventKeys.first { $0.value == kind }!.key
            report("(commit message)", 0, "trailer `\(key): \(id)` but the commit adds no `\(kind) \(id)` record")
        }
        for (file, r) in addedEvents where !events.contains(where: { $0.kind == r.kind && $0.id == r.id }) {
            let key = eventKeys.first { $0.value == r.kind }!.key
            report(file, r.line, "the commit adds `\(r.kind) \(r.id)` but its message has no trailer `\(key): \(r.id)`", now: r.lines[0])
        }
    }

    /// The 1-based line where two texts first differ, with that line in each.
    static func firstDifference(_ old: [UInt8], _ new: [UInt8]) -> (line: Int, now: String, was: String) {
        let a = old.split(separator: 10, omittingEmptySubsequences: false)
        let b = new.split(separator: 10, omittingEmptySubsequences: false)
        var k = 0
        while k < a.count, k < b.count, a[k].elementsEqual(b[k]) { k += 1 }
        func show(_ lines: [ArraySlice<UInt8>], _ k: Int) -> String {
            guard k < lines.count, !(k == lines.count - 1 && lines[k].isEmpty) else { return "(end of file)" }
            let text = String(decoding: lines[k].prefix(200), as: UTF8.self)
            return text.hasSuffix("\r") ? String(text.dropLast()) : text
        }
        return (k + 1, show(b, k), show(a, k))
    }
}
