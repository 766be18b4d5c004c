import Foundation
import GitStore
import Testing

@Suite("Staged files from the index, commits and trailers from a revwalk")
struct IndexHistoryTests {
    private func write(_ dir: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func stagedFilesAreTheIndexNotTheWorkingTree() throws {
        try withTemporaryDirectory { dir in
            try runGit(dir, ["init", "--quiet"])
            try write(dir, "books/a.books", "staged\n")
            try write(dir, "other.txt", "x\n")
            try runGit(dir, ["add", "-A"])
            try write(dir, "books/a.books", "on disk only\n")
            try write(dir, "books/b.books", "untracked\n")
            let repo = try GitRepository.open(at: dir)
            let staged = try repo.stagedFiles { $0.hasPrefix("books/") }
            #expect(staged.files == [StagedFile(path: "books/a.books", bytes: Array("staged\n".utf8))])
            #expect(staged.notFiles.isEmpty && staged.conflicted.isEmpty)
            // Another index file (GIT_INDEX_FILE of a hook).
            try runGit(dir, ["commit", "--quiet", "-m", "one"])
            let other = dir + "/.git/other-index"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", dir, "add", "books/a.books"]
            p.environment = ProcessInfo.processInfo.environment.merging(["GIT_INDEX_FILE": other]) { $1 }
            try p.run()
            p.waitUntilExit()
            #expect(try repo.stagedFiles(indexFile: other) { $0.hasPrefix("books/") }.files.map(\.bytes) == [Array("on disk only\n".utf8)])
            #expect(try repo.stagedFiles { $0.hasPrefix("books/") }.files.map(\.bytes) == [Array("staged\n".utf8)])
        }
    }

    @Test func commitsComeOldestFirstWithTheirTrailersAndFiles() throws {
        try withTemporaryDirectory { dir in
            try runGit(dir, ["init", "--quiet"])
            try write(dir, "history/2026.books", "one\n")
            try runGit(dir, ["add", "-A"])
            try runGit(dir, ["commit", "--quiet", "-m", "first"])
            try write(dir, "history/2026.books", "two\n")
            try write(dir, "reminders/2026/R1.eml", "mail\n")
            try runGit(dir, ["add", "-A"])
            try runGit(dir, ["commit", "--quiet", "-m", "relance: 1 reminder\n\nbody\n\nReminder: R1\nCustomer: acme\nInvoice: F1\nInvoice: F2"])
            let repo = try GitRepository.open(at: dir)
            let commits = try repo.commitsFromHead()
            #expect(commits.map(\.subject) == ["first", "relance: 1 reminder"])
            #expect(commits[1].parents == [commits[0].id])
            #expect(commits[1].trailers == [Trailer(key: "Reminder", value: "R1"), Trailer(key: "Customer", value: "acme"),
                                            Trailer(key: "Invoice", value: "F1"), Trailer(key: "Invoice", value: "F2")])
            #expect(commits[1].author.email == "cli@example.com")
            #expect(!commits[1].isSigned)
            let files = try repo.files(inCommit: commits[1].id, under: "reminders")
            #expect(Array(files.keys) == ["reminders/2026/R1.eml"])
            #expect(try repo.blob(files["reminders/2026/R1.eml"]!) == Array("mail\n".utf8))
            #expect(try repo.files(inCommit: commits[0].id, under: "reminders").isEmpty)
            #expect(try repo.commitSignature(commits[1].id) == nil)
        }
    }
}
