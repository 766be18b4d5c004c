import Foundation
import Testing

/// A bad invoice: an unknown customer (located error).
private let badInvoice = "\n2026-11-25 invoice F2026-900 nobody-here 100.00 EUR\n"
/// A good invoice.
private let goodInvoice = "\n2026-11-25 invoice F2026-901 atelier-lumiere 100.00 EUR\n"

/// The books with hooks/pre-commit installed, calling the built binary.
private func booksWithHook() throws -> GitBooks {
    let books = try GitBooks()
    let hook = books.root.appendingPathComponent(".git/hooks/pre-commit")
    try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: hook)
    try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("hooks/pre-commit"), to: hook)
    return books
}

private func append(_ text: String, to path: String, in books: GitBooks) throws {
    let url = books.root.appendingPathComponent(path)
    let handle = try FileHandle(forWritingTo: url)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
}

private func hookEnvironment() -> [String: String] { ["RELANCE": Relance.executable.path] }

@Suite("check --staged and the pre-commit hook (real git commit)")
struct StagedCheckTests {
    @Test func aBadFileStagedThenFixedOnDiskStillBlocks() throws {
        let books = try booksWithHook()
        let original = try Data(contentsOf: books.root.appendingPathComponent("invoices/2026.books"))
        try append(badInvoice, to: "invoices/2026.books", in: books)
        try books.git(["add", "invoices/2026.books"])
        try original.write(to: books.root.appendingPathComponent("invoices/2026.books"))  // fixed on disk, not staged
        let before = try books.head
        let r = try books.git(["commit", "-m", "new invoice"], check: false, environment: hookEnvironment())
        #expect(r.status != 0)
        #expect(try books.head == before)
        #expect(r.stderr.contains("invoices/2026.books:"), "\(r.stderr)")
        #expect(r.stderr.contains("nobody-here"), "\(r.stderr)")
        #expect(r.stderr.contains("commit refused"), "\(r.stderr)")
        // The working tree alone is fine.
        #expect(try books.relance(["check"]).status == 0)
        #expect(try books.relance(["check", "--staged"]).status == 65)
    }

    @Test func goodContentStagedWithABrokenWorkingCopyPasses() throws {
        let books = try booksWithHook()
        try append(goodInvoice, to: "invoices/2026.books", in: books)
        try books.git(["add", "invoices/2026.books"])
        try append(badInvoice, to: "invoices/2026.books", in: books)  // broken on disk, not staged
        #expect(try books.relance(["check"]).status == 65)
        let before = try books.head
        let r = try books.git(["commit", "-m", "new invoice"], check: false, environment: hookEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try books.gitOut(["rev-parse", "HEAD^"]) == before)
        #expect(try books.gitOut(["show", "HEAD:invoices/2026.books"]).contains("F2026-901"))
        #expect(try !books.gitOut(["show", "HEAD:invoices/2026.books"]).contains("F2026-900"))
        // `git commit -a` stages the broken copy in a temporary index (GIT_INDEX_FILE): refused.
        let all = try books.git(["commit", "-a", "-m", "all"], check: false, environment: hookEnvironment())
        #expect(all.status != 0)
        #expect(all.stderr.contains("nobody-here"), "\(all.stderr)")
        #expect(try books.gitOut(["rev-parse", "HEAD^"]) == before)
    }

    @Test func overdueInvoicesAreListedWithoutBlocking() throws {
        let books = try booksWithHook()
        try append(goodInvoice, to: "invoices/2026.books", in: books)
        try books.git(["add", "-A"])
        let r = try books.git(["commit", "-m", "new invoice"], check: false, environment: hookEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("overdue as of "), "\(r.stderr)")
        #expect(r.stderr.contains("F2026-021 ecole-gerland"), "\(r.stderr)")
        #expect(try books.commitCount == 2)
    }

