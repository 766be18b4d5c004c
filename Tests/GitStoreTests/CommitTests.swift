import Foundation
import GitStore
import Testing

@Suite struct CommitTests {
    /// A commit made, then the process stopped before the index update: the index lags (git shows the files as
    /// deleted). `alignIndexWithHead` brings exactly those paths in line and keeps what the user staged elsewhere.
    @Test func aStaleIndexIsAlignedWithHeadForTheGivenPathsOnly() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("a\n", to: "customers.books", in: dir)
            _ = try repo.commit(files: ["customers.books"], message: "books", author: alice)
            try write("Dear ACME,\n", to: "reminders/2026/R2026-0007.txt", in: dir)
            try write("b\n", to: "history.books", in: dir)
            _ = try repo.commit(files: ["reminders/2026/R2026-0007.txt", "history.books"], message: reminderMessage, author: alice)
            // The index as it was before that commit: the reminder and history missing from it.
            try runGit(dir, ["rm", "--cached", "--quiet", "reminders/2026/R2026-0007.txt", "history.books"])
            try write("staged by the user\n", to: "notes.txt", in: dir)
            try runGit(dir, ["add", "notes.txt"])
            #expect(try git(dir, "status", "--porcelain").contains("D  reminders/2026/R2026-0007.txt"))

