import CommandTestSupport
import Foundation
import Testing

/// The customers of ledger-example/ that the reminders below go to, as written in customers.books.
private let customers: [String: (name: String, emails: [String])] = [
    "atelier-lumiere": ("Atelier Lumière SARL", ["compta@atelier-lumiere.example"]),
    "brightside": ("Brightside Analytics Inc.", ["accounts-payable@brightside.example"]),
    "cabinet-roux": ("Cabinet Roux & Associés SELARL", ["secretariat@cabinet-roux.example"]),
    "clinique-monplaisir": ("Clinique vétérinaire de Monplaisir SELARL", ["accueil@veto-monplaisir.example"]),
    "domaine-verdier": ("Domaine Verdier SCEA", ["contact@domaine-verdier.example"]),
    "ecole-gerland": ("Association École Montessori de Gerland",
                      ["direction@montessori-gerland.example", "tresorerie@montessori-gerland.example"]),
    "fromagerie-mercier": ("Fromagerie Mercier EURL", []),
    "groupe-valmont": ("Groupe Valmont SA", ["fournisseurs@valmont.example"]),
    "hotel-canuts": ("Hôtel des Canuts SAS", ["direction@hotel-canuts.example"]),
    "jean-dupont": ("M. Jean Dupont", ["jean.dupont@example.net"]),
    "lyon-a-velo": ("Association Lyon à Vélo", ["tresorier@lyonavelo.example"]),
    "pixel-co": ("Pixel & Co SAS", ["factures@pixel-co.example"]),
    "transports-berger": ("Transports Berger SAS", ["comptabilite@transports-berger.example"]),
]

/// A reminder as `plan --format json` announces it.
private struct PlannedReminder: Equatable {
    var id: String
    var customer: String
    var level: Int
    var channel: String
    var invoices: [String]

    /// The documents `run` should write for it.
    var documents: [String] {
        let year = id.dropFirst().prefix(4)
        var out: [String] = []
        if channel == "email" || channel == "both" { out.append("reminders/\(year)/\(id).eml") }
        if channel == "letter" || channel == "both" { out.append("reminders/\(year)/\(id).pdf") }
        return out
    }
}

private func plan(_ books: GitBooks, asOf: String) throws -> [PlannedReminder] {
    let r = try books.relance(["plan", "--as-of", asOf, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let reminders = try #require(json["reminders"] as? [[String: Any]])
    return reminders.map {
        PlannedReminder(id: $0["id"] as? String ?? "?", customer: $0["customer"] as? String ?? "?", level: $0["level"] as? Int ?? -1,
                        channel: $0["channel"] as? String ?? "?", invoices: $0["invoices"] as? [String] ?? [])
    }
}

/// `history --format json`: every reminder record.
private func history(_ books: GitBooks, _ subject: String? = nil) throws -> [[String: Any]] {
    let r = try books.relance(["history", "--format", "json"] + (subject.map { [$0] } ?? []))
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
}

/// The trailers of HEAD's message, as `git interpret-trailers --parse` reads them.
private func trailers(_ books: GitBooks) throws -> [(key: String, value: String)] {
    let message = try books.git(["log", "-1", "--format=%B"]).stdout
    let r = try runTool("git", ["interpret-trailers", "--parse"], in: books.root, stdin: Data(message.utf8))
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout.split(separator: "\n").compactMap { line in
        guard let colon = line.firstIndex(of: ":") else { return nil }
        return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}

/// Each .eml as Python's `email` package reads it (policy.default: decoded headers and body).
private struct ParsedMail {
    var subject: String
    var to: [String]
    var body: String
    var attachments: [String]
    var defects: Int
}

private func parseMails(_ files: [String], in books: GitBooks) throws -> [String: ParsedMail] {
    let script = """
        import email, email.policy, json, sys
        from email.utils import getaddresses
        out = {}
        for f in sys.argv[1:]:
            with open(f, 'rb') as fh:
                m = email.message_from_binary_file(fh, policy=email.policy.default)
            body = m.get_body(('plain',))
            out[f] = {'subject': str(m['Subject']), 'to': [a for n, a in getaddresses([str(m['To'])])],
                      'body': body.get_content() if body is not None else '',
                      'attachments': [p.get_filename() for p in m.iter_attachments()],
                      'defects': len(m.defects) + sum(len(p.defects) for p in m.walk())}
        print(json.dumps(out))
        """
    let r = try runTool("python3", ["-c", script] + files, in: books.root)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]])
    return json.mapValues {
        ParsedMail(subject: $0["subject"] as? String ?? "", to: $0["to"] as? [String] ?? [], body: $0["body"] as? String ?? "",
                   attachments: $0["attachments"] as? [String] ?? [], defects: $0["defects"] as? Int ?? -1)
    }
}

