import Books

/// Reads `relance.toml`: TOML syntax by `TOMLTable` (TOML.swift), then every value checked with a located diagnostic.
public struct ConfigParser {
    let file: SourceFile
    var diagnostics: [Diagnostic] = []
    /// The whole file once read.
    var root: TOMLTable?
    /// The tables handed to the sections' readers, by "index#name", to locate their diagnostics.
    var seen: [String: TOMLTable] = [:]

    /// Parses the text of `relance.toml` (`path` is how diagnostics name it).
    public static func parse(_ text: String, path: String = "relance.toml") -> (RelanceConfig?, [Diagnostic]) {
        var parser = ConfigParser(file: SourceFile(path: path, text: text))
        let config = parser.run(text)
        return (parser.diagnostics.contains { $0.severity == .error } ? nil : config, parser.diagnostics)
    }

    init(file: SourceFile) {
        self.file = file
    }

    static let topKeys = ["company", "dunning", "departments", "git", "smtp", "sendmail", "import", "export", "hooks"]
    static let companyKeys = ["name", "address", "city", "email", "phone", "siret", "vat", "iban", "bic", "language",
                              "timezone", "currency", "terms", "legal", "signature", "mail_domain"]
    static let dunningKeys = ["grouping", "minimum", "gap", "interest_margin", "indemnity", "id_prefix", "level", "rate", "cc", "send_within"]
    static let levelKeys = ["name", "offset", "channel", "template", "attach_invoices", "attach_letter", "fee", "interest", "deadline", "formal"]
    static let rateKeys = ["from", "rate"]
    static let departmentKeys = ["name", "address", "email", "phone", "signature", "templates"]
    static let gitKeys = ["author_name", "author_email", "sign", "signing_key"]
    static let hookKeys = ["block_on_overdue"]
    static let smtpKeys = ["host", "port", "security", "username", "password_env", "password_command", "ca_file", "timeout", "bcc_self"]
    static let sendmailKeys = ["command", "bcc_self"]
    static let csvImportKeys = ["delimiter", "encoding", "skip", "date", "date_format", "label", "credit", "debit", "amount",
                                "decimal", "currency", "id"]
    static let exportKeys = ["account", "income", "bank", "credit_notes", "writeoffs"]

    // MARK: - Locating keys for diagnostics

    /// The table named `table` (its `index`-th one for arrays of tables), as the accessors met it, else found by its dotted name.
    func findTable(_ table: String, index: Int) -> TOMLTable? {
        if table.isEmpty { return root }
        if let t = seen["\(index)#\(table)"] { return t }
        guard var t = root else { return nil }
        let parts = table.split(separator: ".", omittingEmptySubsequences: false)
        for (k, part) in parts.enumerated() {
            guard let v = t[String(part)] else { return nil }
            if let next = v.table {
                t = next
            } else if let list = v.array {
                let j = k == parts.count - 1 ? index : list.count - 1
                guard j >= 0, j < list.count, let next = list[j].table else { return nil }
                t = next
            } else {
                return nil
            }
        }
        return t
    }

    /// A place in the file: the value of `key` inside table `table` (its `index`-th occurrence for arrays of tables),
    /// or the table's header when `key` is nil or absent. Every value keeps its place: nothing is read again.
    func locate(_ table: String, index: Int = 0, key: String?) -> TOMLPlace {
        guard let t = findTable(table, index: index) else { return TOMLPlace(line: 1, column: 1, length: 1) }
        if let key, let p = t.valuePlace(key) { return p }
        return t.place
    }

    mutating func report(_ severity: Diagnostic.Severity, _ table: String, index: Int = 0, key: String?, _ message: String, fix: String?) {
        diagnostics.append(diagnostic(severity, at: locate(table, index: index, key: key), message, fix: fix))
    }

