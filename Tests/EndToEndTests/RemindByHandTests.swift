import CommandTestSupport
import Foundation
import Testing
import Books
@testable import RelanceCommands

/// `relance remind` as a user drives it: the minimum gap, a level chosen by hand, a personal message,
/// the text edited before it is written, a phone call recorded (a real git repository).
@Suite("relance remind by hand (real git)")
struct RemindByHandTests {
    let asOf = "2026-11-22"

    /// The decoded plain-text body of an .eml, as Python's `email` package reads it.
    func mailBody(_ path: String, in books: GitBooks) throws -> String {
        let script = """
            import email, email.policy, sys
            with open(sys.argv[1], 'rb') as fh:
                m = email.message_from_binary_file(fh, policy=email.policy.default)
            print(m.get_body(('plain',)).get_content(), end='')
            """
        let r = try runTool("python3", ["-c", script, path], in: books.root)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    func pdfText(_ path: String, in books: GitBooks) throws -> String {
        let r = try runTool("pdftotext", ["-enc", "UTF-8", path, "-"], in: books.root)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The record of `id` in history/2026.books, as written.
    func record(_ id: String, in books: GitBooks) throws -> String {
        let text = try books.read("history/2026.books")
        let start = try #require(text.range(of: " reminder \(id) "), "no record \(id) in history")
        let lineStart = text[..<start.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let end = text[start.upperBound...].range(of: "\n\n")?.lowerBound ?? text.endIndex
        return String(text[lineStart..<end])
    }

    /// Nothing written, nothing committed since `head`/`files`.
    func expectUnchanged(_ books: GitBooks, head: String, files: [String: Data], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try books.head == head, sourceLocation: sourceLocation)
        let after = try books.files()
        #expect(after.keys.sorted() == files.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in files where after[path] != bytes && !path.hasPrefix(".git/") {
            Issue.record("\(path) changed", sourceLocation: sourceLocation)
        }
    }

    /// Seen: two `remind` the same day escalated twice. The policy's gap (7 days in ledger-example) holds
    /// for a reminder by hand too; the refusal says when and how to override it.
    @Test func theMinimumGapHoldsUnlessForced() throws {
        let books = try GitBooks()
        let first = try books.relance(["remind", "F2026-022", "--as-of", asOf])
        #expect(first.status == 0, "\(first.stderr)")
        let head = try books.head
        let files = try books.files()
        let again = try books.relance(["remind", "F2026-022", "--as-of", asOf])
        #expect(again.status == 64, "\(again.stderr)")
        #expect(again.stderr.contains("last reminder to groupe-valmont on 2026-11-22 (R2026-0004)"), "\(again.stderr)")
        #expect(again.stderr.contains("waits 7 days between two reminders to a customer, until 2026-11-29"), "\(again.stderr)")
        #expect(again.stderr.contains("--force"), "\(again.stderr)")
        #expect(again.stderr.contains("nothing was done"), "\(again.stderr)")
        try expectUnchanged(books, head: head, files: files)
        // Three days later still inside the gap; --force makes the next level, recorded as such.
        let forced = try books.relance(["remind", "F2026-022", "--as-of", "2026-11-25", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("R2026-0005: made 3 days after R2026-0004, before the policy's 7-day gap (--force): recorded as manual gap"), "\(forced.stderr)")
        let r = try record("R2026-0005", in: books)
        #expect(r.contains("  level    3\n"), "\(r)")
        #expect(r.contains("  manual   gap\n"), "\(r)")
        // The gap is over: no --force needed, no mark.
        let later = try books.relance(["remind", "F2026-022", "--as-of", "2026-12-02"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(!(try record("R2026-0006", in: books)).contains("manual"))
        #expect(try books.relance(["check"]).status == 0)
    }

    /// A formal notice for a notorious late payer: `--level N --force` skips levels and history says the level was chosen by hand.
    @Test func aLevelChosenByHandSkipsWithForce() throws {
        let books = try GitBooks()
        let head = try books.head
        let files = try books.files()
        let refused = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--level", "5"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("levels are never skipped — the next is 2"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--level 5 --force"), "\(refused.stderr)")
        try expectUnchanged(books, head: head, files: files)

        let forced = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--level", "5", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("R2026-0004: level 5 chosen by hand, skipping levels 2 to 4 (--force)"), "\(forced.stderr)")
        let r = try record("R2026-0004", in: books)
        #expect(r.contains("  level    5\n") && r.contains("  manual   level\n"), "\(r)")
        #expect(try books.gitOut(["log", "-1", "--format=%B"]).contains("Level: 5"))
        let check = try books.relance(["check"])
        #expect(check.status == 0 && check.stderr.contains("0 errors"), "\(check.stderr)")
        // Levels never go back, even forced.
        let repeated = try books.relance(["remind", "F2026-022", "--as-of", "2026-12-10", "--level", "2", "--force"])
        #expect(repeated.status == 64, "\(repeated.stderr)")
        #expect(repeated.stderr.contains("has reached the last level (5)"), "\(repeated.stderr)")
    }

    /// Seen: `--message` reached only history. It is a paragraph of the e-mail and of the letter.
    @Test func theMessageIsInTheEmailAndTheLetter() throws {
        let books = try GitBooks()
        let message = "Suite à notre appel de ce matin, voici le détail."
        let email = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--message", message])
        #expect(email.status == 0, "\(email.stderr)")
        let body = try mailBody("reminders/2026/R2026-0004.eml", in: books)
        #expect(body.contains("\n\(message)\n"), "\(body)")
        #expect(try record("R2026-0004", in: books).contains("note     \"\(message)\""))
        // fromagerie-mercier has no e-mail address: a letter.
        let letter = try books.relance(["remind", "F2026-031", "--as-of", asOf, "--message", message])
        #expect(letter.status == 0, "\(letter.stderr)")
        let text = try pdfText("reminders/2026/R2026-0005.pdf", in: books)
        #expect(text.contains("Suite à notre appel de ce matin, voici le détail."), "\(text)")
    }

    /// The seeds' "personnaliser le message": $VISUAL or $EDITOR on the rendered text; what is saved is what is written.
    @Test func editOpensTheEditorOnTheRenderedText() throws {
        let books = try GitBooks()
        let tools = try TempBooks([:])
        try FileManager.default.createDirectory(at: tools.root, withIntermediateDirectories: true)
        func script(_ name: String, _ body: String) throws -> String {
            let url = tools.url(name)
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }
        let rewrite = try script("rewrite", "sed -i 's/Il s.agit sans doute d.un simple oubli/Je reviens vers vous/' \"$1\"")
        let fails = try script("fails", "exit 3")
        let empties = try script("empties", ": > \"$1\"")
        let head = try books.head
        let files = try books.files()

        let failed = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--edit"], environment: ["EDITOR": fails])
        #expect(failed.status != 0, "\(failed.stderr)")
        #expect(failed.stderr.contains("nothing was written"), "\(failed.stderr)")
        try expectUnchanged(books, head: head, files: files)
        let emptied = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--edit"], environment: ["EDITOR": empties])
        #expect(emptied.status != 0, "\(emptied.stderr)")
        #expect(emptied.stderr.contains("empty") && emptied.stderr.contains("nothing was written"), "\(emptied.stderr)")
        try expectUnchanged(books, head: head, files: files)

        // $VISUAL wins over $EDITOR.
        let edited = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--edit"], environment: ["VISUAL": rewrite, "EDITOR": fails])
        #expect(edited.status == 0, "\(edited.stderr)")
        let body = try mailBody("reminders/2026/R2026-0004.eml", in: books)
        #expect(body.contains("Je reviens vers vous"), "\(body)")
        #expect(!body.contains("simple oubli"), "\(body)")
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "history/2026.books\nreminders/2026/R2026-0004.eml")
        #expect(try books.gitOut(["status", "--porcelain"]).isEmpty)

        // A letter: the edited text is what the PDF says.
        let letter = try books.relance(["remind", "F2026-031", "--as-of", asOf, "--edit"], environment: ["EDITOR": rewrite])
        #expect(letter.status == 0, "\(letter.stderr)")
        let text = try pdfText("reminders/2026/R2026-0005.pdf", in: books)
        #expect(text.contains("Je reviens vers vous") && !text.contains("simple oubli"), "\(text)")

        // Level 3 attaches the invoice copy: the text offered for editing already says so.
        let third = try books.relance(["remind", "F2026-022", "--as-of", "2026-11-29", "--edit"], environment: ["EDITOR": rewrite])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try mailBody("reminders/2026/R2026-0006.eml", in: books).contains("Vous trouverez en pièce jointe une copie de la facture."))
    }

