import Books
import Foundation
import RelanceCommands
import Server
import Testing

/// A git copy of ledger-example/ and a site over it, with the date pinned (2026-11-22): requests are answered in-process.
final class ServedBooks {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let isolation = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"]

    let root: URL
    let site: Site
    let origin = "http://127.0.0.1:4711"

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("relance-serve-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ServedBooks.packageRoot.appendingPathComponent("ledger-example"), to: root)
        try ServedBooks.git(root, ["init", "--quiet", "--initial-branch=main"])
        try ServedBooks.git(root, ["config", "user.name", "Claire Martin"])
        try ServedBooks.git(root, ["config", "user.email", "claire@claire-martin.example"])
        try ServedBooks.git(root, ["config", "commit.gpgsign", "false"])
        try ServedBooks.git(root, ["add", "-A"])
        try ServedBooks.git(root, ["commit", "--quiet", "-m", "books"])
        let context = CommandContext(currentDirectory: root.path, environment: ServedBooks.isolation, out: OutputSink(), err: OutputSink(),
                                     today: { _ in Day(year: 2026, month: 11, day: 22)! }, now: { 1_795_340_000 })
        site = Site(runner: CommandRunner(books: BooksOptions(books: root.path, asOf: "2026-11-22"), base: context))
        site.listening(host: "127.0.0.1", port: 4711)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func git(_ arguments: String...) throws -> String { try ServedBooks.git(root, arguments) }

    @discardableResult
    static func git(_ root: URL, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        p.currentDirectoryURL = root
        p.environment = ProcessInfo.processInfo.environment.merging(ServedBooks.isolation) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var cookie: String { "relance_token_4711=\(site.token)" }

    func get(_ target: String, cookie: Bool = true) -> Response {
        site.respond(Request(method: "GET", target: target, headers: cookie ? ["Cookie": self.cookie] : [:]))
    }

    func post(_ path: String, fields: [(String, String)], origin: String?, withToken: Bool = true) -> Response {
        var headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        if let origin { headers["Origin"] = origin }
        var all = fields
        if withToken { all.append(("token", site.token)) }
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }.joined(separator: "&")
        return site.respond(Request(method: "POST", target: path, headers: headers, body: Data(body.utf8)))
    }

    /// Every file under the root, .git included: equal before and after means nothing was written.
    func files() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: root.path)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            let path = root.appendingPathComponent(rel).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: path) ?? Data()
            }
        }
        return out
    }

    func append(_ path: String, _ text: String) throws {
        let h = try FileHandle(forWritingTo: root.appendingPathComponent(path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    /// What the command prints, run as the command line runs it.
    func command(_ body: (CommandContext) throws -> RelanceCommands.ExitStatus) throws -> String {
        let context = CommandContext(currentDirectory: root.path, environment: ServedBooks.isolation, out: OutputSink(), err: OutputSink(),
                                     today: { _ in Day(year: 2026, month: 11, day: 22)! }, now: { 1_795_340_000 })
        _ = try body(context)
        return context.out.text
    }
}

@Suite struct ServerTests {
    @Test func everyPageNeedsTheTokenWhichTheFirstVisitKeepsInACookie() throws {
        let books = try ServedBooks()
        let anonymous = books.get("/", cookie: false)
        #expect(anonymous.status == 403)
        #expect(!anonymous.text.contains(books.site.token))
        #expect(books.get("/invoices?token=wrong", cookie: false).status == 403)
        #expect(books.site.respond(Request(method: "GET", target: "/", headers: ["Cookie": "relance_token_4711=\(String(books.site.token.reversed()))"])).status == 403)

        let first = books.get("/invoices?customer=pixel-co&token=\(books.site.token)", cookie: false)
        #expect(first.status == 303)
        #expect(first.header("Location") == "/invoices?customer=pixel-co")
        let setCookie = try #require(first.header("Set-Cookie"))
        #expect(setCookie.hasPrefix("relance_token_4711=\(books.site.token);"))
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))

        for path in ["/", "/invoices", "/reminders", "/history", "/customers/pixel-co", "/style.css"] {
            #expect(books.get(path).status == 200, "\(path)")
        }
        #expect(books.get("/customers/nobody").status == 404)
        #expect(books.get("/nowhere").status == 404)
    }

    @Test func theOverviewShowsTheTotalsOfStatusAndTheChart() throws {
        let books = try ServedBooks()
        let page = books.get("/").text
        let status = try books.command { try StatusCommand.run(.init(books: BooksOptions(books: books.root.path, asOf: "2026-11-22"), format: .json), $0) }
        let totals = try #require((try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])?["totals"] as? [[String: Any]])
        #expect(totals.count == 2)
        for t in totals {
            #expect(page.contains("data-outstanding=\"\(t["outstanding"] as! String)\""), "\(t)")
        }
        #expect(page.contains("35\u{202F}451,44\u{00A0}€"))  // French, as the books' language says
        #expect(page.contains("<svg class=\"aging\""))
        #expect(page.contains("Vue d&#39;ensemble"))
        #expect(page.contains("R2026-0003"))  // the last reminders
    }

    @Test func theInvoicesTableFiltersAndSortsOnTheServer() throws {
        let books = try ServedBooks()
        func numbers(_ page: String) -> [String] {
            page.components(separatedBy: "data-invoice=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        let all = numbers(books.get("/invoices").text)
        #expect(all.count == 19)
        let byOutstanding = numbers(books.get("/invoices?currency=EUR&sort=outstanding&dir=desc").text)
        #expect(byOutstanding.count == 17)
        let status = try books.command { try StatusCommand.run(.init(books: BooksOptions(books: books.root.path, asOf: "2026-11-22"), format: .json), $0) }
        let items = try #require((try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        let expected = items.filter { $0["currency"] as? String == "EUR" }
            .map { ($0["number"] as! String, Decimal(string: $0["outstanding"] as! String)!) }
            .enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }.map(\.element.0)
        #expect(byOutstanding == expected)
        #expect(numbers(books.get("/invoices?sort=due&dir=asc").text) != numbers(books.get("/invoices?sort=due&dir=desc").text))
        let pixel = numbers(books.get("/invoices?customer=pixel-co").text)
        #expect(!pixel.isEmpty && pixel.allSatisfy { all.contains($0) })
        #expect(pixel.count < all.count)
        #expect(books.get("/invoices?min=1.2.3").status == 400)
    }

    @Test func exportsAreTheCommandsOwnCSV() throws {
        let books = try ServedBooks()
        let options = BooksOptions(books: books.root.path, asOf: "2026-11-22")
        let csv = books.get("/export/status.csv")
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.text == (try books.command { try StatusCommand.run(.init(books: options, format: .csv), $0) }))
        let fr = books.get("/export/aging.csv?format=csv-fr")
        #expect(fr.text == (try books.command { try AgingCommand.run(.init(books: options, format: .csvFr), $0) }))
        #expect(fr.text.hasPrefix("\u{FEFF}") && fr.text.contains(";"))
    }

    @Test func getNeverWrites() throws {
        let books = try ServedBooks()
        let before = try books.files()
        for path in ["/", "/invoices?sort=due", "/reminders", "/history", "/customers/ecole-gerland", "/reminder/R2026-0002",
                     "/preview?invoice=F2026-021", "/run", "/print", "/export/status.csv", "/file?path=documents/F2026-022.pdf"] {
            _ = books.get(path)
        }
        #expect(books.get("/run?invoice=F2026-021").status == 404)
        #expect(try books.files() == before)
        #expect(try books.git("rev-list", "--count", "HEAD") == "1")
    }

    @Test func aPostFromAnotherOriginOrWithoutTheTokenIsRefusedAndWritesNothing() throws {
        let books = try ServedBooks()
        let before = try books.files()
        let wrongOrigin = books.post("/run", fields: [("invoice", "F2026-021")], origin: "http://evil.example")
        #expect(wrongOrigin.status == 403)
        #expect(books.post("/run", fields: [("invoice", "F2026-021")], origin: nil).status == 403)
        #expect(books.post("/run", fields: [("invoice", "F2026-021")], origin: "http://127.0.0.1:4712").status == 403)
        #expect(books.post("/run", fields: [("invoice", "F2026-021")], origin: books.origin, withToken: false).status == 403)
        #expect(books.post("/print", fields: [], origin: "null").status == 403)
        #expect(try books.files() == before)
    }

    @Test func theButtonDoesWhatRunOnlyDoesOnceAndTheSecondPressMakesNothing() throws {
        let books = try ServedBooks()
        let ticked = ["F2026-021", "F2026-029", "F2026-032"]  // F2026-022 (groupe-valmont) is due too, and left unticked
        let first = books.post("/run", fields: ticked.map { ("invoice", $0) }, origin: books.origin)
        #expect(first.status == 200)
        #expect(first.text.contains("Committed"))
        #expect(try books.git("rev-list", "--count", "HEAD") == "2")
        let message = try books.git("log", "-1", "--format=%B")
        for n in ticked { #expect(message.contains("Invoice: \(n)")) }
        #expect(!message.contains("Invoice: F2026-022"))
        // The page again, with the same boxes: the unticked invoice stays unticked.
        #expect(first.text.contains("value=\"F2026-022\" aria-label"))
        #expect(!first.text.contains("value=\"F2026-022\" checked"))

        let second = books.post("/run", fields: ticked.map { ("invoice", $0) }, origin: books.origin)
        #expect(second.status == 200)
        #expect(second.text.contains("Nothing is due"))
        #expect(try books.git("rev-list", "--count", "HEAD") == "2")
    }

    /// The fields the reminders screen sends for `ticked` as first shown: each box, its level and channel as proposed.
    func shownFields(_ books: ServedBooks, ticked: [String]) -> [(String, String)] {
        let page = books.get("/reminders").text
        var fields: [(String, String)] = []
        for n in ticked {
            fields.append(("invoice", n))
            for kind in ["level", "channel"] {
                let select = page.components(separatedBy: "name=\"\(kind)-\(n)\"").dropFirst().first?.components(separatedBy: "</select>").first ?? ""
                let selected = select.components(separatedBy: "<option value=\"").dropFirst().first { $0.contains("selected") }
                if let value = selected?.prefix(while: { $0 != "\"" }) { fields.append(("\(kind)-\(n)", String(value))) }
            }
        }
        return fields
    }

    @Test func theLevelDropDownOffersTheLevelsOfThePolicyThatRemindWouldAccept() throws {
        let books = try ServedBooks()
        let page = books.get("/reminders").text
        let row = try #require(page.components(separatedBy: "<tr data-invoice=\"F2026-021\"").dropFirst().first?.components(separatedBy: "</tr>").first)
        // ecole-gerland's F2026-021 is at level 3: level 4 is proposed, 5 may be chosen; 1 to 3 are shown, not offered.
        #expect(row.contains("<option value=\"4\" data-channel=\"email\" selected>4 · Relevé des factures impayées</option>"))
        // Level 5 goes by letter (the policy's channel for it): the page moves the channel with the level.
        #expect(row.contains("<option value=\"5\" data-channel=\"letter\">5 · Mise en demeure</option>"))
        for n in 1...3 { #expect(row.contains("<option value=\"\(n)\" data-channel=\"email\" disabled>"), "level \(n)") }
        // fromagerie-mercier has no e-mail address: e-mail is shown, not offered, with the sign.
        let letter = try #require(page.components(separatedBy: "<tr data-invoice=\"F2026-031\"").dropFirst().first?.components(separatedBy: "</tr>").first)
        #expect(letter.contains("class=\"noemail\""))
        #expect(letter.contains("<option value=\"email\" disabled>"))
        #expect(letter.contains("<option value=\"letter\" selected>"))
        #expect(page.contains("data-all-channel=\"email\"") && page.contains("data-all-channel=\"letter\""))
    }

    /// The "why" cell of an invoice's row on the reminders screen.
    static func why(_ invoice: String, in page: String) -> String? {
        let row = page.components(separatedBy: "<tr data-invoice=\"\(invoice)\"").dropFirst().first?.components(separatedBy: "</tr>").first
        return row?.components(separatedBy: "<td class=\"why\">").dropFirst().first?.components(separatedBy: "</td>").first
    }

    @Test func theReasonsOnTheRemindersScreenAreInTheBooksLanguage() throws {
        let books = try ServedBooks()
        let french = books.get("/reminders").text
        #expect(ServerTests.why("F2026-021", in: french) == "134 jours de retard, niveau 3 envoyé le 2026-08-05")
        #expect(ServerTests.why("F2026-022", in: french) == "97 jours de retard, jamais relancée")
        let cells = french.components(separatedBy: "<td class=\"why\">").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
        #expect(cells.count == 10)
        for english in ["days late", "never reminded", "sent on"] { #expect(cells.allSatisfy { !$0.contains(english) }, "\(english): \(cells)") }

        // The same books in English: the reasons as `relance plan` writes them.
        let config = books.root.appendingPathComponent("relance.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "language = \"fr\"", with: "language = \"en\"").write(to: config, atomically: true, encoding: .utf8)
        let english = books.get("/reminders").text
        #expect(ServerTests.why("F2026-021", in: english) == "134 days late, level 3 sent on 2026-08-05")
        #expect(ServerTests.why("F2026-022", in: english) == "97 days late, never reminded")
    }

    @Test func theLevelAndChannelAsProposedChangeNothing() throws {
        let ticked = ["F2026-021", "F2026-022", "F2026-031"]
        let plain = try ServedBooks(), chosen = try ServedBooks()
        _ = plain.post("/run", fields: ticked.map { ("invoice", $0) }, origin: plain.origin)
        let fields = shownFields(chosen, ticked: ticked)
        #expect(fields.count == 9)
        _ = chosen.post("/run", fields: fields, origin: chosen.origin)
        #expect(try plain.git("rev-list", "--count", "HEAD") == "2")
        #expect(try chosen.git("log", "-1", "--format=%B") == plain.git("log", "-1", "--format=%B"))
        #expect(try chosen.git("rev-parse", "HEAD^{tree}") == plain.git("rev-parse", "HEAD^{tree}"))
    }

    @Test func aLevelChosenByHandIsCommittedAsRemindForceRecordsIt() throws {
        let books = try ServedBooks()
        // groupe-valmont's F2026-022 (proposed level 2) is taken to level 4, skipping 3; F2026-029 stays as proposed.
        var fields = shownFields(books, ticked: ["F2026-022", "F2026-029"])
        fields = fields.map { $0.0 == "level-F2026-022" ? ($0.0, "4") : $0 }
        let page = books.post("/run", fields: fields, origin: books.origin)
        #expect(page.text.contains("class=\"message ok\""), "\(page.text)")
        #expect(try books.git("rev-list", "--count", "HEAD") == "2")
        let message = try books.git("log", "-1", "--format=%B")
        let trailers = message.split(separator: "\n").filter { $0.contains(": ") }.map(String.init)
        let at = try #require(trailers.firstIndex(of: "Customer: groupe-valmont"))
        #expect(trailers[at + 1] == "Level: 4")
        #expect(trailers[at + 2] == "Invoice: F2026-022")
        let other = try #require(trailers.firstIndex(of: "Customer: jean-dupont"))
        #expect(trailers[other + 1] == "Level: 2")
        let history = try books.git("show", "HEAD:history/2026.books")
        let record = try #require(ServerTests.record(of: "groupe-valmont", in: history))
        #expect(record.contains("\n  level    4\n"))
        #expect(record.contains("\n  manual   level\n"))
        #expect(record.contains("\n  invoice  F2026-022 "))
        #expect(try #require(ServerTests.record(of: "jean-dupont", in: history)).contains("manual") == false)
        // As `remind F2026-022 --level 4 --force` makes it (but for the note).
        let remind = try ServedBooks()
        _ = try remind.command { try RemindCommand.run(.init(books: BooksOptions(books: remind.root.path, asOf: "2026-11-22"), invoice: "F2026-022", level: 4, force: true), $0) }
        let made = try #require(ServerTests.record(of: "groupe-valmont", in: try remind.git("show", "HEAD:history/2026.books")))
        let withoutNote = { (r: String) in r.split(separator: "\n").filter { !$0.hasPrefix("  note ") } }
        #expect(withoutNote(made) == withoutNote(record))
    }

    /// The lines of the history record of the reminder to `customer` (from its first line to the blank line).
    static func record(of customer: String, in history: String) -> String? {
        let records = history.components(separatedBy: "\n\n")
        return records.first { $0.split(separator: "\n").first.map { $0.contains(" reminder ") && $0.hasSuffix(" " + customer) } ?? false }
    }

    @Test func aChannelChosenByHandIsTheReminders() throws {
        let books = try ServedBooks()
        var fields = shownFields(books, ticked: ["F2026-029"])
        fields = fields.map { $0.0 == "channel-F2026-029" ? ($0.0, "letter") : $0 }
        _ = books.post("/run", fields: fields, origin: books.origin)
        #expect(try books.git("rev-list", "--count", "HEAD") == "2")
        let history = try books.git("show", "HEAD:history/2026.books")
        let record = try #require(history.components(separatedBy: "reminder ").last)
        #expect(record.hasPrefix("R2026-0004 jean-dupont\n"))
        #expect(record.contains("  channel  letter\n"))
        #expect(record.hasSuffix("  file     reminders/2026/R2026-0004.pdf"))
        #expect(!record.contains(".eml"))
    }

    /// ledger-example with a second invoice due for jean-dupont, committed: his reminder carries F2026-029 and F2026-090.
    func twoInvoicesForJeanDupont() throws -> ServedBooks {
        let books = try ServedBooks()
        try books.append("invoices/2026.books", "\n2026-08-10 invoice F2026-090 jean-dupont 500.00 EUR\n  due 2026-09-10\n")
        try books.git("commit", "--quiet", "-am", "F2026-090")
        return books
    }

    @Test func aReminderOfTwoInvoicesGoesByOneChannel() throws {
        let books = try twoInvoicesForJeanDupont()
        let shown = shownFields(books, ticked: ["F2026-029", "F2026-090"])
        let page = books.get("/reminders").text
        #expect(page.contains("data-invoice=\"F2026-090\" data-reminder=\"R2026-0011\"") && page.contains("data-invoice=\"F2026-029\" data-reminder=\"R2026-0011\""))
        // Two different channels for one reminder: refused, nothing written.
        let before = try books.files()
        let mixed = books.post("/run", fields: shown.map { $0.0 == "channel-F2026-029" ? ($0.0, "letter") : $0.0 == "channel-F2026-090" ? ($0.0, "both") : $0 },
                               origin: books.origin)
        #expect(mixed.text.contains("F2026-090, F2026-029 go in one reminder to jean-dupont: choose one channel for it (asked: F2026-090 both, F2026-029 letter)"))
        #expect(try books.files() == before)
        // One row changed (as without script): the whole reminder goes by letter.
        _ = books.post("/run", fields: shown.map { $0.0 == "channel-F2026-090" ? ($0.0, "letter") : $0 }, origin: books.origin)
        let record = try #require(ServerTests.record(of: "jean-dupont", in: try books.git("show", "HEAD:history/2026.books")))
        #expect(record.contains("\n  channel  letter\n"))
        #expect(record.contains("\n  invoice  F2026-029 ") && record.contains("\n  invoice  F2026-090 "))
    }

    @Test func anInvoiceTakenToAnotherLevelLeavesItsCustomersReminder() throws {
        let books = try twoInvoicesForJeanDupont()
        let shown = shownFields(books, ticked: ["F2026-029", "F2026-090"])
        _ = books.post("/run", fields: shown.map { $0.0 == "level-F2026-090" ? ($0.0, "3") : $0 }, origin: books.origin)
        let message = try books.git("log", "-1", "--format=%B")
        let trailers = message.split(separator: "\n").filter { ["Reminder:", "Customer:", "Level:", "Invoice:"].contains($0.split(separator: " ").first ?? "") }.map(String.init)
        #expect(trailers == ["Reminder: R2026-0004", "Customer: jean-dupont", "Level: 2", "Invoice: F2026-029",
                             "Reminder: R2026-0005", "Customer: jean-dupont", "Level: 3", "Invoice: F2026-090"])
        let history = try books.git("show", "HEAD:history/2026.books")
        #expect(history.contains("reminder R2026-0005 jean-dupont\n  level    3\n  channel  email\n  manual   level\n  invoice  F2026-090 500.00 EUR\n"))
        #expect(history.contains("reminder R2026-0004 jean-dupont\n  level    2\n  channel  email\n  invoice  F2026-029 "))
    }

    @Test func aBogusLevelOrChannelIsRefusedWithAMessageAndNothingIsWritten() throws {
        let books = try ServedBooks()
        let before = try books.files()
        let shown = shownFields(books, ticked: ["F2026-021", "F2026-031"])
        let cases: [(field: String, value: String, says: String)] = [
            ("level-F2026-021", "abc", "n&#39;est pas un niveau"),
            ("level-F2026-021", "9", "there is no level 9 in the policy"),
            ("level-F2026-021", "1", "levels never go back"),
            ("level-F2026-021", "3", "already had level 3"),
            ("channel-F2026-021", "fax", "ni e-mail ni courrier"),
            ("channel-F2026-021", "phone", "ni e-mail ni courrier"),
            ("channel-F2026-031", "email", "has no e-mail address"),
        ]
        for c in cases {
            let fields = shown.map { $0.0 == c.field ? ($0.0, c.value) : $0 }
            let page = books.post("/run", fields: fields, origin: books.origin)
            #expect(page.status == 200)
            #expect(page.text.contains("class=\"message refused\""), "\(c.field)=\(c.value)")
            #expect(page.text.contains(c.says), "\(c.field)=\(c.value): \(page.text)")
        }
        // A level for an invoice the plan does not remind today is `remind`'s, not the button's.
        let notDue = books.post("/run", fields: shown + [("invoice", "F2026-040"), ("level-F2026-040", "3")], origin: books.origin)
        #expect(notDue.text.contains("F2026-040: no reminder is proposed for it today"), "\(notDue.text)")
        #expect(try books.files() == before)
        #expect(try books.git("rev-list", "--count", "HEAD") == "1")
        // The token and Origin rules hold for the new fields too.
        let chosen = shown.map { $0.0 == "level-F2026-021" ? ($0.0, "5") : $0 }
        #expect(books.post("/run", fields: chosen, origin: "http://evil.example").status == 403)
        #expect(books.post("/run", fields: chosen, origin: books.origin, withToken: false).status == 403)
        #expect(try books.files() == before)
    }

    @Test func thePrintBatchIsDownloadedAsPrintMakesIt() throws {
        let books = try ServedBooks()
        let none = books.post("/print", fields: [], origin: books.origin)
        #expect(none.text.contains("No letter to print"))
        #expect(try books.git("rev-list", "--count", "HEAD") == "1")
        _ = books.post("/run", fields: [("invoice", "F2026-031")], origin: books.origin)  // fromagerie-mercier: a letter
        let pdf = books.post("/print", fields: [], origin: books.origin)
        #expect(pdf.header("Content-Type") == "application/pdf")
        #expect(pdf.body.prefix(4) == Data("%PDF".utf8))
        #expect(try books.git("rev-list", "--count", "HEAD") == "3")
        #expect(try books.git("log", "-1", "--format=%B").contains("Printed: "))
        #expect(try books.git("status", "--porcelain") == "")
    }

    @Test func runRefusalsAreShownOnThePage() throws {
        let books = try ServedBooks()
        try books.append("payments/2026.books", "\n2026-11-20 payment ecole-gerland 540.00 EUR\n  apply F2026-021\n")
        let refused = books.post("/run", fields: [("invoice", "F2026-029")], origin: books.origin)
        #expect(refused.status == 200)
        #expect(refused.text.contains("class=\"message refused\""))
        #expect(refused.text.contains("payments/2026.books"))
        #expect(try books.git("rev-list", "--count", "HEAD") == "1")
        let nothing = books.post("/run", fields: [], origin: books.origin)
        #expect(nothing.text.contains("Aucune facture cochée"))
    }

    @Test func anEditOfTheBooksShowsOnReloadAndErrorsAreLocated() throws {
        let books = try ServedBooks()
        #expect(!books.get("/invoices").text.contains("F2026-099"))
        try books.append("invoices/2026.books", "\n2026-11-02 invoice F2026-099 pixel-co 1234.00 EUR\n")
        #expect(books.get("/invoices").text.contains("F2026-099"))
        try books.append("invoices/2026.books", "\n2026-11-03 invoice F2026-100 nobody-here 10.00 EUR\n")
        let broken = books.get("/")
        #expect(broken.text.contains("Les livres ont des erreurs"))
        #expect(broken.text.contains("invoices/2026.books:"))
        #expect(broken.text.contains("nobody-here"))
    }

    @Test func noFileOutsideTheBooksIsServed() throws {
        let books = try ServedBooks()
        let pdf = books.get("/file?path=documents/F2026-022.pdf")
        #expect(pdf.status == 200)
        #expect(pdf.header("Content-Type") == "application/pdf")
        #expect(pdf.body.prefix(4) == Data("%PDF".utf8))
        // A secret in a folder of its own outside the books, reached by a link to the file and a link to its folder.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relance-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appendingPathComponent("secret.pdf")
        try Data("%PDF secret".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("documents/link.pdf").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("out").path, withDestinationPath: folder.path)
        for path in ["../\(folder.lastPathComponent)/secret.pdf", outside.path, "documents/../../\(folder.lastPathComponent)/secret.pdf", "documents/link.pdf",
                     "out/secret.pdf", ".git/config", "relance.toml", "documents", "documents/%2e%2e/x.pdf", "documents//F2026-022.pdf"] {
            let r = books.get("/file?path=\(path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(r.status == 403, "\(path)")
            #expect(!r.text.contains("%PDF secret"), "\(path)")
        }
    }

    @Test func aReminderShowsItsEmailAsShowPrintsItAndItsLetterInline() throws {
        let books = try ServedBooks()
        let preview = books.get("/preview?invoice=F2026-031")
        #expect(preview.status == 200)
        #expect(preview.text.contains("reminders/2026/R2026-0004.pdf"))
        let previewed = books.get("/preview?invoice=F2026-031&doc=0")
        #expect(previewed.header("Content-Type") == "application/pdf")
        #expect(try books.git("rev-list", "--count", "HEAD") == "1")

        _ = books.post("/run", fields: [("invoice", "F2026-031"), ("invoice", "F2026-029")], origin: books.origin)
        let message = try books.git("log", "-1", "--format=%B")
        let ids = message.split(separator: "\n").filter { $0.hasPrefix("Reminder: ") }.map { String($0.dropFirst(10)) }
        #expect(ids.count == 2)
        for id in ids {
            let page = books.get("/reminder/\(id)").text
            let shown = try books.command { try ShowCommand.run(.init(books: BooksOptions(books: books.root.path), id: id), $0) }
            if shown.hasPrefix("Letter: ") {
                #expect(page.contains("<iframe class=\"pdf\" src=\"/file?path=reminders%2F2026%2F\(id).pdf\""))
                #expect(books.get("/file?path=reminders/2026/\(id).pdf").body == previewed.body)
            } else {
                let subject = try #require(shown.split(separator: "\n").first { $0.hasPrefix("Subject:") })
                #expect(page.contains(escape(String(subject))))
            }
        }
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func theServerAnswersOnARealSocket() async throws {
        let books = try ServedBooks()
        let server = try WebServer(site: books.site, host: "127.0.0.1", port: 0)
        let port = try await server.start()
        #expect(port > 0)
        #expect(server.url(port: port) == "http://127.0.0.1:\(port)/?token=\(books.site.token)")
        let token = books.site.token
        let (status, body) = try await offThePool { try rawGet(port: port, path: "/", cookie: "relance_token_\(port)=\(token)") }
        #expect(status.contains(" 200 "))
        #expect(body.contains("Vue d&#39;ensemble"))
        let (refused, _) = try await offThePool { try rawGet(port: port, path: "/", cookie: nil) }
        #expect(refused.contains(" 403 "))
        await server.stop()
    }

    /// Runs blocking socket calls on a thread of their own, leaving the concurrency pool to the server.
    func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            Thread.detachNewThread { c.resume(with: Result { try body() }) }
        }
    }

    /// A GET over a plain socket, as a browser would send it.
    @Sendable func rawGet(port: Int, path: String, cookie: String?) throws -> (String, String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(connected == 0)
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n" + (cookie.map { "Cookie: \($0)\r\n" } ?? "") + "Connection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Until the body announced by Content-Length has come (the server may keep the connection open).
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let length = text[..<end.lowerBound].components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n").first ?? ""
        return (head, text)
    }
}