    func diagnostic(_ severity: Diagnostic.Severity, at p: TOMLPlace, _ message: String, fix: String?) -> Diagnostic {
        Diagnostic.at(Span(file: 0, line: Int32(clamping: p.line), column: Int32(clamping: p.column), length: Int32(clamping: p.length)),
                      in: file, severity, message, fix: fix)
    }

    // MARK: - Typed access

    struct Table {
        let name: String
        let index: Int
        let toml: TOMLTable
    }

    mutating func unknownKeys(_ t: Table, allowed: [String]) {
        for key in t.toml.keys.sorted() where !allowed.contains(key) {
            report(.error, t.name, index: t.index, key: key, "unknown key \"\(key)\" in [\(t.name)]",
                   fix: "the keys of [\(t.name)] are: \(allowed.joined(separator: ", "))" + Suggestion.hint(for: key, among: allowed))
        }
    }

    mutating func string(_ t: Table, _ key: String, required: Bool = false) -> String? {
        guard let v = t.toml[key] else {
            if required { report(.error, t.name, index: t.index, key: nil, "[\(t.name)] needs \"\(key)\"", fix: "add a line: \(key) = \"…\"") }
            return nil
        }
        guard let s = v.string else {
            report(.error, t.name, index: t.index, key: key, "\(key) must be text", fix: "write it in double quotes: \(key) = \"…\"")
            return nil
        }
        return s
    }

    mutating func strings(_ t: Table, _ key: String) -> [String] {
        guard let v = t.toml[key] else { return [] }
        if let s = v.string { return [s] }
        if let a = v.array {
            var out: [String] = []
            for e in a {
                guard let s = e.string else {
                    report(.error, t.name, index: t.index, key: key, "\(key) must be a list of texts", fix: "write it as \(key) = [\"line 1\", \"line 2\"]")
                    return []
                }
                out.append(s)
            }
            return out
        }
        report(.error, t.name, index: t.index, key: key, "\(key) must be a list of texts", fix: "write it as \(key) = [\"line 1\", \"line 2\"]")
        return []
    }

    mutating func int(_ t: Table, _ key: String, range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let v = t.toml[key] else {
            if required { report(.error, t.name, index: t.index, key: nil, "[\(t.name)] needs \"\(key)\"", fix: "add a line: \(key) = 0") }
            return nil
        }
        guard let i = v.int, range.contains(i) else {
            report(.error, t.name, index: t.index, key: key, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                   fix: "write e.g. \(key) = \(max(range.lowerBound, min(range.upperBound, 7)))")
            return nil
        }
        return i
    }

    mutating func bool(_ t: Table, _ key: String) -> Bool? {
        guard let v = t.toml[key] else { return nil }
        guard let b = v.bool else {
            report(.error, t.name, index: t.index, key: key, "\(key) must be true or false", fix: "write \(key) = true or \(key) = false")
            return nil
        }
        return b
    }

    /// An exact decimal given as a string ("3.15") or a TOML number, with at most `decimals` digits after the point.
    mutating func decimal(_ t: Table, _ key: String, decimals: Int) -> Int64? {
        guard let v = t.toml[key] else { return nil }
        var text: String?
        if let s = v.string { text = s } else if let i = v.int { text = String(i) } else if let d = v.double { text = "\(d)" }
        if let text {
            let negative = text.hasPrefix("-")
            if let value = Money.parseDecimal(Array(text.utf8)[(negative ? 1 : 0)...], minorUnits: decimals) {
                return negative ? -value : value
            }
        }
        report(.error, t.name, index: t.index, key: key, "\(key) must be a number with at most \(decimals) decimals",
               fix: "write it as text to keep it exact, e.g. \(key) = \"3.15\"")
        return nil
    }

    mutating func table(_ parent: TOMLTable, _ key: String, name: String) -> Table? {
        guard let v = parent[key] else { return nil }
        guard let t = v.table else {
            report(.error, "", key: key, "\(key) must be a table", fix: "write it as a [\(name)] section")
            return nil
        }
        seen["0#\(name)"] = t
        return Table(name: name, index: 0, toml: t)
    }

