import Foundation
import GitStore

/// A fresh temporary directory (symlinks resolved), removed by `withTemporaryDirectory`.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let base = FileManager.default.temporaryDirectory
        .appendingPathComponent("relance-gitstore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    let resolved = base.path.withCString { realpath($0, nil) }.map { pointer -> String in
        defer { free(pointer) }
        return String(cString: pointer)
    } ?? base.path
    return try body(resolved)
}

struct CommandFailed: Error, CustomStringConvertible {
    let command: [String]
    let status: Int32
    let stderr: String
    var description: String { "\(command.joined(separator: " ")) exited \(status): \(stderr)" }
}

struct GitOutput {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the real git CLI in `dir`, isolated from system/global configuration, with a fixed identity.
@discardableResult
func runGit(_ dir: String, _ arguments: [String]) throws -> GitOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", dir,
                         "-c", "user.name=CLI User", "-c", "user.email=cli@example.com",
                         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                         "-c", "core.autocrlf=false"] + arguments
    var environment = ProcessInfo.processInfo.environment
    for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CEILING_DIRECTORIES"] {
        environment[key] = nil
    }
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_EDITOR"] = "true"
    environment["GIT_SEQUENCE_EDITOR"] = "true"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return GitOutput(status: process.terminationStatus,
                     stdout: String(decoding: stdout, as: UTF8.self),
                     stderr: String(decoding: stderr, as: UTF8.self))
}

/// Runs git and returns its standard output; throws when it fails.
@discardableResult
func git(_ dir: String, _ arguments: String...) throws -> String {
    let result = try runGit(dir, arguments)
    guard result.status == 0 else {
        throw CommandFailed(command: ["git"] + arguments, status: result.status, stderr: result.stderr)
    }
    return result.stdout
}

/// Non-empty lines of git's output.
func gitLines(_ dir: String, _ arguments: String...) throws -> [String] {
    let result = try runGit(dir, arguments)
    guard result.status == 0 else {
        throw CommandFailed(command: ["git"] + arguments, status: result.status, stderr: result.stderr)
    }
    return result.stdout.split(separator: "\n").map(String.init)
}

func write(_ text: String, to path: String, in dir: String, executable: Bool = false) throws {
    let url = URL(fileURLWithPath: dir).appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
}

func remove(_ path: String, in dir: String) throws {
    try FileManager.default.removeItem(atPath: dir + "/" + path)
}

let alice = Signature(name: "Alice Freelance", email: "alice@example.com", time: 1_767_258_000, offsetMinutes: 60)

let reminderMessage = """
Relance R2026-0007 to ACME SARL

Second reminder for invoice F2026-014, 12 days overdue.

Reminder: R2026-0007
Invoice: F2026-014
"""
