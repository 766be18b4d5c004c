/// Helpers shared by the command test targets: temporary folders, external tools, in-process contexts.
import Books
import Foundation
import RelanceCommands

/// A temporary folder, removed at the end.
public final class TempFolder: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(prefix: String = "relance-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    public func text(_ relative: String) -> String {
        FileManager.default.contents(atPath: url.appendingPathComponent(relative).path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

public struct ToolResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program without a shell, in a clean environment.
@discardableResult
public func runTool(_ tool: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ToolResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + arguments
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    let inherited = ProcessInfo.processInfo.environment
    var env = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? directory, "LC_ALL": "C.UTF-8", "TZ": "UTC",
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
    // pyenv shims (bean-check) need to know their root.
    if let pyenv = inherited["PYENV_ROOT"] { env["PYENV_ROOT"] = pyenv }
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

/// An in-process context on `directory` with a fixed date, output captured.
public func testContext(_ directory: String, today: String = "2026-12-01") -> CommandContext {
    let day = Day(today)!
    return CommandContext(currentDirectory: directory, environment: [:], out: OutputSink(), err: OutputSink(),
                          today: { _ in day }, now: { 1_796_000_000 })
}

/// The package root, from this file's place in Tests/CommandTestSupport.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()


/// The built `relance` executable (swift test builds it next to the tests).
public let relanceBinary: String = {
    let debug = packageRoot.appendingPathComponent(".build/debug/relance").path
    if FileManager.default.isExecutableFile(atPath: debug) { return debug }
    let r = try? runTool("swift", ["build", "--show-bin-path"], in: packageRoot.path)
    return (r?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") + "/relance"
}()
