import Glibc

/// Why a `RunLock` could not be taken.
public enum LockError: Error, Equatable, CustomStringConvertible {
    /// A live process holds the lock.
    case heldBy(pid: Int32, path: String)
    /// The lock file exists but holds no pid (a run may be writing it right now).
    case unreadable(path: String)
    /// The file system refused (permissions, …).
    case system(path: String, message: String)

    public var description: String {
        switch self {
        case .heldBy(let pid, let path):
            return "another relance run (pid \(pid)) holds \(path); wait for it, or delete the file if no run is going"
        case .unreadable(let path):
            return "another relance run holds \(path) (no pid in it yet); wait for it, or delete the file if no run is going"
        case .system(let path, let message):
            return "cannot create the lock \(path): \(message)"
        }
    }
}

/// An exclusive, per-repository lock: a file in the git directory holding the owner's pid.
///
/// A lock whose pid is no longer running is stale and is taken over. Released by `release()` or `deinit`.
/// Two runs taking over the same stale lock at the very same moment could both succeed; that window is
/// accepted. Not thread-safe.
public final class RunLock {
    /// Absolute path of the lock file.
    public let path: String
    private let pid: Int32
    private var held = true

    private init(path: String, pid: Int32) {
        self.path = path
        self.pid = pid
    }

    deinit { release() }

    /// Creates `<gitDirectory>/<name>` exclusively, writing this process's pid into it.
    public static func acquire(in repo: GitRepository, name: String = "relance.lock") throws -> RunLock {
        let path = repo.gitDirectory + "/" + name
        let me = getpid()
        for _ in 0..<3 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                let text = Array("\(me)\n".utf8)
                let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                let writeError = errno
                close(fd)
                guard written == text.count else {
                    unlink(path)
                    throw LockError.system(path: path, message: String(cString: strerror(writeError)))
                }
                return RunLock(path: path, pid: me)
            }
            let error = errno
            guard error == EEXIST else {
                throw LockError.system(path: path, message: String(cString: strerror(error)))
            }
            guard let owner = readPID(path) else {
                // Vanished meanwhile: try again; otherwise someone is still writing it.
                if access(path, F_OK) != 0 { continue }
                throw LockError.unreadable(path: path)
            }
            if processIsAlive(owner) { throw LockError.heldBy(pid: owner, path: path) }
            // Stale: its owner is gone.
            if unlink(path) != 0 && errno != ENOENT {
                throw LockError.system(path: path, message: String(cString: strerror(errno)))
            }
        }
        throw LockError.unreadable(path: path)
    }

    /// Removes the lock file if it is still ours. Safe to call more than once.
    public func release() {
        guard held else { return }
        held = false
        if Self.readPID(path) == pid { unlink(path) }
    }

    /// The pid written in the file, if it holds a positive number.
    static func readPID(_ path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
            .trimmedWhitespace()
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