    mutating func tables(_ parent: Table, _ key: String, name: String) -> [Table] {
        guard let v = parent.toml[key] else { return [] }
        guard let a = v.array else {
            report(.error, parent.name, key: key, "\(key) must be a list of tables", fix: "write each one as a [[\(name)]] section")
            return []
        }
        var out: [Table] = []
        for (i, e) in a.enumerated() {
            guard let t = e.table else {
                report(.error, parent.name, key: key, "\(key) must be a list of tables", fix: "write each one as a [[\(name)]] section")
                return []
            }
            seen["\(i)#\(name)"] = t
            out.append(Table(name: name, index: i, toml: t))
        }
        return out
    }

    // MARK: - Sections

    mutating func run(_ text: String) -> RelanceConfig? {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLError {
            diagnostics.append(diagnostic(.error, at: error.place, "bad TOML: \(error.message)", fix: error.fix))
            return nil
        } catch {
            return nil
        }
        self.root = root
        for key in root.keys.sorted() where !ConfigParser.topKeys.contains(key) {
            report(.error, "", key: key, "unknown section \"\(key)\"",
                   fix: "relance.toml has the sections: \(ConfigParser.topKeys.joined(separator: ", "))" + Suggestion.hint(for: key, among: ConfigParser.topKeys))
        }
        guard let companyTable = table(root, "company", name: "company") else {
            diagnostics.append(Diagnostic(.error, SourceLocation(file: file.path, line: 1, column: 1), "relance.toml has no [company] section",
                                          fix: "add a [company] section with at least name = \"…\"", sourceLine: file.lineText(1)))
            return nil
        }
        let company = parseCompany(companyTable)
        var policy = DunningPolicy.french
        if let d = table(root, "dunning", name: "dunning") { policy = parseDunning(d, currency: company?.currency ?? .EUR) }
        var departments: [String: Department] = [:]
        if let deps = table(root, "departments", name: "departments") {
            for id in deps.toml.keys.sorted() {
                guard let t = deps.toml[id]?.table else {
                    report(.error, "departments", key: id, "departments.\(id) must be a table", fix: "write it as a [departments.\(id)] section")
                    continue
                }
                seen["0#departments.\(id)"] = t
                departments[id] = parseDepartment(Table(name: "departments.\(id)", index: 0, toml: t), id: id)
            }
        }
        var git: GitIdentity?
        var signing = CommitSigning()
        if let g = table(root, "git", name: "git") {
            unknownKeys(g, allowed: ConfigParser.gitKeys)
            // The author is optional when [git] only asks for signed commits; given, it needs both keys.
            let authorGiven = g.toml["author_name"] != nil || g.toml["author_email"] != nil || g.toml["sign"] == nil
            if authorGiven, let n = string(g, "author_name", required: true), let e = string(g, "author_email", required: true) {
                git = GitIdentity(name: n, email: e)
            }
            signing.sign = bool(g, "sign") ?? false
            signing.key = string(g, "signing_key")
        }
        var smtp: SMTPSettings?
        let smtpTable = table(root, "smtp", name: "smtp")
        if let s = smtpTable {
            unknownKeys(s, allowed: ConfigParser.smtpKeys)
            let security = string(s, "security") ?? "starttls"
            if !["starttls", "tls", "none"].contains(security) {
                report(.error, "smtp", key: "security", "unknown security \"\(security)\"", fix: "write starttls, tls or none")
            }
            if let host = string(s, "host", required: true) {
                smtp = SMTPSettings(host: host, port: int(s, "port", range: 1...65535) ?? (security == "tls" ? 465 : 587), security: security,
                                    username: string(s, "username"), passwordEnv: string(s, "password_env"), passwordCommand: string(s, "password_command"))
            }
            smtp?.caFile = string(s, "ca_file")
            if let t = int(s, "timeout", range: 1...3600) { smtp?.timeout = t }
            if let b = bool(s, "bcc_self") { smtp?.bccSelf = b }
            if smtp?.passwordEnv != nil && smtp?.passwordCommand != nil {
                report(.error, "smtp", key: "password_command", "give either password_env or password_command, not both",
                       fix: "keep the one that says where the password is, remove the other")
            }
            if s.toml["password"] != nil {
                report(.error, "smtp", key: "password", "relance.toml must not hold a password",
                       fix: "remove it; name an environment variable with password_env, or a command with password_command")
            }
        }
        var sendmail: SendmailSettings?
        if let m = table(root, "sendmail", name: "sendmail") {
            unknownKeys(m, allowed: ConfigParser.sendmailKeys)
            if let command = string(m, "command", required: true) {
                if command.trimmingCharacters(in: " \t").isEmpty {
                    report(.error, "sendmail", key: "command", "the sendmail command is empty", fix: "write e.g. command = \"/usr/sbin/sendmail -t -i\"")
                } else {
                    sendmail = SendmailSettings(command: command, bccSelf: bool(m, "bcc_self") ?? false)
                }
            }
            if smtpTable != nil {
                report(.error, "sendmail", key: nil, "relance.toml has both [smtp] and [sendmail]: relance would not know which one sends",
                       fix: "keep one of the two sections and remove the other")
            }
        }
        var hooks = HookSettings()
        if let h = table(root, "hooks", name: "hooks") {
            unknownKeys(h, allowed: ConfigParser.hookKeys)
            if let block = bool(h, "block_on_overdue") { hooks.blockOnOverdue = block }
        }
        guard let company else { return nil }
        var config = RelanceConfig(company: company, dunning: policy, departments: departments, git: git, smtp: smtp, sendmail: sendmail)
        if let i = table(root, "import", name: "import") { config.csvImports = parseImport(i) }
        if let e = table(root, "export", name: "export") { config.export = parseExport(e) }
        config.hooks = hooks
        config.signing = signing
        return config
    }