private func pdfText(_ file: String, in books: GitBooks) throws -> String {
    let r = try runTool("pdftotext", ["-enc", "UTF-8", file, "-"], in: books.root)
    #expect(r.status == 0, "\(file): \(r.stderr)")
    return r.stdout
}

/// Checks every document of `reminders` the way a reader would open it: the e-mail with Python, the letter with pdftotext.
private func expectReadableDocuments(_ reminders: [PlannedReminder], in books: GitBooks,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let mails = try parseMails(reminders.flatMap(\.documents).filter { $0.hasSuffix(".eml") }, in: books)
    for r in reminders {
        guard let customer = customers[r.customer] else {
            Issue.record("\(r.id): unexpected customer \(r.customer)", sourceLocation: sourceLocation)
            continue
        }
        for file in r.documents {
            if file.hasSuffix(".eml") {
                let mail = try #require(mails[file], sourceLocation: sourceLocation)
                #expect(mail.to == customer.emails, "\(file)", sourceLocation: sourceLocation)
                #expect(!mail.subject.isEmpty && !mail.subject.contains("=?"), "\(file): \(mail.subject)", sourceLocation: sourceLocation)
                for invoice in r.invoices {
                    #expect(mail.subject.contains(invoice) || mail.body.contains(invoice), "\(file): \(invoice)", sourceLocation: sourceLocation)
                }
                #expect(mail.body.contains("Claire Martin EI"), "\(file)", sourceLocation: sourceLocation)
                #expect(!mail.body.contains("=C3"), "\(file): body still quoted-printable", sourceLocation: sourceLocation)
                #expect(mail.defects == 0, "\(file)", sourceLocation: sourceLocation)
            } else {
                let text = try pdfText(file, in: books)
                #expect(text.contains(customer.name), "\(file): \(text.prefix(300))", sourceLocation: sourceLocation)
                for invoice in r.invoices { #expect(text.contains(invoice), "\(file): \(invoice)", sourceLocation: sourceLocation) }
            }
        }
    }
}

/// Days between two YYYY-MM-DD dates.
private func days(_ from: String, _ to: String) -> Int {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd"
    return Int((f.date(from: to)!.timeIntervalSince(f.date(from: from)!) / 86400).rounded())
}

private func day(_ start: String, plus n: Int) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd"
    return f.string(from: f.date(from: start)!.addingTimeInterval(Double(n) * 86400))
}

private let asOf = "2026-11-22"

