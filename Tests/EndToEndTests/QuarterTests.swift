import CommandTestSupport
import Foundation
import Testing

// Issue 12 §7: a quarter, end to end. One freelancer's three months (Q4 2026), day by day with
// --as-of, in a real git repository, relance in-process (the hook runs the built binary) with the real git CLI and a real SMTP server
// on the loopback (aiosmtpd, Tests/DeliveryTests/smtp_server.py, the delivery tests' SMTPServer of CommandTestSupport:
// STARTTLS, AUTH, a self-signed certificate made by openssl).
//
// The expected reminders are written by hand below from the scenario's dates and the default French
// policy that `relance init` writes out; the test then checks git log's trailers, the history, the
// e-mails the server received and `relance status --format json` against them.

// MARK: - The default French policy (relance.toml written by `relance init --language fr`)

private let courtesy = -3, first = 7, second = 21, statement = 35, formalNotice = 45
private let gap = 7

// MARK: - Calendar days

private let utc: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "UTC")!
    return c
}()

private func toDate(_ day: String) -> Date {
    let p = day.split(separator: "-").map { Int($0)! }
    return utc.date(from: DateComponents(year: p[0], month: p[1], day: p[2]))!
}

private func iso(_ date: Date) -> String {
    let c = utc.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}

/// `day` plus `n` calendar days.
private func plus(_ day: String, _ n: Int) -> String { iso(utc.date(byAdding: .day, value: n, to: toDate(day))!) }

/// The later of two days (ISO strings compare as days).
private func later(_ a: String, _ b: String) -> String { max(a, b) }

// MARK: - The scenario

private struct Customer {
    var id, name, email: String
    var address: [String]
}

private let customers = [
    Customer(id: "dupont", name: "Atelier Dupont SARL", email: "compta@atelier-dupont.example", address: ["8 rue des Tanneurs", "69002 Lyon"]),
    Customer(id: "bellec", name: "Bellec Conseil SAS", email: "factures@bellec-conseil.example", address: ["4 quai de la Douane", "29200 Brest"]),
    Customer(id: "cerise", name: "Cerise Studio SAS", email: "admin@cerise-studio.example", address: ["17 avenue Jean Jaurès", "69007 Lyon"]),
    Customer(id: "durand", name: "Durand et Fils SARL", email: "compta@durand-fils.example", address: ["2 place Bellecour", "69002 Lyon"]),
    Customer(id: "eole", name: "Éole Énergies SA", email: "fournisseurs@eole-energies.example", address: ["90 cours Lafayette", "69003 Lyon"]),
]

private struct Invoice {
    var number, customer, date, due: String
    var cents: Int
}

private let invoices = [
    Invoice(number: "F2026-001", customer: "dupont", date: "2026-10-01", due: "2026-10-31", cents: 150_000),
    Invoice(number: "F2026-002", customer: "bellec", date: "2026-10-02", due: "2026-10-16", cents: 200_000),
    Invoice(number: "F2026-003", customer: "cerise", date: "2026-10-05", due: "2026-11-04", cents: 85_000),
    Invoice(number: "F2026-004", customer: "eole", date: "2026-10-20", due: "2026-11-19", cents: 240_000),
    Invoice(number: "F2026-005", customer: "durand", date: "2026-11-02", due: "2026-12-02", cents: 120_000),
    Invoice(number: "F2026-006", customer: "durand", date: "2026-11-16", due: "2026-12-16", cents: 64_000),
    Invoice(number: "F2026-007", customer: "dupont", date: "2026-12-01", due: "2026-12-31", cents: 90_000),
]

private func invoice(_ number: String) -> Invoice { invoices.first { $0.number == number }! }

private struct Payment {
    var date, customer, invoice: String
    var cents: Int
    /// Typed into payments/2026.books, or on the December bank statement (imported with `relance import`).
    var typed: Bool
}

private let payments = [
    Payment(date: "2026-10-30", customer: "dupont", invoice: "F2026-001", cents: 150_000, typed: true),
    Payment(date: "2026-11-20", customer: "eole", invoice: "F2026-004", cents: 100_000, typed: true),   // a part payment
    Payment(date: "2026-12-04", customer: "eole", invoice: "F2026-004", cents: 140_000, typed: false),  // the rest, by the bank statement
    Payment(date: "2026-12-07", customer: "cerise", invoice: "F2026-003", cents: 85_000, typed: false),
    Payment(date: "2026-12-30", customer: "dupont", invoice: "F2026-007", cents: 90_000, typed: true),
]

/// The dispute on F2026-003: put on hold, then released.
private let holdDay = "2026-11-09", releaseDay = "2026-11-24"
/// The December statement is imported that morning, before the run.
private let importDay = "2026-12-08"
/// The formal notice's letter is posted the day after it was written and printed.
private let trackingNumber = "1A 123 456 7890 1"

private let quarterStart = "2026-10-01", quarterEnd = "2026-12-31"

private func money(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, cents % 100) }

/// "2069,96€": an amount as the French texts write it, spaces taken out (see `withoutSpaces`).
private func frenchMoney(_ cents: Int) -> String { String(format: "%d,%02d€", cents / 100, cents % 100) }