    /// `[import.csv.NAME]` sections: one CSV profile each.
    mutating func parseImport(_ t: Table) -> [String: CSVImportProfile] {
        unknownKeys(t, allowed: ["csv"])
        guard let csv = table(t.toml, "csv", name: "import.csv") else { return [:] }
        var profiles: [String: CSVImportProfile] = [:]
        for name in csv.toml.keys.sorted() {
            guard let p = csv.toml[name]?.table else {
                report(.error, "import.csv", key: name, "import.csv.\(name) must be a table", fix: "write it as an [import.csv.\(name)] section")
                continue
            }
            if let profile = parseCSVProfile(Table(name: "import.csv.\(name)", index: 0, toml: p), name: name) { profiles[name] = profile }
        }
        return profiles
    }

    mutating func parseCSVProfile(_ t: Table, name: String) -> CSVImportProfile? {
        unknownKeys(t, allowed: ConfigParser.csvImportKeys)
        let date = string(t, "date", required: true)
        let label = strings(t, "label")
        if t.toml["label"] == nil {
            report(.error, t.name, key: nil, "[\(t.name)] needs \"label\"", fix: "add a line: label = [\"Libellé\"] (one or more columns, joined by a space)")
        }
        var profile = CSVImportProfile(name: name, date: date ?? "", label: label)
        if let d = string(t, "delimiter") {
            let c = d == "\\t" ? "\t" : d
            if c.count == 1, let ch = c.first, ch != "\"", !ch.isNewline { profile.delimiter = ch } else {
                report(.error, t.name, key: "delimiter", "the delimiter must be one character, found \"\(d)\"", fix: "write delimiter = \";\" (or \",\", \"\\t\")")
            }
        }
        if let e = string(t, "encoding") {
            if let v = TextEncoding(rawValue: e.lowercased()) { profile.encoding = v } else {
                let names = TextEncoding.allCases.map(\.rawValue)
                report(.error, t.name, key: "encoding", "unknown encoding \"\(e)\"",
                       fix: "write one of: \(names.joined(separator: ", "))" + Suggestion.hint(for: e.lowercased(), among: names))
            }
        }
        if let n = int(t, "skip", range: 0...1000) { profile.skip = n }
        if let f = string(t, "date_format") {
            var directives: [Character] = []
            var percent = false
            for c in f {
                if percent { directives.append(c); percent = false } else if c == "%" { percent = true }
            }
            let known = directives.allSatisfy { CSVImportProfile.dateDirectives.contains($0) } && !percent
            let complete = directives.contains("d") && directives.contains("m") && (directives.contains("Y") || directives.contains("y"))
            if known && complete { profile.dateFormat = f } else {
                report(.error, t.name, key: "date_format", "date_format \"\(f)\" is not a day, month and year",
                       fix: "use %d (day), %m (month), %Y (4-digit year) or %y and the characters between them, e.g. \"%d/%m/%Y\"")
            }
        }
        profile.credit = string(t, "credit")
        profile.debit = string(t, "debit")
        profile.amount = string(t, "amount")
        if profile.amount != nil && (profile.credit != nil || profile.debit != nil) {
            report(.error, t.name, key: "amount", "a profile has either amount or credit and debit, not both",
                   fix: "keep amount = \"…\" for a signed column, or credit = \"…\" and debit = \"…\" for two columns")
        } else if profile.amount == nil && profile.credit == nil {
            report(.error, t.name, key: nil, "[\(t.name)] says no column for the amounts",
                   fix: "add credit = \"Crédit\" (and debit = \"Débit\"), or amount = \"Montant\" for one signed column")
        }
        if let d = string(t, "decimal") {
            if d == "," || d == "." { profile.decimal = Character(d) } else {
                report(.error, t.name, key: "decimal", "the decimal separator must be \",\" or \".\", found \"\(d)\"", fix: "write decimal = \",\"")
            }
        }
        if let code = string(t, "currency") {
            if let cur = Currency(code: code) { profile.currency = cur } else {
                report(.error, t.name, key: "currency", "unknown currency \"\(code)\"",
                       fix: "write an ISO 4217 code such as \"EUR\"" + Suggestion.hint(for: code.uppercased(), among: Currency.allCodes))
            }
        }
        profile.id = string(t, "id")
        return date == nil ? nil : profile
    }