    /// `--channel phone` was offered by --help and refused: it records the call, no document, committed.
    @Test(arguments: [("fr", "appel téléphonique"), ("en", "phone call")])
    func aPhoneCallIsRecorded(_ language: String, _ note: String) throws {
        let books = try GitBooks()
        if language == "en" {
            let toml = try books.read("relance.toml").replacingOccurrences(of: "language = \"fr\"", with: "language = \"en\"")
            try books.temp.write("relance.toml", toml)
            try books.git(["commit", "--quiet", "-am", "English books"])
        }
        let r = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--channel", "phone"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "history/2026.books")
        let record = try record("R2026-0004", in: books)
        #expect(record.contains("  level    2\n  channel  phone\n"), "\(record)")
        #expect(record.contains("  note     \"\(note)\""), "\(record)")
        #expect(!record.contains("  file "), "\(record)")
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent("reminders/2026").path))
        #expect(try books.gitOut(["log", "-1", "--format=%B"]).contains("Reminder: R2026-0004\nCustomer: groupe-valmont\nLevel: 2"))
        #expect(try books.relance(["check"]).status == 0)
        // The call counts as that level: the next reminder by hand is level 3 (forced past the gap).
        let next = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--force", "--channel", "phone", "--message", "rappelle lundi"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try self.record("R2026-0005", in: books).contains("  level    3\n  channel  phone\n"))
        #expect(try self.record("R2026-0005", in: books).contains("  note     \"rappelle lundi\""))
        #expect(try books.relance(["remind", "--help"]).stdout.contains("phone"))
    }
}

