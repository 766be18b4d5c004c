import Books
import Configuration
import CommandTestSupport
import Foundation
import GitStore
import RelanceCommands
import Testing

@Suite("relance init")
struct InitTests {
    @Test(arguments: ["fr", "en"])
    func readyBooksThatPassCheckCommittedWithTheHook(language: String) throws {
        let folder = try TempFolder()
        let context = setupContext(folder.path)
        let (status, message) = outcome({ try InitCommand.run(.init(directory: "books", language: language), $0) }, context)
        #expect(status == .ok, "\(message)")
        let root = folder.path + "/books"
        // relance check: no error, no warning, nothing late (as of the day of init and a week later).
        for day in ["2026-12-01", "2026-12-08"] {
            let check = setupContext(root, today: day)
            #expect(try CheckCommand.run(.init(books: BooksOptions(books: root), strict: true), check) == .ok, "\(check.err.text)")
            #expect(check.err.text.contains("1 customer, 1 invoice") && check.err.text.contains("0 errors, 0 warnings"), "\(check.err.text)")
        }
        // The policy written out is relance's default (level names in the language of the books).
        let loaded = try BooksLocation.load(root: root)
        var expected = DunningPolicy.french
        if language == "en" {
            for k in expected.levels.indices { expected.levels[k].name = ["Courtesy reminder", "First reminder", "Second reminder",
                                                                       "Statement of unpaid invoices", "Formal notice"][k] }
        }
        var policy = loaded.config.dunning
        let decimal = { (text: String) in Money.parseDecimal(Array(text.utf8)[...], minorUnits: 3) }
        #expect(decimal(policy.minimumAmount) == decimal(expected.minimumAmount))
        policy.minimumAmount = expected.minimumAmount
        #expect(policy == expected)
        #expect(loaded.config.company.language == language)
        #expect(loaded.config.smtp == nil)
        #expect(loaded.books.customers.count == 1 && loaded.books.invoices.count == 1)
        let toml = folder.text("books/relance.toml")
        #expect(toml.contains("# [smtp]\n# host = "))
        // One commit of exactly the files written, a clean work tree, read with the git CLI.
        let log = try runTool("git", ["log", "--format=%an <%ae>|%s", "--name-only"], in: root)
        #expect(log.stdout.hasPrefix("Claire Martin <claire@example.net>|relance init"), "\(log.stdout)")
        let files = log.stdout.split(separator: "\n").dropFirst().map(String.init).filter { !$0.isEmpty }.sorted()
        #expect(files == [".gitattributes", ".gitignore", "customers.books", "invoices/2026.books", "relance.toml", "templates/README.md"])
        #expect(try runTool("git", ["status", "--porcelain"], in: root).stdout == "")
        #expect(try runTool("git", ["check-attr", "binary", "--", "a.pdf"], in: root).stdout == "a.pdf: binary: set\n")
        #expect(try runTool("git", ["check-attr", "eol", "--", "x.books"], in: root).stdout == "x.books: eol: lf\n")
        // The hook: relance's, executable.
        let hook = root + "/.git/hooks/pre-commit"
        #expect(folder.text("books/.git/hooks/pre-commit") == HooksCommand.preCommit)
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(folder.text("books/templates/README.md").contains("formal-notice.letter.mustache"))
    }

