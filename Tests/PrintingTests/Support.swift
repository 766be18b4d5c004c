import Books
import CommandTestSupport
import Foundation
import LetterPDF
import RelanceCommands
import Testing

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
final class GitBooksFolder: @unchecked Sendable {
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