    /// `[export]`: account names, each `Top:Sub:…` (non-empty parts, no spaces, tabs or `;`).
    mutating func parseExport(_ t: Table) -> ExportSettings {
        unknownKeys(t, allowed: ConfigParser.exportKeys)
        var settings = ExportSettings()
        let fields: [(String, WritableKeyPath<ExportSettings, String>)] = [
            ("account", \.account), ("income", \.income), ("bank", \.bank), ("credit_notes", \.creditNotes), ("writeoffs", \.writeOffs)]
        for (key, path) in fields {
            guard let value = string(t, key) else { continue }
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            if parts.contains(where: \.isEmpty) || value.contains(where: { $0 == " " || $0 == "\t" || $0 == ";" || $0 == "\"" }) {
                report(.error, "export", key: key, "\"\(value)\" is not an account name",
                       fix: "write parts separated by colons, without spaces, e.g. Assets:Receivable")
                continue
            }
            settings[keyPath: path] = value
        }
        return settings
    }

    mutating func parseCompany(_ t: Table) -> Company? {
        unknownKeys(t, allowed: ConfigParser.companyKeys)
        guard let name = string(t, "name", required: true) else { return nil }
        var c = Company(name: name)
        c.address = strings(t, "address")
        c.city = string(t, "city")
        c.email = string(t, "email")
        c.phone = string(t, "phone")
        c.siret = string(t, "siret")
        c.vat = string(t, "vat")
        c.iban = string(t, "iban")
        c.bic = string(t, "bic")
        c.legal = strings(t, "legal")
        c.signature = strings(t, "signature")
        c.mailDomain = string(t, "mail_domain")
        if let l = string(t, "language") {
            if l == "fr" || l == "en" { c.language = l } else {
                report(.error, "company", key: "language", "unknown language \"\(l)\"", fix: "write language = \"fr\" or \"en\"")
            }
        }
        if let tz = string(t, "timezone") {
            if TimeZoneName.isValid(tz) { c.timeZone = tz } else {
                report(.error, "company", key: "timezone", "unknown time zone \"\(tz)\"", fix: "write an IANA name such as \"Europe/Paris\"")
            }
        }
        if let code = string(t, "currency") {
            if let cur = Currency(code: code) { c.currency = cur } else {
                report(.error, "company", key: "currency", "unknown currency \"\(code)\"",
                       fix: "write an ISO 4217 code such as \"EUR\"" + Suggestion.hint(for: code.uppercased(), among: Currency.allCodes))
            }
        }
        if let terms = int(t, "terms", range: 0...3650) { c.terms = terms }
        return c
    }