@Suite("relance run, remind, plan, history and show (real git)")
struct RunCommandTests {
    @Test func runCommitsExactlyTheBatchWithSearchableTrailers() throws {
        let books = try GitBooks()
        let planned = try plan(books, asOf: asOf)
        #expect(planned.count == 10)
        let before = try books.head

        // The built program, as cron runs it.
        let r = try books.binary(["run", "--as-of", asOf])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(try books.commitCount == 2)
        #expect(try books.gitOut(["rev-parse", "HEAD^"]) == before)
        #expect(try books.gitOut(["log", "-1", "--format=%s"]) == "relance: \(planned.count) reminders as of \(asOf)")

        // A body line per reminder.
        let body = try books.gitOut(["log", "-1", "--format=%b"]).split(separator: "\n").map(String.init)
        for p in planned {
            let line = body.first { $0.hasPrefix(p.id + " ") }
            #expect(line?.contains("\(p.customer) level \(p.level)") == true, "\(p.id): \(body)")
        }

        // Trailers git itself can read.
        let parsed = try trailers(books)
        #expect(parsed.filter { $0.key == "Reminder" }.map(\.value) == planned.map(\.id))
        #expect(parsed.filter { $0.key == "Customer" }.map(\.value) == planned.map(\.customer))
        #expect(parsed.filter { $0.key == "Level" }.map(\.value) == planned.map { String($0.level) })
        #expect(parsed.filter { $0.key == "Invoice" }.map(\.value).sorted() == planned.flatMap(\.invoices).sorted())
        #expect(try books.gitOut(["log", "--grep=Invoice: F2026-021", "--format=%H"]) == books.head)
        #expect(try books.gitOut(["log", "--grep=Invoice: F2026-001", "--format=%H"]).isEmpty)

        // Exactly the documents announced by plan, and the history file.
        let touched = try books.gitOut(["show", "--name-only", "--format=", "HEAD"]).split(separator: "\n").map(String.init)
        #expect(touched == (planned.flatMap(\.documents) + ["history/2026.books"]).sorted())
        #expect(try books.gitOut(["show", "--stat", "--format=", "HEAD"]).contains("\(touched.count) files changed, "))
        let fsck = try books.git(["fsck", "--strict"])
        #expect(fsck.status == 0 && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance-batch.json").path))
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance.lock").path))

        try expectReadableDocuments(planned, in: books)

        // The history parses back, and status sees the new reminders.
        let check = try books.relance(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("\(3 + planned.count) reminders: 0 errors, 0 warnings"), "\(check.stderr)")
        let status = try books.relance(["status", "--as-of", asOf, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        for p in planned {
            for invoice in p.invoices {
                let last = items.first { $0["number"] as? String == invoice }?["lastReminder"] as? [String: Any]
                #expect(last?["id"] as? String == p.id, "\(invoice)")
                #expect(last?["date"] as? String == asOf)
                #expect(last?["level"] as? Int == p.level)
            }
        }
    }

    @Test func aSecondRunTheSameDayDoesNothing() throws {
        let books = try GitBooks()
        #expect(try books.relance(["run", "--as-of", asOf]).status == 0)
        let head = try books.head
        let listing = try books.gitOut(["ls-tree", "-r", "HEAD"])
        let files = try books.files()
        let again = try books.relance(["run", "--as-of", asOf])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Nothing is due as of \(asOf): no reminder written, no commit."), "\(again.stdout)")
        #expect(try books.head == head)
        #expect(try books.gitOut(["ls-tree", "-r", "HEAD"]) == listing)
        #expect(try books.files() == files)
    }

    /// Sixty days of cron in one repository: no level twice, no skipped level, 7 days between two reminders to a customer.
    @Test func sixtyDailyRunsRespectThePolicy() throws {
        let books = try GitBooks()
        var commits = 1
        for n in 0..<60 {
            let date = day(asOf, plus: n)
            let expected = try plan(books, asOf: date)
            let r = try books.relance(["run", "--as-of", date])
            #expect(r.status == 0, "\(date): \(r.stderr)")
            if !expected.isEmpty {
                commits += 1
                #expect(try books.gitOut(["log", "-1", "--format=%s"]) == "relance: \(expected.count) reminder\(expected.count == 1 ? "" : "s") as of \(date)")
                let touched = try books.gitOut(["show", "--name-only", "--format=", "HEAD"]).split(separator: "\n").map(String.init)
                #expect(touched == (expected.flatMap(\.documents) + ["history/\(date.prefix(4)).books"]).sorted(), "\(date)")
                if n % 10 == 0 { try expectReadableDocuments(expected, in: books) }
            }
            #expect(try books.commitCount == commits, "\(date)")
        }
        #expect(commits > 20)
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
        #expect(try books.git(["fsck", "--strict"]).status == 0)
        #expect(try books.relance(["check"]).status == 0)

        let records = try history(books).filter { ($0["date"] as? String ?? "") >= asOf }
        #expect(records.count > 60)
        #expect(Set(records.compactMap { $0["date"] as? String }).contains { $0.hasPrefix("2027-") }, "the loop crosses the year")
        var levels: [String: [Int]] = [:]
        var dates: [String: [String]] = [:]
        for record in records {
            let customer = record["customer"] as? String ?? "?"
            dates[customer, default: []].append(record["date"] as? String ?? "?")
            for invoice in record["invoices"] as? [[String: Any]] ?? [] {
                levels[invoice["number"] as? String ?? "?", default: []].append(invoice["level"] as? Int ?? -1)
            }
        }
        for (invoice, list) in levels {
            #expect(zip(list, list.dropFirst()).allSatisfy { $1 == $0 + 1 }, "\(invoice): levels \(list)")
        }
        for (customer, list) in dates {
            // One run may write a formal notice and, apart, an ordinary reminder of the customer's other invoices.
            for (a, b) in zip(list, list.dropFirst()) where a != b {
                #expect(days(a, b) >= 7, "\(customer): reminders on \(a) and \(b)")
            }
        }
        // The invoices reminded before the loop went on from their level: F2026-021 had level 3 on 2026-08-05.
        #expect(levels["F2026-021"] == [4, 5])
    }

    @Test func aMissedRunCatchesUpOneLevelAtATime() throws {
        let books = try GitBooks()
        #expect(try books.relance(["run", "--as-of", asOf]).status == 0)
        let later = day(asOf, plus: 28)
        #expect(try books.relance(["run", "--as-of", later]).status == 0)
        #expect(try books.commitCount == 3)
        var first: [String: Int] = [:]
        var second: [String: Int] = [:]
        for record in try history(books) {
            for invoice in record["invoices"] as? [[String: Any]] ?? [] {
                let number = invoice["number"] as? String ?? "?", level = invoice["level"] as? Int ?? -1
                if record["date"] as? String == asOf { first[number] = level }
                if record["date"] as? String == later { second[number] = level }
            }
        }
        #expect(first.count == 10)
        for (invoice, level) in first {
            #expect(second[invoice] == level + 1, "\(invoice): \(level) then \(second[invoice] ?? -1)")
        }
    }

    @Test func twoCopiesGiveTheSameTreeAndBytes() throws {
        let a = try GitBooks(date: "2026-11-01T10:00:00+01:00")
        let b = try GitBooks(date: "2026-11-20T18:30:00+01:00")
        #expect(try a.head != b.head)
        #expect(try a.relance(["run", "--as-of", asOf]).status == 0)
        // Another commit time.
        #expect(try b.relance(["run", "--as-of", asOf], clock: TestClock(start: 1_796_100_000)).status == 0)
        #expect(try a.gitOut(["log", "-1", "--format=%ct"]) != b.gitOut(["log", "-1", "--format=%ct"]))
        #expect(try a.tree == b.tree)
        let filesA = try a.files(includingGit: false), filesB = try b.files(includingGit: false)
        #expect(filesA.keys.sorted() == filesB.keys.sorted())
        for (path, bytes) in filesA where filesB[path] != bytes { Issue.record("\(path) differs") }
        #expect(filesA.keys.contains("reminders/2026/R2026-0009.pdf"))
    }

    @Test(arguments: ["journal", "first-document", "files", "commit"])
    func aCrashLosesNothing(_ step: String) throws {
        let clean = try GitBooks()
        #expect(try clean.relance(["run", "--as-of", asOf]).status == 0)

        let books = try GitBooks()
        let before = try books.head
        let crashed = try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": step])
        #expect(crashed.status == 99, "\(crashed.stderr)")
        #expect(crashed.stderr.contains("simulated crash after \(step)"))
        let journal = books.root.appendingPathComponent(".git/relance-batch.json").path
        #expect(FileManager.default.fileExists(atPath: journal))

        if step == "commit" {
            #expect(try books.commitCount == 2)
            #expect(try books.tree == clean.tree)
        } else {
            #expect(try books.head == before)
        }
        if step == "first-document" {
            #expect(FileManager.default.fileExists(atPath: books.root.appendingPathComponent("reminders/2026/R2026-0004.eml").path))
        }

        let next = try books.relance(["run", "--as-of", asOf])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try books.commitCount == 2, "exactly one batch commit")
        #expect(try books.tree == clean.tree)
        #expect(try books.gitOut(["log", "-1", "--format=%B"]) == clean.gitOut(["log", "-1", "--format=%B"]))
        if step == "commit" {
            #expect(next.stdout.contains("Nothing is due"), "\(next.stdout)")
        } else {
            #expect(next.stderr.contains("was rolled back"), "\(next.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: journal))
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance.lock").path))
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all", "--ignored"]).isEmpty)
        #expect(try books.files(includingGit: false) == clean.files(includingGit: false), "no stray files")
        #expect(try books.git(["fsck", "--strict"]).status == 0)
    }

    /// A crashed run, then a day with nothing due: the rollback leaves the books exactly as committed.
    @Test func aRollbackWithNothingToDoLeavesNoTrace() throws {
        let books = try GitBooks()
        let files = try books.files(includingGit: false)
        #expect(try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": "files"]).status == 99)
        // F2026-001 is paid; 2026-09-15 is the day of the last reminder in ledger-example's history (a run may not
        // be dated before it).
        let next = try books.relance(["run", "--as-of", "2026-09-15", "--only", "F2026-001"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("was rolled back"))
        #expect(try books.commitCount == 1)
        #expect(try books.files(includingGit: false) == files)
    }

    /// After a crash, a phone call noted by hand in history/ is someone's work: the next run keeps it and stops.
    @Test(arguments: ["journal", "files"])
    func aRollbackNeverOverwritesAnEditMadeAfterTheCrash(_ step: String) throws {
        let books = try GitBooks()
        #expect(try books.binary(["run", "--as-of", asOf], environment: ["RELANCE_FAIL_AFTER": step]).status == 99)
        let call = "\n2026-11-22 reminder R2026-0099 jean-dupont\n  channel phone\n  invoice F2026-029 1080.00 EUR\n  note \"rappelle lundi\"\n"
        let edited = try books.read("history/2026.books") + call
        try books.temp.write("history/2026.books", edited)
        let files = try books.files(includingGit: false)
        let r = try books.relance(["run", "--as-of", asOf])
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("history/2026.books changed since; nothing was rolled back or written"), "\(r.stderr)")
        #expect(try books.read("history/2026.books") == edited)
        #expect(try books.files(includingGit: false) == files)
        #expect(FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance-batch.json").path))
        #expect(try books.commitCount == 1)
    }

    /// The branch cannot be moved (git's lock on it): the commit fails half-way and the books are put back.
    @Test func aFailureInsideTheCommitPutsTheBooksBack() throws {
        let books = try GitBooks()
        let files = try books.files(includingGit: false)
        let head = try books.head
        let lock = books.root.appendingPathComponent(".git/refs/heads/main.lock")
        try Data().write(to: lock)
        let r = try books.relance(["run", "--as-of", asOf])
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("the batch could not be committed"), "\(r.stderr)")
        #expect(r.stderr.contains("main.lock"))
        #expect(r.stderr.contains("the books were put back as they were"))
        #expect(!r.stdout.contains("Committed"))
        #expect(try books.head == head)
        #expect(try books.files(includingGit: false) == files, "no new file, history unchanged")
        #expect(!FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/relance-batch.json").path))
        try FileManager.default.removeItem(at: lock)
        #expect(try books.gitOut(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
        let again = try books.relance(["run", "--as-of", asOf])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try books.commitCount == 2)
    }

