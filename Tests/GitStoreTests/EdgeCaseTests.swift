import Foundation
import GitStore
import Testing

@Suite struct EdgeCaseTests {
    @Test func openMissingPathOrBareRepositoryIsRefused() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: GitStoreError.notARepository(path: dir + "/nowhere")) {
                _ = try GitRepository.open(at: dir + "/nowhere")
            }
            try FileManager.default.createDirectory(atPath: dir + "/bare.git", withIntermediateDirectories: true)
            try git(dir + "/bare.git", "init", "-q", "--bare")
            #expect(throws: GitStoreError.bareRepository(path: dir + "/bare.git")) {
                _ = try GitRepository.open(at: dir + "/bare.git")
            }
        }
    }

    @Test func symbolicLinkIsCommittedAsLinkButNotFollowedAsParent() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir + "/repo")
            try write("a\n", to: "repo/a.books", in: dir)
            try FileManager.default.createSymbolicLink(atPath: dir + "/repo/current.books", withDestinationPath: "a.books")
            _ = try repo.commit(files: ["a.books", "current.books"], message: "Link", author: alice)
            #expect(try git(repo.workdir, "ls-tree", "HEAD", "current.books").hasPrefix("120000 "))
            #expect(try git(repo.workdir, "cat-file", "-p", "HEAD:current.books") == "a.books")
            #expect(try git(repo.workdir, "status", "--porcelain") == "")

            try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
            try write("secret\n", to: "elsewhere/s.txt", in: dir)
            try FileManager.default.createSymbolicLink(atPath: dir + "/repo/out", withDestinationPath: dir + "/elsewhere")
            #expect(throws: GitStoreError.invalidPath("out/s.txt")) {
                _ = try repo.commit(files: ["out/s.txt"], message: "Escape", author: alice)
            }
        }
    }

    @Test func executableBitIsIgnoredWhenFileModeIsNotTrusted() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("#!/bin/sh\n", to: "run.sh", in: dir, executable: true)
            _ = try repo.commit(files: ["run.sh"], message: "Executable", author: alice)
            try git(dir, "config", "core.filemode", "false")
            let reopened = try GitRepository.open(at: dir)
            try write("#!/bin/sh\necho\n", to: "run.sh", in: dir, executable: false)
            try write("#!/bin/sh\n", to: "new.sh", in: dir, executable: true)
            _ = try reopened.commit(files: ["run.sh", "new.sh"], message: "Edit", author: alice)
            #expect(try gitLines(dir, "ls-tree", "HEAD").map { String($0.prefix(6)) } == ["100644", "100755"])
        }
    }

    @Test func createOnExistingRepositoryKeepsHistory() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            try write("a\n", to: "a.books", in: dir)
            let first = try repo.commit(files: ["a.books"], message: "First", author: alice)
            let again = try GitRepository.create(at: dir)
            #expect(try again.headCommitID() == first.commitID)
            #expect(try again.currentBranch() == "main")
        }
    }
}