    mutating func parseDunning(_ t: Table, currency: Currency) -> DunningPolicy {
        unknownKeys(t, allowed: ConfigParser.dunningKeys)
        var p = DunningPolicy.french
        let levelTables = tables(t, "level", name: "dunning.level")
        if !levelTables.isEmpty {
            var levels: [DunningLevel] = []
            for lt in levelTables {
                unknownKeys(lt, allowed: ConfigParser.levelKeys)
                let name = string(lt, "name", required: true) ?? "?"
                let offset = int(lt, "offset", range: -365...3650, required: true) ?? 0
                var channel = Channel.email
                if let c = string(lt, "channel") {
                    if let ch = Channel(rawValue: c), ch != .phone { channel = ch } else {
                        report(.error, lt.name, index: lt.index, key: "channel", "unknown channel \"\(c)\"", fix: "write email, letter or both")
                    }
                }
                let template = string(lt, "template") ?? (levels.isEmpty ? "first" : "second")
                levels.append(DunningLevel(number: levels.count + 1, name: name, offset: offset, channel: channel, template: template,
                                           attachInvoices: bool(lt, "attach_invoices") ?? false, attachLetter: bool(lt, "attach_letter") ?? false,
                                           showFee: bool(lt, "fee") ?? false, showInterest: bool(lt, "interest") ?? false,
                                           deadlineDays: int(lt, "deadline", range: 1...365),
                                           formal: bool(lt, "formal") ?? (template == "formal-notice")))
            }
            for k in levels.indices.dropFirst() where levels[k].offset <= levels[k - 1].offset {
                report(.error, levelTables[k].name, index: k, key: "offset",
                       "level \(k + 1) (offset \(levels[k].offset)) does not come after level \(k) (offset \(levels[k - 1].offset))",
                       fix: "list the levels in order of their offsets, each later than the one before")
            }
            for k in levels.indices where levels[k].formal && levels[k].isCourtesy {
                report(.error, levelTables[k].name, index: k, key: "formal",
                       "level \(k + 1) is a courtesy reminder (offset \(levels[k].offset), before the due date) and cannot be a formal notice",
                       fix: "a formal notice demands invoices that are due: give it an offset of 0 or more, or write formal = false")
            }
            p.levels = levels
        }
        if let g = string(t, "grouping") {
            if let v = DunningPolicy.Grouping(rawValue: g) { p.grouping = v } else {
                report(.error, "dunning", key: "grouping", "unknown grouping \"\(g)\"", fix: "write grouping = \"customer\" (one reminder listing all late invoices) or \"invoice\"")
            }
        }
        if let m = decimal(t, "minimum", decimals: 3) {
            if m < 0 { report(.error, "dunning", key: "minimum", "the minimum amount cannot be negative", fix: "write minimum = \"0\" to remind any amount") }
            p.minimumAmount = Money.decimalText(m, decimals: 3)
        }
        if let gap = int(t, "gap", range: 0...365) { p.minimumGapDays = gap }
        if let days = int(t, "send_within", range: 0...3650) { p.sendWithinDays = days }
        // Bounded so that the interest and the documents' totals cannot overflow.
        if let m = decimal(t, "interest_margin", decimals: 2) {
            if (0...10_000).contains(m) { p.interestMarginBasisPoints = Int(m) } else {
                report(.error, "dunning", key: "interest_margin", "interest_margin must be from 0 to 100 (points of percentage)", fix: "write e.g. interest_margin = \"10\"")
            }
        }
        if let f = decimal(t, "indemnity", decimals: Currency.EUR.minorUnits) {
            if (0...100_000_000).contains(f) { p.indemnity = Money(minor: f, currency: .EUR) } else {
                report(.error, "dunning", key: "indemnity", "indemnity must be from 0 to 1000000", fix: "write e.g. indemnity = \"40.00\"")
            }
        }
        if let prefix = string(t, "id_prefix") {
            if prefix.isEmpty || !prefix.allSatisfy({ $0.isLetter && $0.isASCII }) {
                report(.error, "dunning", key: "id_prefix", "id_prefix must be ASCII letters", fix: "write id_prefix = \"R\"")
            } else { p.idPrefix = prefix }
        }
        p.cc = strings(t, "cc")
        for a in p.cc where !(a.split(separator: "@").count == 2 && !a.contains(" ") && !a.hasPrefix("@") && !a.hasSuffix("@")) {
            report(.error, "dunning", key: "cc", "\"\(a)\" is not an e-mail address", fix: "write cc = [\"compta@example.com\"]")
        }
        let rateTables = tables(t, "rate", name: "dunning.rate")
        if !rateTables.isEmpty {
            var rates: [ReferenceRate] = []
            for rt in rateTables {
                unknownKeys(rt, allowed: ConfigParser.rateKeys)
                var from: Day?
                if let v = rt.toml["from"] {
                    if let s = v.string { from = Day(s) } else if let d = v.date { from = Day(year: d.year, month: d.month, day: d.day) }
                    if from == nil { report(.error, rt.name, index: rt.index, key: "from", "from must be a date", fix: "write from = 2026-01-01") }
                    if let f = from, !Day.supported.contains(f) {
                        report(.error, rt.name, index: rt.index, key: "from", "from is outside the dates relance handles (\(Day.supportedText))", fix: "check the year")
                        from = nil
                    }
                } else {
                    report(.error, rt.name, index: rt.index, key: nil, "a rate needs \"from\"", fix: "add from = 2026-01-01")
                }
                var bp = decimal(rt, "rate", decimals: 2)
                if let b = bp, !(-10_000...10_000).contains(b) {
                    report(.error, rt.name, index: rt.index, key: "rate", "a rate must be from -100 to 100 (percent)", fix: "write e.g. rate = \"2.15\"")
                    bp = nil
                }
                if rt.toml["rate"] == nil { report(.error, rt.name, index: rt.index, key: nil, "a rate needs \"rate\"", fix: "add rate = \"2.15\" (percent)") }
                if let from, let bp { rates.append(ReferenceRate(from: from, basisPoints: Int(bp))) }
            }
            p.rates = rates.sorted { $0.from < $1.from }
        }
        return p
    }

    mutating func parseDepartment(_ t: Table, id: String) -> Department {
        unknownKeys(t, allowed: ConfigParser.departmentKeys)
        return Department(id: id, name: string(t, "name"), address: strings(t, "address"), email: string(t, "email"),
                          phone: string(t, "phone"), signature: strings(t, "signature"), templates: string(t, "templates"))
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}

extension Money {
    /// A decimal text of `value` with `decimals` digits after the point.
    public static func decimalText(_ value: Int64, decimals: Int) -> String {
        decimalText(value, minorUnits: decimals)
    }
}