    // MARK: refusals

    /// Runs `run` and `remind` in a state that must be refused, and checks nothing changed at all.
    private func expectRefusal(_ books: GitBooks, status: Int32, _ message: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let head = try books.git(["rev-parse", "HEAD"], check: false).stdout
        let files = try books.files()
        for args in [["run", "--as-of", asOf], ["remind", "F2026-022", "--as-of", asOf]] {
            let r = try books.relance(args)
            #expect(r.status == status, "\(args[0]): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(message), "\(args[0]): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(!r.stdout.contains("Committed"), sourceLocation: sourceLocation)
        }
        #expect(try books.git(["rev-parse", "HEAD"], check: false).stdout == head, sourceLocation: sourceLocation)
        let after = try books.files()
        #expect(after.keys.sorted() == files.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in files where after[path] != bytes { Issue.record("\(path) changed", sourceLocation: sourceLocation) }
    }

    @Test func refusesUncommittedEditsOfTheBooks() throws {
        let books = try GitBooks()
        try books.temp.write("customers.books", try books.read("customers.books") + "; une note pas encore commitée\n")
        try expectRefusal(books, status: 75, "books files have uncommitted edits: customers.books")
    }

    /// Two branches edit the same line of customers.books.
    private func conflictingBranches(_ books: GitBooks) throws {
        try books.git(["checkout", "--quiet", "-b", "other"])
        try books.temp.write("customers.books", try books.read("customers.books") + "; depuis other\n")
        try books.git(["commit", "--quiet", "-am", "other"])
        try books.git(["checkout", "--quiet", "main"])
        try books.temp.write("customers.books", try books.read("customers.books") + "; depuis main\n")
        try books.git(["commit", "--quiet", "-am", "main"])
    }

