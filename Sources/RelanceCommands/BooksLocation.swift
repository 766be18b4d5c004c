import Books
import Configuration
import Foundation
import Parallel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The books as read from disk: where they are, their configuration, the parsed records.
public struct LoadedBooks: Sendable {
    public var root: String
    public var config: RelanceConfig
    public var books: Books
    /// Problems in relance.toml and in the books, sorted.
    public var diagnostics: [Diagnostic]
    /// How many parts the work over these books is cut into: decided once, from the machine and the books' size.
    public var parallel: Parallel = .sequential

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Finds and reads the books root.
public enum BooksLocation {
    public static let configName = "relance.toml"

    /// `--books DIR`, else `RELANCE_BOOKS`, else the nearest folder upwards holding relance.toml.
    public static func findRoot(explicit: String?, context: CommandContext) throws -> String {
        func absolute(_ p: String) -> String {
            let path = p.hasPrefix("/") ? p : context.currentDirectory + "/" + p
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        if let explicit { return try existingDirectory(absolute(explicit), from: "--books") }
        if let env = context.environment["RELANCE_BOOKS"], !env.isEmpty { return try existingDirectory(absolute(env), from: "RELANCE_BOOKS") }
        var dir = URL(fileURLWithPath: context.currentDirectory).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(configName).path) { return dir.path }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw CommandFailure(.usage, "no books here: no \(configName) in \(context.currentDirectory) or any folder above it.\n"
                             + "  fix: run relance inside your books, pass --books DIR, set RELANCE_BOOKS, or create books with `relance init DIR`")
    }

    static func existingDirectory(_ path: String, from: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw CommandFailure(.usage, "\(from): \(path) is not a folder")
        }
        return path
    }

    /// Every `*.books` file under `root` (dot-folders excluded), by path.
    public static func bookFiles(root: String) -> [String] { scanBookFiles(root: root).paths }

