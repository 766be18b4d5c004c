import Books
import Configuration
import Foundation
import Testing

/// A small book set whose reports are worked out by hand (as of 2026-11-22):
///
/// | invoice    | customer | amount    | paid   | due        | as of 2026-11-22          |
/// |------------|----------|-----------|--------|------------|---------------------------|
/// | F2026-000  | acme     | 100 EUR   | 100    | 2026-07-01 | paid                      |
/// | F2026-001  | acme     | 1200 EUR  | 200    | 2026-08-31 | 1000 left, 83 days late   |
/// | F2026-002  | acme     | 300 EUR   | 0      | 2026-10-15 | held since 11-01, 38 days |
/// | F2026-003  | bob      | 500 EUR   | 50     | 2026-11-16 | 450 left, 6 days late     |
/// | F2026-004  | bob      | 80000 JPY | 0      | 2026-12-05 | not due                   |
/// | cleo pays 75.50 EUR with nothing to pay: a credit                                 |
///
/// EUR totals: 2000 invoiced (open items), 1674.50 outstanding; DSO EUR = 1674.50 × 365 ÷ 2100 = 291.
let bookSet: [String: String] = [
    "relance.toml": """
        [company]
        name = "Atelier Dupont"
        terms = 30
        timezone = "Europe/Paris"
        """,
    "customers.books": """
        customer acme
          name "ACME SARL"
          group grands-comptes
          address "12 rue de la Paix"
          address "75002 Paris"
        customer bob
          name "Bob & Fils"
          terms 15
          address "3 quai Rambaud"
          address "69002 Lyon"
        customer cleo
          name "Cléo Martin"
          kind consumer
        """,
    "invoices/2026.books": """
        ; invoices of 2026
        2026-06-01 invoice F2026-000 acme 100 EUR
        2026-08-01 invoice F2026-001 acme 1200.00 EUR
        2026-09-15 invoice F2026-002 acme 300.00 EUR
        2026-11-01 invoice F2026-003 bob 500.00 EUR
        2026-11-20 invoice F2026-004 bob 80000 JPY
        """,
    "bank/payments.books": """
        2026-07-01 payment acme 100.00 EUR
          apply F2026-000
        2026-10-01 payment acme 200.00 EUR
          apply F2026-001 200
          ref "VIR SEPA 8841"
        2026-11-10 payment bob 50 EUR
        2026-11-05 payment cleo 75.50 EUR
          ref "VIR 9"
        2026-11-01 hold F2026-002 "livrable contesté"
        """,
    ".git/ignored.books": "this is not read: it is in a dot-folder\n",
]