    @Test func refusesDuringAMerge() throws {
        let books = try GitBooks()
        try conflictingBranches(books)
        #expect(try books.git(["merge", "other"], check: false).status != 0)
        #expect(FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/MERGE_HEAD").path))
        try expectRefusal(books, status: 75, "in the middle of a merge: finish or abort it first; nothing was done")
    }

    @Test func refusesDuringARebase() throws {
        let books = try GitBooks()
        try conflictingBranches(books)
        try books.git(["checkout", "--quiet", "other"])
        #expect(try books.git(["rebase", "main"], check: false).status != 0)
        #expect(FileManager.default.fileExists(atPath: books.root.appendingPathComponent(".git/rebase-merge").path))
        try expectRefusal(books, status: 75, "in the middle of a rebase: finish or abort it first; nothing was done")
    }

    @Test func refusesOnADetachedHead() throws {
        let books = try GitBooks()
        try books.git(["checkout", "--quiet", "--detach"])
        try expectRefusal(books, status: 75, "HEAD is detached")
    }

    @Test func refusesWhileAnotherRunHoldsTheLock() throws {
        let books = try GitBooks()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sleeper.arguments = ["sleep", "60"]
        try sleeper.run()
        // SIGKILL: the test runner may have left SIGTERM ignored for its children.
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        try Data("\(sleeper.processIdentifier)\n".utf8).write(to: books.root.appendingPathComponent(".git/relance.lock"))
        try expectRefusal(books, status: 75, "another relance run (pid \(sleeper.processIdentifier)) holds")
    }

