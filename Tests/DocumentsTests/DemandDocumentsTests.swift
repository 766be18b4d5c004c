import Books
import Configuration
@testable import Documents
import Dunning
import Foundation
import Receivables
import Testing

// What the documents demand: invoices not yet due only "for information", per-invoice earlier reminders,
// late interest on sums paid late with its breakdown.

private let demandConfig = """
    [company]
    name = "Studio Brume"
    address = ["8 rue des Capucins", "69001 Lyon"]
    city = "Lyon"
    email = "factures@studio-brume.example"
    iban = "FR76 3000 6000 0112 3456 7890 189"
    """

private let demandCustomers = """
    customer acme
      name "ACME SARL"
      email compta@acme.example
      address "12 rue de la Paix"
      address "75002 Paris"

    customer globex
      name "Globex Ltd"
      email ap@globex.example
      address "1 King Street"
      address "London EC2V 8AU"
      lang en

    """

/// The documents of every reminder planned on `asOf`, in plan order.
private func documents(_ books: String, asOf iso: String, channel: Channel? = nil) throws -> [(PlannedReminder, ReminderDocuments)] {
    let b = Books.load([SourceFile(path: "books.books", text: demandCustomers + books)])
    try #require(!b.hasErrors, "\(b.diagnostics.map(\.message))")
    let (config, diagnostics) = ConfigParser.parse(demandConfig)
    let c = try #require(config, "\(diagnostics.map(\.message))")
    let asOf = Day(iso)!
    let plan = Planner(books: b, config: c, asOf: asOf).plan(outstanding: Allocation.compute(b, asOf: asOf))
    return try plan.reminders.map { r in
        var r = r
        if let channel { r.channel = channel }
        let numbers = Set((r.invoices + r.upcoming).map { b.invoices[Int($0.invoice)].number })
        let previous = b.reminders.filter { p in p.date <= asOf && p.invoices.contains { numbers.contains($0.number) } }
        let input = ReminderDocumentInput(reminder: r, books: b, config: c, asOf: asOf,
                                          sentAt: MailDate(day: asOf, hour: 9, minute: 0, utcOffsetMinutes: 60)!,
                                          previousReminders: previous)
        return (r, try ReminderDocuments.render(input))
    }
}

