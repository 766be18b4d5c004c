import Books
import Configuration
import Foundation
import Parallel
import GitStore
import Import
import Receivables

/// `relance import FILE…`: bank statements turned into payment records matched to invoices; prints the proposals,
/// writes them with `--write`, commits them with `--commit`.
public enum ImportCommand {
    /// How the proposals are printed (`--format-output`).
    public enum OutputFormat: String, Sendable, CaseIterable {
        case table, json
    }

    /// The command line's choices.
    public struct Options: Sendable {
        public var books: BooksOptions
        public var files: [String]
        /// nil = from the file's name and content.
        public var format: StatementFormat?
        /// The `[import.csv.NAME]` profile; nil = the only one.
        public var profile: String?
        public var write: Bool
        /// Commits what was written (implies `write`).
        public var commit: Bool
        /// Writes credits that look like payments typed by hand (rule 5) too.
        public var force: Bool
        public var output: OutputFormat

        public init(books: BooksOptions, files: [String], format: StatementFormat? = nil, profile: String? = nil,
                    write: Bool = false, commit: Bool = false, force: Bool = false, output: OutputFormat = .table) {
            self.books = books
            self.files = files
            self.format = format
            self.profile = profile
            self.write = write
            self.commit = commit
            self.force = force
            self.output = output
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        guard !options.files.isEmpty else {
            throw CommandFailure(.usage, "name the statement to import, e.g. relance import releve.csv")
        }
        var repository: BooksRepository?
        let loaded: LoadedBooks
        if options.commit {
            let opened = try context.openForWriting(options.books)
            repository = opened.0
            loaded = opened.1
        } else {
            loaded = try context.loadBooks(options.books)
        }
        defer { repository?.release() }

        var transactions: [BankTransaction] = []
        for file in options.files {
            transactions += try read(file, options: options, config: loaded.config, context: context)
        }
        let outstanding = Allocation.computeAll(loaded.books, parallel: loaded.parallel)
        context.keepUntilExit(outstanding)
        let allocationErrors = outstanding.diagnostics.filter { $0.severity == .error }
        if !allocationErrors.isEmpty {
            for d in allocationErrors { context.err.write(DiagnosticRenderer.text(d, colors: context.err)) }
            throw CommandFailure(.badData, "\(allocationErrors.count) error\(allocationErrors.count == 1 ? "" : "s") in the books; nothing was done. Run `relance check` for the full list.")
        }
        let result = PaymentMatcher.propose(transactions, books: loaded.books, outstanding: outstanding, force: options.force)
        let writing = options.write || options.commit
        let files = writing ? PaymentRecords.files(result.proposals, existing: { existing($0, loaded) }) : []
        // The table first (the proposals are worth reading even if the write fails); the JSON once the outcome is known.
        if options.output == .table { table(result, context) }
        let accepted = result.accepted
        guard writing, !files.isEmpty else {
            if options.output == .json {
                context.out.write(json(result, written: false))
            } else if !writing {
                context.out.line(accepted.isEmpty ? "Nothing to write." : "Nothing written: run again with --write (and --commit) to record \(count(accepted.count, "payment")).")
            } else {
                context.out.line("Nothing to write: no new payment in \(options.files.joined(separator: ", ")).")
            }
            return .ok
        }
        try verify(files, loaded)
        let names = options.files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        if let repository {
            let message = commitMessage(accepted, from: names)
            let id = try commit(files, message: message, repository: repository, loaded: loaded, context: context)
            if options.output == .table {
                context.out.line("Committed \(id.prefix(12)): relance: \(count(accepted.count, "payment")) imported from \(names) (\(files.map(\.path).joined(separator: ", ")))")
            }
        } else {
            try writeAll(files, root: loaded.root)
            if options.output == .table {
                context.out.line("Wrote \(count(accepted.count, "payment")) to \(files.map(\.path).joined(separator: ", ")); `git diff` shows them, --commit commits them.")
            }
        }
        if options.output == .json { context.out.write(json(result, written: true)) }
        return .ok
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    // MARK: - Reading

    /// The transactions of one statement, or a located error (exit 65).
    static func read(_ file: String, options: Options, config: RelanceConfig, context: CommandContext) throws -> [BankTransaction] {
        let path = file.hasPrefix("/") ? file : context.currentDirectory + "/" + file
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw CommandFailure(.ioError, "cannot read \(file): no such file")
        }
        let bytes = try BooksLocation.read(path)
        let format = options.format ?? StatementFormat.guess(path: file, bytes: bytes)
        do {
            switch format {
            case .csv: return try CSVStatement.parse(bytes, file: file, profile: try profile(options.profile, config), currency: config.company.currency)
            case .ofx: return try OFXStatement.parse(bytes, file: file, currency: config.company.currency)
            case .camt053: return try CAMT053.parse(bytes, file: file)
            }
        } catch let error as StatementError {
            context.err.write(DiagnosticRenderer.text(error.diagnostic, colors: context.err))
            throw CommandFailure(.badData, "\(file) could not be read as \(format == .camt053 ? "CAMT.053" : format.rawValue.uppercased()); nothing was written")
        }
    }

