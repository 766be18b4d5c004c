#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }

/// Why a file named by the books was not read.
public enum BooksFileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    /// An absolute path, a `..`, or a symbolic link leading out of the books root.
    case outsideBooks(String)
    /// A folder, a FIFO, a device…
    case notRegularFile(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let p): "\(p) does not exist in the books"
        case .outsideBooks(let p): "\(p) is outside the books folder; relance reads only files inside it"
        case .notRegularFile(let p): "\(p) is not a regular file"
        case .unreadable(let p, let why): "\(p) cannot be read (\(why))"
        }
    }
}

/// Reads files the books name (letters, invoice copies), only when they are regular files inside the books root.
public struct BooksFileReader: Sendable {
    /// The books root with every symbolic link resolved.
    let root: String

    public init(root: String) {
        if let resolved = realpath(root, nil) {
            self.root = String(cString: resolved)
            free(resolved)
        } else {
            self.root = root
        }
    }

    /// The bytes of `path` (relative to the books root).
    public func read(_ path: String) throws(BooksFileProblem) -> [UInt8] {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { throw .outsideBooks(path) }
        let full = root + "/" + path
        guard let resolvedPointer = realpath(full, nil) else {
            throw errno == ENOENT ? .missing(path) : .unreadable(path, String(cString: strerror(errno)))
        }
        let resolved = String(cString: resolvedPointer)
        free(resolvedPointer)
        guard resolved.hasPrefix(root == "/" ? "/" : root + "/") else { throw .outsideBooks(path) }
        // O_NONBLOCK: a FIFO put in place of the file must not block the open.
        let fd = open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}