@Suite("relance check, status and aging")
struct CoreCommandsTests {
    @Test func checkOfCleanBooksExitsZero() throws {
        let books = try TempBooks(bookSet)
        let r = try Relance.run(["check"], in: books.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("3 files, 3 customers, 5 invoices, 4 payments, 0 credit notes, 0 reminders: 0 errors, 0 warnings"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func checkWithErrorsExits65WithLocatedExplainedErrors() throws {
        let books = try TempBooks(bookSet)
        try books.write("invoices/2027.books", """
            2027-01-05 invoice F2027-001 acme 1200.00 EUT
            2027-01-06 invoice F2027-002 acmee 10 EUR
            """)
        let r = try Relance.run(["check"], in: books.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 65)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex(of: "invoices/2027.books:1:43: error: unknown currency \"EUT\""), "\(r.stderr)")
        #expect(lines[first + 1] == "  2027-01-05 invoice F2027-001 acme 1200.00 EUT")
        #expect(lines[first + 2] == "  " + String(repeating: " ", count: 42) + "^~~")
        #expect(lines[first + 3].hasPrefix("  fix: ") && lines[first + 3].contains("did you mean EUR?"))
        #expect(lines.contains("invoices/2027.books:2:30: error: unknown customer \"acmee\""))
        #expect(r.stderr.contains("2 errors"))
        #expect(!r.stderr.contains("\u{1B}["), "no escape codes when not on a terminal")
    }

    @Test func checkStrictFailsOnlyWhenAnInvoiceIsLate() throws {
        let books = try TempBooks(bookSet)
        let late = try Relance.run(["check", "--strict", "--as-of", "2026-11-22"], in: books.root)
        #expect(late.status == 1, "\(late.stderr)")
        #expect(late.stderr.contains("2 late invoices as of 2026-11-22"), "\(late.stderr)")  // F2026-001, F2026-003 (F2026-002 is held)
        let early = try Relance.run(["check", "--strict", "--as-of", "2026-08-15"], in: books.root)
        #expect(early.status == 0, "\(early.stderr)")
        #expect(try Relance.run(["check", "--as-of", "2026-11-22"], in: books.root).status == 0)
    }

    @Test func checkWritesNothing() throws {
        let books = try TempBooks(bookSet)
        try books.write("invoices/bad.books", "2026-02-30 invoice X acme 1 EUR\n")
        let before = try books.snapshot()
        #expect(try Relance.run(["check"], in: books.root).status == 65)
        #expect(try Relance.run(["check", "--strict", "--json"], in: books.root).status == 65)
        try FileManager.default.removeItem(at: books.url("invoices/bad.books"))
        let clean = try books.snapshot()
        #expect(try Relance.run(["check", "--strict", "--as-of", "2026-11-22"], in: books.root).status == 1)
        #expect(try books.snapshot() == clean)
        #expect(before.count == clean.count + 1)
    }

    @Test func booksRootDiscovery() throws {
        let books = try TempBooks(bookSet)
        let args = ["status", "--as-of", "2026-11-22", "--format", "csv"]
        let fromRoot = try Relance.run(args, in: books.root)
        #expect(fromRoot.status == 0, "\(fromRoot.stderr)")
        #expect(fromRoot.stdout.contains("F2026-001"))
        let fromSubfolder = try Relance.run(args, in: books.url("bank"))
        #expect(fromSubfolder.status == 0, "\(fromSubfolder.stderr)")
        #expect(fromSubfolder.stdout == fromRoot.stdout)

        let elsewhere = try TempBooks(["notes.txt": "no books here\n"])
        let option = try Relance.run(args + ["--books", books.root.path], in: elsewhere.root)
        #expect(option.stdout == fromRoot.stdout, "\(option.stderr)")
        let relative = try Relance.run(args + ["--books", "../" + books.root.lastPathComponent], in: elsewhere.root)
        #expect(relative.stdout == fromRoot.stdout, "\(relative.stderr)")
        let env = try Relance.run(args, in: elsewhere.root, environment: ["RELANCE_BOOKS": books.root.path])
        #expect(env.stdout == fromRoot.stdout, "\(env.stderr)")

        let none = try Relance.run(args, in: elsewhere.root)
        #expect(none.status == 64)
        #expect(none.stderr.contains("no books here: no relance.toml in"), "\(none.stderr)")
        #expect(none.stderr.contains("--books DIR"))
        let missing = try Relance.run(["check", "--books", "does-not-exist"], in: elsewhere.root)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("is not a folder"))
    }

    @Test(arguments: ["2026-13-01", "22/11/2026", "2026-02-29", "today"])
    func aBadAsOfIsAUsageError(_ text: String) throws {
        let books = try TempBooks(bookSet)
        for command in ["status", "aging"] {
            let r = try Relance.run([command, "--as-of", text], in: books.root)
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("--as-of \(text): not a date"))
            #expect(r.stdout.isEmpty)
        }
    }

