import Foundation
import GitStore
import Testing

@Suite struct RepositoryTests {
    @Test func createMakesNonBareRepositoryOnUnbornBranch() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir + "/books/2026")
            #expect(repo.workdir == dir + "/books/2026")
            #expect(repo.gitDirectory == dir + "/books/2026/.git")
            #expect(try repo.currentBranch() == "main")
            #expect(try repo.headCommitID() == nil)
            #expect(repo.state() == .clean)
            #expect(try git(repo.workdir, "rev-parse", "--show-toplevel") == repo.workdir + "\n")
            #expect(try git(repo.workdir, "symbolic-ref", "HEAD") == "refs/heads/main\n")
            #expect(try git(repo.workdir, "rev-parse", "--is-bare-repository") == "false\n")
        }
    }

    @Test func createHonoursInitialBranch() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir, initialBranch: "ledger")
            #expect(try repo.currentBranch() == "ledger")
            #expect(try git(dir, "symbolic-ref", "HEAD") == "refs/heads/ledger\n")
        }
    }

    @Test func openDiscoversRepositoryFromSubdirectory() throws {
        try withTemporaryDirectory { dir in
            try git(dir, "init", "-q")
            try FileManager.default.createDirectory(atPath: dir + "/clients/acme", withIntermediateDirectories: true)
            let repo = try GitRepository.open(at: dir + "/clients/acme")
            #expect(repo.workdir == dir)
            #expect(repo.gitDirectory == dir + "/.git")
        }
    }

    @Test func openOutsideRepositoryGivesPlainMessage() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: GitStoreError.notARepository(path: dir)) {
                _ = try GitRepository.open(at: dir)
            }
            let message = GitStoreError.notARepository(path: dir).description
            #expect(message == "\(dir) is not inside a git repository; run `git init` there first")
        }
    }

    @Test func configValueReadsRepositoryConfig() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try git(dir, "config", "user.name", "Alice Freelance")
            try git(dir, "config", "relance.test-key", "on")
            let reopened = try GitRepository.open(at: dir)
            #expect(reopened.configValue("user.name") == "Alice Freelance")
            #expect(repo.configValue("relance.test-key") == "on")
            #expect(repo.configValue("relance.no-such-key") == nil)
        }
    }

    @Test func detachedHeadIsReportedAndRefused() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("a\n", to: "a.books", in: dir)
            let first = try repo.commit(files: ["a.books"], message: "First", author: alice)
            try git(dir, "checkout", "-q", "--detach")
            #expect(try repo.currentBranch() == nil)
            #expect(try repo.headCommitID() == first.commitID)
            try write("b\n", to: "a.books", in: dir)
            #expect(throws: GitStoreError.detachedHead) {
                _ = try repo.commit(files: ["a.books"], message: "Second", author: alice)
            }
            #expect(try git(dir, "rev-parse", "HEAD") == first.commitID! + "\n")
        }
    }

    @Test func mergeConflictStateIsDetectedAndCommitRefused() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("client: ACME\n", to: "clients.books", in: dir)
            _ = try repo.commit(files: ["clients.books"], message: "Base", author: alice)
            try git(dir, "switch", "-q", "-c", "other")
            try write("client: ACME SARL\n", to: "clients.books", in: dir)
            try git(dir, "commit", "-q", "-am", "Other side")
            try git(dir, "switch", "-q", "main")
            try write("client: ACME SA\n", to: "clients.books", in: dir)
            try git(dir, "commit", "-q", "-am", "Main side")
            let merge = try runGit(dir, ["merge", "other"])
            #expect(merge.status != 0)

            #expect(repo.state() == .merge)
            let changes = try repo.uncommittedChanges()
            #expect(changes.map(\.path) == ["clients.books"])
            #expect(changes.first?.isConflicted == true)
            try write("r\n", to: "reminders/R1.txt", in: dir)
            #expect(throws: GitStoreError.operationInProgress(.merge)) {
                _ = try repo.commit(files: ["reminders/R1.txt"], message: "Reminder", author: alice)
            }
        }
    }

    @Test func rebaseStateIsDetectedAndCommitRefused() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("1\n", to: "n.books", in: dir)
            _ = try repo.commit(files: ["n.books"], message: "Base", author: alice)
            try git(dir, "switch", "-q", "-c", "topic")
            try write("2\n", to: "n.books", in: dir)
            try git(dir, "commit", "-q", "-am", "Topic")
            try git(dir, "switch", "-q", "main")
            try write("3\n", to: "n.books", in: dir)
            try git(dir, "commit", "-q", "-am", "Main")
            try git(dir, "switch", "-q", "topic")
            let rebase = try runGit(dir, ["rebase", "main"])
            #expect(rebase.status != 0)

            #expect(repo.state() == .rebase)
            #expect(throws: GitStoreError.operationInProgress(.rebase)) {
                _ = try repo.commit(files: ["n.books"], message: "Reminder", author: alice)
            }
            try git(dir, "rebase", "--abort")
            #expect(repo.state() == .clean)
        }
    }

    @Test func uncommittedChangesListsStagedUnstagedAndUntracked() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            for name in ["kept.books", "edited.books", "gone.books", "both.books", "old-name.books"] {
                try write("\(name) has some content long enough to be seen as a rename\n", to: name, in: dir)
            }
            try write("*.log\n", to: ".gitignore", in: dir)
            _ = try repo.commit(files: ["kept.books", "edited.books", "gone.books", "both.books",
                                        "old-name.books", ".gitignore"],
                                message: "Base", author: alice)
            #expect(try repo.uncommittedChanges() == [])

            try write("changed\n", to: "edited.books", in: dir)
            try remove("gone.books", in: dir)
            try write("staged\n", to: "both.books", in: dir)
            try git(dir, "add", "both.books")
            try write("staged then edited\n", to: "both.books", in: dir)
            try write("new\n", to: "added.books", in: dir)
            try git(dir, "add", "added.books")
            try git(dir, "mv", "old-name.books", "new-name.books")
            try write("u\n", to: "drafts/2026/untracked.books", in: dir)
            try write("noise\n", to: "debug.log", in: dir)

            let changes = try repo.uncommittedChanges()
            #expect(changes == [
                FileChange(path: "added.books", staged: .new),
                FileChange(path: "both.books", staged: .modified, unstaged: .modified),
                FileChange(path: "drafts/2026/untracked.books", unstaged: .new),
                FileChange(path: "edited.books", unstaged: .modified),
                FileChange(path: "gone.books", unstaged: .deleted),
                FileChange(path: "new-name.books", originalPath: "old-name.books", staged: .renamed),
            ])
            #expect(changes.filter(\.isUntracked).map(\.path) == ["drafts/2026/untracked.books"])
        }
    }
}
