import Books
import Foundation
import LetterPDF
import RelanceCommands
import Testing

/// A temporary folder, removed at the end.
final class TempFolder: Sendable {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("relance-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws { try write(relative, bytes: Array(text.utf8)) }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: url.appendingPathComponent(relative).path).map { [UInt8]($0) }
    }

    func text(_ relative: String) -> String { read(relative).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    deinit { try? FileManager.default.removeItem(at: url) }
}

struct ToolResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// No system or global git configuration: only the repository's own.
let gitIsolation = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"]

/// Runs a program (git, pdftotext, unzip, the relance binary) without a shell.
@discardableResult
func runTool(_ tool: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ToolResult {
    let p = Process()
    if tool.hasPrefix("/") {
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
    } else {
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + arguments
    }
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
    env.merge(gitIsolation) { $1 }
    env.merge(environment) { $1 }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Safe: `data` is written on one thread before `group.leave()` and read only after `group.wait()`.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ToolResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
}

/// A small PDF made by libharu whose every page carries `marker`; `paragraphs` long enough spill onto more pages.
func samplePDF(_ marker: String, paragraphs: Int = 1) throws -> [UInt8] {
    let text = Array(repeating: "\(marker) lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.", count: 12).joined(separator: " ")
    let letter = LetterLayout(
        sender: ["Sender"], recipient: ["Recipient"], placeAndDate: "Lyon, 1 December 2026", subject: "Subject: \(marker)",
        paragraphs: Array(repeating: text, count: paragraphs), footer: [marker],
        metadata: LetterMetadata(title: marker, author: "test", subject: marker, creationDate: PDFDate(year: 2026, month: 12, day: 1)))
    return try LetterPDF.render(letter, typeface: .standard)
}

/// `pdfinfo`'s page count.
func pageCount(_ path: String) throws -> Int {
    let r = try runTool("pdfinfo", [path], in: "/")
    let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
    return Int(line.split(separator: " ").last ?? "") ?? -1
}

/// The text of page `n` (1-based), by `pdftotext -f n -l n`.
func pageText(_ path: String, _ n: Int) throws -> String {
    try runTool("pdftotext", ["-f", "\(n)", "-l", "\(n)", "-layout", path, "-"], in: "/").stdout
}

/// A books folder in a fresh git repository with one commit of everything written before `commit()`.
final class GitBooksFolder: Sendable {
    let folder: TempFolder
    var root: String { folder.path }

    init(_ files: [String: String]) throws {
        folder = try TempFolder()
        for (path, text) in files { try folder.write(path, text) }
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> ToolResult {
        let r = try runTool("git", arguments, in: root)
        if r.status != 0 { Issue.record("git \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r
    }

    func gitOut(_ arguments: [String]) throws -> String {
        var s = try git(arguments).stdout
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    func commit(_ message: String = "books") throws {
        if !FileManager.default.fileExists(atPath: root + "/.git") {
            try git(["init", "--quiet", "--initial-branch=main"])
            try git(["config", "user.name", "Claire Martin"])
            try git(["config", "user.email", "claire@example.net"])
            try git(["config", "commit.gpgsign", "false"])
        }
        try git(["add", "-A"])
        try git(["commit", "--quiet", "-m", message])
    }

    var commitCount: Int { get throws { Int(try gitOut(["rev-list", "--count", "HEAD"])) ?? -1 } }
}

/// An in-process context on `directory` with a fixed date and a fixed clock, output captured.
func testContext(_ directory: String, today: String) -> CommandContext {
    let day = Day(today)!
    return CommandContext(currentDirectory: directory, environment: [:], out: OutputSink(), err: OutputSink(),
                          today: { _ in day }, now: { 1_796_000_000 })
}

/// Runs a command in-process; a `CommandFailure` comes back as its status and message.
func run(_ body: (CommandContext) throws -> RelanceCommands.ExitStatus, _ context: CommandContext) -> (RelanceCommands.ExitStatus, String) {
    do {
        return (try body(context), "")
    } catch let failure as CommandFailure {
        return (failure.status, failure.message)
    } catch {
        return (.software, "unexpected error")
    }
}