    /// The profile `--profile` names, else the only one of relance.toml.
    static func profile(_ name: String?, _ config: RelanceConfig) throws -> CSVImportProfile {
        let names = config.csvImports.keys.sorted()
        if let name {
            guard let p = config.csvImports[name] else {
                throw CommandFailure(.usage, "--profile \(name): relance.toml has no [import.csv.\(name)]"
                                     + (names.isEmpty ? "" : " (profiles: \(names.joined(separator: ", ")))") + Suggestion.hint(for: name, among: names))
            }
            return p
        }
        guard !names.isEmpty else {
            throw CommandFailure(.usage, "relance.toml has no CSV profile: add an [import.csv.NAME] section saying how your bank writes its CSV (see docs/import.md)")
        }
        guard names.count == 1 else {
            throw CommandFailure(.usage, "relance.toml has several CSV profiles (\(names.joined(separator: ", "))): name one with --profile")
        }
        return config.csvImports[names[0]]!
    }

    // MARK: - Writing

    static func existing(_ path: String, _ loaded: LoadedBooks) -> [UInt8]? {
        if let source = loaded.books.sources.first(where: { $0.path == path }) { return source.bytes }
        return FileStore.read(loaded.root + "/" + path)
    }

    /// The books with the new files must pass `check`: else nothing is written.
    static func verify(_ files: [(path: String, bytes: [UInt8])], _ loaded: LoadedBooks) throws {
        var sources = loaded.books.sources
        for f in files {
            if let k = sources.firstIndex(where: { $0.path == f.path }) { sources[k] = SourceFile(path: f.path, bytes: f.bytes) } else {
                sources.append(SourceFile(path: f.path, bytes: f.bytes))
            }
        }
        let parallel = BooksLocation.parts(for: sources)
        let after = Books.load(sources, defaultTerms: loaded.config.company.terms, parallel: parallel)
        var errors = after.diagnostics.filter { $0.severity == .error }
        if errors.isEmpty { errors = Allocation.computeAll(after, parallel: parallel).diagnostics.filter { $0.severity == .error } }
        guard errors.isEmpty else {
            throw CommandFailure(.badData, "the imported payments would not pass `relance check` (\(errors[0].location): \(errors[0].message)); nothing was written")
        }
    }

    /// Writes each file through a temporary file and a rename; when one fails, those already written are put back.
    static func writeAll(_ files: [(path: String, bytes: [UInt8])], root: String) throws {
        var done: [(String, [UInt8]?)] = []
        do {
            for f in files {
                let full = root + "/" + f.path
                let before = FileStore.read(full)
                try FileStore.writeAtomically(f.bytes, to: full)
                done.append((full, before))
            }
        } catch {
            for (full, before) in done.reversed() {
                if let before { try? FileStore.writeAtomically(before, to: full) } else { unlink(full) }
            }
            throw error
        }
    }

    static func commitMessage(_ accepted: [Proposal], from names: String) -> String {
        var s = "relance: \(count(accepted.count, "payment")) imported from \(names)\n\n"
        for p in accepted {
            let t = p.transaction
            let applied = p.applications.map { "\($0.invoice) \(Money(minor: $0.amount, currency: t.currency).plain)" }.joined(separator: ", ")
            s += "\(t.date) \(p.customer ?? "?") \(t.money.plain) \(t.currency.code)" + (applied.isEmpty ? " (review)" : ": \(applied)") + "\n"
        }
        s += "\n"
        for p in accepted { s += "Payment: \(p.ref)\n" }
        return s
    }