/// The policy's indemnity (init writes indemnity = "40.00") and late interest rate: ECB 2.15 % + interest_margin 10.00.
private let indemnity = 4_000
private let interestBasisPoints = 215 + 1_000

/// Late interest on `cents` for `days` days, on a 365-day year, rounded half up to the cent (by hand).
private func lateInterest(cents: Int, days: Int) -> Int {
    let numerator = cents * interestBasisPoints * days
    let denominator = 10_000 * 365
    return (2 * numerator + denominator) / (2 * denominator)
}

/// The text without spaces of any kind (the amounts are written with no-break spaces).
private func withoutSpaces(_ text: String) -> String {
    String(text.unicodeScalars.filter { !($0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" || $0 == "\n" || $0 == "\r") }.map(Character.init))
}

/// The body of a quoted-printable message, decoded.
private func decodedText(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var k = 0
    func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        default: return nil
        }
    }
    while k < bytes.count {
        if bytes[k] == 61, k + 2 < bytes.count {
            if bytes[k + 1] == 13 && bytes[k + 2] == 10 { k += 3; continue }
            if let h = hex(bytes[k + 1]), let l = hex(bytes[k + 2]) { out.append(h * 16 + l); k += 3; continue }
        }
        out.append(bytes[k])
        k += 1
    }
    return String(decoding: out, as: UTF8.self)
}

// MARK: - The expected reminders, by hand

private struct Expected: Equatable, CustomStringConvertible {
    var id = ""
    var day: String
    var customer: String
    var level: Int
    var channel: String
    /// Each invoice with its own level.
    var invoices: [String: Int]
    var description: String { "\(id) \(day) \(customer) level \(level) \(channel) \(invoices.sorted { $0.key < $1.key })" }
}

/// Derived from the scenario's dates and the policy: a level is due on max(due + offset, last reminder + gap),
/// a courtesy reminder only before the due date, nothing while held, nothing once paid.
private func expectedReminders() throws -> [Expected] {
    var out: [Expected] = []
    func add(_ day: String, _ customer: String, _ level: Int, _ invoices: [String: Int], channel: String = "email") {
        out.append(Expected(day: day, customer: customer, level: level, channel: channel, invoices: invoices))
    }

    // F2026-001 (dupont): paid on 10-30, the day before its due date: only the courtesy reminder.
    let d1 = invoice("F2026-001").due
    add(plus(d1, courtesy), "dupont", 1, ["F2026-001": 1])
    try #require(payments[0].date < plus(d1, first))

    // F2026-002 (bellec): never paid; the whole ladder, the formal notice by letter.
    let d2 = invoice("F2026-002").due
    add(plus(d2, courtesy), "bellec", 1, ["F2026-002": 1])
    add(plus(d2, first), "bellec", 2, ["F2026-002": 2])
    add(plus(d2, second), "bellec", 3, ["F2026-002": 3])
    add(plus(d2, statement), "bellec", 4, ["F2026-002": 4])
    add(plus(d2, formalNotice), "bellec", 5, ["F2026-002": 5], channel: "letter")

    // F2026-003 (cerise): courtesy; held from 11-09 (before its first level at due + 7) until the release on 11-24;
    // then one level per run with the gap; paid on 12-07, before the statement.
    let d3 = invoice("F2026-003").due
    add(plus(d3, courtesy), "cerise", 1, ["F2026-003": 1])
    try #require(holdDay <= plus(d3, first) && releaseDay > plus(d3, first))
    let c2 = later(releaseDay, plus(d3, first))
    add(c2, "cerise", 2, ["F2026-003": 2])
    let c3 = later(plus(d3, second), plus(c2, gap))
    add(c3, "cerise", 3, ["F2026-003": 3])
    let c4 = later(plus(d3, statement), plus(c3, gap))
    try #require(payments[3].date < c4 && importDay < c4)

    // F2026-004 (eole): courtesy, a part payment, the first reminder (for what is left), the rest paid before the second.
    let d4 = invoice("F2026-004").due
    add(plus(d4, courtesy), "eole", 1, ["F2026-004": 1])
    add(plus(d4, first), "eole", 2, ["F2026-004": 2])
    try #require(payments[2].date < plus(d4, second) && importDay < plus(d4, second))

    // F2026-005 and F2026-006 (durand): F2026-006's courtesy window [due - 3, due) falls within the gap after
    // F2026-005's first reminder, so it gets no courtesy reminder; its first level (due + 7) falls on the day of
    // F2026-005's second (due + 21): one grouped reminder, at the higher level, each invoice at its own.
    let d5 = invoice("F2026-005").due, d6 = invoice("F2026-006").due
    add(plus(d5, courtesy), "durand", 1, ["F2026-005": 1])
    let u2 = later(plus(d5, first), plus(plus(d5, courtesy), gap))
    add(u2, "durand", 2, ["F2026-005": 2])
    try #require(plus(u2, gap) >= d6)  // no courtesy for F2026-006
    let u3 = later(plus(d5, second), plus(u2, gap))
    try #require(u3 == later(plus(d6, first), plus(u2, gap)))
    add(u3, "durand", 3, ["F2026-005": 3, "F2026-006": 2])
    try #require(plus(d5, statement) > quarterEnd && plus(d6, second) > quarterEnd)

    // F2026-007 (dupont): courtesy, paid the day before its due date.
    let d7 = invoice("F2026-007").due
    add(plus(d7, courtesy), "dupont", 1, ["F2026-007": 1])
    try #require(payments[4].date < d7)

    // One reminder a day at most in this quarter: the ids follow the days.
    out.sort { $0.day < $1.day }
    try #require(Set(out.map(\.day)).count == out.count)
    for k in out.indices { out[k].id = String(format: "R2026-%04d", k + 1) }
    return out
}

/// The value of a header line of a message (unfolded lines only: the X-Relance ones are short).
private func header(_ name: String, _ bytes: [UInt8]) -> String? {
    let text = String(decoding: bytes, as: UTF8.self)
    for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
        if line.isEmpty { return nil }
        if line.hasPrefix(name + ": ") { return String(line.dropFirst(name.count + 2)) }
    }
    return nil
}

