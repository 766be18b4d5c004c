import CommandTestSupport
import Foundation
import Testing

/// Runs relance: in-process (the command line of RelanceCommands with a fixed clock and captured output) or, for what
/// only the program does (its exit, crash points, locks held by another process), the built executable.
enum Relance {
    /// The package root, from this file's place in Tests/EndToEndTests.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    typealias Result = ToolResult

    /// The built executable (for git hooks, strace and PATH).
    static var executable: URL { URL(fileURLWithPath: relanceBinary) }

    /// `relance ARGUMENTS` in-process in `directory`; today is `today` unless --as-of says otherwise.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], today: String = testToday,
                    clock: TestClock = TestClock()) throws -> Result {
        runRelance(arguments, in: directory.path, environment: environment, today: today, clock: clock)
    }

    /// `relance ARGUMENTS` as a user runs it: the built executable, in a clean environment.
    static func binary(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        try runRelanceBinary(arguments, in: directory.path, environment: environment)
    }
}

/// A temporary folder with books in it, removed at the end.
final class TempBooks {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("relance-e2e-\(UUID().uuidString)")
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Every file and folder under the root with its contents and permissions: equal before and after means nothing was written.
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root.path) else { return out }
        while let rel = e.nextObject() as? String {
            let path = root.appendingPathComponent(rel).path
            let attrs = try fm.attributesOfItem(atPath: path)
            let type = attrs[.type] as? FileAttributeType
            let perms = attrs[.posixPermissions] as? Int ?? 0
            let modified = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let content = type == .typeDirectory ? "dir" : (fm.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "?")
            out[rel] = "\(perms) \(modified) \(content)"
        }
        return out
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// Compares `actual` with a golden file under Golden/core (or Golden/`folder`); `RELANCE_RECORD_GOLDEN=1` rewrites the golden file instead.
func expectGolden(_ actual: String, _ name: String, folder: String = "core", sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(folder)/\(name)")
    if ProcessInfo.processInfo.environment["RELANCE_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("no golden file \(name): run with RELANCE_RECORD_GOLDEN=1 to record it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == String(decoding: data, as: UTF8.self), "differs from Golden/\(folder)/\(name)", sourceLocation: sourceLocation)
}

/// Runs a program (git, python3, pdftotext…) with an isolated git configuration; no shell.
@discardableResult
func runTool(_ tool: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
             stdin: Data? = nil) throws -> Relance.Result {
    var env = ProcessInfo.processInfo.environment
    env.merge(GitBooks.isolation) { $1 }
    env.merge(environment) { $1 }
    return try runProgram("/usr/bin/env", [tool] + arguments, in: directory.path, environment: env, stdin: stdin)
}

/// A copy of ledger-example/ in a fresh git repository of its own (one commit, branch main), removed at the end.
final class GitBooks {
    /// No system or global git configuration: only the repository's own.
    static let isolation = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"]

    let temp: TempBooks
    var root: URL { temp.root }

    /// `date` is the date of the initial commit (so that two copies can differ in their history).
    init(date: String = "2026-11-01T10:00:00+01:00") throws {
        temp = try TempBooks([:])
        try FileManager.default.copyItem(at: Relance.packageRoot.appendingPathComponent("ledger-example"), to: temp.root)
        try git(["init", "--quiet", "--initial-branch=main"])
        try git(["config", "user.name", "Claire Martin"])
        try git(["config", "user.email", "claire@claire-martin.example"])
        try git(["config", "commit.gpgsign", "false"])
        try git(["add", "-A"])
        try git(["commit", "--quiet", "-m", "books"], environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
    }

    /// Runs git in the books; a non-zero exit fails unless `check` is false.
    @discardableResult
    func git(_ arguments: [String], check: Bool = true, environment: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> Relance.Result {
        let r = try runTool("git", arguments, in: root, environment: environment)
        if check && r.status != 0 {
            Issue.record("git \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        }
        return r
    }

    /// git's output, without the final newline.
    func gitOut(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var s = try git(arguments, sourceLocation: sourceLocation).stdout
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    /// `relance ARGUMENTS` in-process in the books.
    func relance(_ arguments: [String], environment: [String: String] = [:], clock: TestClock = TestClock()) throws -> Relance.Result {
        try Relance.run(arguments, in: root, environment: GitBooks.isolation.merging(environment) { $1 }, clock: clock)
    }

    /// `relance ARGUMENTS` by the built executable in the books.
    func binary(_ arguments: [String], environment: [String: String] = [:]) throws -> Relance.Result {
        try Relance.binary(arguments, in: root, environment: GitBooks.isolation.merging(environment) { $1 })
    }

    var head: String { get throws { try gitOut(["rev-parse", "HEAD"]) } }
    var tree: String { get throws { try gitOut(["rev-parse", "HEAD^{tree}"]) } }
    var commitCount: Int { get throws { Int(try gitOut(["rev-list", "--count", "HEAD"])) ?? -1 } }

    /// Every file under the root, .git included, with its bytes: equal before and after means nothing was written.
    func files(includingGit: Bool = true) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root.path) else { return out }
        while let rel = e.nextObject() as? String {
            if !includingGit && (rel == ".git" || rel.hasPrefix(".git/")) { continue }
            if rel == ".git/index" { continue }  // git status refreshes its stat cache
            var isDir: ObjCBool = false
            let path = root.appendingPathComponent(rel).path
            if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = fm.contents(atPath: path) ?? Data()
            } else {
                out[rel + "/"] = Data()
            }
        }
        return out
    }

    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }
}