    /// Writes the files and commits exactly them, under the run journal, so that a crash is rolled back by the next run.
    static func commit(_ files: [(path: String, bytes: [UInt8])], message: String, repository: BooksRepository,
                       loaded: LoadedBooks, context: CommandContext) throws -> String {
        let result = try repository.commit(files, message: message, config: loaded.config, context: context, points: .importing, what: "the import")
        return result.commitID ?? "(no change)"
    }

    // MARK: - Output

    static func table(_ result: ImportProposals, _ context: CommandContext) {
        var t = TextTable(headers: ["Line", "Date", "Amount", "Cur", "Payer", "Label", "Rule", "Match", "Why"],
                          alignments: [.left, .left, .right, .left, .left, .left, .left, .left, .left])
        for p in result.proposals {
            let x = p.transaction
            var label = x.label
            if label.count > 40 { label = String(label.prefix(39)) + "…" }
            var payer = p.payer
            if payer.count > 24 { payer = String(payer.prefix(23)) + "…" }
            let applied = p.applications.map { "\($0.invoice) \(Money(minor: $0.amount, currency: x.currency).plain)" }.joined(separator: ", ")
            let match = p.customer.map { $0 + (applied.isEmpty ? "" : ": " + applied) } ?? "-"
            let color: ANSIColor? = p.rule == .unmatched ? .red : (p.review || p.rule == .probablyRecorded ? .yellow : (p.rule == .alreadyImported ? .dim : nil))
            t.add(["\((x.file as NSString).lastPathComponent):\(x.line)", "\(x.date)", x.money.plain, x.currency.code, payer, label,
                   "\(p.rule.rawValue) \(p.rule.name)", match, p.why], color: color)
        }
        if result.proposals.isEmpty {
            context.out.line("No credit in the statement\(result.debits > 0 ? " (\(count(result.debits, "debit")) ignored)" : "").")
            return
        }
        t.render(to: context.out)
        let by = Dictionary(grouping: result.proposals, by: \.rule).mapValues(\.count)
        let accepted = result.accepted
        var parts = ["\(accepted.count) to write" + (accepted.contains(where: \.review) ? " (\(accepted.filter(\.review).count) to review)" : "")]
        if let n = by[.alreadyImported] { parts.append("\(n) already imported") }
        if let n = by[.probablyRecorded] { parts.append("\(n) probably already recorded") }
        if let n = by[.unmatched] { parts.append("\(n) unmatched") }
        context.out.line("\(count(result.proposals.count, "credit")): " + parts.joined(separator: ", ")
                         + (result.debits > 0 ? "; \(count(result.debits, "debit")) ignored" : "") + ".")
    }

    static func json(_ result: ImportProposals, written: Bool) -> String {
        var w = JSONWriter()
        w.raw("{\"proposals\":[")
        for (k, p) in result.proposals.enumerated() {
            let x = p.transaction
            w.raw(k == 0 ? "\n{" : ",\n{")
            w.key("file", first: true); w.string(x.file)
            w.key("line"); w.int(x.line)
            w.key("date"); w.day(x.date)
            w.key("amount"); w.amount(x.money)
            w.key("currency"); w.string(x.currency.code)
            w.key("payer"); w.string(p.payer)
            w.key("label"); w.string(x.label)
            w.key("ref"); w.string(p.ref)
            w.key("rule"); w.int(p.rule.rawValue)
            w.key("match"); w.string(p.rule.name)
            w.key("customer"); if let c = p.customer { w.string(c) } else { w.raw("null") }
            w.key("apply"); w.raw("[")
            for (n, a) in p.applications.enumerated() {
                w.raw(n == 0 ? "{" : ",{")
                w.key("invoice", first: true); w.string(a.invoice)
                w.key("amount"); w.amount(a.amount, x.currency)
                w.raw("}")
            }
            w.raw("]")
            w.key("unapplied"); w.amount(p.unapplied, x.currency)
            w.key("review"); w.raw(p.review ? "true" : "false")
            w.key("write"); w.raw(p.accepted ? "true" : "false")
            w.key("why"); w.string(p.why)
            w.raw("}")
        }
        w.raw(result.proposals.isEmpty ? "]" : "\n]")
        w.key("debits"); w.int(result.debits)
        w.key("written"); w.raw(written ? "true" : "false")
        w.raw("}\n")
        return w.string
    }
}