    /// The `*.books` files under `root` that are read (regular files in real folders, dot-folders excluded), by path,
    /// and a warning for each one skipped: a symbolic link (file or folder) is not followed, so nothing outside
    /// the books is read and a loop of links cannot make the books be read twice; a FIFO, socket or device is not opened.
    static func scanBookFiles(root: String) -> (paths: [String], skipped: [Diagnostic]) {
        var out: [String] = []
        var skipped: [Diagnostic] = []
        func walk(_ relative: String) {
            let dir = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + rel, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR { walk(rel); continue }
                if type == S_IFREG { if name.hasSuffix(".books") { out.append(rel) }; continue }
                guard type == S_IFLNK else {
                    if name.hasSuffix(".books") {
                        skipped.append(Diagnostic(.warning, SourceLocation(file: rel, line: 1, column: 1),
                                                  "\(rel) is \(InsideBooks.kind(info.st_mode)), not a regular file: it was not read",
                                                  fix: "books files are plain text files; remove it or replace it by a regular file"))
                    }
                    continue
                }
                var target = stat()
                let isFolder = stat(root + "/" + rel, &target) == 0 && target.st_mode & S_IFMT == S_IFDIR
                guard name.hasSuffix(".books") || isFolder else { continue }
                let to = (try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + rel)).map { " (to \($0))" } ?? ""
                skipped.append(Diagnostic(.warning, SourceLocation(file: rel, line: 1, column: 1),
                                          "\(rel) is a symbolic link\(to): relance follows no link in the books, \(isFolder ? "nothing in that folder was" : "it was not") read",
                                          fix: "move the files themselves into the books (a link could lead out of them, or in a loop)"))
            }
        }
        walk("")
        out.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return (out, skipped)
    }

    /// The bytes of a books file, read straight into an array (books can be hundreds of megabytes);
    /// only a regular file, opened without following a link and without blocking (a FIFO must not hang).
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CommandFailure(.badData, "\(path) is \(InsideBooks.kind(info.st_mode)), not a regular file: relance reads only regular files of the books")
        }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = systemRead(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = n < 0; break }
                done += n
            }
            count = done
        }
        if failed { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        return bytes
    }

    /// Reads relance.toml and every books file under `root`, on `cores` cores.
    public static func load(root: String, cores: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> LoadedBooks {
        var diagnostics: [Diagnostic] = []
        let configPath = root + "/" + configName
        var config = RelanceConfig(company: Company(name: ""), dunning: .french, departments: [:], git: nil, smtp: nil)
        var configInfo = stat()
        if lstat(configPath, &configInfo) == 0 && configInfo.st_mode & S_IFMT != S_IFREG {
            let what = configInfo.st_mode & S_IFMT == S_IFLNK
                ? "a symbolic link" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: configPath)).map { " (to \($0))" } ?? "")
                : InsideBooks.kind(configInfo.st_mode)
            diagnostics.append(Diagnostic(.error, SourceLocation(file: configName, line: 1, column: 1),
                                          "\(configName) is \(what), not a regular file: it was not read",
                                          fix: "make \(configName) a plain text file in the books root"))
        } else if FileManager.default.fileExists(atPath: configPath) {
            let text = String(decoding: try read(configPath), as: UTF8.self)
            let (parsed, configDiagnostics) = ConfigParser.parse(text, path: configName)
            diagnostics += configDiagnostics
            if let parsed { config = parsed }
        } else {
            diagnostics.append(Diagnostic(.warning, SourceLocation(file: configName, line: 1, column: 1),
                                          "there is no \(configName) in the books root: using default settings",
                                          fix: "create one (docs/policy.md), or copy the one `relance init DIR` writes in a new folder"))
        }
        // Whole files, several at once: big books are hundreds of megabytes.
        let (paths, skipped) = scanBookFiles(root: root)
        diagnostics += skipped
        let results = Parallel(parts: min(cores, paths.count)).map(count: paths.count) { k in
            Result { try read(root + "/" + paths[k]) }
        }
        var sources: [SourceFile] = []
        for (path, result) in zip(paths, results) { sources.append(SourceFile(path: path, bytes: try result.get())) }
        // The one decision of how many parts the work over these books is cut into: reading them, the
        // allocation, the reports and their output.
        let parallel = parts(for: sources, cores: cores)
        let books = Books.load(sources, defaultTerms: config.company.terms, parallel: parallel)
        diagnostics += books.diagnostics
        diagnostics += Attachments.diagnostics(books, root: root)
        diagnostics += writePlaceDiagnostics(root: root, templateFolders: ["templates"] + config.departments.values.compactMap(\.templates).sorted())
        return LoadedBooks(root: root, config: config, books: books, diagnostics: diagnostics, parallel: parallel)
    }

    /// How many parts the work over books made of `sources` is cut into on a machine of `cores` cores:
    /// the one place the commands apply `Parallel.forRecords`.
    public static func parts(for sources: [SourceFile], cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Parallel {
        .forRecords(Books.estimatedRecords(sources), cores: cores)
    }

    /// The folders `run` writes into (reminders/, history/) must be real folders of the books, holding no link:
    /// `run` never writes through a link. Links and special files among the templates are not read: a warning.
    static func writePlaceDiagnostics(root: String, templateFolders: [String] = ["templates"]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func describe(_ path: String, _ mode: mode_t) -> String {
            mode & S_IFMT == S_IFLNK
                ? "a symbolic link" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " (to \($0))" } ?? "")
                : InsideBooks.kind(mode)
        }
        /// Every entry under `folder` that is neither a real folder nor a regular file.
        func walk(_ relative: String, _ found: (String, mode_t) -> Void) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative) else { return }
            for name in names.sorted() {
                let rel = relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + rel, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR { walk(rel, found) } else if type != S_IFREG { found(rel, info.st_mode) }
            }
        }
        for folder in ["reminders", "history"] {
            var info = stat()
            guard lstat(root + "/" + folder, &info) == 0 else { continue }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                out.append(Diagnostic(.error, SourceLocation(file: folder, line: 1, column: 1),
                                      "\(folder) is \(describe(root + "/" + folder, info.st_mode)), not a folder of the books: "
                                      + "`relance run` writes there and never writes through a link",
                                      fix: "replace it by a real folder (`git rm \(folder)`, `mkdir \(folder)`, move its files in), then commit"))
                continue
            }
            walk(folder) { rel, mode in
                out.append(Diagnostic(.error, SourceLocation(file: rel, line: 1, column: 1),
                                      "\(rel) is \(describe(root + "/" + rel, mode)), not a regular file: `relance run` writes in \(folder)/ "
                                      + "and never writes through a link",
                                      fix: "replace it by the file itself, then commit"))
            }
        }
        for folder in templateFolders {
            var info = stat()
            guard lstat(root + "/" + folder, &info) == 0 else { continue }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                out.append(Diagnostic(.warning, SourceLocation(file: folder, line: 1, column: 1),
                                      "\(folder) is \(describe(root + "/" + folder, info.st_mode)), not a folder: its templates are not read",
                                      fix: "make it a real folder of the books holding the templates themselves"))
                continue
            }
            walk(folder) { rel, mode in
                out.append(Diagnostic(.warning, SourceLocation(file: rel, line: 1, column: 1),
                                      "\(rel) is \(describe(root + "/" + rel, mode)), not a regular file: this template is not read",
                                      fix: "replace it by the template file itself"))
            }
        }
        return out
    }
}

/// read(2) by its system module's name (where a `read` of our own would be found first).
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
