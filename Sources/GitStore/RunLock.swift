#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a `RunLock` could not be taken.
public enum LockError: Error, Equatable, CustomStringConvertible {
    /// A live process holds the lock.
    case heldBy(pid: Int32, path: String)
    /// A live process holds the lock but its pid is not written yet (it is starting right now).
    case unreadable(path: String)
    /// The file system refused (permissions, …).
    case system(path: String, message: String)

    public var description: String {
        switch self {
        case .heldBy(let pid, let path):
            return "another relance run (pid \(pid)) holds \(path); wait for it to finish, then run again"
        case .unreadable(let path):
            return "another relance run is starting and holds \(path); wait for it to finish, then run again"
        case .system(let path, let message):
            return "cannot create the lock \(path): \(message)"
        }
    }
}

/// An exclusive, per-repository lock: a file in the git directory, locked with `flock(2)` and holding the owner's pid.
///
/// The kernel drops the `flock` when its process dies, however it dies (`kill -9` included): a lock file
/// that nobody holds is stale and is taken over at once, whatever it contains (empty, a dead pid).
/// One exception, for safety: a file naming another live process is respected even without the kernel
/// lock (a hand-made lock, or a relance older than the kernel lock). Released by `release()` or `deinit`.
/// Not thread-safe.
public final class RunLock {
    /// Absolute path of the lock file.
    public let path: String
    private let pid: Int32
    private var fd: Int32

    private init(path: String, pid: Int32, fd: Int32) {
        self.path = path
        self.pid = pid
        self.fd = fd
    }

    deinit { release() }

    /// Takes `<gitDirectory>/<name>`, writing this process's pid into it.
    public static func acquire(in repo: GitRepository, name: String = "relance.lock") throws -> RunLock {
        try acquire(path: repo.gitDirectory + "/" + name)
    }

    /// Takes the lock file at `path` (its folder must exist).
    public static func acquire(path: String) throws -> RunLock {
        let me = getpid()
        for _ in 0..<5 {
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LockError.system(path: path, message: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let error = errno
                let owner = readPID(fd)
                close(fd)
                guard error == EWOULDBLOCK || error == EINTR else {
                    throw LockError.system(path: path, message: String(cString: strerror(error)))
                }
                if let owner { throw LockError.heldBy(pid: owner, path: path) }
                throw LockError.unreadable(path: path)
            }
            // The holder before us may have removed the file between our open and our flock: then the lock
            // we hold is on a file nobody else can see; start again on the file that is there now.
            var mine = stat(), there = stat()
            guard fstat(fd, &mine) == 0, lstat(path, &there) == 0, mine.st_ino == there.st_ino, mine.st_dev == there.st_dev else {
                close(fd)
                continue
            }
            if let owner = readPID(fd), owner != me, processIsAlive(owner) {
                close(fd)
                throw LockError.heldBy(pid: owner, path: path)
            }
            let text = Array("\(me)\n".utf8)
            let written = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            let writeError = errno
            guard written == text.count, ftruncate(fd, off_t(text.count)) == 0 else {
                close(fd)
                throw LockError.system(path: path, message: String(cString: strerror(writeError)))
            }
            return RunLock(path: path, pid: me, fd: fd)
        }
        throw LockError.unreadable(path: path)
    }

    /// Removes the lock file and drops the kernel lock. Safe to call more than once.
    public func release() {
        guard fd >= 0 else { return }
        // Removed while still locked, so that nobody takes over a file that is about to vanish.
        var mine = stat(), there = stat()
        if fstat(fd, &mine) == 0, lstat(path, &there) == 0, mine.st_ino == there.st_ino, mine.st_dev == there.st_dev {
            unlink(path)
        }
        close(fd)
        fd = -1
    }

    /// The pid written in the file, if it holds a positive number.
    static func readPID(_ fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[0..<count], as: UTF8.self).trimmedWhitespace()
        guard let pid = Int32(text), pid > 0 else { return nil }
        return pid
    }

    private static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

private extension String {
    func trimmedWhitespace() -> String {
        let set: Set<Character> = [" ", "\n", "\t", "\r", "\r\n"]
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
