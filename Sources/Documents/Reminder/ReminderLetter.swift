import Books
import LetterPDF

/// The printable letter of a reminder: template text placed in a `LetterLayout`.
struct ReminderLetter {
    var layout: LetterLayout
    /// The subject without its `Objet :` prefix.
    var subject: String

    init(facts: ReminderFacts, templates: ReminderTemplates, context: [String: Any]) throws {
        let source = try templates.required("letter")
        let lines = TemplateText.tidyLines(try facts.input.editedTexts["letter"] ?? templates.render(source, part: "letter", context: context, plain: true))
        guard let (subjectLine, subject, body) = TemplateText.splitSubject(lines) else {
            throw ReminderDocumentError.missingSubject(file: templates.origin("letter"))
        }
        self.subject = subject
        let split = body.firstIndex { $0.trimming(" ") == "---" }
        let before = TemplateText.paragraphs(split.map { body[..<$0] } ?? body[...])
        let after = TemplateText.paragraphs(split.map { body[($0 + 1)...] } ?? [])

        let l = facts.language, fr = l == .fr
        let identity = facts.identity, company = facts.company
        var sender = [identity.name] + identity.address
        if let phone = identity.phone { sender.append((fr ? "Tél. : " : "Tel: ") + phone) }
        if let email = identity.email { sender.append(email) }
        // The SIRET is in the footer (a legal line or relance's identifiers line): said once.

        let date = l.formatDate(facts.input.asOf)
        let placeAndDate: String
        if let city = company.city, !city.isEmpty {
            placeAndDate = fr ? "\(city), le \(date)" : "\(city), \(date)"
        } else {
            placeAndDate = fr ? "Le \(date)" : date
        }
        var references = [(fr ? "Réf. : " : "Ref: ") + facts.reminder.id + " – " + (fr ? "Client : " : "Customer: ") + facts.customer.id]
        if facts.isFormalNotice {
            references.append(fr ? "Lettre recommandée avec accusé de réception" : "Registered letter with acknowledgement of receipt")
        }

        let columns: [LetterTable.Column] = [
            .init(title: fr ? "Facture" : "Invoice", width: 1.3),
            .init(title: "Date", width: 1.05),
            .init(title: fr ? "Échéance" : "Due", width: 1.05),
            .init(title: fr ? "Retard" : "Days late", width: 0.9, alignment: .right),
            .init(title: fr ? "Montant" : "Amount", width: 1.15, alignment: .right),
            .init(title: fr ? "Reste dû" : "Outstanding", width: 1.15, alignment: .right),
        ]
        let rows = facts.lines.map { line in
            [line.invoice.number, l.formatShortDate(line.invoice.date), l.formatShortDate(line.invoice.due),
             facts.daysLateText(line.planned.daysLate), l.formatAmount(line.invoice.amount), l.formatAmount(line.planned.outstanding)]
        }
        var totals = [[fr ? "Total dû" : "Total due", l.formatAmount(facts.reminder.total)]]
        if let fee = facts.fee {
            totals.append([fr ? "Indemnité forfaitaire pour frais de recouvrement" : "Fixed compensation for recovery costs", l.formatAmount(fee)])
        }
        if let interest = facts.interest {
            totals.append([fr ? "Pénalités de retard" : "Late payment interest", l.formatAmount(interest)])
        }
        if facts.fee != nil || facts.interest != nil {
            totals.append([fr ? "Total à payer" : "Total to pay", l.formatAmount(facts.grandTotal)])
        }

        let footer = ReminderLetter.footer(legal: company.legal, name: company.name, siret: company.siret, vat: company.vat, french: fr)

        let sent = facts.input.sentAt
        let c = sent.day.components
        layout = LetterLayout(
            sender: sender,
            recipient: [facts.customer.name] + facts.customer.address,
            placeAndDate: placeAndDate,
            references: references,
            subject: subjectLine,
            paragraphs: before,
            table: LetterTable(columns: columns, rows: rows, totals: totals),
            closingParagraphs: after,
            signature: identity.signature,
            footer: footer,
            metadata: LetterMetadata(
                title: subject, author: identity.name, subject: "\(facts.reminder.id) – \(facts.customer.name)",
                creationDate: PDFDate(year: c.year, month: c.month, day: c.day, hour: sent.hour, minute: sent.minute,
                                      second: sent.second, utcOffsetMinutes: sent.utcOffsetMinutes)))
    }

    /// The legal lines, each once, then the company's SIRET and VAT number unless a legal line already gives
    /// them (compared without spaces: "SIRET 912 345 675 00009" is "91234567500009").
    static func footer(legal: [String], name: String, siret: String?, vat: String?, french: Bool) -> [String] {
        var lines: [String] = []
        for line in legal where !lines.contains(line) { lines.append(line) }
        let compact = { (s: String) in String(s.filter { !$0.isWhitespace }).uppercased() }
        let given = lines.map(compact)
        func missing(_ value: String?) -> Bool {
            guard let value, !compact(value).isEmpty else { return false }
            return !given.contains { $0.contains(compact(value)) }
        }
        let ids = [missing(siret) ? siret.map { "SIRET " + $0 } : nil,
                   missing(vat) ? vat.map { (french ? "TVA " : "VAT ") + $0 } : nil].compactMap { $0 }
        if !ids.isEmpty { lines.append(([name] + ids).joined(separator: " – ")) }
        return lines
    }

    /// The letter as plain text (for a letter-only reminder in `relance show`).
    var plainText: String {
        var out = [layout.subject, ""]
        for p in layout.paragraphs { out += [p, ""] }
        if let table = layout.table {
            for row in table.rows { out.append("- " + row.joined(separator: " | ")) }
            out.append("")
            for row in table.totals { out.append(row.joined(separator: " : ")) }
            out.append("")
        }
        for p in layout.closingParagraphs { out += [p, ""] }
        out += layout.signature
        return out.joined(separator: "\n") + "\n"
    }
}
