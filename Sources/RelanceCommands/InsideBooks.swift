import Books
import Foundation

/// Files read, attached or written by relance stay inside the books root: only regular files, never
/// through a symbolic link that leads out, never a FIFO or a device, never a folder loop.
///
/// The rules (docs/format.md):
/// - a books file, relance.toml or a template is read only when it is a regular file itself
///   (a symbolic link there is not followed: it is reported and skipped);
/// - an invoice's `file` is attached only when its real path (links resolved) is a regular file
///   inside the books root, outside `.git`;
/// - nothing is ever written through a symbolic link: every folder on the way from the root must be
///   a real folder, and the file itself a regular file or absent.
enum InsideBooks {
    /// What became of an attempt to read a file of the books.
    enum Read {
        case bytes([UInt8])
        case missing
        /// The problem in a few words ("is a symbolic link to /etc/passwd, outside the books").
        case refused(String)
    }

    /// The kind of a non-regular file, in words.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Reads an open file descriptor that must be a regular file (closes it).
    static func readRegular(fd: Int32) -> Read {
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .refused("cannot be read: \(errorText(errno))") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .refused("is \(kind(info.st_mode)), not a regular file") }
        // The file was opened without blocking (a FIFO must not hang): reads of a regular file never block.
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .refused("cannot be read: \(errorText(errno))") }
            if n == 0 { break }
            done += n
        }
        bytes.removeSubrange(done...)
        return .bytes(bytes)
    }

    /// A file of the books that must itself be a regular file (not a link), e.g. `relance.toml` or a template.
    static func readRegularFile(_ path: String) -> Read {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { return .missing }
            if e == ELOOP {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " to \($0)" } ?? ""
                return .refused("is a symbolic link\(target): relance reads only regular files of the books and follows no link")
            }
            return .refused("cannot be read: \(errorText(e))")
        }
        return readRegular(fd: fd)
    }

    /// The real path of the books root (links resolved).
    static func realRoot(_ root: String) -> String {
        realPath(root) ?? root
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// An attachment named by an invoice's `file`: read only when its real path is a regular file inside the root.
    /// With `readBytes` false, only checks (`.bytes([])` when it would be read).
    static func readAttachment(root: String, relative: String, readBytes: Bool = true) -> Read {
        if relative.isEmpty || relative.utf8.contains(0) { return .refused("is not a file name") }
        if relative.hasPrefix("/") { return .refused("is an absolute path: write it relative to the books root, inside the books") }
        let base = realRoot(root)
        let full = base + "/" + relative
        guard let real = realPath(full) else {
            let e = errno
            var info = stat()
            if lstat(full, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
                return e == ELOOP ? .refused("is a loop of symbolic links") : .refused("is a symbolic link to \(target), which does not exist")
            }
            if e == ENOENT || e == ENOTDIR { return .missing }
            return .refused(e == ELOOP ? "goes through a loop of symbolic links" : "cannot be read: \(errorText(e))")
        }
        guard real.hasPrefix(base + "/") else {
            return .refused("is outside the books (it leads to \(real)); only files inside the books root may be attached")
        }
        let inside = real.dropFirst(base.count + 1)
        if inside == ".git" || inside.hasPrefix(".git/") { return .refused("is inside git's own folder, not a file of the books") }
        guard readBytes else {
            var info = stat()
            guard lstat(real, &info) == 0 else { return .refused("cannot be read: \(errorText(errno))") }
            return info.st_mode & S_IFMT == S_IFREG ? .bytes([]) : .refused("is \(kind(info.st_mode)), not a regular file")
        }
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .refused("cannot be read: \(errorText(errno))") }
        return readRegular(fd: fd)
    }

    /// Why `relative` (a path under `root`) cannot be written without going through a link, or nil when it can.
    static func writeProblem(root: String, relative: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            return "\(relative) is not a plain path inside the books"
        }
        var path = root
        var shown = ""
        for (k, part) in parts.enumerated() {
            path += "/" + part
            shown += (shown.isEmpty ? "" : "/") + part
            var info = stat()
            if lstat(path, &info) != 0 {
                if errno == ENOENT { return nil }  // the rest is created as real folders
                return "\(shown) cannot be examined: \(errorText(errno))"
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " (to \($0))" } ?? ""
                return "\(shown) is a symbolic link\(target): relance never writes through a link"
            }
            let last = k == parts.count - 1
            if !last && type != S_IFDIR { return "\(shown) is \(kind(info.st_mode)), not a folder" }
            if last && type != S_IFREG { return "\(shown) is \(kind(info.st_mode)), not a regular file" }
        }
        return nil
    }
}

/// The invoice copies named by `file` lines, checked as `run` will read them.
enum Attachments {
    /// Where the value of an invoice's `file` line is, with the line and its length for the caret.
    static func location(of invoice: Invoice, in books: Books) -> SourceLocation? {
        place(of: invoice, in: books).map { $0.location }
    }

    static func place(of invoice: Invoice, in books: Books) -> (location: SourceLocation, line: String, length: Int)? {
        guard invoice.span.file >= 0, Int(invoice.span.file) < books.sources.count else { return nil }
        let source = books.sources[Int(invoice.span.file)]
        // The record's own lines are the indented ones below its header (blank lines may sit between them).
        for n in (Int(invoice.span.line) + 1)..<(Int(invoice.span.line) + 1000) {
            let text = source.lineText(n)
            guard let first = text.first else { continue }
            guard first == " " || first == "\t" else { return nil }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("file"), let after = trimmed.dropFirst(4).first, after == " " || after == "\t" {
                let value = trimmed.dropFirst(4).drop { $0 == " " || $0 == "\t" }
                let column = text.count - value.count + 1
                let length = value.prefix { $0 != ";" }.trimmingSuffixSpaces.count
                return (SourceLocation(file: source.path, line: n, column: column), text, max(1, length))
            }
        }
        return nil
    }

    /// An error for each `file` that leads out of the books or is not a regular file; a warning for each missing one.
    static func diagnostics(_ books: Books, root: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for invoice in books.invoices {
            guard let file = invoice.file else { continue }
            let outcome = InsideBooks.readAttachment(root: root, relative: file, readBytes: false)
            let message: String, severity: Diagnostic.Severity, fix: String
            switch outcome {
            case .bytes: continue
            case .missing:
                severity = .warning
                message = "the invoice copy \(file) does not exist in the books: reminders of \(invoice.number) will go without it"
                fix = "add the file (the path is relative to the books root) or remove the `file` line"
            case .refused(let why):
                severity = .error
                message = "the invoice copy \(file) \(why)"
                fix = "put the copy inside the books (e.g. documents/\(invoice.number).pdf) as a regular file, and write that path"
            }
            if let place = place(of: invoice, in: books) {
                out.append(Diagnostic(severity, place.location, message, fix: fix, sourceLine: place.line, length: place.length))
            } else {
                out.append(Diagnostic.at(invoice.span, in: books.sources, severity, message, fix: fix))
            }
        }
        return out
    }
}

private extension Substring {
    var trimmingSuffixSpaces: Substring {
        var s = self
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
