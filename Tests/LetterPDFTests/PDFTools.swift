import Foundation
import Testing

/// Runs poppler's command-line tools on PDF bytes (through /usr/bin/env, so they are found on PATH).
enum PDFTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `pdftotext -layout` output; pages are separated by form feeds.
    static func text(of pdf: [UInt8]) throws -> String {
        try run(["pdftotext", "-layout", "-enc", "UTF-8"], pdf: pdf, outputToStdout: true)
    }

    /// `pdftotext -f N -l N -layout` output: the text of page `page` (1-based) only.
    static func text(of pdf: [UInt8], page: Int) throws -> String {
        try run(["pdftotext", "-f", "\(page)", "-l", "\(page)", "-layout", "-enc", "UTF-8"], pdf: pdf, outputToStdout: true)
    }

    /// `pdfinfo` output as key/value pairs.
    static func info(of pdf: [UInt8]) throws -> [String: String] {
        let output = try run(["pdfinfo", "-isodates"], pdf: pdf, outputToStdout: false)
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// The fonts of `pdf` as `pdffonts` lists them: name and whether it is embedded.
    static func fonts(of pdf: [UInt8]) throws -> [(name: String, embedded: Bool)] {
        let output = try run(["pdffonts"], pdf: pdf, outputToStdout: false)
        return output.split(separator: "\n").dropFirst(2).map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // name, type words…, encoding, emb, sub, uni, object id, generation
            return (String(fields[0]), fields[fields.count - 5] == "yes")
        }
    }

    /// Writes `pdf` to a temporary file, then runs the tool on it.
    private static func run(_ arguments: [String], pdf: [UInt8], outputToStdout: Bool) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("letterpdf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("letter.pdf")
        try Data(pdf).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments + [file.path] + (outputToStdout ? ["-"] : [])
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments[0]) failed (\(process.terminationStatus)); is poppler-utils installed? "
                + (String(data: errors, encoding: .utf8) ?? ""))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Text normalised for comparison:
    /// - pdftotext (poppler) already writes U+202F and U+00A0 as ordinary spaces; to not depend on that,
    ///   every Unicode space separator (and tab) is turned into a plain space here;
    /// - runs of spaces (column alignment of `-layout`) collapse to one space, lines are trimmed and
    ///   blank lines dropped;
    /// - each form feed (page break) becomes a line "<page break>".
    static func normalise(_ text: String) -> String {
        var lines: [String] = []
        for rawLine in text.replacingOccurrences(of: "\u{0C}", with: "\n<page break>\n").split(separator: "\n") {
            var line = ""
            var pendingSpace = false
            for scalar in rawLine.unicodeScalars {
                if scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\t"
                    || scalar.properties.generalCategory == .spaceSeparator {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && !line.isEmpty { line += " " }
                pendingSpace = false
                line.unicodeScalars.append(scalar)
            }
            if !line.isEmpty { lines.append(line) }
        }
        // A trailing page break is only the end of the last page.
        while lines.last == "<page break>" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Golden text files in Tests/LetterPDFTests/Golden, read from the test bundle and re-recorded into the
/// source tree when RELANCE_RECORD_GOLDEN=1.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["RELANCE_RECORD_GOLDEN"] == "1" }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if recording {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Golden").appendingPathComponent(name)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden")
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else {
            Issue.record("missing golden file Golden/\(name); run with RELANCE_RECORD_GOLDEN=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let message = "text differs from Golden/\(name) (re-record with RELANCE_RECORD_GOLDEN=1 if intended):\n"
                + diff(expected: expected, actual: actual)
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// The first differing lines with a little context.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var first = 0
        while first < min(old.count, new.count) && old[first] == new[first] { first += 1 }
        var report: [String] = []
        for index in max(0, first - 2)..<first { report.append("  \(old[index])") }
        for index in first..<min(old.count, first + 5) { report.append("- \(old[index])") }
        for index in first..<min(new.count, first + 5) { report.append("+ \(new[index])") }
        return "line \(first + 1):\n" + report.joined(separator: "\n")
    }
}