    @Test(arguments: [("status", "json"), ("status", "csv"), ("status", "table"), ("aging", "json"), ("aging", "csv"), ("aging", "table")])
    func reportsMatchTheirGoldenFiles(_ command: String, _ format: String) throws {
        let books = try TempBooks(bookSet)
        let r = try Relance.run([command, "--as-of", "2026-11-22", "--format", format], in: books.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}["))
        try expectGolden(r.stdout, "\(command).\(format)")
    }

    /// The golden files were checked against the table above; these few facts are re-checked independently of them.
    @Test func statusJSONSaysWhatTheTableAboveSays() throws {
        let books = try TempBooks(bookSet)
        let r = try Relance.run(["status", "--as-of", "2026-11-22", "--format", "json"], in: books.root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        let byNumber = Dictionary(uniqueKeysWithValues: items.map { ($0["number"] as! String, $0) })
        #expect(Set(byNumber.keys) == ["F2026-001", "F2026-002", "F2026-003", "F2026-004", "VIR 9"])
        #expect(byNumber["F2026-001"]?["daysLate"] as? Int == 83)
        #expect(byNumber["F2026-001"]?["state"] as? String == "late")
        #expect(byNumber["F2026-002"]?["state"] as? String == "held")
        #expect(byNumber["F2026-002"]?["holdReason"] as? String == "livrable contesté")
        #expect(byNumber["F2026-003"]?["daysLate"] as? Int == 6)
        #expect(byNumber["F2026-004"]?["state"] as? String == "not due")
        #expect(byNumber["VIR 9"]?["state"] as? String == "credit")
        let totals = try #require(json["totals"] as? [[String: Any]])
        #expect(totals.count == 2)
        let eur = try #require(totals.first { $0["currency"] as? String == "EUR" })
        #expect(eur["count"] as? Int == 4)
        #expect(eur["outstanding"] as? String == "1674.50")
    }

    @Test func agingJSONSaysWhatTheTableAboveSays() throws {
        let books = try TempBooks(bookSet)
        let r = try Relance.run(["aging", "--as-of", "2026-11-22", "--format", "json"], in: books.root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let dso = try #require(json["dso"] as? [String: Int])
        #expect(dso == ["EUR": 291, "JPY": 365])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let acme = try #require(rows.first { $0["customer"] as? String == "acme" })
        #expect(acme["d61_90"] as? String == "1000.00")
        #expect(acme["d31_60"] as? String == "300.00")
        #expect(acme["total"] as? String == "1300.00")
    }

    @Test func statusFiltersFromTheCommandLine() throws {
        let books = try TempBooks(bookSet)
        func numbers(_ extra: [String]) throws -> [String] {
            let r = try Relance.run(["status", "--as-of", "2026-11-22", "--format", "csv"] + extra, in: books.root)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[0]) }.sorted()
        }
        #expect(try numbers(["--customer", "bob"]) == ["F2026-003", "F2026-004"])
        #expect(try numbers(["--late-only"]) == ["F2026-001", "F2026-002", "F2026-003"])
        #expect(try numbers(["--currency", "jpy"]) == ["F2026-004"])
        #expect(try numbers(["--group", "grands-comptes", "--min-amount", "500"]) == ["F2026-001"])
        let unknown = try Relance.run(["status", "--customer", "bobb"], in: books.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean bob?"))
    }

    @Test func noColorsWhenNotOnATerminal() throws {
        let books = try TempBooks(bookSet)
        try books.write("x.books", "2026-01-01 invoice X1 nobody 10 EUR\n")
        for env in [[:], ["NO_COLOR": "1"], ["TERM": "dumb"]] {
            let check = try Relance.binary(["check"], in: books.root, environment: env)
            #expect(check.status == 65)
            #expect(!check.stderr.contains("\u{1B}"), "\(env)")
            let status = try Relance.run(["status", "--as-of", "2026-11-22"], in: books.root, environment: env)
            #expect(!status.stderr.contains("\u{1B}") && !status.stdout.contains("\u{1B}"))
        }
    }
}

/// relance.toml, read by every core command (the Configuration module has no test target of its own).
@Suite("relance.toml")
struct ConfigParserTests {
    static let minimal = "[company]\nname = \"Atelier\"\n"

    func errors(_ text: String) -> [Diagnostic] {
        let (config, diagnostics) = ConfigParser.parse(text)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(config == nil || errors.isEmpty)
        return errors
    }

    @Test func defaults() throws {
        let (config, diagnostics) = ConfigParser.parse(Self.minimal)
        #expect(diagnostics.isEmpty)
        let c = try #require(config)
        #expect(c.company.name == "Atelier")
        #expect(c.company.terms == 30)
        #expect(c.company.currency == .EUR)
        #expect(c.company.language == "fr")
        #expect(c.company.timeZone == "Europe/Paris")
        #expect(c.dunning.levels.count == 5)
        #expect(c.dunning.levels.map(\.offset) == [-3, 7, 21, 35, 45])
        #expect(c.dunning.levels.map(\.number) == [1, 2, 3, 4, 5])
        #expect(c.dunning.levels.last?.channel == .letter)
        #expect(c.dunning.indemnity == Money(minor: 4000, currency: .EUR))
        #expect(c.dunning.minimumGapDays == 7)
        #expect(c.smtp == nil)
    }

    @Test func badTOMLSyntaxIsLocatedByTheTOMLLibrary() throws {
        let d = errors("[company]\nname = \"Atelier\nterms = 30\n")
        #expect(d.count == 1)
        let e = try #require(d.first)
        #expect(e.message.hasPrefix("bad TOML"))
        #expect(e.location.line == 2)
        #expect(e.location.column > 1)
        #expect(e.fix != nil)
    }

    @Test func unknownSectionWithDidYouMeanAtItsLine() throws {
        let top = try #require(errors("nmae = 1\n" + Self.minimal).first)
        #expect(top.message == "unknown section \"nmae\"")
        #expect(top.location.line == 1)
        let e = try #require(errors(Self.minimal + "\n[dunnig]\ngap = 3\n").first)
        #expect(e.message == "unknown section \"dunnig\"")
        #expect(e.fix?.contains("did you mean dunning?") == true)
        #expect(e.location.line == 4)
        #expect(e.sourceLine == "[dunnig]")
    }

    @Test func unknownKeyWithDidYouMeanAtItsLine() throws {
        let e = try #require(errors("[company]\nname = \"Atelier\"\ncurency = \"EUR\"\n").first)
        #expect(e.message == "unknown key \"curency\" in [company]")
        #expect(e.fix?.contains("did you mean currency?") == true)
        #expect(e.location.line == 3)
    }

    @Test(arguments: [
        ("terms = \"30\"", "terms must be a whole number"),
        ("terms = 4000", "terms must be a whole number from 0 to 3650"),
        ("address = 12", "address must be a list of texts"),
        ("email = 3", "email must be text"),
        ("currency = \"EUT\"", "unknown currency \"EUT\""),
        ("language = \"de\"", "unknown language \"de\""),
        ("timezone = \"Europe/Pariss\"", "unknown time zone \"Europe/Pariss\""),
    ])
    func badCompanyValues(_ line: String, _ message: String) throws {
        let d = errors(Self.minimal + line + "\n")
        #expect(d.count == 1, "\(d.map(\.message))")
        let e = try #require(d.first)
        #expect(e.message.contains(message), "\(e.message)")
        #expect(e.location.line == 3)
        #expect(e.fix != nil)
        if message.contains("EUT") { #expect(e.fix?.contains("did you mean EUR?") == true) }
    }

    @Test func aPasswordInSMTPIsRefused() throws {
        let d = errors(Self.minimal + "[smtp]\nhost = \"smtp.example\"\npassword = \"hunter2\"\n")
        let e = try #require(d.first { $0.message.contains("must not hold a password") })
        #expect(e.location.line == 5)
        #expect(e.fix?.contains("password_env") == true)
    }

    @Test func levelOffsetsMustIncrease() throws {
        let d = errors(Self.minimal + """
            [[dunning.level]]
            name = "one"
            offset = 7
            [[dunning.level]]
            name = "two"
            offset = 7
            """)
        #expect(d.count == 1, "\(d.map(\.message))")
        let e = try #require(d.first)
        #expect(e.message.contains("level 2 (offset 7) does not come after level 1 (offset 7)"))
        #expect(e.location.line == 8)
    }

    @Test func customLevelsReplaceTheDefaults() throws {
        let (config, diagnostics) = ConfigParser.parse(Self.minimal + """
            [dunning]
            gap = 10
            minimum = "15.5"
            [[dunning.level]]
            name = "rappel"
            offset = 5
            [[dunning.level]]
            name = "mise en demeure"
            offset = 30
            channel = "both"
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let p = try #require(config).dunning
        #expect(p.levels.map(\.offset) == [5, 30])
        #expect(p.levels.map(\.channel) == [.email, .both])
        #expect(p.minimumGapDays == 10)
        #expect(p.minimumAmount == "15.500")
    }
}
