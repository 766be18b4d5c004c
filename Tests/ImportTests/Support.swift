import Books
import Foundation
import Receivables
import RelanceCommands
import Testing

/// The books of the matching tests: three customers, open invoices, a payment typed by hand, one already imported.
let matchingBooks = """
customer dupont
  name   "Dupont & Fils"
  payer  "DUPONT F."
  iban   FR76 3000 6000 0112 3456 7890 189

customer acme
  name   "ACME SARL"

customer berger
  name   "Transports Berger"

customer lumiere
  name   "Atelier Lumière"

2026-10-01 invoice F2026-014 dupont 1200.00 EUR
2026-10-05 invoice F2026-015 dupont 300.00 EUR
2026-10-10 invoice F2026-020 acme 500.00 EUR
2026-10-12 invoice F2026-021 acme 250.00 EUR
2026-10-15 invoice F2026-030 berger 80.00 EUR
2026-10-20 invoice F2026-040 lumiere 990.00 EUR

2026-11-02 payment berger 80.00 EUR
  note   "chèque"

2026-11-03 payment lumiere 90.00 EUR
  ref    "FITID-0042"
"""

func loadBooks(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Books {
    let books = Books.load([SourceFile(path: "books.books", text: text)])
    #expect(books.diagnostics.filter { $0.severity == .error }.map(\.message) == [], sourceLocation: sourceLocation)
    return books
}

func day(_ s: String) -> Day { Day(s)! }

/// A books folder for in-process command runs, removed at the end.
final class ImportFolder {
    let root: URL

    init(_ files: [String: [UInt8]]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("relance-import-\(UUID().uuidString)")
        for (path, bytes) in files { try write(path, bytes) }
    }

    convenience init(texts: [String: String]) throws {
        try self.init(texts.mapValues { Array($0.utf8) })
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file with its bytes (the .git folder included): equal before and after means nothing was written.
    func snapshot() -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return out }
        while let rel = e.nextObject() as? String {
            if let d = FileManager.default.contents(atPath: root.appendingPathComponent(rel).path) { out[rel] = d }
        }
        return out
    }

    struct Outcome {
        var status: RelanceCommands.ExitStatus
        var out: String
        var err: String
    }

    /// Runs a command in process, in the folder, on a fixed day.
    func run(_ body: (CommandContext) throws -> RelanceCommands.ExitStatus) -> Outcome {
        let out = OutputSink(), err = OutputSink()
        let context = CommandContext(currentDirectory: root.path, environment: ["GIT_CONFIG_NOSYSTEM": "1"], out: out, err: err,
                                     today: { _ in Day("2026-11-22")! }, now: { 1_795_000_000 })
        do {
            let status = try body(context)
            return Outcome(status: status, out: out.text, err: err.text)
        } catch let failure as CommandFailure {
            return Outcome(status: failure.status, out: out.text, err: err.text + failure.message)
        } catch {
            return Outcome(status: .software, out: out.text, err: err.text + "unexpected error")
        }
    }

    func importing(_ files: [String], write: Bool = false, commit: Bool = false, force: Bool = false,
                   format: String? = nil, json: Bool = false) -> Outcome {
        run {
            try ImportCommand.run(.init(books: BooksOptions(books: root.path), files: files, format: format.flatMap { .init(rawValue: $0) },
                                        write: write, commit: commit, force: force, output: json ? .json : .table), $0)
        }
    }

    /// Runs git in the folder (the CLI, not libgit2), without the user's configuration.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        p.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}