            try repo.alignIndexWithHead(paths: ["reminders/2026/R2026-0007.txt", "history.books"])
            #expect(try git(dir, "status", "--porcelain") == "A  notes.txt\n")
        }
    }

    @Test func firstCommitOnUnbornBranchHasNoParentAndIsClean() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("invoice F2026-014 1200.00 EUR\n", to: "2026.books", in: dir)
            try write("Dear ACME,\n", to: "reminders/2026/R2026-0007.txt", in: dir)
            let result = try repo.commit(files: ["2026.books", "reminders/2026/R2026-0007.txt"],
                                         message: reminderMessage, author: alice)

            guard case .committed(let commitID, let treeID) = result else {
                Issue.record("expected a commit, got \(result)")
                return
            }
            #expect(try git(dir, "rev-parse", "HEAD") == commitID + "\n")
            #expect(try git(dir, "rev-parse", "HEAD^{tree}") == treeID + "\n")
            #expect(try repo.headCommitID() == commitID)
            #expect(try git(dir, "rev-parse", "--abbrev-ref", "HEAD") == "main\n")
            #expect(try gitLines(dir, "rev-list", "--parents", "-n", "1", "HEAD") == [commitID])
            #expect(try gitLines(dir, "ls-tree", "-r", "--name-only", "HEAD")
                == ["2026.books", "reminders/2026/R2026-0007.txt"])
            #expect(try git(dir, "show", "HEAD:reminders/2026/R2026-0007.txt") == "Dear ACME,\n")
            #expect(try git(dir, "status", "--porcelain") == "")
            #expect(try runGit(dir, ["fsck", "--strict", "--no-dangling"]).status == 0)
            #expect(try gitLines(dir, "reflog", "--format=%gs") == ["commit (initial): Relance R2026-0007 to ACME SARL"])
        }
    }

    @Test func messageSubjectBodyAndTrailersAreReadableByGit() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("x\n", to: "reminders/R2026-0007.txt", in: dir)
            let result = try repo.commit(files: ["reminders/R2026-0007.txt"], message: reminderMessage, author: alice)

            #expect(try git(dir, "log", "-1", "--format=%s%n%b") == """
                Relance R2026-0007 to ACME SARL
                Second reminder for invoice F2026-014, 12 days overdue.

                Reminder: R2026-0007
                Invoice: F2026-014


                """)
            #expect(try gitLines(dir, "log", "--format=%H", "--grep=Invoice: F2026-014") == [result.commitID!])
            #expect(try gitLines(dir, "log", "--format=%H", "--grep=Invoice: F2026-999") == [])
            let raw = try git(dir, "log", "-1", "--format=%B")
            let parse = Process()
            parse.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            parse.arguments = ["git", "interpret-trailers", "--parse"]
            let input = Pipe(), output = Pipe()
            parse.standardInput = input
            parse.standardOutput = output
            try parse.run()
            input.fileHandleForWriting.write(Data(raw.utf8))
            try input.fileHandleForWriting.close()
            let trailers = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            parse.waitUntilExit()
            #expect(trailers == "Reminder: R2026-0007\nInvoice: F2026-014\n")
            #expect(try git(dir, "log", "-1", "--format=%(trailers:key=Invoice,valueonly)") == "F2026-014\n\n")
        }
    }

    @Test func authorCommitterAndTimesArePinned() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("x\n", to: "a.books", in: dir)
            let bot = Signature(name: "relance", email: "relance@localhost", time: 1_767_261_600, offsetMinutes: -330)
            _ = try repo.commit(files: ["a.books"], message: "Subject only", author: alice, committer: bot)
            #expect(try git(dir, "log", "-1", "--format=%an <%ae> %at %ai|%cn <%ce> %ct %ci")
                == "Alice Freelance <alice@example.com> 1767258000 2026-01-01 10:00:00 +0100|"
                + "relance <relance@localhost> 1767261600 2026-01-01 04:30:00 -0530\n")
            #expect(try git(dir, "cat-file", "commit", "HEAD").hasSuffix("\n\nSubject only\n"))
        }
    }

    @Test func secondCommitHasFirstAsParentAndOnlyListedFiles() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("a\n", to: "a.books", in: dir)
            try write("b\n", to: "b.books", in: dir)
            let first = try repo.commit(files: ["a.books", "b.books"], message: "First", author: alice)
            try write("a2\n", to: "a.books", in: dir)
            try write("b2\n", to: "b.books", in: dir)
            let second = try repo.commit(files: ["a.books"], message: "Second", author: alice)

            #expect(second.commitID != nil)
            #expect(try git(dir, "rev-parse", "HEAD^") == first.commitID! + "\n")
            #expect(try gitLines(dir, "diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD") == ["M\ta.books"])
            #expect(try git(dir, "show", "HEAD:b.books") == "b\n")
            #expect(try git(dir, "status", "--porcelain") == " M b.books\n")
        }
    }

    @Test func userStagedChangesSurviveAndStayOutOfTheCommit() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("tracked\n", to: "notes.md", in: dir)
            _ = try repo.commit(files: ["notes.md"], message: "Base", author: alice)

            try write("draft\n", to: "draft.books", in: dir)
            try git(dir, "add", "draft.books")
            try write("tracked, edited\n", to: "notes.md", in: dir)
            try write("scratch\n", to: "scratch.txt", in: dir)
            try write("Dear ACME,\n", to: "reminders/R1.txt", in: dir)
            _ = try repo.commit(files: ["reminders/R1.txt"], message: "Reminder R1", author: alice)

            #expect(try gitLines(dir, "show", "--name-only", "--format=", "HEAD") == ["reminders/R1.txt"])
            #expect(try gitLines(dir, "diff", "--cached", "--name-only") == ["draft.books"])
            #expect(try gitLines(dir, "status", "--porcelain") == ["A  draft.books", " M notes.md", "?? scratch.txt"])
            #expect(try runGit(dir, ["fsck", "--strict", "--no-dangling"]).status == 0)
        }
    }

    @Test func fileDeletedOnDiskIsRemovedFromTheTree() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("a\n", to: "a.books", in: dir)
            try write("old\n", to: "reminders/old.txt", in: dir)
            _ = try repo.commit(files: ["a.books", "reminders/old.txt"], message: "First", author: alice)
            try remove("reminders/old.txt", in: dir)
            let result = try repo.commit(files: ["reminders/old.txt"], message: "Drop old reminder", author: alice)

            #expect(result.commitID != nil)
            #expect(try gitLines(dir, "ls-tree", "-r", "--name-only", "HEAD") == ["a.books"])
            #expect(try gitLines(dir, "diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD")
                == ["D\treminders/old.txt"])
            #expect(try git(dir, "status", "--porcelain") == "")
        }
    }

    @Test func identicalContentMakesNoCommit() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            #expect(try repo.commit(files: ["missing.books"], message: "Nothing", author: alice) == .nothingToCommit)
            #expect(try repo.headCommitID() == nil)

            try write("a\n", to: "a.books", in: dir)
            let first = try repo.commit(files: ["a.books"], message: "First", author: alice)
            let again = try repo.commit(files: ["a.books", "never-existed.txt"], message: "Again", author: alice)
            #expect(again == .nothingToCommit)
            #expect(try git(dir, "rev-parse", "HEAD") == first.commitID! + "\n")
            #expect(try gitLines(dir, "rev-list", "--count", "HEAD") == ["1"])
        }
    }

    @Test func sameFilesGiveSameTreeAndWithPinnedSignaturesSameCommit() throws {
        func build(_ dir: String, time: Int64) throws -> CommitResult {
            let repo = try GitRepository.create(at: dir)
            try write("invoice F2026-014\n", to: "2026.books", in: dir)
            try write("#!/bin/sh\necho hi\n", to: "tools/hook.sh", in: dir, executable: true)
            var signature = alice
            signature.time = time
            return try repo.commit(files: ["tools/hook.sh", "2026.books"], message: reminderMessage, author: signature)
        }
        try withTemporaryDirectory { dir in
            let one = try build(dir + "/one", time: alice.time)
            let two = try build(dir + "/two", time: alice.time)
            let later = try build(dir + "/three", time: alice.time + 1)
            #expect(one.treeID != nil)
            #expect(one == two)
            #expect(later.treeID == one.treeID)
            #expect(later.commitID != one.commitID)
        }
    }

    @Test func fileModesAreRecorded() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("#!/bin/sh\n", to: "run.sh", in: dir, executable: true)
            try write("plain\n", to: "plain.books", in: dir)
            _ = try repo.commit(files: ["run.sh", "plain.books"], message: "Modes", author: alice)
            #expect(try gitLines(dir, "ls-tree", "HEAD").map { String($0.prefix(6)) } == ["100644", "100755"])
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir + "/run.sh")
            _ = try repo.commit(files: ["run.sh"], message: "Not executable", author: alice)
            #expect(try git(dir, "ls-tree", "HEAD", "run.sh").hasPrefix("100644 "))
            #expect(try git(dir, "status", "--porcelain") == "")
        }
    }

    @Test(arguments: ["", "/etc/passwd", "../outside.books", "a/../b.books", "./a.books", ".git/config",
                      "reminders/", "a//b.books"])
    func pathsOutsideThePlainWorkdirAreRefused(path: String) throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            #expect(throws: GitStoreError.invalidPath(path)) {
                _ = try repo.commit(files: [path], message: "Bad", author: alice)
            }
        }
    }

    @Test func directoriesAndEmptyMessagesAreRefused() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("x\n", to: "reminders/R1.txt", in: dir)
            #expect(throws: GitStoreError.notAFile("reminders")) {
                _ = try repo.commit(files: ["reminders"], message: "Dir", author: alice)
            }
            #expect(throws: GitStoreError.emptyMessage) {
                _ = try repo.commit(files: ["reminders/R1.txt"], message: "  \n\n", author: alice)
            }
            #expect(try repo.headCommitID() == nil)
        }
    }
}