    @Test func refusesWhileGitHoldsTheIndex() throws {
        let books = try GitBooks()
        try Data().write(to: books.root.appendingPathComponent(".git/index.lock"))
        try expectRefusal(books, status: 75, "another git process is running")
    }

    @Test func refusesBooksOutsideAGitRepository() throws {
        let books = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: books.root)
        let before = try books.snapshot()
        for args in [["run", "--as-of", asOf], ["remind", "F2026-022", "--as-of", asOf]] {
            let r = try Relance.run(args, in: books.root, environment: GitBooks.isolation)
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains("are not in a git repository"), "\(r.stderr)")
        }
        #expect(try books.snapshot() == before)
    }

    // MARK: remind

    @Test func remindMakesOneReminderAtTheNextLevel() throws {
        let books = try GitBooks()
        let r = try books.relance(["remind", "F2026-022", "--as-of", asOf, "--message", "Suite à notre appel de ce matin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try books.commitCount == 2)
        #expect(try books.gitOut(["log", "-1", "--format=%s"]) == "relance: 1 reminder as of \(asOf)")
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "history/2026.books\nreminders/2026/R2026-0004.eml")
        let parsed = try trailers(books)
        #expect(parsed.map { "\($0.key): \($0.value)" } == ["Reminder: R2026-0004", "Customer: groupe-valmont", "Level: 2", "Invoice: F2026-022"])
        let record = try #require(try history(books, "F2026-022").first)
        #expect(record["id"] as? String == "R2026-0004")
        #expect(record["level"] as? Int == 2)
        #expect(record["note"] as? String == "Suite à notre appel de ce matin")
        #expect(try books.relance(["check"]).status == 0)
        try expectReadableDocuments([PlannedReminder(id: "R2026-0004", customer: "groupe-valmont", level: 2, channel: "email",
                                                     invoices: ["F2026-022"])], in: books)

        // A level sent already, a level skipped, a settled invoice: refused, nothing written.
        let head = try books.head
        let files = try books.files()
        for (args, message) in [
            (["--level", "2"], "F2026-022 already had level 2; levels are never sent twice — the next is 3"),
            (["--level", "4"], "F2026-022 is at level 2; levels are never skipped — the next is 3"),
        ] {
            let refused = try books.relance(["remind", "F2026-022", "--as-of", asOf] + args)
            #expect(refused.status == 64, "\(refused.stderr)")
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
            #expect(refused.stderr.contains("nothing was done"))
        }
        let settled = try books.relance(["remind", "F2026-001", "--as-of", asOf])
        #expect(settled.status == 64)
        #expect(settled.stderr.contains("F2026-001 is settled as of \(asOf)"), "\(settled.stderr)")
        let unknown = try books.relance(["remind", "F2026-0022", "--as-of", asOf])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no invoice \"F2026-0022\""), "\(unknown.stderr)")
        #expect(try books.head == head)
        #expect(try books.files() == files)

        // The next level, given explicitly, is accepted once the policy's gap (7 days) is over.
        let third = try books.relance(["remind", "F2026-022", "--as-of", "2026-11-29", "--level", "3"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try trailers(books).contains { $0.key == "Level" && $0.value == "3" })
        #expect(try books.commitCount == 3)
    }

    // MARK: plan, history, show

    @Test(arguments: ["json", "table"])
    func planMatchesItsGoldenFile(_ format: String) throws {
        let books = try GitBooks()
        let r = try books.relance(["plan", "--as-of", asOf, "--format", format], environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        try expectGolden(r.stdout, "plan.\(format)", folder: "run")
    }

    @Test func historyAndShowAfterARun() throws {
        let books = try GitBooks()
        #expect(try books.relance(["run", "--as-of", asOf]).status == 0)

        let customer = try books.relance(["history", "ecole-gerland"], environment: ["NO_COLOR": "1"])
        #expect(customer.status == 0, "\(customer.stderr)")
        #expect(customer.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(22)) }
                == ["2026-07-20  R2026-0001", "2026-08-05  R2026-0002", "2026-11-22  R2026-0008"])
        try expectGolden(customer.stdout, "history.ecole-gerland.table", folder: "run")
        let invoice = try books.relance(["history", "F2026-021"], environment: ["NO_COLOR": "1"])
        #expect(invoice.stdout == customer.stdout)
        let json = try history(books, "F2026-021")
        #expect(json.map { $0["id"] as? String } == ["R2026-0001", "R2026-0002", "R2026-0008"])
        #expect(json.last?["files"] as? [String] == ["reminders/2026/R2026-0008.eml"])
        let unknown = try books.relance(["history", "ecole-gerlan"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean ecole-gerland?"), "\(unknown.stderr)")

        let show = try books.relance(["show", "R2026-0008"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Subject: Relevé de factures impayées au 22 novembre 2026\n"), "\(show.stdout)")
        #expect(show.stdout.contains("To: Association École Montessori de Gerland <direction@montessori-gerland.example>"))
        #expect(show.stdout.contains("Malgré nos relances, la facture suivante reste impayée au 22 novembre 2026 :"))
        // 540.00 + 40.00 + interest: 540.00 paid on 07-27, 16 days late, and 540.00 owed 134 days, at 12.15 %:
        // 54000 × 1215 × (16 + 134) = 9 841 500 000; / 3 650 000 = 2696.3 → 26.96.
        #expect(show.stdout.contains("Total à régler : 606,96\u{A0}€"))
        #expect(!show.stdout.contains("=C3") && !show.stdout.contains("=?UTF-8?") && !show.stdout.contains("=\n"))
        try expectGolden(show.stdout, "show.R2026-0008.txt", folder: "run")
        let raw = try books.relance(["show", "R2026-0008", "--raw"])
        #expect(raw.stdout == (try books.read("reminders/2026/R2026-0008.eml")))
        let letter = try books.relance(["show", "R2026-0009"])
        #expect(letter.stdout.hasPrefix("Letter: ") && letter.stdout.hasSuffix("reminders/2026/R2026-0009.pdf\n"), "\(letter.stdout)")
        let phone = try books.relance(["show", "R2026-0003"])
        #expect(phone.stdout.contains("has no document: appel à la comptabilité"), "\(phone.stdout)")
    }
}
