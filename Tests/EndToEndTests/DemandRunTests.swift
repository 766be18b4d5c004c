import Foundation
import Testing

/// The reported case on a git copy of ledger-example/: the daily cron up to 2026-12-15 must not put
/// F2026-042 (due 2026-12-17) into clinique-monplaisir's formal notice.
@Suite struct DemandRunTests {
    private func isoDay(_ start: String, plus n: Int) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: f.date(from: start)!.addingTimeInterval(Double(n) * 86_400))
    }

    @Test func aFormalNoticeDemandsOnlyInvoicesAtTheFormalLevel() throws {
        let books = try GitBooks()
        var date = "2026-11-22"
        while date <= "2026-12-15" {
            let r = try books.relance(["run", "--as-of", date])
            #expect(r.status == 0, "\(date): \(r.stderr)")
            date = isoDay(date, plus: 1)
        }
        let h = try books.relance(["history", "--format", "json", "clinique-monplaisir"])
        #expect(h.status == 0, "\(h.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [[String: Any]])
        let formal = records.filter { ($0["level"] as? Int) == 5 }
        try #require(!formal.isEmpty, "a formal notice to clinique-monplaisir by 2026-12-15: \(records)")
        for record in formal {
            let invoices = record["invoices"] as? [[String: Any]] ?? []
            let numbers = invoices.compactMap { $0["number"] as? String }
            #expect(numbers.contains("F2026-025"), "\(record)")
            #expect(!numbers.contains("F2026-042"), "a formal notice demanding an invoice not yet due: \(record)")
            #expect(invoices.allSatisfy { ($0["level"] as? Int) == 5 }, "\(record)")
            // The letter as the customer reads it.
            let id = try #require(record["id"] as? String)
            let pdf = try runTool("pdftotext", ["-enc", "UTF-8", "reminders/2026/\(id).pdf", "-"], in: books.root)
            #expect(pdf.status == 0)
            #expect(pdf.stdout.contains("F2026-025") && !pdf.stdout.contains("F2026-042"), "\(pdf.stdout)")
            #expect(pdf.stdout.contains("Pénalités de retard") && !pdf.stdout.contains("Intérêts de retard"))
        }
        // Before its due date F2026-042 is never demanded: at most its courtesy level, given for information.
        for record in records where (record["date"] as? String ?? "") < "2026-12-17" {
            for invoice in record["invoices"] as? [[String: Any]] ?? [] where invoice["number"] as? String == "F2026-042" {
                #expect(invoice["level"] as? Int == 1, "\(record)")
            }
        }
    }
}