    @Test func overdueInvoicesBlockWhenConfigured() throws {
        let books = try booksWithHook()
        try append("\n[hooks]\nblock_on_overdue = true\n", to: "relance.toml", in: books)
        try books.git(["add", "-A"])
        let r = try books.git(["commit", "-m", "strict"], check: false, environment: hookEnvironment())
        #expect(r.status != 0)
        #expect(r.stderr.contains("overdue as of "), "\(r.stderr)")
        #expect(r.stderr.contains("block_on_overdue"), "\(r.stderr)")
        #expect(try books.commitCount == 1)
        // A typo in the new key is a located error, as any other key.
        let toml = books.root.appendingPathComponent("relance.toml")
        try String(contentsOf: toml, encoding: .utf8).replacingOccurrences(of: "block_on_overdue", with: "block_on_overdu")
            .write(to: toml, atomically: true, encoding: .utf8)
        let typo = try books.relance(["check"])
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("block_on_overdue"), "\(typo.stderr)")
    }

    @Test func aBrokenStagedTemplateBlocks() throws {
        let books = try booksWithHook()
        try FileManager.default.createDirectory(at: books.root.appendingPathComponent("templates/fr"), withIntermediateDirectories: true)
        try Data("Bonjour {{#customer}}\n{{name}}\n".utf8).write(to: books.root.appendingPathComponent("templates/fr/first.email.mustache"))
        try books.git(["add", "-A"])
        let r = try books.relance(["check", "--staged"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("templates/fr/first.email.mustache:"), "\(r.stderr)")
    }

    @Test func aBooksFileStagedAsASymbolicLinkIsRefused() throws {
        let books = try GitBooks()
        try FileManager.default.createSymbolicLink(atPath: books.root.appendingPathComponent("linked.books").path,
                                                   withDestinationPath: "customers.books")
        try books.git(["add", "linked.books"])
        let r = try books.relance(["check", "--staged"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("linked.books:1:1: error: this file is staged as a symbolic link"), "\(r.stderr)")
    }

    /// libgit2 runs no hook: relance's own commit checks the books it would record (here a file git ignores
    /// defines an invoice the committed payments apply to, so the committed books would not parse).
    @Test func relanceOwnCommitRefusesBooksThatWouldNotCheck() throws {
        let books = try GitBooks()
        try "local.books\n".write(to: books.root.appendingPathComponent(".git/info/exclude"), atomically: true, encoding: .utf8)
        try "2026-11-01 invoice F2026-950 atelier-lumiere 500.00 EUR\n".write(to: books.root.appendingPathComponent("local.books"), atomically: true, encoding: .utf8)
        try append("\n2026-11-05 payment atelier-lumiere 100.00 EUR\n  apply  F2026-950 100.00\n", to: "payments/2026.books", in: books)
        try books.git(["commit", "--quiet", "--no-verify", "-am", "payment"])
        #expect(try books.relance(["check"]).status == 0)
        let head = try books.head
        let r = try books.relance(["run", "--as-of", "2026-11-22"])
        #expect(r.status == 65, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("payments/2026.books:"), "\(r.stderr)")
        #expect(r.stderr.contains("F2026-950"), "\(r.stderr)")
        #expect(try books.head == head)
        #expect(try books.gitOut(["status", "--porcelain"]).isEmpty)
    }
}

@Suite("relance log and verify on real git history")
struct LogVerifyTests {
    /// Three days of `relance run`.
    private func booksWithRuns() throws -> GitBooks {
        let books = try GitBooks()
        for day in ["2026-11-02", "2026-11-10", "2026-11-20"] {
            let r = try books.relance(["run", "--as-of", day])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try books.commitCount == 4)
        return books
    }

    private func logCommits(_ books: GitBooks, _ arguments: [String]) throws -> [String] {
        let r = try books.relance(["log", "--format", "json"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.compactMap { $0["commit"] as? String }
    }

    @Test func logShowsWhatGitLogGrepShows() throws {
        let books = try booksWithRuns()
        for invoice in ["F2026-021", "F2026-034", "F2026-030"] {
            let git = try books.gitOut(["log", "--grep=^Invoice: \(invoice)$", "--format=%H"]).split(separator: "\n").map(String.init)
            #expect(!git.isEmpty)
            #expect(try logCommits(books, ["--invoice", invoice]) == git, "\(invoice)")
        }
        let customer = try books.gitOut(["log", "--grep=^Customer: ecole-gerland$", "--format=%H"]).split(separator: "\n").map(String.init)
        #expect(try logCommits(books, ["--customer", "ecole-gerland"]) == customer)
        let all = try books.gitOut(["log", "--grep=^Reminder: ", "--format=%H"]).split(separator: "\n").map(String.init)
        #expect(try logCommits(books, []) == all)
        #expect(all.count == 3)
        // The table: short id, date, author, the reminder with its invoice.
        let table = try books.relance(["log", "--invoice", "F2026-021"])
        let first = try books.gitOut(["log", "-1", "--grep=^Invoice: F2026-021$", "--format=%h", "--abbrev=12"])
        #expect(table.stdout.contains(first), "\(table.stdout)")
        #expect(table.stdout.contains("Claire Martin"), "\(table.stdout)")
        #expect(table.stdout.contains("ecole-gerland level"), "\(table.stdout)")
        #expect(try books.relance(["log", "--invoice", "F2026-999"]).stdout.contains("No reminder"))
        #expect(try books.relance(["log", "--invoice", "F2026-021", "--customer", "x"]).status == 64)
    }

    @Test func logFollowsAReminderToItsPrintedAndPostedCommits() throws {
        let books = try booksWithRuns()
        let out = books.root.appendingPathComponent("letters.pdf").path
        #expect(try books.relance(["print", "--as-of", "2026-11-20", "--out", out]).status == 0)
        #expect(try books.relance(["posted", "R2026-0016", "--tracking", "1A123", "--date", "2026-11-21"]).status == 0)
        func grep(_ pattern: String) throws -> [String] {
            try books.gitOut(["log", "--grep=\(pattern)", "--format=%H"]).split(separator: "\n").map(String.init)
        }
        let expected = try grep("^Invoice: F2026-021$") + grep("^Printed: R2026-0016$") + grep("^Posted: R2026-0016$")
        #expect(expected.count == 4)
        #expect(Set(try logCommits(books, ["--invoice", "F2026-021"])) == Set(expected))
        let table = try books.relance(["log", "--invoice", "F2026-021"]).stdout
        #expect(table.contains("posted R2026-0016 1A123"), "\(table)")
        #expect(table.contains("printed R2026-0016"), "\(table)")
        let csv = try books.relance(["log", "--invoice", "F2026-021", "--format", "csv"]).stdout
        #expect(csv.hasPrefix("commit,date,author,reminders,deliveries\r\n"), "\(csv)")
        // Print and posted commits match their trailers.
        let verify = try books.relance(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func verifyPassesThenNamesTheCommitAndLineOfAHandEdit() throws {
        let books = try booksWithRuns()
        let ok = try books.relance(["verify"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stderr.contains("4 commits"), "\(ok.stderr)")

        // A history line edited by hand and committed.
        let path = books.root.appendingPathComponent("history/2026.books")
        var lines = try String(contentsOf: path, encoding: .utf8).components(separatedBy: "\n")
        let k = try #require(lines.firstIndex { $0.hasPrefix("  invoice  F2026-034 ") })
        lines[k] = "  invoice  F2026-034 1.00 EUR"
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        // Not committed yet: reported in the working tree.
        let dirty = try books.relance(["verify"])
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("history/2026.books:\(k + 1): in the working tree"), "\(dirty.stdout)")
        try books.git(["commit", "--quiet", "-am", "fix an amount"])
        let edit = try books.head
        let bad = try books.relance(["verify"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("history/2026.books:\(k + 1): commit \(edit.prefix(12)): reminder R2026-0004 changed after its commit"), "\(bad.stdout)")
        #expect(bad.stdout.contains("now:   invoice  F2026-034 1.00 EUR"), "\(bad.stdout)")
    }

    @Test func verifyNamesAReminderFileChangedAfterItsCommit() throws {
        let books = try booksWithRuns()
        let eml = "reminders/2026/R2026-0005.eml"
        let url = books.root.appendingPathComponent(eml)
        let lineCount = try Data(contentsOf: url).split(separator: 10, omittingEmptySubsequences: false).count
        try append("P.S. changed later\n", to: eml, in: books)
        try books.git(["commit", "--quiet", "-am", "edit a sent e-mail"])
        let r = try books.relance(["verify"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(eml):\(lineCount): commit \(try books.head.prefix(12)): reminder file changed after its commit"), "\(r.stdout)")
        #expect(r.stdout.contains("now: P.S. changed later"), "\(r.stdout)")
        // Removing it is reported too.
        try books.git(["rm", "--quiet", eml])
        try books.git(["commit", "--quiet", "-m", "remove a sent e-mail"])
        #expect(try books.relance(["verify"]).stdout.contains("\(eml): commit \(try books.head.prefix(12)): reminder file removed"))
    }

    @Test func verifyReportsTrailersThatDoNotMatchTheFiles() throws {
        let books = try booksWithRuns()
        try books.git(["commit", "--quiet", "--allow-empty", "-m", "relance: 1 reminder\n\nReminder: R2026-0999\nCustomer: acme\nLevel: 2\nInvoice: F2026-021"])
        let r = try books.relance(["verify"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("commit \(try books.head.prefix(12)): trailer `Reminder: R2026-0999` but the commit adds no history record"), "\(r.stdout)")

        // A relance commit whose files are not those of its records.
        let other = try GitBooks()
        try FileManager.default.createDirectory(at: other.root.appendingPathComponent("reminders/2026"), withIntermediateDirectories: true)
        try "mail\n".write(to: other.root.appendingPathComponent("reminders/2026/R2026-0100.eml"), atomically: true, encoding: .utf8)
        try append("\n2026-11-21 reminder R2026-0100 ecole-gerland\n  level    2\n  channel  email\n  invoice  F2026-021 540.00 EUR\n  file     reminders/2026/R2026-0101.eml\n",
                   to: "history/2026.books", in: other)
        try other.git(["add", "-A"])
        try other.git(["commit", "--quiet", "-m", "relance: 1 reminder\n\nReminder: R2026-0100\nCustomer: ecole-gerland\nLevel: 3\nInvoice: F2026-021"])
        let files = try other.relance(["verify"])
        #expect(files.status == 1)
        let short = try other.head.prefix(12)
        #expect(files.stdout.contains("commit \(short): trailer `Level: 3` but the record of R2026-0100 says level 2"), "\(files.stdout)")
        #expect(files.stdout.contains("commit \(short): R2026-0100 names the file reminders/2026/R2026-0101.eml, which is not in the commit"), "\(files.stdout)")
        #expect(files.stdout.contains("reminders/2026/R2026-0100.eml: commit \(short): the commit adds this reminder file but none of its records names it"), "\(files.stdout)")
    }

    @Test func aRecordAddedByHandIsFine() throws {
        let books = try booksWithRuns()
        try append("\n2026-11-21 reminder R2026-0100 ecole-gerland\n  channel  phone\n  invoice  F2026-021 540.00 EUR\n", to: "history/2026.books", in: books)
        try books.git(["commit", "--quiet", "-am", "phone call"])
        let r = try books.relance(["verify"])
        #expect(r.status == 0, "\(r.stdout)")
    }
}

@Suite("signed commits (SSH key, gpg.format = ssh)")
struct SignedCommitTests {
    @Test func relanceSignsItsCommitsAndGitAndVerifyAcceptThem() throws {
        let books = try GitBooks()
        let keys = try TempBooks([:])
        try FileManager.default.createDirectory(at: keys.root, withIntermediateDirectories: true)
        let key = keys.url("id_ed25519").path, other = keys.url("other").path
        for k in [key, other] {
            let r = try runTool("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "claire@claire-martin.example", "-f", k], in: keys.root)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let allowed = keys.url("allowed_signers")
        try ("claire@claire-martin.example " + String(contentsOfFile: key + ".pub", encoding: .utf8)).write(to: allowed, atomically: true, encoding: .utf8)
        try books.git(["config", "gpg.format", "ssh"])
        try books.git(["config", "gpg.ssh.allowedSignersFile", allowed.path])
        try append("\n[git]\nsign = true\nsigning_key = \"\(key)\"\n", to: "relance.toml", in: books)
        try books.git(["commit", "--quiet", "-am", "sign relance's commits"])

        let run = try books.relance(["run", "--as-of", "2026-11-02"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try books.gitOut(["log", "-1", "--format=%G?"]) == "G")
        let shown = try books.git(["log", "-1", "--show-signature"])
        #expect((shown.stdout + shown.stderr).contains("Good \"git\" signature for claire@claire-martin.example"), "\(shown.stdout)\(shown.stderr)")
        #expect(try books.git(["verify-commit", "HEAD"], check: false).status == 0)
        #expect(try books.git(["fsck", "--strict"]).status == 0)
        let ok = try books.relance(["verify"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stderr.contains("(1 signed)"), "\(ok.stderr)")

        // Signed by a key the allowed signers do not list: git and verify both refuse it.
        try ("claire@claire-martin.example " + String(contentsOfFile: other + ".pub", encoding: .utf8)).write(to: allowed, atomically: true, encoding: .utf8)
        #expect(try books.git(["verify-commit", "HEAD"], check: false).status != 0)
        let bad = try books.relance(["verify"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("commit \(try books.head.prefix(12)): the commit's signature does not verify"), "\(bad.stdout)")
    }

    @Test func signingWithoutAKeyIsRefusedBeforeAnythingIsWritten() throws {
        let books = try GitBooks()
        try append("\n[git]\nsign = true\n", to: "relance.toml", in: books)
        try books.git(["commit", "--quiet", "-am", "sign"])
        let head = try books.head
        let r = try books.relance(["run", "--as-of", "2026-11-02"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("signing_key"), "\(r.stderr)")
        #expect(try books.head == head)
        #expect(try books.gitOut(["status", "--porcelain"]).isEmpty)
    }
}