// MARK: - The books, in a git repository made by `relance init`

private final class QuarterBooks {
    let temp: TempBooks
    var root: URL { temp.root.appendingPathComponent("books") }
    let password: String
    /// Every output of every command of the quarter (the password must be in none of them).
    var outputs: [String] = []

    init(password: String) throws {
        temp = try TempBooks([:])
        try FileManager.default.createDirectory(at: temp.root, withIntermediateDirectories: true)
        self.password = password
    }

    /// The environment of every command: the built relance first on PATH (the hook runs it), a git author,
    /// the SMTP password in the variable relance.toml names (as cron would have it).
    func environment(day: String) -> [String: String] {
        let bin = Relance.executable.deletingLastPathComponent().path
        let stamp = day + "T08:30:00+01:00"
        return ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                "GIT_AUTHOR_NAME": "Claire Martin", "GIT_AUTHOR_EMAIL": "claire@claire-martin.example",
                "GIT_COMMITTER_NAME": "Claire Martin", "GIT_COMMITTER_EMAIL": "claire@claire-martin.example",
                "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
                "RELANCE_SMTP_PASSWORD": password]
    }

    @discardableResult
    func relance(_ arguments: [String], day: String, in directory: URL? = nil) throws -> Relance.Result {
        let r = try Relance.run(arguments, in: directory ?? root, environment: GitBooks.isolation.merging(environment(day: day)) { $1 }, today: day)
        outputs.append(r.stdout + r.stderr)
        return r
    }

    @discardableResult
    func git(_ arguments: [String], day: String = quarterStart, check: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> Relance.Result {
        let r = try runTool("git", arguments, in: root, environment: environment(day: day))
        outputs.append(r.stdout + r.stderr)
        if check && r.status != 0 {
            Issue.record("git \(arguments.joined(separator: " ")) exited \(r.status): \(r.stdout)\(r.stderr)", sourceLocation: sourceLocation)
        }
        return r
    }

    func gitOut(_ arguments: [String]) throws -> String {
        var s = try git(arguments).stdout
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func append(_ path: String, _ text: String) throws {
        let old = (try? read(path)) ?? ""
        try write(path, old + text)
    }

    /// A file as HEAD holds it, byte for byte.
    func committed(_ path: String) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "show", "HEAD:" + path]
        p.currentDirectoryURL = root
        p.environment = ProcessInfo.processInfo.environment.merging(GitBooks.isolation) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return [UInt8](data)
    }

    var head: String { get throws { try gitOut(["rev-parse", "HEAD"]) } }
}

// MARK: - The quarter

