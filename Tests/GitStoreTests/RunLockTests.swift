import Foundation
import GitStore
import Testing

@Suite struct RunLockTests {
    @Test func secondAcquireFailsWhileHeldAndReleaseRemovesFile() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let path = repo.gitDirectory + "/relance.lock"
            let lock = try RunLock.acquire(in: repo)
            #expect(lock.path == path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")

            #expect(throws: LockError.heldBy(pid: getpid(), path: path)) {
                _ = try RunLock.acquire(in: repo)
            }
            #expect(LockError.heldBy(pid: 1234, path: path).description
                == "another relance run (pid 1234) holds \(path); wait for it to finish, then run again")

            lock.release()
            #expect(!FileManager.default.fileExists(atPath: path))
            let again = try RunLock.acquire(in: repo)
            #expect(FileManager.default.fileExists(atPath: path))
            again.release()
            again.release()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func deinitReleases() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            do {
                let lock = try RunLock.acquire(in: repo, name: "other.lock")
                #expect(FileManager.default.fileExists(atPath: lock.path))
            }
            #expect(!FileManager.default.fileExists(atPath: repo.gitDirectory + "/other.lock"))
        }
    }

    @Test func staleLockOfFinishedProcessIsTakenOver() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            child.arguments = ["true"]
            try child.run()
            child.waitUntilExit()
            let deadPID = child.processIdentifier
            #expect(kill(deadPID, 0) != 0)

            let path = repo.gitDirectory + "/relance.lock"
            try "\(deadPID)\n".write(toFile: path, atomically: false, encoding: .utf8)
            let lock = try RunLock.acquire(in: repo)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
            lock.release()
        }
    }

    @Test func lockHeldByAnotherLiveProcessIsRespected() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            child.arguments = ["sleep", "30"]
            try child.run()
            defer { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() }

            let path = repo.gitDirectory + "/relance.lock"
            try "\(child.processIdentifier)\n".write(toFile: path, atomically: false, encoding: .utf8)
            #expect(throws: LockError.heldBy(pid: child.processIdentifier, path: path)) {
                _ = try RunLock.acquire(in: repo)
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(child.processIdentifier)\n")
        }
    }

    /// A run killed right after creating the file leaves it empty: nobody holds it, so the next run takes it.
    @Test func emptyLockLeftByAKilledRunIsTakenOver() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let path = repo.gitDirectory + "/relance.lock"
            try "".write(toFile: path, atomically: false, encoding: .utf8)
            let lock = try RunLock.acquire(in: repo)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
            lock.release()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    /// A run that holds the kernel lock but has not written its pid yet is not robbed.
    @Test func emptyLockThatIsHeldIsNotStolen() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let path = repo.gitDirectory + "/relance.lock"
            try "".write(toFile: path, atomically: false, encoding: .utf8)
            let holder = open(path, O_RDWR)
            #expect(holder >= 0)
            #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
            defer { close(holder) }
            #expect(throws: LockError.unreadable(path: path)) {
                _ = try RunLock.acquire(in: repo)
            }
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
        }
    }

    /// Not a symbolic link: the lock is never taken through one.
    @Test func aSymbolicLinkIsNotFollowed() throws {
        try withTemporaryDirectory { dir in
            let repo = try GitRepository.create(at: dir)
            let path = repo.gitDirectory + "/relance.lock"
            let outside = dir + "/outside"
            #expect(symlink(outside, path) == 0)
            #expect(throws: (any Error).self) { _ = try RunLock.acquire(in: repo) }
            #expect(!FileManager.default.fileExists(atPath: outside))
        }
    }
}
