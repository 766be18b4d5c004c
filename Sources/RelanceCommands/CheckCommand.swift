import Books
import Configuration
import Documents
import Foundation
import Receivables

/// `relance check`: every problem in the books and relance.toml, located and explained. Writes nothing.
public enum CheckCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var strict: Bool
        public var json: Bool
        /// Check the books as staged in git's index (the pre-commit hook), not the working tree.
        public var staged: Bool

        public init(books: BooksOptions, strict: Bool = false, json: Bool = false, staged: Bool = false) {
            self.books = books
            self.strict = strict
            self.json = json
            self.staged = staged
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        if let text = options.books.asOf, Day(text) == nil {
            throw CommandFailure(.usage, "--as-of \(text): not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
        }
        if let text = options.books.asOf, let day = Day(text) { try CommandContext.checkAsOfBounds(day, text) }
        let root = try BooksLocation.findRoot(explicit: options.books.books, context: context)
        let loaded = options.staged ? try StagedBooks.load(root: root, indexFile: context.environment["GIT_INDEX_FILE"].flatMap {
            $0.isEmpty ? nil : $0.hasPrefix("/") ? $0 : context.currentDirectory + "/" + $0 }) : try BooksLocation.load(root: root)
        var diagnostics = loaded.diagnostics
        // Allocation over every record finds applies larger than what is left; with syntax errors elsewhere too,
        // over the records that could be read.
        let all = Allocation.computeAll(loaded.books, parallel: loaded.parallel)
        diagnostics += all.diagnostics
        // What a run would trip on later: templates, and letters without an address.
        diagnostics += templateProblems(loaded)
        diagnostics += templateNestingDiagnostics(loaded)
        diagnostics += unprintableWarnings(loaded.books)
        diagnostics += lettersWithoutAddress(loaded, all)
        diagnostics += senderAddressProblems(loaded)
        diagnostics += SendCommand.deliveryDiagnostics(loaded, environment: context.environment, asOf: try? context.asOf(options.books, loaded.config))
        diagnostics += PrintCommand.printDiagnostics(loaded, asOf: try? context.asOf(options.books, loaded.config))
        var lateCount = 0
        var asOf: Day?
        if options.strict, !diagnostics.contains(where: { $0.severity == .error }) {
            let day = try context.asOf(options.books, loaded.config)
            asOf = day
            let report = StatusReport.make(loaded.books, Allocation.compute(loaded.books, asOf: day, parallel: loaded.parallel),
                                          filter: StatusFilter(lateOnly: true), parallel: loaded.parallel)
            let lines = report.lines
            lateCount = lines.filter { $0.state == .late }.count
            for line in lines where line.state == .late {
                context.err.line("late: \(line.number) \(line.customer) \(line.outstanding) due \(line.due.map { "\($0)" } ?? "") (\(line.daysLate) days)")
            }
        }
        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if options.json {
            context.out.write(DiagnosticRenderer.json(diagnostics))
        } else {
            for d in diagnostics { context.err.write(DiagnosticRenderer.text(d, colors: context.err)) }
            let b = loaded.books
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            var summary = [count(b.sources.count, "file"), count(b.customers.count, "customer"), count(b.invoices.count, "invoice"),
                           count(b.payments.count, "payment"), count(b.credits.count, "credit note"), count(b.reminders.count, "reminder")]
                .joined(separator: ", ") + ": " + count(errors, "error") + ", " + count(warnings, "warning")
            if let asOf { summary += ", " + count(lateCount, "late invoice") + " as of \(asOf)" }
            context.err.line(summary)
        }
        if errors > 0 { return .badData }
        if options.staged, !options.strict {
            // The hook's summary of overdue invoices: blocking only when [hooks] block_on_overdue = true.
            let overdue = StagedBooks.overdueSummary(loaded, asOf: try context.asOf(options.books, loaded.config), context: context)
            if overdue > 0 && loaded.config.hooks.blockOnOverdue {
                context.err.line("relance: the commit is refused while invoices are overdue ([hooks] block_on_overdue = true in relance.toml)")
                return .findings
            }
        }
        if options.strict && (warnings > 0 || lateCount > 0) { return .findings }
        return .ok
    }

    /// How a level reaches a customer (the customer's channel first; e-mail falls back to a letter without an address).
    static func channel(_ level: DunningLevel, _ customer: Customer) -> Channel {
        let wanted = customer.channel ?? level.channel
        return (wanted == .email || wanted == .both) && customer.emails.isEmpty ? .letter : wanted
    }

    /// The template parts a level needs for this channel: `email`, `letter`, or both.
    static func parts(_ channel: Channel, _ level: DunningLevel) -> [String] {
        var out: [String] = []
        if channel == .email || channel == .both { out.append("email") }
        if channel == .letter || channel == .both || level.attachLetter { out.append("letter") }
        return out
    }

    /// Every template a run may need (each level, in every language in use, for the channels in use, with the
    /// departments' folders) must exist and be valid Mustache.
    static func templateProblems(_ loaded: LoadedBooks) -> [Diagnostic] {
        let config = loaded.config, books = loaded.books
        let (templates, departmentTemplates) = BatchBuilder.templates(root: loaded.root, config: config)
        let company = Language(rawValue: config.company.language) ?? .fr
        struct Need: Hashable { var language: Language; var level: Int; var part: String; var department: String? }
        var needs = Set<Need>()
        for level in config.dunning.levels {
            for part in parts(level.channel, level) { needs.insert(Need(language: company, level: level.number, part: part, department: nil)) }
        }
        var departments = [Set<String?>](repeating: [], count: books.customers.count)
        for inv in books.invoices { departments[Int(inv.customer)].insert(inv.department) }
        for (c, customer) in books.customers.enumerated() where customer.dunning {
            let language = Language(rawValue: customer.language ?? "") ?? company
            for level in config.dunning.levels {
                for part in parts(channel(level, customer), level) {
                    for d in departments[c].isEmpty ? [nil] : departments[c] {
                        needs.insert(Need(language: language, level: level.number, part: part, department: d))
                    }
                }
            }
        }
        let sorted = needs.sorted { ($0.level, $0.language.rawValue, $0.part, $0.department ?? "") < ($1.level, $1.language.rawValue, $1.part, $1.department ?? "") }
        let configText = FileStore.read(loaded.root + "/" + BooksLocation.configName).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var out: [Diagnostic] = []
        var seen = Set<String>()
        for need in sorted {
            guard let level = config.dunning.level(need.level) else { continue }
            let folder = need.department.flatMap { config.departments[$0]?.templates }
            let problem = TemplateCheck.problem(language: need.language, name: level.template, part: need.part, books: templates,
                                                department: need.department.flatMap { departmentTemplates[$0] } ?? [:], departmentFolder: folder)
            switch problem {
            case nil: continue
            case let .missing(file)?:
                guard seen.insert("missing \(file)").inserted else { continue }
                let builtIn = BuiltInTemplates.names.contains(level.template)
                let fix = builtIn ? "create \(file) (see docs/templates.md)"
                    : "create \(file) (see docs/templates.md), or use a built-in template: \(BuiltInTemplates.names.joined(separator: ", "))"
                        + Suggestion.hint(for: level.template, among: BuiltInTemplates.names)
                out.append(levelDiagnostic(configText, level: level.number, .error,
                    "level \(level.number) (\(level.name)) uses the template \"\(level.template)\": there is no \(file)"
                        + (need.department.map { " (nor in the templates of department \($0))" } ?? ""), fix: fix))
            case let .invalid(file, line, column, message)?:
                guard seen.insert("invalid \(file)").inserted else { continue }
                let text = FileStore.read(loaded.root + "/" + file).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                out.append(Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                      "this template is not valid Mustache: \(message)",
                                      fix: "correct it (docs/templates.md shows the tags); level \(level.number) (\(level.name)) uses it",
                                      sourceLine: line <= lines.count ? String(lines[line - 1]) : nil))
            }
        }
        return out
    }

    /// A diagnostic at the `template` value of the `index`-th `[[dunning.level]]` of relance.toml (or its header).
    static func levelDiagnostic(_ text: String, level index: Int, _ severity: Diagnostic.Severity, _ message: String, fix: String) -> Diagnostic {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var count = 0, header: Int?
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                if header != nil { break }
                if line.hasPrefix("[[dunning.level]]") {
                    count += 1
                    if count == index { header = n }
                }
                continue
            }
            guard header != nil, line.hasPrefix("template"),
                  line.dropFirst("template".count).trimmingCharacters(in: .whitespaces).hasPrefix("="),
                  let eq = raw.firstIndex(of: "=") else { continue }
            let value = raw[raw.index(after: eq)...].firstIndex { $0 != " " && $0 != "\t" } ?? eq
            let column = raw.distance(from: raw.startIndex, to: value) + 1
            return Diagnostic(severity, SourceLocation(file: BooksLocation.configName, line: n + 1, column: column), message, fix: fix,
                              sourceLine: raw, length: raw.count - column + 1)
        }
        let line = (header ?? 0) + 1
        return Diagnostic(severity, SourceLocation(file: BooksLocation.configName, line: line, column: 1), message, fix: fix,
                          sourceLine: line <= lines.count ? lines[line - 1] : nil)
    }

    /// A customer with something owed, reminded by letter at some level, and no postal address: the letter would
    /// have an empty window.
    static func lettersWithoutAddress(_ loaded: LoadedBooks, _ outstanding: Outstanding) -> [Diagnostic] {
        let books = loaded.books
        var owes = [Bool](repeating: false, count: books.customers.count)
        for i in books.invoices.indices where outstanding.outstanding(books, i) > 0 { owes[Int(books.invoices[i].customer)] = true }
        var out: [Diagnostic] = []
        for (c, customer) in books.customers.enumerated() where customer.dunning && customer.address.isEmpty && owes[c] {
            guard let level = loaded.config.dunning.levels.first(where: { channel($0, customer) != .email }) else { continue }
            let how = customer.channel.map { "its channel is \($0.rawValue)" }
                ?? (customer.emails.isEmpty ? "it has no e-mail address" : "level \(level.number) (\(level.name)) is sent by \(level.channel.rawValue)")
            out.append(Diagnostic.at(customer.span, in: books.sources, .warning,
                "customer \(customer.id) has no postal address, and \(how): its letters would have none in their window",
                fix: "add its postal address (one \"address\" line each), or remind it by e-mail only (channel email)"))
        }
        return out
    }

    /// The sender addresses of relance.toml (`[company]` and each `[departments.ID]` `email`) must be addresses an
    /// e-mail can carry, or every e-mail of a run fails.
    static func senderAddressProblems(_ loaded: LoadedBooks) -> [Diagnostic] {
        let text = FileStore.read(loaded.root + "/" + BooksLocation.configName).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var tables: [(String, String?)] = [("company", loaded.config.company.email)]
        for (id, department) in loaded.config.departments.sorted(by: { $0.key < $1.key }) { tables.append(("departments.\(id)", department.email)) }
        var out: [Diagnostic] = []
        for (table, email) in tables {
            guard let email, !MailAddress.isValidAddress(email) else { continue }
            let ascii = email.unicodeScalars.allSatisfy(\.isASCII)
            out.append(keyDiagnostic(text, table: table, key: "email", .error,
                "\"\(email)\" is not an address an e-mail can be sent from",
                fix: ascii ? "write one plain address, like compta@example.fr"
                           : "write it in plain ASCII (an internationalised domain in its xn-- form)"))
        }
        return out
    }

    /// A diagnostic at the value of `key` in `[table]` of relance.toml (or at the table's header, or line 1).
    static func keyDiagnostic(_ text: String, table: String, key: String, _ severity: Diagnostic.Severity, _ message: String, fix: String) -> Diagnostic {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inside = false, header: Int?
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inside = line.hasPrefix("[\(table)]")
                if inside { header = n }
                continue
            }
            guard inside, line.hasPrefix(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("="),
                  let eq = raw.firstIndex(of: "=") else { continue }
            let value = raw[raw.index(after: eq)...].firstIndex { $0 != " " && $0 != "\t" } ?? eq
            let column = raw.distance(from: raw.startIndex, to: value) + 1
            return Diagnostic(severity, SourceLocation(file: BooksLocation.configName, line: n + 1, column: column), message, fix: fix,
                              sourceLine: raw, length: raw.count - column + 1)
        }
        let line = (header ?? 0) + 1
        return Diagnostic(severity, SourceLocation(file: BooksLocation.configName, line: line, column: 1), message, fix: fix,
                          sourceLine: line <= lines.count ? lines[line - 1] : nil)
    }
}