@Suite struct QuarterTests {
    @Test func aFreelancersQuarterEndToEnd() throws {
        let started = Date()
        let expected = try expectedReminders()
        let password = "quarter-Smtp-9f3K-\(UUID().uuidString.prefix(8))"
        let books = try QuarterBooks(password: password)
        let certificate = try Certificate(in: books.temp.root.path)
        let server = try SMTPServer(mode: .starttls, certificate: certificate, password: password,
                                    outdir: books.temp.root.appendingPathComponent("received").path)

        // 1 October: relance init (fr), then the company, the SMTP server, the bank's CSV profile and the
        // customers, committed through the installed hook by the real git CLI.
        let initialized = try books.relance(["init", "books", "--language", "fr"], day: quarterStart, in: books.temp.root)
        try #require(initialized.status == 0, "init: \(initialized.stdout)\(initialized.stderr)")
        let hook = try String(contentsOf: books.root.appendingPathComponent(".git/hooks/pre-commit"), encoding: .utf8)
        #expect(hook.contains("check"))

        var config = try books.read("relance.toml")
        for (from, to) in [("name = \"Votre Nom EI\"", "name = \"Claire Martin EI\""),
                           ("email = \"vous@exemple.example\"", "email = \"claire@claire-martin.example\""),
                           ("\"1 rue de l'Exemple\", \"69001 Lyon\"", "\"12 rue Mercière\", \"69002 Lyon\"")] {
            try #require(config.contains(from), "relance init no longer writes \(from)")
            config = config.replacingOccurrences(of: from, with: to)
        }
        // The default French policy is written out by init: the hand derivation above relies on it.
        for level in ["offset = -3", "offset = 7", "offset = 21", "offset = 35", "offset = 45", "gap = 7", "grouping = \"customer\"",
                      "interest_margin = \"10.00\"", "indemnity = \"40.00\"", "from = 2025-06-11\nrate = \"2.15\""] {
            #expect(config.contains(level), "relance.toml of init: \(level)")
        }
        config += """

            [git]
            author_name = "Claire Martin"
            author_email = "claire@claire-martin.example"

            [smtp]
            host = "127.0.0.1"
            port = \(server.port)
            security = "starttls"
            username = "claire"
            password_env = "RELANCE_SMTP_PASSWORD"
            ca_file = "\(certificate.cert)"
            timeout = 10

            [import.csv.banque]
            delimiter = ";"
            encoding = "windows-1252"
            skip = 2
            date = "Date"
            date_format = "%d/%m/%Y"
            label = ["Libellé", "Détail"]
            credit = "Crédit"
            debit = "Débit"
            decimal = ","
            id = "Référence"

            """
        try books.write("relance.toml", config)
        var customerText = "; Mes clients\n"
        for c in customers {
            customerText += "\ncustomer \(c.id)\n  name     \"\(c.name)\"\n  email    \(c.email)\n"
            for line in c.address { customerText += "  address  \"\(line)\"\n" }
        }
        try books.write("customers.books", customerText)
        // init's example invoice goes: the quarter's invoices replace it.
        for name in try FileManager.default.contentsOfDirectory(atPath: books.root.appendingPathComponent("invoices").path) {
            try FileManager.default.removeItem(at: books.root.appendingPathComponent("invoices/" + name))
        }
        try books.write("invoices/2026.books", "; Factures 2026\n")
        try books.write("payments/2026.books", "; Paiements 2026\n")
        try books.write("holds.books", "; Litiges\n")
        try books.git(["add", "-A"])
        try books.git(["commit", "--quiet", "-m", "Mes réglages, mes clients"])

        func invoiceText(_ i: Invoice, customer: String? = nil) -> String {
            "\n\(i.date) invoice \(i.number) \(customer ?? i.customer) \(money(i.cents)) EUR\n  due   \(i.due)\n"
        }

        var emailsSeenByDay: [String: Int] = [:]
        var day = quarterStart
        while day <= quarterEnd {
            // The morning's book-keeping, each committed by hand through the hook.
            for i in invoices where i.date == day {
                if i.number == "F2026-005" {
                    // A typo in the customer id: the hook refuses the commit, nothing is committed.
                    let before = try books.head
                    try books.append("invoices/2026.books", invoiceText(i, customer: "durnad"))
                    let refused = try books.git(["commit", "--quiet", "-am", "Facture \(i.number)"], day: day, check: false)
                    #expect(refused.status != 0, "the hook let a commit with an unknown customer through")
                    #expect(refused.stderr.contains("durnad"), "the hook's message names the bad record: \(refused.stderr)")
                    #expect(refused.stderr.contains("invoices/2026.books:"), "located: \(refused.stderr)")
                    #expect(try books.head == before)
                    // Fixed, committed.
                    try books.write("invoices/2026.books", try books.read("invoices/2026.books").replacingOccurrences(of: " durnad ", with: " durand "))
                } else {
                    try books.append("invoices/2026.books", invoiceText(i))
                }
                try books.git(["commit", "--quiet", "-am", "Facture \(i.number)"], day: day)
            }
            for p in payments where p.typed && p.date == day {
                try books.append("payments/2026.books", "\n\(p.date) payment \(p.customer) \(money(p.cents)) EUR\n  apply   \(p.invoice) \(money(p.cents))\n  method  transfer\n")
                try books.git(["commit", "--quiet", "-am", "Paiement \(p.customer)"], day: day)
            }
            if day == holdDay {
                try books.append("holds.books", "\n\(holdDay) hold F2026-003 \"litige : livraison incomplète\"\n")
                try books.git(["commit", "--quiet", "-am", "Litige Cerise Studio"], day: day)
            }
            if day == plus(holdDay, 3) {
                // During the dispute, status shows the invoice held.
                let status = try books.relance(["status", "--as-of", day, "--format", "json"], day: day)
                let items = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
                #expect(items.first { $0["number"] as? String == "F2026-003" }?["state"] as? String == "held", "status on \(day): \(status.stdout)")
            }
            if day == releaseDay {
                try books.append("holds.books", "\(releaseDay) release F2026-003 \"litige réglé, livraison complétée\"\n")
                try books.git(["commit", "--quiet", "-am", "Litige Cerise Studio réglé"], day: day)
            }
            if day == importDay {
                try importDecemberStatement(books, day: day)
            }
            if let letter = expected.first(where: { $0.channel == "letter" }), day == plus(letter.day, 1) {
                let posted = try books.relance(["posted", letter.id, "--tracking", trackingNumber, "--date", day], day: day)
                #expect(posted.status == 0, "posted: \(posted.stdout)\(posted.stderr)")
            }

            // Every morning, as cron would: write what is due and deliver it.
            let before = try server.received().count
            let run = try books.relance(["run", "--send", "--as-of", day], day: day)
            #expect(run.status == 0, "run --send --as-of \(day): \(run.stdout)\(run.stderr)")
            emailsSeenByDay[day] = try server.received().count - before
            if expected.contains(where: { $0.day == day }) {
                // Run again the same morning (cron twice, a user by hand): nothing more is written, committed or sent.
                let head = try books.head, count = try server.received().count
                let again = try books.relance(["run", "--send", "--as-of", day], day: day)
                #expect(again.status == 0, "second run --send --as-of \(day): \(again.stdout)\(again.stderr)")
                #expect(try books.head == head, "a second run on \(day) committed")
                #expect(try server.received().count == count, "a second run on \(day) sent again")
            }

            if let letter = expected.first(where: { $0.channel == "letter" }), day == letter.day {
                // The formal notice is a letter: printed the same day.
                let pdf = books.temp.root.appendingPathComponent("letters-\(day).pdf")
                let printed = try books.relance(["print", "--as-of", day, "--out", pdf.path], day: day)
                #expect(printed.status == 0, "print: \(printed.stdout)\(printed.stderr)")
                let text = try runTool("pdftotext", ["-layout", pdf.path, "-"], in: books.temp.root).stdout
                #expect(text.contains("Mise en demeure") || text.contains("MISE EN DEMEURE"), "the printed letter: \(text.prefix(400))")
                #expect(text.contains("F2026-002"))
                #expect(text.contains("Bellec Conseil SAS"))
                // By hand: 2 000,00 owed, the 40,00 indemnity, and late interest at the ECB rate of init's table
                // (2,15 % since 2025-06-11) + 10 points, 45 days from the day after the due date.
                let interest = lateInterest(cents: invoice("F2026-002").cents, days: formalNotice)
                #expect(interest == 2996)
                let flat = withoutSpaces(text)
                #expect(flat.contains("Totalàpayer" + frenchMoney(invoice("F2026-002").cents + indemnity + interest)), "\(text)")
            }
            day = plus(day, 1)
        }

        // MARK: At the end of the quarter

        let emailReminders = expected.filter { $0.channel == "email" }
        let letter = try #require(expected.first { $0.channel == "letter" })

        // Each morning delivered that morning's e-mail, and only it.
        for (d, n) in emailsSeenByDay {
            #expect(n == emailReminders.filter { $0.day == d }.count, "e-mails received on \(d)")
        }

        // git log: exactly the expected reminders, one commit each, read from the trailers.
        let log = try books.gitOut(["log", "--reverse", "--format=%s%x1f%(trailers:key=Reminder,key=Customer,key=Level,key=Invoice,unfold)%x1e"])
        var fromGit: [Expected] = []
        for entry in log.split(separator: "\u{1e}") {
            let parts = entry.split(separator: "\u{1f}", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            var id = "", customer = "", level = 0, invoiceNumbers: [String] = []
            for line in parts[1].split(separator: "\n") {
                let kv = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "Reminder": id = kv[1]
                case "Customer": customer = kv[1]
                case "Level": level = Int(kv[1]) ?? -1
                case "Invoice": invoiceNumbers.append(kv[1])
                default: break
                }
            }
            guard !id.isEmpty else { continue }
            // "relance: 1 reminder as of YYYY-MM-DD"
            let subject = String(parts[0].trimmingCharacters(in: .whitespacesAndNewlines))
            let asOf = subject.split(separator: " ").last.map(String.init) ?? "?"
            let channel = expected.first { $0.id == id }?.channel ?? "?"
            fromGit.append(Expected(id: id, day: asOf, customer: customer, level: level, channel: channel,
                                    invoices: Dictionary(uniqueKeysWithValues: invoiceNumbers.map { ($0, expected.first { $0.id == id }?.invoices[$0] ?? -1) })))
        }
        #expect(fromGit == expected, "git log's reminders:\n\(fromGit.map(\.description).joined(separator: "\n"))\nexpected:\n\(expected.map(\.description).joined(separator: "\n"))")

        // The history: the same reminders, each invoice at its own level, the channel; each e-mail delivered
        // exactly once, none failed; the letter printed and posted.
        let history = try books.read("history/2026.books")
        let records = parseHistory(history)
        #expect(records.reminders == expected, "history's reminders:\n\(records.reminders.map(\.description).joined(separator: "\n"))")
        #expect(records.delivered.sorted() == emailReminders.map(\.id), "delivered records: \(records.delivered)")
        #expect(records.failed.isEmpty)
        #expect(history.contains("\(letter.day) printed \(letter.id)"), "\(history)")
        #expect(history.contains("\(plus(letter.day, 1)) posted \(letter.id) \(trackingNumber.replacingOccurrences(of: " ", with: ""))"), "\(history)")
        let printedTrailers = try books.gitOut(["log", "--format=%(trailers:key=Printed,key=Posted,key=Tracking,valueonly)"])
        #expect(printedTrailers.contains(letter.id))
        #expect(printedTrailers.contains(trackingNumber.replacingOccurrences(of: " ", with: "")))

        // No customer got the same level twice for an invoice: from the history…
        var seen = Set<String>()
        for r in records.reminders {
            for (number, level) in r.invoices {
                #expect(seen.insert("\(r.customer) \(number) \(level)").inserted, "\(r.customer) got level \(level) twice for \(number)")
            }
        }
        // …and from the e-mails received: each exactly once, equal to its committed .eml, to the customer's address.
        let received = try server.received()
        let receivedIDs = received.map { header("X-Relance-Reminder", $0.bytes) ?? "?" }
        #expect(receivedIDs == emailReminders.map(\.id), "the server received \(receivedIDs)")
        var levelsByRecipient = Set<String>()
        for message in received {
            let id = header("X-Relance-Reminder", message.bytes) ?? "?"
            guard let e = expected.first(where: { $0.id == id }) else { Issue.record("an e-mail nobody expected: \(id)"); continue }
            let committed = try books.committed("reminders/2026/\(id).eml")
            #expect(message.bytes == committed, "\(id): what the server got differs from the committed .eml")
            let address = customers.first { $0.id == e.customer }!.email
            #expect(message.to == [address], "\(id) went to \(message.to)")
            let level = header("X-Relance-Level", message.bytes) ?? "?"
            #expect(level == String(e.level), "\(id): X-Relance-Level \(level)")
            if e.level == 4 {
                // The statement: by hand, the indemnity and 35 days of interest on what is owed.
                let owed = e.invoices.keys.map { invoice($0).cents }.reduce(0, +)
                let interest = e.invoices.keys.map { lateInterest(cents: invoice($0).cents, days: statement) }.reduce(0, +)
                #expect(interest == 2330)
                let body = withoutSpaces(decodedText(message.bytes))
                #expect(body.contains("Totalàrégler:" + frenchMoney(owed + indemnity * e.invoices.count + interest)), "\(id): \(decodedText(message.bytes))")
            }
            // The invoices the e-mail names (quoted-printable soft breaks undone): those of the reminder, each
            // named at most once at this level to this address over the quarter.
            let numbers = invoiceNumbers(in: message.bytes)
            #expect(numbers == Set(e.invoices.keys), "\(id) names \(numbers)")
            for number in numbers {
                #expect(levelsByRecipient.insert("\(message.to) \(number) \(level)").inserted, "\(message.to) received level \(level) twice for \(number)")
            }
        }

        // The books of the quarter are clean.
        let checked = try books.relance(["check", "--as-of", quarterEnd], day: quarterEnd)
        #expect(checked.status == 0, "check: \(checked.stdout)\(checked.stderr)")

        // A second send on the last day delivers nothing more.
        let again = try books.relance(["send"], day: quarterEnd)
        #expect(again.status == 0, "send: \(again.stdout)\(again.stderr)")
        #expect(try server.received().count == emailReminders.count)

        // The totals, counted by hand: invoiced minus paid, per open invoice.
        let status = try books.relance(["status", "--as-of", quarterEnd, "--format", "json"], day: quarterEnd)
        #expect(status.status == 0 || status.status == 1, "status: \(status.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        var owed: [String: Int] = [:]
        for i in invoices { owed[i.number] = i.cents }
        for p in payments { owed[p.invoice]! -= p.cents }
        let open = owed.filter { $0.value > 0 }
        #expect(Set(open.keys) == ["F2026-002", "F2026-005", "F2026-006"])  // the hand count: bellec 2 000, durand 1 200 + 640
        let items = json["items"] as? [[String: Any]] ?? []
        var shown: [String: String] = [:]
        for item in items { shown[item["number"] as? String ?? "?"] = item["outstanding"] as? String }
        #expect(shown == open.mapValues(money), "status items: \(shown)")
        let totals = json["totals"] as? [[String: Any]] ?? []
        #expect(totals.count == 1)
        #expect(totals.first?["currency"] as? String == "EUR")
        #expect(totals.first?["outstanding"] as? String == money(384_000))
        #expect(totals.first?["outstanding"] as? String == money(open.values.reduce(0, +)))
        #expect(totals.first?["count"] as? Int == 3)

        // The SMTP password is in no file, no commit and no output.
        #expect(!books.outputs.contains { $0.contains(password) }, "an output shows the SMTP password")
        let everything = try runTool("git", ["cat-file", "--batch-all-objects", "--batch"], in: books.root)
        #expect(everything.status == 0)
        #expect(!everything.stdout.contains(password), "a git object holds the SMTP password")
        let enumerator = FileManager.default.enumerator(at: books.root, includingPropertiesForKeys: nil)
        var files = 0
        while let url = enumerator?.nextObject() as? URL {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            files += 1
            #expect(!String(decoding: data, as: UTF8.self).contains(password), "\(url.path) holds the SMTP password")
        }
        #expect(files > 20)
        for message in received { #expect(!String(decoding: message.bytes, as: UTF8.self).contains(password)) }

        // `relance log`: exactly the expected reminders, from git, and what became of each.
        let logged = try books.relance(["log", "--format", "json"], day: quarterEnd)
        #expect(logged.status == 0, "log: \(logged.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(logged.stdout.utf8)) as? [[String: Any]])
        var fromLog: [Expected] = []
        var events: [String: [String]] = [:]
        for entry in entries.reversed() {
            let subject = entry["subject"] as? String ?? ""
            for r in entry["reminders"] as? [[String: Any]] ?? [] {
                let id = r["id"] as? String ?? "?"
                let e = expected.first { $0.id == id }
                let numbers = r["invoices"] as? [String] ?? []
                fromLog.append(Expected(id: id, day: subject.split(separator: " ").last.map(String.init) ?? "?", customer: r["customer"] as? String ?? "?",
                                        level: r["level"] as? Int ?? -1, channel: e?.channel ?? "?",
                                        invoices: Dictionary(uniqueKeysWithValues: numbers.map { ($0, e?.invoices[$0] ?? -1) })))
            }
            for d in entry["deliveries"] as? [[String: Any]] ?? [] {
                events[d["event"] as? String ?? "?", default: []].append(d["reminder"] as? String ?? "?")
            }
        }
        #expect(fromLog == expected, "relance log:\n\(fromLog.map(\.description).joined(separator: "\n"))")
        #expect(events["delivered"]?.sorted() == emailReminders.map(\.id), "delivered in relance log: \(events)")
        #expect(events["printed"] == [letter.id] && events["posted"] == [letter.id], "\(events)")
        #expect(events["failed"] == nil)
        let cerise = try books.relance(["log", "--invoice", "F2026-003", "--format", "json"], day: quarterEnd)
        let ceriseIDs = ((try JSONSerialization.jsonObject(with: Data(cerise.stdout.utf8)) as? [[String: Any]]) ?? [])
            .flatMap { ($0["reminders"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "?" } }
        #expect(Set(ceriseIDs) == Set(expected.filter { $0.invoices["F2026-003"] != nil }.map(\.id)), "log --invoice F2026-003: \(ceriseIDs)")

        // `relance verify` passes on the quarter, and fails once a history line is edited by hand.
        let verified = try books.relance(["verify"], day: quarterEnd)
        #expect(verified.status == 0, "verify: \(verified.stdout)\(verified.stderr)")
        var historyLines = try books.read("history/2026.books").components(separatedBy: "\n")
        let edited = try #require(historyLines.firstIndex { $0.hasPrefix("  invoice") && $0.contains("F2026-002 2000.00 EUR") })
        historyLines[edited] = historyLines[edited].replacingOccurrences(of: "2000.00", with: "1000.00")
        try books.write("history/2026.books", historyLines.joined(separator: "\n"))
        try books.git(["commit", "--quiet", "--no-verify", "-am", "history edited by hand"], day: quarterEnd)
        let tampered = try books.relance(["verify"], day: quarterEnd)
        #expect(tampered.status == 1, "verify after the edit: \(tampered.stdout)\(tampered.stderr)")
        let firstCommit = try books.gitOut(["log", "--format=%h", "--grep", "^Reminder: \(expected[0].id)$"])
        #expect((tampered.stdout + tampered.stderr).contains("history/2026.books:\(edited + 1)"), "\(tampered.stdout)\(tampered.stderr)")
        #expect(!firstCommit.isEmpty && (tampered.stdout + tampered.stderr).contains(String(firstCommit.prefix(7))), "\(firstCommit): \(tampered.stdout)\(tampered.stderr)")

        #expect(!books.outputs.contains { $0.contains(password) }, "an output of log or verify shows the SMTP password")

        // RELANCE_KEEP_QUARTER=DIR keeps the books, the letters and the received e-mails there, to look at them.
        if let keep = ProcessInfo.processInfo.environment["RELANCE_KEEP_QUARTER"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: books.temp.root, to: URL(fileURLWithPath: keep))
        }
        print("quarter end to end: \(String(format: "%.1f", Date().timeIntervalSince(started))) s, \(fromGit.count) reminders, \(received.count) e-mails")
    }
}

/// December's bank statement (Windows-1252 CSV as the bank gives it), imported with --write --commit.
private func importDecemberStatement(_ books: QuarterBooks, day: String) throws {
    var lines = [
        "Relevé de compte courant n° 00012345678 — Claire Martin EI;;;;;",
        "Période du 01/12/2026 au 31/12/2026 — solde au 30/11/2026 : 8 214,30 €;;;;;",
        "Date;Libellé;Détail;Débit;Crédit;Référence",
        "02/12/2026;PRLV SEPA FREE MOBILE;FACTURE 12/2026;19,99;;",
    ]
    var refs: [String] = []
    for (k, p) in payments.enumerated() where !p.typed {
        let c = customers.first { $0.id == p.customer }!
        let ref = "VIR SEPA 93\(String(format: "%02d", k))"
        refs.append(ref)
        let d = p.date.split(separator: "-")
        let amount = money(p.cents).replacingOccurrences(of: ".", with: ",")
        let grouped = amount.count > 6 ? String(amount.dropLast(6)) + " " + String(amount.suffix(6)) : amount
        lines.append("\(d[2])/\(d[1])/\(d[0]);VIR SEPA RECU;/DE \(c.name.uppercased()) /MOTIF FACTURE \(p.invoice);;\(grouped);\(ref)")
    }
    lines.append("05/12/2026;CB PAPETERIE DU RHONE;;32,40;;")
    let text = lines.joined(separator: "\r\n") + "\r\n"
    let statement = books.temp.root.appendingPathComponent("releve-2026-12.csv")
    let encoded = try #require(text.data(using: .windowsCP1252))
    try encoded.write(to: statement)
    let r = try books.relance(["import", statement.path, "--write", "--commit"], day: day)
    #expect(r.status == 0, "import: \(r.stdout)\(r.stderr)")
    let message = try books.gitOut(["log", "-1", "--format=%s%n%(trailers:key=Payment,valueonly)"])
    #expect(message.hasPrefix("relance: \(refs.count) payments imported from releve-2026-12.csv"), "\(message)")
    for ref in refs { #expect(message.contains(ref), "trailer Payment: \(ref) in \(message)") }
    let written = try books.read("payments/2026.books")
    // The same statement again: every credit is already in the books; nothing written, no commit.
    let head = try books.head
    let again = try books.relance(["import", statement.path, "--write", "--commit"], day: day)
    #expect(again.status == 0, "import again: \(again.stdout)\(again.stderr)")
    #expect(again.stdout.contains("\(refs.count) already imported"), "\(again.stdout)")
    #expect(try books.head == head)
    #expect(try books.read("payments/2026.books") == written)
    for p in payments where !p.typed {
        #expect(written.contains("\(p.date) payment \(p.customer) \(money(p.cents)) EUR"), "\(written)")
        #expect(written.contains("apply    \(p.invoice) \(money(p.cents))") || written.contains("apply   \(p.invoice) \(money(p.cents))"), "\(written)")
    }
}

/// The invoice numbers (F2026-NNN) an e-mail names, its quoted-printable soft line breaks undone.
private func invoiceNumbers(in bytes: [UInt8]) -> Set<String> {
    let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
    var out = Set<String>()
    var rest = Substring(text)
    while let r = rest.range(of: "F2026-") {
        let digits = rest[r.upperBound...].prefix(3)
        if digits.count == 3, digits.allSatisfy(\.isNumber) { out.insert("F2026-" + digits) }
        rest = rest[r.upperBound...]
    }
    return out
}

/// The reminder, delivered and failed records of a history file.
private func parseHistory(_ text: String) -> (reminders: [Expected], delivered: [String], failed: [String]) {
    var reminders: [Expected] = [], delivered: [String] = [], failed: [String] = []
    var current: Expected?
    func flush() { if let c = current { reminders.append(c) }; current = nil }
    for raw in text.split(separator: "\n") {
        let line = raw.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { continue }
        if !(line.hasPrefix(" ") || line.hasPrefix("\t")) {
            flush()
            guard words.count >= 3 else { continue }
            switch words[1] {
            case "reminder" where words.count >= 4:
                current = Expected(id: words[2], day: words[0], customer: words[3], level: 0, channel: "", invoices: [:])
            case "delivered": delivered.append(words[2])
            case "failed": failed.append(words[2])
            default: break
            }
            continue
        }
        guard current != nil else { continue }
        switch words[0] {
        case "level": current!.level = Int(words[1]) ?? -1
        case "channel": current!.channel = words[1]
        case "invoice":
            // invoice NUMBER AMOUNT CUR [level N]
            let own = words.count >= 6 && words[4] == "level" ? Int(words[5]) ?? -1 : nil
            current!.invoices[words[1]] = own ?? -2  // -2: the reminder's level, filled in below
        default: break
        }
    }
    flush()
    for k in reminders.indices {
        for (n, l) in reminders[k].invoices where l == -2 { reminders[k].invoices[n] = reminders[k].level }
    }
    return (reminders, delivered, failed)
}

// MARK: - The commit author from the environment, as `relance init` takes it

@Suite struct CommitAuthorFromEnvironmentTests {
    /// `relance init` commits with GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL when git has no user.name (its help says so);
    /// the books it made must then let `relance run` commit the same way, not stop with "no commit author".
    @Test func runCommitsWithTheAuthorInitTook() throws {
        let temp = try TempBooks([:])
        try FileManager.default.createDirectory(at: temp.root, withIntermediateDirectories: true)
        let env = GitBooks.isolation.merging(["GIT_AUTHOR_NAME": "Claire Martin", "GIT_AUTHOR_EMAIL": "claire@claire-martin.example",
                                              "GIT_COMMITTER_NAME": "Claire Martin", "GIT_COMMITTER_EMAIL": "claire@claire-martin.example",
                                              "PATH": Relance.executable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]) { $1 }
        let made = try Relance.run(["init", "books"], in: temp.root, environment: env)
        try #require(made.status == 0, "init: \(made.stdout)\(made.stderr)")
        let books = temp.root.appendingPathComponent("books")
        let invoices = books.appendingPathComponent("invoices/2026.books")
        var text = (try? String(contentsOf: invoices, encoding: .utf8)) ?? ""
        text += "\n2026-01-05 invoice F2026-900 exemple 100.00 EUR\n  due   2026-02-04\n"
        try Data(text.utf8).write(to: invoices)
        let committed = try runTool("git", ["commit", "--quiet", "-am", "une facture"], in: books, environment: env)
        try #require(committed.status == 0, "git commit: \(committed.stderr)")
        let run = try Relance.run(["run", "--as-of", "2026-02-20"], in: books, environment: env)
        #expect(run.status == 0, "run: \(run.stdout)\(run.stderr)")
        let author = try runTool("git", ["log", "-1", "--format=%an <%ae>%n%s"], in: books, environment: env).stdout
        #expect(author.hasPrefix("Claire Martin <claire@claire-martin.example>\nrelance: 1 reminder"), "\(author)")
    }
}