    @Test func sameDateSameBytes() throws {
        let a = try TempFolder(), b = try TempFolder()
        _ = try InitCommand.run(.init(directory: "x"), setupContext(a.path))
        _ = try InitCommand.run(.init(directory: "x"), setupContext(b.path))
        for f in ["relance.toml", "customers.books", "invoices/2026.books", ".gitignore"] { #expect(a.text("x/" + f) == b.text("x/" + f)) }
        #expect(try runTool("git", ["rev-parse", "HEAD"], in: a.path + "/x").stdout == (try runTool("git", ["rev-parse", "HEAD"], in: b.path + "/x").stdout))
    }

    @Test(arguments: ["relance.toml", "old/2025.books"])
    func refusesWhereBooksExistAndChangesNothing(existing: String) throws {
        let folder = try TempFolder()
        try folder.write("books/" + existing, existing.hasSuffix(".toml") ? "[company]\nname = \"X\"\n" : "customer a\n  name A\n")
        let before = snapshot(folder.path)
        let (status, message) = outcome({ try InitCommand.run(.init(directory: "books"), $0) }, setupContext(folder.path))
        #expect(status == .usage)
        #expect(message.contains("already holds books") && message.contains("nothing was done"), "\(message)")
        #expect(snapshot(folder.path) == before)
    }

    @Test func refusesWithoutAnAuthorBeforeWritingAnything() throws {
        // In-process: no git identity anywhere (the user's git configuration is not read in tests).
        let folder = try TempFolder()
        let r = runRelance(["init", "books"], in: folder.path, environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(r.status == 64 && r.stderr.contains("user.email") && r.stderr.contains("nothing was done"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/books"))
        // With an author, the same command works.
        let ok = runRelance(["init", "books"], in: folder.path, environment: ["GIT_AUTHOR_NAME": "C", "GIT_AUTHOR_EMAIL": "c@example.net"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Écritures créées dans books"))
    }

    @Test func anExistingRepositoryKeepsItsIgnoreFileAndGetsRelancesLines() throws {
        let folder = try TempFolder()
        try runTool("git", ["init", "-q", "-b", "main"], in: folder.path)
        try folder.write(".gitignore", "node_modules/\n")
        try folder.write(".git/hooks/pre-commit", "#!/bin/sh\nmake lint\n")
        let context = setupContext(folder.path)
        let (status, message) = outcome({ try InitCommand.run(.init(), $0) }, context)
        #expect(status == .ok, "\(message)")
        // A hook of the user's own is kept, and init says how to add relance's.
        #expect(folder.text(".git/hooks/pre-commit") == "#!/bin/sh\nmake lint\n")
        #expect(context.err.text.contains("the pre-commit hook was not installed") && context.err.text.contains("--force"), "\(context.err.text)")
        let ignore = folder.text(".gitignore")
        #expect(ignore.hasPrefix("node_modules/\n# relance\n") && ignore.contains("/letters-*.pdf\n"), "\(ignore)")
        #expect(try runTool("git", ["rev-list", "--count", "HEAD"], in: folder.path).stdout == "1\n")
    }

    @Test func refusesOnADetachedHeadChangingNothing() throws {
        let folder = try TempFolder()
        let env = ["GIT_AUTHOR_NAME": "C", "GIT_AUTHOR_EMAIL": "c@example.net", "GIT_COMMITTER_NAME": "C", "GIT_COMMITTER_EMAIL": "c@example.net"]
        try runTool("git", ["init", "-q", "-b", "main"], in: folder.path)
        try runTool("git", ["commit", "-q", "--allow-empty", "-m", "one"], in: folder.path, environment: env)
        try runTool("git", ["checkout", "-q", "--detach"], in: folder.path)
        let before = snapshot(folder.path)
        let (status, message) = outcome({ try InitCommand.run(.init(), $0) }, setupContext(folder.path))
        #expect(status == .temporaryFailure && message.contains("detached"), "\(message)")
        #expect(snapshot(folder.path) == before)
    }

    @Test func theNoBooksErrorSuggestsInitAndInitMakesItTrue() throws {
        let folder = try TempFolder()
        let (status, message) = outcome({ try StatusCommand.run(.init(books: BooksOptions()), $0) }, setupContext(folder.path))
        #expect(status == .usage)
        #expect(message.contains("`relance init DIR`"), "\(message)")
        // Doing what it says: then the same command works there.
        #expect(try InitCommand.run(.init(directory: "DIR"), setupContext(folder.path)) == .ok)
        let context = setupContext(folder.path + "/DIR")
        #expect(try StatusCommand.run(.init(books: BooksOptions()), context) == .ok)
        #expect(context.out.text.contains("F2026-001"))
    }

    @Test func theInstalledHookRefusesABadCommitWithTheRealGit() throws {
        let folder = try TempFolder()
        #expect(try InitCommand.run(.init(directory: "books", language: "en"), setupContext(folder.path)) == .ok)
        let root = folder.path + "/books"
        let env = ["RELANCE": relanceBinary, "GIT_AUTHOR_NAME": "C", "GIT_AUTHOR_EMAIL": "c@example.net",
                   "GIT_COMMITTER_NAME": "C", "GIT_COMMITTER_EMAIL": "c@example.net"]
        try folder.write("books/invoices/2026.books", folder.text("books/invoices/2026.books") + "2026-12-05 invoice INV2026-002 example 10.00 EUT\n")
        try runTool("git", ["add", "-A"], in: root, environment: env)
        let bad = try runTool("git", ["commit", "-m", "bad"], in: root, environment: env)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("invoices/2026.books:") && bad.stderr.contains("EUT"), "\(bad.stderr)")
        try folder.write("books/invoices/2026.books", folder.text("books/invoices/2026.books").replacingOccurrences(of: "EUT", with: "EUR"))
        try runTool("git", ["add", "-A"], in: root, environment: env)
        let good = try runTool("git", ["commit", "-m", "good"], in: root, environment: env)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try runTool("git", ["rev-list", "--count", "HEAD"], in: root).stdout == "2\n")
    }
}
