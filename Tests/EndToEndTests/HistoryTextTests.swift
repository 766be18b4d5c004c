import Books
import CommandTestSupport
@testable import RelanceCommands
import Foundation
import Testing

@Suite("History records as text, for verify; trailers of relance's commits, for log")
struct HistoryTextTests {
    @Test func recordsAreHeaderAndIndentedLinesKeyedStably() {
        let text = """
        ; Historique des relances.

        2026-07-20 reminder R2026-0001 ecole-gerland   ; à la main
          level    2
          invoice  F2026-021 1080.00 EUR
          note     "envoyée ; depuis la messagerie"

        2026-08-01 printed R2026-0001
        2026-08-02 printed R2026-0001
        2026-08-03 posted R2026-0001 1A0012345678
        """
        let records = HistoryText(Array(text.utf8)).records
        #expect(records.map(\.key) == ["reminder R2026-0001", "printed R2026-0001 2026-08-01", "printed R2026-0001 2026-08-02",
                                       "posted R2026-0001 2026-08-03"])
        #expect(records[0].line == 3)
        #expect(records[0].lines.count == 4)
        #expect(records[0].customer == "ecole-gerland")
        #expect(records[0].values("invoice") == [["F2026-021", "1080.00", "EUR"]])
        #expect(records[0].values("note") == [["envoyée ; depuis la messagerie"]])
        #expect(records[3].line == 10)
    }

    @Test func aChangedLineIsFoundWhereItIs() {
        let old = HistoryText(Array("2026-07-20 reminder R1 acme\n  level    2\n  invoice  F1 10.00 EUR\n".utf8)).records
        let new = HistoryText(Array("; c\n2026-07-20 reminder R1 acme\n  level    2\n  invoice  F1 1.00 EUR\n".utf8)).records
        var addedBy = ["h.books\u{0}reminder R1": "abc"]
        var added: [(file: String, record: HistoryText.Record)] = []
        var findings: [VerifyCommand.Finding] = []
        VerifyCommand.compare(path: "h.books", old: old, new: new, commit: "def", addedBy: &addedBy, added: &added, findings: &findings)
        #expect(findings.count == 1)
        #expect(findings.first?.line == 4)
        #expect(findings.first?.message == "reminder R1 changed after its commit (added by commit abc)")
        #expect(added.isEmpty)
        findings = []
        VerifyCommand.compare(path: "h.books", old: old, new: [], commit: "def", addedBy: &addedBy, added: &added, findings: &findings)
        #expect(findings.first?.message == "reminder R1 removed from the history (added by commit abc)")
    }
}

@Suite("check --staged in-process, with a fixed date")
struct StagedCheckInProcessTests {
    private func context(_ dir: String, today: String) -> CommandContext { testContext(dir, today: today) }

    @Test func theOverdueSummaryIsShortAndSortedAndBlocksOnlyWhenConfigured() throws {
        let books = try GitBooks()
        let c = context(books.root.path, today: "2026-11-20")
        #expect(try CheckCommand.run(.init(books: BooksOptions(), staged: true), c) == .ok)
        let lines = c.err.text.split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.hasPrefix("overdue as of 2026-11-20: 10 invoices") })
        #expect(lines[k + 1] == "  F2026-021 ecole-gerland 540.00 EUR due 2026-07-11 (132 days late)")
        #expect(lines[k + 6] == "  … and 5 more: `relance status --late-only`")
        // Nothing overdue yet on an early day.
        let early = context(books.root.path, today: "2026-01-01")
        _ = try CheckCommand.run(.init(books: BooksOptions(asOf: "2025-01-02"), staged: true), early)
        #expect(!early.err.text.contains("overdue as of"))

        // [hooks] block_on_overdue = true, staged but not on disk: exit 1.
        let toml = books.root.appendingPathComponent("relance.toml")
        let original = try Data(contentsOf: toml)
        try (String(decoding: original, as: UTF8.self) + "\n[hooks]\nblock_on_overdue = true\n").write(to: toml, atomically: true, encoding: .utf8)
        try books.git(["add", "relance.toml"])
        try original.write(to: toml)
        let blocked = context(books.root.path, today: "2026-11-20")
        #expect(try CheckCommand.run(.init(books: BooksOptions(), staged: true), blocked) == .findings)
        #expect(try CheckCommand.run(.init(books: BooksOptions()), context(books.root.path, today: "2026-11-20")) == .ok)
    }
}