/// The same command in process, through the injected context (fixed date, temp repository), and the
/// edit file read back.
@Suite("relance remind in process")
struct RemindInProcessTests {
    func context(_ root: URL, environment: [String: String] = [:]) -> CommandContext {
        testContext(root.path, today: "2026-11-22", environment: environment, now: 1_795_000_000)
    }

    @Test func gapRefusedThenForcedThroughTheContext() throws {
        let books = try GitBooks()
        let first = context(books.root)
        #expect(try RemindCommand.run(.init(books: BooksOptions(), invoice: "F2026-034"), first) == .ok)
        #expect(first.out.text.contains("R2026-0004 atelier-lumiere level 2"), "\(first.out.text)")
        let second = context(books.root)
        do {
            _ = try RemindCommand.run(.init(books: BooksOptions(), invoice: "F2026-034"), second)
            Issue.record("a second reminder the same day was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.status == .usage)
            #expect(failure.message.contains("until 2026-11-29") && failure.message.contains("--force"), "\(failure.message)")
        }
        let forced = context(books.root)
        #expect(try RemindCommand.run(.init(books: BooksOptions(), invoice: "F2026-034", force: true), forced) == .ok)
        #expect(try books.read("history/2026.books").contains("reminder R2026-0005 atelier-lumiere\n  level    3\n  channel  email\n  manual   gap\n"))

        // history shows what was chosen by hand, in JSON and CSV: [] / "" for a planned reminder.
        let json = context(books.root)
        #expect(try HistoryCommand.run(.init(books: BooksOptions(), subject: "atelier-lumiere", format: .json), json) == .ok)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.out.text.utf8)) as? [[String: Any]])
        let manual = Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as? String ?? "?", $0["manual"] as? [String]) })
        #expect(manual["R2026-0004"] == .some([]), "\(json.out.text)")
        #expect(manual["R2026-0005"] == .some(["gap"]), "\(json.out.text)")
        let csv = context(books.root)
        #expect(try HistoryCommand.run(.init(books: BooksOptions(), subject: "atelier-lumiere", format: .csv), csv) == .ok)
        let rows = csv.out.text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(rows.first?.firstIndex(of: "manual"), "\(csv.out.text)")
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0[column]) })
        #expect(byID["R2026-0004"] == "" && byID["R2026-0005"] == "gap", "\(csv.out.text)")
    }

    /// Seen: after reminders dated 2026-11-22, `run --as-of 2026-11-10` (or `remind`) wrote reminders dated before
    /// them, ignoring them: the same invoices reminded again at the first level, history out of date order.
    @Test func noReminderIsWrittenBeforeTheLastOneInHistory() throws {
        let books = try GitBooks()
        let first = context(books.root)
        #expect(try RunCommand.run(.init(books: BooksOptions()), first) == .ok)
        let head = try books.head
        let files = try books.files()
        for (name, command) in [("run", { (c: CommandContext) in try RunCommand.run(.init(books: BooksOptions(asOf: "2026-11-10")), c) }),
                                ("remind", { (c: CommandContext) in try RemindCommand.run(.init(books: BooksOptions(asOf: "2026-11-10"), invoice: "F2026-034", force: true), c) })] {
            do {
                _ = try command(context(books.root))
                Issue.record("\(name) as of 2026-11-10 was accepted after reminders of 2026-11-22")
            } catch let failure as CommandFailure {
                #expect(failure.status == .usage)
                #expect(failure.message.contains("2026-11-22") && failure.message.contains("--as-of 2026-11-22 or later"), "\(failure.message)")
            }
        }
        #expect(try books.head == head)
        #expect(try books.files() == files)
        // The same day is fine (the gap decides).
        #expect(try RunCommand.run(.init(books: BooksOptions(asOf: "2026-11-22")), context(books.root)) == .ok)
    }

    @Test func theEditFileReadsBack() throws {
        let texts = [(part: "email", text: "Subject: Relance\n\nBonjour,\n"), (part: "letter", text: "Objet : Relance\n\nMadame,\n---\nFin.\n")]
        let file = ReminderEditor.file(texts, reminder: "R2026-0004", customer: "acme")
        #expect(file.contains("# ==== e-mail ====\nSubject: Relance\n") && file.contains("# ==== letter ====\nObjet : Relance\n"))
        // Untouched, it gives back the same texts (comment lines left out).
        let same = try ReminderEditor.parse(file, parts: ["email", "letter"]).get()
        #expect(same["email"]?.hasPrefix("Subject: Relance\n\nBonjour,") == true && same["letter"]?.contains("---\nFin.") == true)
        // A part emptied, no subject left, everything emptied: refused with a reason.
        for (edited, reason) in [(file.replacingOccurrences(of: "Bonjour,\n", with: "").replacingOccurrences(of: "Subject: Relance\n", with: ""), "the e-mail is empty"),
                                 (file.replacingOccurrences(of: "Subject: Relance", with: "Relance"), "must start with its subject line"),
                                 ("# only comments\n\n", "the text is empty")] {
            switch ReminderEditor.parse(edited, parts: ["email", "letter"]) {
            case .success: Issue.record("accepted: \(edited)")
            case .failure(let failure): #expect(failure.message.contains(reason) && failure.message.contains("nothing was written"), "\(failure.message)")
            }
        }
    }
}
