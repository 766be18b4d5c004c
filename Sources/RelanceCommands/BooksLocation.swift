import Books
import Configuration
import Foundation

/// The books as read from disk: where they are, their configuration, the parsed records.
public struct LoadedBooks: Sendable {
    public var root: String
    public var config: RelanceConfig
    public var books: Books
    /// Problems in relance.toml and in the books, sorted.
    public var diagnostics: [Diagnostic]

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
    public static func bookFiles(root: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            let dir = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir) else { continue }
                if isDir.boolValue { walk(rel) } else if name.hasSuffix(".books") { out.append(rel) }
            }
        }
        walk("")
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The bytes of a file, read straight into an array (books can be hundreds of megabytes).
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n <= 0 { failed = n < 0; break }
                done += n
            }
            count = done
        }
        if failed { throw CommandFailure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))") }
        return bytes
    }

    /// Reads relance.toml and every books file under `root`.
    public static func load(root: String) throws -> LoadedBooks {
        var diagnostics: [Diagnostic] = []
        let configPath = root + "/" + configName
        var config = RelanceConfig(company: Company(name: ""), dunning: .french, departments: [:], git: nil, smtp: nil)
        if FileManager.default.fileExists(atPath: configPath) {
            let text = String(decoding: try read(configPath), as: UTF8.self)
            let (parsed, configDiagnostics) = ConfigParser.parse(text, path: configName)
            diagnostics += configDiagnostics
            if let parsed { config = parsed }
        } else {
            diagnostics.append(Diagnostic(.warning, SourceLocation(file: configName, line: 1, column: 1),
                                          "there is no \(configName) in the books root: using default settings",
                                          fix: "create one (docs/policy.md), or copy the one `relance init DIR` writes in a new folder"))
        }
        // Files are read on both cores: big books are hundreds of megabytes.
        let paths = bookFiles(root: root)
        var results = [Result<[UInt8], Error>](repeating: .success([]), count: paths.count)
        results.withUnsafeMutableBufferPointer { out in
            let buffer = out
            DispatchQueue.concurrentPerform(iterations: paths.count) { k in
                buffer[k] = Result { try read(root + "/" + paths[k]) }
            }
        }
        var sources: [SourceFile] = []
        for (path, result) in zip(paths, results) { sources.append(SourceFile(path: path, bytes: try result.get())) }
        let books = Books.load(sources, defaultTerms: config.company.terms)
        diagnostics += books.diagnostics
        return LoadedBooks(root: root, config: config, books: books, diagnostics: diagnostics)
    }
}