/// `pdftotext -layout`, every Unicode space made plain and runs of spaces collapsed, lines joined by "\n".
private func letterText(_ pdf: [UInt8]?) throws -> String {
    let raw = String(decoding: try run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input: try #require(pdf)), as: UTF8.self)
    return raw.split(separator: "\n").map { line in
        line.unicodeScalars.split { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
            .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }.filter { !$0.isEmpty }.joined(separator: "\n")
}

private func plainSpaces(_ s: String) -> String {
    s.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
}

@Suite struct DemandDocumentsTests {
    let grouped = """
        2026-10-01 invoice F1 acme 1000.00 EUR
          due 2026-11-30
        2026-11-20 invoice F2 acme 500.00 EUR
          due 2026-12-17

        """

    @Test("an invoice not yet due is listed apart, for information, with its due date, outside the total")
    func informationPartInEmailAndLetter() throws {
        let docs = try documents(grouped, asOf: "2026-12-15", channel: .both)
        try #require(docs.count == 1)
        let text = plainSpaces(docs[0].1.text)
        #expect(text.contains("- Facture F1 du 1er octobre 2026, échue le 30 novembre 2026 (15 jours de retard) : 1 000,00 €"), "\(text)")
        #expect(!text.contains("Facture F2 du 20 novembre 2026, échue"), "\(text)")
        #expect(text.contains("Pour information, non encore échue :\n- Facture F2 du 20 novembre 2026, à échéance le 17 décembre 2026 : 500,00 €"), "\(text)")
        #expect(!text.contains("Total dû"), "a single invoice demanded has no total line: \(text)")
        #expect(!text.contains("1 500,00"), "\(text)")

        let letter = try letterText(docs[0].1.letter)
        #expect(letter.contains("F1 01/10/2026 30/11/2026 15 jours 1 000,00 € 1 000,00 €"), "\(letter)")
        #expect(!letter.contains("F2 20/11/2026"), "not in the table: \(letter)")
        #expect(letter.contains("Total dû 1 000,00 €"), "\(letter)")
        #expect(letter.contains("Pour information, non encore échue :\n– Facture F2 du 20/11/2026, à échéance le 17/12/2026 : 500,00 €"), "\(letter)")
        #expect(!letter.contains("1 500,00"), "\(letter)")
    }

    @Test("in English too")
    func informationPartInEnglish() throws {
        let docs = try documents(grouped.replacingOccurrences(of: " acme ", with: " globex "), asOf: "2026-12-15")
        try #require(docs.count == 1)
        let text = plainSpaces(docs[0].1.text)
        #expect(text.contains("For information, not yet due:\n- Invoice F2 of 20 November 2026, due on 17 December 2026: €500.00"), "\(text)")
        #expect(!text.contains("€1,500.00"), "\(text)")
    }

    @Test("a statement never lists an invoice not yet due as overdue")
    func statementWithInvoiceNotYetDue() throws {
        let docs = try documents("""
            2026-10-01 invoice F1 acme 1000.00 EUR
              due 2026-11-05
            2026-11-12 reminder R2026-0001 acme
              level 2
              invoice F1 1000.00 EUR
            2026-11-26 reminder R2026-0002 acme
              level 3
              invoice F1 1000.00 EUR
            2026-11-20 invoice F2 acme 500.00 EUR
              due 2026-12-17

            """, asOf: "2026-12-15")
        try #require(docs.count == 1)
        #expect(docs[0].0.level.template == "statement")
        let text = plainSpaces(docs[0].1.text)
        #expect(!text.contains("échue le 17 décembre 2026"), "\(text)")
        #expect(!text.contains("(– de retard)"), "\(text)")
        #expect(text.contains("Total dû : 1 000,00 €"), "\(text)")
        #expect(text.contains("à échéance le 17 décembre 2026 : 500,00 €"), "\(text)")
    }

    @Test("a grouped reminder says, per invoice, when it was last reminded, and never claims one that was not made")
    func perInvoiceLastReminder() throws {
        let docs = try documents("""
            2026-09-01 invoice F1 acme 1000.00 EUR
              due 2026-10-01
            2026-10-20 invoice F4 acme 300.00 EUR
              due 2026-11-14
            2026-11-10 reminder R2026-0001 acme
              level 2
              invoice F1 1000.00 EUR

            """, asOf: "2026-11-22")
        try #require(docs.count == 1)
        #expect(docs[0].0.invoices.map(\.level) == [3, 2])
        let text = plainSpaces(docs[0].1.text)
        #expect(!text.contains("Malgré notre précédente relance"), "F4 was never reminded: \(text)")
        let lines = text.split(separator: "\n")
        let f1 = try #require(lines.first { $0.hasPrefix("- Facture F1 ") })
        let f4 = try #require(lines.first { $0.hasPrefix("- Facture F4 ") })
        #expect(f1.contains("relancée le 10 novembre 2026"), "\(f1)")
        #expect(!f4.contains("relancée"), "\(f4)")
    }

    @Test("a single invoice reminded before still recalls that reminder")
    func singleInvoicePreviousReminder() throws {
        let docs = try documents("""
            2026-09-01 invoice F1 acme 1000.00 EUR
              due 2026-10-01
            2026-10-08 reminder R2026-0001 acme
              level 2
              invoice F1 1000.00 EUR

            """, asOf: "2026-10-22")
        try #require(docs.count == 1)
        let text = plainSpaces(docs[0].1.text)
        #expect(text.contains("Malgré notre précédente relance du 8 octobre 2026, nous constatons que la facture suivante reste impayée"), "\(text)")
    }

    @Test("the letter's interest breakdown lists the part paid late and the part still owed; one term: pénalités de retard")
    func interestBreakdown() throws {
        let docs = try documents("""
            2026-09-01 invoice F001 acme 1500.00 EUR
              due 2026-10-01
            2026-10-10 payment acme 1000.00 EUR
              apply F001
            2026-10-08 reminder R2026-0001 acme
              level 2
              invoice F001 1500.00 EUR
            2026-10-22 reminder R2026-0002 acme
              level 3
              invoice F001 500.00 EUR
            2026-11-05 reminder R2026-0003 acme
              level 4
              invoice F001 500.00 EUR

            """, asOf: "2026-11-15")
        try #require(docs.count == 1)
        #expect(docs[0].0.level.formal)
        // 100000 × 1215 × 9 + 50000 × 1215 × 45 = 3 827 250 000; / 3 650 000 = 1048.56 → 10,49 €.
        #expect(docs[0].0.interest == Money(minor: 1049, currency: .EUR))
        let letter = try letterText(docs[0].1.letter).replacingOccurrences(of: "\n", with: " ")
        for expected in [
            "1 000,00 € payés le 10/10/2026 : du 02/10/2026 au 10/10/2026, 9 jours à 12,15 %",
            "500,00 € restant dus : du 02/10/2026 au 15/11/2026, 45 jours à 12,15 %",
            "soit 10,49 €", "Pénalités de retard 10,49 €",
        ] {
            #expect(letter.contains(expected), "missing \(expected.debugDescription) in:\n\(letter)")
        }
        #expect(!letter.contains("Intérêts de retard") && !letter.contains("intérêts de retard"), "\(letter)")
        let mail = plainSpaces(docs[0].1.text)
        #expect(mail.contains("1 000,00 € payés le 10/10/2026 : du 02/10/2026 au 10/10/2026, 9 jours à 12,15 %"), "\(mail)")
    }
}
