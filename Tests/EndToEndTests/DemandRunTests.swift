import Foundation
import Testing

/// The reported case on a git copy of ledger-example/: weekly runs on 11-22, 11-29, 12-06 and 12-15 wrote
/// R2026-0038, a formal notice to clinique-monplaisir for F2026-025 and F2026-042 (due 2026-12-17).
@Suite struct DemandRunTests {
    private func history(_ books: GitBooks, _ subject: String) throws -> [[String: Any]] {
        let h = try books.relance(["history", "--format", "json", subject])
        #expect(h.status == 0, "\(h.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [[String: Any]])
    }

    private func invoices(_ record: [String: Any]) -> [String] {
        (record["invoices"] as? [[String: Any]] ?? []).map { "\($0["number"] as? String ?? "?") L\($0["level"] as? Int ?? -1)" }
    }

    @Test func aFormalNoticeDemandsOnlyInvoicesAtTheFormalLevel() throws {
        let books = try GitBooks()
        for date in ["2026-11-22", "2026-11-29", "2026-12-06", "2026-12-15"] {
            let r = try books.relance(["run", "--as-of", date])
            #expect(r.status == 0, "\(date): \(r.stderr)")
        }
        let records = try history(books, "clinique-monplaisir")
        let notice = try #require(records.first { $0["id"] as? String == "R2026-0038" }, "\(records)")
        #expect(notice["level"] as? Int == 5)
        #expect(invoices(notice) == ["F2026-025 L5"], "\(notice)")
        // F2026-042 is left out of the day's only document, and its courtesy level is not recorded.
        #expect(!records.contains { invoices($0).contains { $0.hasPrefix("F2026-042") } }, "\(records)")
        // The letter as the customer reads it: 2 640,00 + 40,00 + 264000 × 1215 × 135 / 3 650 000 = 118,64.
        let pdf = try runTool("pdftotext", ["-enc", "UTF-8", "reminders/2026/R2026-0038.pdf", "-"], in: books.root)
        #expect(pdf.status == 0)
        let text = pdf.stdout.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(text.contains("F2026-025") && !text.contains("F2026-042"), "\(text)")
        #expect(text.contains("2 798,64 €") && !text.contains("4 778,64"), "\(text)")
        #expect(text.contains("Pénalités de retard") && !text.contains("Intérêts de retard"), "\(text)")
        // Seen: its last three lines and the signature alone on page 2, the letter nearly fitting on one.
        let info = try runTool("pdfinfo", ["reminders/2026/R2026-0038.pdf"], in: books.root)
        #expect(info.stdout.contains("Pages:           1\n"), "\(info.stdout)")
        let page1 = try runTool("pdftotext", ["-f", "1", "-l", "1", "-enc", "UTF-8", "reminders/2026/R2026-0038.pdf", "-"], in: books.root)
        #expect(page1.stdout.contains("nos salutations distinguées.") && page1.stdout.contains("Claire Martin EI\n"), "\(page1.stdout)")
        // The other formal notices of these runs (one invoice, an interest breakdown) fit on one page too:
        // R2026-0019, -0041 and -0045 carried their last five lines and the signature to a page 2.
        let letters = try FileManager.default.contentsOfDirectory(atPath: books.root.appendingPathComponent("reminders/2026").path)
            .filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(letters.count >= 10, "\(letters)")
        for letter in letters {
            let pages = try runTool("pdfinfo", ["reminders/2026/" + letter], in: books.root)
            #expect(pages.stdout.contains("Pages:           1\n"), "\(letter): \(pages.stdout)")
        }
    }

    @Test func anInvoiceNotYetDueRidesAlongForInformationAndIsRecorded() throws {
        let books = try GitBooks()
        let r = try books.relance(["run", "--as-of", "2026-12-15"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try history(books, "clinique-monplaisir").filter { $0["date"] as? String == "2026-12-15" }
        try #require(records.count == 1, "\(records)")
        #expect(invoices(records[0]) == ["F2026-025 L2", "F2026-042 L1"])
        let id = try #require(records[0]["id"] as? String)
        let show = try books.relance(["show", id])
        let body = show.stdout.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(body.contains("- Facture F2026-025 du 3 juillet 2026, échue le 2 août 2026 (135 jours de retard) : 2 640,00 €"), "\(body)")
        #expect(body.contains("Pour information, non encore échue :\n- Facture F2026-042 du 17 novembre 2026, à échéance le 17 décembre 2026 : 1 980,00 €"), "\(body)")
        #expect(!body.contains("4 620,00"), "\(body)")
    }
}
