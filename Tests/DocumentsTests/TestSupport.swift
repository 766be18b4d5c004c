import Foundation
import Testing

/// Golden files of this target, under Golden/FOLDER next to this file; `RELANCE_RECORD_GOLDEN=1` rewrites them.
enum GoldenFile {
    static func check(_ bytes: [UInt8], folder: String, name: String, sourceLocation: Testing.SourceLocation) throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(folder)
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RELANCE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden \(folder)/\(name): record it with RELANCE_RECORD_GOLDEN=1, then review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard [UInt8](expected) != bytes else { return }
        let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let got = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        let show = { (lines: [Substring]) in line < lines.count ? String(lines[line]).debugDescription : "<end>" }
        Issue.record("""
            \(folder)/\(name) differs from the golden at line \(line + 1):
              golden:   \(show(want))
              rendered: \(show(got))
            If the change is intended, re-record with RELANCE_RECORD_GOLDEN=1 and review the diff.
            """, sourceLocation: sourceLocation)
    }
}

/// Runs a program found on PATH with `input` on its standard input; its standard output, or a failed test.
func run(_ arguments: [String], input: [UInt8] = []) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    signal(SIGPIPE, SIG_IGN)  // a program that dies early must fail the test, not kill the runner
    try process.run()
    let writer = Thread {
        stdin.fileHandleForWriting.write(Data(input))
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0,
                 "\(arguments[0]) failed (\(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
    return output
}
