import Books
import Configuration
@testable import Documents
import Dunning
import Foundation
import Receivables
import Testing

// MARK: Fixtures: small books and a relance.toml, planned by the real planner

private let configText = """
    [company]
    name = "Studio Brume"
    address = ["8 rue des Capucins", "69001 Lyon"]
    city = "Lyon"
    email = "factures@studio-brume.example"
    phone = "04 72 00 00 00"
    siret = "123 456 789 00012"
    vat = "FR12123456789"
    iban = "FR76 3000 6000 0112 3456 7890 189"
    bic = "AGRIFRPPXXX"
    signature = ["Élodie Martin", "Studio Brume"]
    legal = ["Studio Brume SARL au capital de 5 000 € – RCS Lyon 123 456 789"]
    mail_domain = "relance.studio-brume.example"

    [departments.formation]
    name = "Studio Brume Formation"
    email = "formation@studio-brume.example"
    address = ["12 quai Saint-Vincent", "69001 Lyon"]
    signature = ["Paul Girard", "Responsable formation"]
    templates = "templates/formation"
    """

private let booksText = """
    customer acme
      name "ACME SARL"
      email compta@acme.example
      cc direction@acme.example
      address "12 rue de la Paix"
      address "75002 Paris"

    customer dupont
      name "Société Dupont & Fils"
      email compta@dupont.example
      address "Service comptabilité"
      address "45 avenue Jean Jaurès"
      address "69007 Lyon"
      channel both

    customer globex
      name "Globex Ltd"
      email ap@globex.example
      address "1 King Street"
      address "London EC2V 8AU"
      lang en

    customer durand
      name "Jeanne Durand"
      kind consumer
      email jeanne@durand.example
      address "3 place Bellecour"
      address "69002 Lyon"

    customer ecole
      name "École des Pentes"
      email compta@ecole-pentes.example
      address "5 montée de la Grande Côte"
      address "69001 Lyon"

    ; fr, first reminder, two invoices (one partly paid)
    2026-09-01 invoice F2026-014 acme 1200.00 EUR
      due 2026-10-01
      ref "BC 4411"
    2026-09-15 invoice F2026-015 acme 534.56 EUR
      due 2026-10-15
    2026-09-20 payment acme 200 EUR
      apply F2026-015

    ; en, second reminder with the invoice copy
    2026-09-01 invoice F2026-020 globex 900.00 EUR
      due 2026-10-01
      file documents/F2026-020.pdf
    2026-10-20 reminder R2026-0003 globex
      level 2
      channel email
      invoice F2026-020 900.00 EUR

    ; fr, formal notice after three reminders, across two half-years
    2026-05-15 invoice F2026-007 dupont 2400.00 EUR
      due 2026-06-15
      file documents/F2026-007.pdf
    2026-06-22 reminder R2026-0001 dupont
      level 2
      channel email
      invoice F2026-007 2400.00 EUR
    2026-07-06 reminder R2026-0002 dupont
      level 3
      channel email
      invoice F2026-007 2400.00 EUR
    2026-07-20 reminder R2026-0004 dupont
      level 4
      channel email
      invoice F2026-007 2400.00 EUR
      fee 40.00 EUR

    ; consumer, reminded up to the statement
    2026-05-15 invoice F2026-008 durand 300.00 EUR
      due 2026-06-15
    2026-06-22 reminder R2026-0005 durand
      level 2
      channel email
      invoice F2026-008 300.00 EUR
    2026-07-06 reminder R2026-0006 durand
      level 3
      channel email
      invoice F2026-008 300.00 EUR

    ; an invoice of the training department
    2026-09-01 invoice F2026-030 ecole 650.00 EUR
      due 2026-10-01
      department formation
    """

private func loadBooks() throws -> Books {
    let books = Books.load([SourceFile(path: "books.books", text: booksText)])
    try #require(!books.hasErrors, "\(books.diagnostics)")
    return books
}

private func loadConfig() throws -> RelanceConfig {
    let (config, diagnostics) = ConfigParser.parse(configText)
    return try #require(config, "\(diagnostics)")
}

/// Stand-in bytes for an invoice copy (generated, so goldens are stable).
private func invoiceCopy(_ number: String) -> [UInt8] {
    Array("%PDF-1.4\n% copy of \(number)\n".utf8) + (0..<64).map { UInt8(($0 * 37 + number.count) % 256) } + Array("\n%%EOF\n".utf8)
}

/// The documents input of the reminder the planner proposes for `customer` on `asOf`.
private func input(for customer: String, asOf iso: String, offsetMinutes: Int = 60,
                   templates: [String: String] = [:], departmentTemplates: [String: String] = [:],
                   books: Books? = nil, config: RelanceConfig? = nil) throws -> ReminderDocumentInput {
    let books = try books ?? loadBooks()
    let config = try config ?? loadConfig()
    let asOf = Day(iso)!
    let plan = Planner(books: books, config: config, asOf: asOf).plan(outstanding: Allocation.compute(books, asOf: asOf))
    let reminder = try #require(plan.reminders.first { books.customers[Int($0.customer)].id == customer },
                                "no reminder planned for \(customer): \(plan.lines.map(\.reason))")
    let numbers = Set(reminder.invoices.map { books.invoices[Int($0.invoice)].number })
    let previous = books.reminders.filter { r in r.date <= asOf && r.invoices.contains { numbers.contains($0.number) } }
    var copies: [String: [UInt8]] = [:]
    for n in numbers where books.invoice(n)?.file != nil { copies[n] = invoiceCopy(n) }
    return ReminderDocumentInput(
        reminder: reminder, books: books, config: config, asOf: asOf,
        sentAt: MailDate(day: asOf, hour: 9, minute: 0, utcOffsetMinutes: offsetMinutes)!,
        previousReminders: previous, invoiceCopies: copies, templates: templates, departmentTemplates: departmentTemplates)
}

private func frenchFirst() throws -> ReminderDocumentInput { try input(for: "acme", asOf: "2026-10-25") }
private func englishSecond() throws -> ReminderDocumentInput { try input(for: "globex", asOf: "2026-11-22") }
private func frenchFormalNotice() throws -> ReminderDocumentInput { try input(for: "dupont", asOf: "2026-08-01", offsetMinutes: 120) }

// MARK: Goldens (written to the source folder through #filePath when RELANCE_RECORD_GOLDEN=1)

private func checkGolden(_ bytes: [UInt8], _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try GoldenFile.check(bytes, folder: "reminders", name: name, sourceLocation: sourceLocation)
}

// MARK: Tools: poppler and Python's email package


/// `pdftotext -layout` of the PDF, normalised: every Unicode space (U+202F, U+00A0…) is a plain space,
/// runs of spaces collapse, lines are trimmed and blank lines dropped.
private func pdfText(_ pdf: [UInt8]) throws -> String {
    let raw = String(decoding: try run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input: pdf), as: UTF8.self)
    var lines: [String] = []
    for rawLine in raw.replacingOccurrences(of: "\u{0C}", with: "\n").split(separator: "\n") {
        let words = rawLine.unicodeScalars.split { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        let line = words.map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
        if !line.isEmpty { lines.append(line) }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Plain spaces instead of U+202F and U+00A0, for comparing with pdftotext's output.
private func plain(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
}

private struct ParsedMail: Decodable {
    struct Attachment: Decodable { var filename: String?; var contentType: String; var size: Int }
    var subject: String
    var from: String
    var to: [String]
    var cc: [String]
    var replyTo: String?
    var messageID: String
    var extra: [String: String]
    var defects: [String]
    var text: String?
    var html: String?
    var attachments: [Attachment]
}

private let parserScript = #"""
import sys, json, email
from email import policy
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
defects = []
for part in msg.walk():
    defects += [type(d).__name__ for d in part.defects]
body = msg.get_body(preferencelist=('plain',))
html = msg.get_body(preferencelist=('html',))
def addrs(h):
    v = msg[h]
    return [a.addr_spec for a in v.addresses] if v is not None else []
print(json.dumps({
    'subject': str(msg['subject']),
    'from': str(msg['from']),
    'to': addrs('to'), 'cc': addrs('cc'),
    'replyTo': None if msg['reply-to'] is None else addrs('reply-to')[0],
    'messageID': str(msg['message-id']),
    'extra': {k: str(v) for k, v in msg.items() if k.lower().startswith('x-')},
    'defects': defects,
    'text': None if body is None else body.get_content(),
    'html': None if html is None else html.get_content(),
    'attachments': [{'filename': p.get_filename(), 'contentType': p.get_content_type(),
                     'size': len(p.get_payload(decode=True))} for p in msg.iter_attachments()],
}))
"""#

private func parse(_ eml: [UInt8]) throws -> ParsedMail {
    try JSONDecoder().decode(ParsedMail.self, from: try run(["python3", "-c", parserScript], input: eml))
}

// MARK: Golden e-mails

@Suite struct ReminderGoldenTests {
    @Test("fr first reminder of two invoices matches its golden .eml")
    func frenchFirstGolden() throws {
        let input = try frenchFirst()
        #expect(input.reminder.level.template == "first" && input.reminder.invoices.count == 2)
        let documents = try ReminderDocuments.render(input)
        #expect(documents.letter == nil, "an e-mail level without attachLetter has no letter")
        try checkGolden(try #require(documents.email), "first-fr.eml")
    }

    @Test("en second reminder with the invoice copy matches its golden .eml")
    func englishSecondGolden() throws {
        let input = try englishSecond()
        #expect(input.reminder.level.template == "second" && input.reminder.level.attachInvoices)
        let documents = try ReminderDocuments.render(input)
        try checkGolden(try #require(documents.email), "second-en.eml")
    }

    @Test("fr formal notice sent both ways matches its golden .eml and letter text")
    func frenchFormalNoticeGolden() throws {
        let input = try frenchFormalNotice()
        #expect(input.reminder.level.template == "formal-notice" && input.reminder.channel == .both)
        let documents = try ReminderDocuments.render(input)
        try checkGolden(try #require(documents.email), "formal-notice-fr.eml")
        try checkGolden(Array(try pdfText(try #require(documents.letter)).utf8), "formal-notice-fr.txt")
    }
}

// MARK: Letters read back by pdftotext

@Suite struct ReminderLetterTests {
    @Test func frenchFormalNoticeLetterSaysWhatTheLawAsks() throws {
        let input = try frenchFormalNotice()
        let documents = try ReminderDocuments.render(input)
        // Wrapped lines joined, so that a phrase cut at the end of a line is still found.
        let text = try pdfText(try #require(documents.letter)).replacingOccurrences(of: "\n", with: " ")
        let interest = try #require(input.reminder.interest)
        #expect(interest.minor > 0)
        for expected in [
            "mise en demeure", "Lettre recommandée avec accusé de réception", "Lyon, le 1er août 2026",
            // the final deadline: as-of + 8 days
            "au plus tard le 9 août 2026",
            // the earlier reminders, with their dates and ids
            "22 juin 2026 (réf. R2026-0001)", "6 juillet 2026 (réf. R2026-0002)", "20 juillet 2026 (réf. R2026-0004)",
            "40,00 €", plain(Language.fr.formatAmount(interest)), "12,15 %", "L441-10", "injonction de payer",
            // the half-year computation: both half-years appear
            "du 16/06/2026 au 30/06/2026, 15 jours à 12,15 %", "du 01/07/2026 au 01/08/2026, 32 jours à 12,15 %",
            "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPPXXX",
            "Société Dupont & Fils", "45 avenue Jean Jaurès", "Facture Date Échéance Retard Montant Reste dû",
            "Total dû", "Indemnité forfaitaire pour frais de recouvrement", "Pénalités de retard", "Total à payer",
            "Élodie Martin", "RCS Lyon 123 456 789", "SIRET 123 456 789 00012",
        ] {
            #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
        }
        // 2 400,00 + 40,00 + interest
        #expect(text.contains(plain(Language.fr.formatAmount(Money(minor: 240_000 + 4_000 + interest.minor, currency: .EUR)))))
    }

    @Test func theRegisteredLetterMentionFollowsTheFormalFlagNotTheTemplateName() throws {
        let mention = "Lettre recommandée avec accusé de réception"
        // A formal level whose template has its own name (the built-in formal notice's text, copied under it).
        var custom = try frenchFormalNotice()
        custom.reminder.level.template = "derniere-relance"
        for part in ["email", "letter"] { custom.templates["fr/derniere-relance.\(part)"] = BuiltInTemplates.all["fr/formal-notice.\(part)"] }
        #expect(custom.reminder.level.formal)
        let customText = try pdfText(try #require(try ReminderDocuments.render(custom).letter))
        #expect(customText.contains(mention), "a formal level with a custom template is a registered letter:\n\(customText)")
        // A level that is not formal, using the formal-notice template.
        var plainLevel = try frenchFormalNotice()
        plainLevel.reminder.level.formal = false
        #expect(plainLevel.reminder.level.template == "formal-notice")
        let plainText = try pdfText(try #require(try ReminderDocuments.render(plainLevel).letter))
        #expect(!plainText.contains(mention), "a level that is not formal is not a registered letter:\n\(plainText)")
    }

    @Test func anEarlierReminderIsCalledAFormalNoticeByItsLevelsFlag() throws {
        // R2026-0004 was sent at level 4 (template "statement"); made formal, it is named a formal notice.
        var formal = try frenchFormalNotice()
        formal.config.dunning.levels[3].formal = true
        let formalText = try pdfText(try #require(try ReminderDocuments.render(formal).letter)).replacingOccurrences(of: "\n", with: " ")
        #expect(formalText.contains("Mise en demeure du 20 juillet 2026 (réf. R2026-0004)"), "\(formalText)")
        // Level 4 with the formal-notice template but not formal: named by its level's name, not "Mise en demeure".
        var plainLevel = try frenchFormalNotice()
        plainLevel.config.dunning.levels[3].template = "formal-notice"
        plainLevel.config.dunning.levels[3].formal = false
        let name = plainLevel.config.dunning.levels[3].name
        let plainText = try pdfText(try #require(try ReminderDocuments.render(plainLevel).letter)).replacingOccurrences(of: "\n", with: " ")
        #expect(!plainText.contains("Mise en demeure du 20 juillet 2026"), "\(plainText)")
        #expect(plainText.contains("\(name) du 20 juillet 2026 (réf. R2026-0004)"), "\(plainText)")
    }

    @Test func englishLetterReadsBack() throws {
        var input = try englishSecond()
        input.reminder.channel = .letter
        let documents = try ReminderDocuments.render(input)
        #expect(documents.email == nil)
        let text = try pdfText(try #require(documents.letter))
        for expected in [
            "Lyon, 22 November 2026", "Subject: Second reminder – unpaid invoice F2026-020", "Globex Ltd", "London EC2V 8AU",
            "Invoice Date Due Days late Amount Outstanding", "F2026-020 1 Sep 2026 1 Oct 2026 52 days €900.00 €900.00",
            "Despite our previous reminder of 20 October 2026", "Total due €900.00", "IBAN FR76 3000 6000 0112 3456 7890 189",
            "Yours faithfully,", "Élodie Martin",
        ] {
            #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
        }
        #expect(documents.text.hasPrefix("Subject: Second reminder"), "a letter-only reminder shows the letter's text")
        try checkGolden(Array(text.utf8), "second-en-letter.txt")
    }
}

// MARK: E-mails read back by Python's email package

@Suite struct ReminderMailTests {
    @Test func frenchFirstReadsBackWithAccentsAndHeaders() throws {
        let documents = try ReminderDocuments.render(try frenchFirst())
        let mail = try parse(try #require(documents.email))
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.subject == "Relance : 2 factures en attente de règlement")
        #expect(mail.subject == documents.subject)
        #expect(mail.from == "Studio Brume <factures@studio-brume.example>")
        #expect(mail.to == ["compta@acme.example"])
        #expect(mail.cc == ["direction@acme.example"])
        #expect(mail.replyTo == "factures@studio-brume.example")
        #expect(mail.messageID == "<R2026-0007.acme@relance.studio-brume.example>")
        #expect(mail.extra == ["X-Relance-Reminder": "R2026-0007", "X-Relance-Level": "2"])
        let text = try #require(mail.text).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text == documents.text)
        #expect(text.contains("- Facture F2026-014 du 1er septembre 2026, échue le 1er octobre 2026 (24 jours de retard) : 1\u{202F}200,00\u{00A0}€ – votre référence BC 4411"))
        #expect(text.contains("- Facture F2026-015 du 15 septembre 2026, échue le 15 octobre 2026 (10 jours de retard) : 334,56\u{00A0}€ restant dû sur 534,56\u{00A0}€"))
        #expect(text.contains("Total dû : 1\u{202F}534,56\u{00A0}€"))
        #expect(!text.contains("{{") && !text.contains("\n\n\n"))
        #expect(mail.attachments.isEmpty && mail.html == nil)
    }

    @Test func formalNoticeCarriesTheLetterAndTheInvoiceCopy() throws {
        let input = try frenchFormalNotice()
        let documents = try ReminderDocuments.render(input)
        let mail = try parse(try #require(documents.email))
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.subject == "Mise en demeure de payer – facture F2026-007")
        #expect(mail.attachments.map(\.filename) == ["R2026-0007.pdf", "F2026-007.pdf"])
        #expect(mail.attachments.map(\.contentType) == ["application/pdf", "application/pdf"])
        #expect(mail.attachments.first?.size == documents.letter?.count)
        #expect(mail.attachments.last?.size == invoiceCopy("F2026-007").count)
        #expect(try #require(mail.text).contains("Vous trouverez ci-joint notre lettre de mise en demeure et une copie de la facture."))
    }

    @Test func englishSecondAttachesTheInvoiceUnderItsOwnName() throws {
        let documents = try ReminderDocuments.render(try englishSecond())
        let mail = try parse(try #require(documents.email))
        #expect(mail.subject == "Second reminder: invoice F2026-020 is still unpaid")
        #expect(mail.attachments.map(\.filename) == ["F2026-020.pdf"])
        #expect(documents.warnings.isEmpty)
        let text = try #require(mail.text)
        #expect(text.contains("Please find attached a copy of the invoice."))
        #expect(text.contains("Despite our previous reminder of 20 October 2026"))
    }

    @Test func missingInvoiceCopyIsAWarningNotAnAttachment() throws {
        var input = try englishSecond()
        input.invoiceCopies = [:]
        let documents = try ReminderDocuments.render(input)
        #expect(try parse(try #require(documents.email)).attachments.isEmpty)
        #expect(documents.warnings.count == 1 && documents.warnings[0].hasPrefix("invoice F2026-020: its copy ") && documents.warnings[0].hasSuffix(" could not be attached"))
        #expect(!documents.text.contains("attached"))
    }
}

// MARK: Overrides, departments, consumers

@Suite struct ReminderTemplateTests {
    @Test func booksTemplateReplacesTheBuiltIn() throws {
        let override = """
            Subject: Petit rappel {{reminder.id}} pour {{customer.name}}

            Bonjour {{customer.name}}, il reste {{total}} à régler ({{count}} factures : {{invoiceNumbers}}).
            {{#invoices}}
            * {{number}} <{{outstanding}}>
            {{/invoices}}
            """
        let documents = try ReminderDocuments.render(try input(for: "acme", asOf: "2026-10-25", templates: ["fr/first.email": override]))
        #expect(documents.subject == "Petit rappel R2026-0007 pour ACME SARL")
        #expect(documents.text == """
            Bonjour ACME SARL, il reste 1\u{202F}534,56\u{00A0}€ à régler (2 factures : F2026-014, F2026-015).
            * F2026-014 <1\u{202F}200,00\u{00A0}€>
            * F2026-015 <334,56\u{00A0}€>

            """, "text templates are never HTML-escaped")
        let mail = try parse(try #require(documents.email))
        #expect(mail.subject == "Petit rappel R2026-0007 pour ACME SARL")
        #expect(mail.html == nil)
    }

    @Test func htmlPartAppearsWhenTheBooksGiveOne() throws {
        let html = """
            <html><body><p>Bonjour {{customer.name}},</p>
            <table>{{#invoices}}<tr><td>{{number}}</td><td>{{outstanding}}</td></tr>{{/invoices}}</table></body></html>
            """
        let documents = try ReminderDocuments.render(try input(for: "acme", asOf: "2026-10-25", templates: ["fr/first.html": html]))
        let mail = try parse(try #require(documents.email))
        let body = try #require(mail.html)
        #expect(body.contains("<p>Bonjour ACME SARL,</p>"))
        #expect(body.contains("<td>F2026-015</td><td>334,56\u{00A0}€</td>"))
        #expect(try #require(mail.text).contains("Sauf erreur ou omission de notre part"), "the built-in text part stays")
        #expect(mail.subject == "Relance : 2 factures en attente de règlement")
    }

    @Test func htmlEscapesValues() throws {
        let documents = try ReminderDocuments.render(try input(for: "dupont", asOf: "2026-08-01",
                                                               templates: ["fr/formal-notice.html": "<p>{{customer.name}}</p>"]))
        #expect(try parse(try #require(documents.email)).html?.contains("<p>Société Dupont &amp; Fils</p>") == true)
    }

    @Test func departmentIdentityAndTemplatesAreUsed() throws {
        let departmentFirst = """
            Subject: Formation : facture {{invoiceNumbers}}

            Bonjour, la facture {{invoiceNumbers}} ({{total}}) attend son règlement.
            {{#signature}}
            {{.}}
            {{/signature}}
            """
        let input = try input(for: "ecole", asOf: "2026-10-25", templates: ["fr/first.email": "Subject: livres\n\nlivres"],
                              departmentTemplates: ["fr/first.email": departmentFirst])
        #expect(input.reminder.department == "formation")
        let documents = try ReminderDocuments.render(input)
        let mail = try parse(try #require(documents.email))
        #expect(mail.subject == "Formation : facture F2026-030")
        #expect(mail.from == "Studio Brume Formation <formation@studio-brume.example>")
        #expect(mail.replyTo == "formation@studio-brume.example")
        #expect(mail.messageID == "<\(input.reminder.id).ecole@relance.studio-brume.example>")
        #expect(documents.text.hasSuffix("Paul Girard\nResponsable formation\n"))

        // The department's identity on the letter, with the books' letter template (none here: the built-in one).
        var letterInput = input
        letterInput.reminder.channel = .letter
        let text = try pdfText(try #require(try ReminderDocuments.render(letterInput).letter))
        for expected in ["Studio Brume Formation", "12 quai Saint-Vincent", "formation@studio-brume.example", "Paul Girard"] {
            #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
        }
        #expect(!text.contains("8 rue des Capucins"))
    }

    @Test func booksTemplatesApplyWhenTheDepartmentHasNone() throws {
        let input = try input(for: "ecole", asOf: "2026-10-25", templates: ["fr/first.email": "Subject: livres\n\ncorps"])
        #expect(try ReminderDocuments.render(input).subject == "livres")
    }

    @Test func customLevelNeedsItsTemplate() throws {
        var input = try frenchFirst()
        input.reminder.level.template = "amical"
        #expect(throws: ReminderDocumentError.missingTemplate(file: "templates/fr/amical.email.mustache")) {
            try ReminderDocuments.render(input)
        }
        input.templates["fr/amical.email"] = "Subject: Un mot amical\n\nRien de grave."
        #expect(try ReminderDocuments.render(input).subject == "Un mot amical")
        input.reminder.channel = .both
        #expect(throws: ReminderDocumentError.missingTemplate(file: "templates/fr/amical.letter.mustache")) {
            try ReminderDocuments.render(input)
        }
    }

    @Test func badTemplatesAreExplained() throws {
        var input = try frenchFirst()
        input.templates["fr/first.email"] = "Bonjour\n\nsans objet"
        #expect(throws: ReminderDocumentError.missingSubject(file: "templates/fr/first.email.mustache")) {
            try ReminderDocuments.render(input)
        }
        input.templates["fr/first.email"] = "Subject: x\n\n{{#invoices}}non fermé"
        #expect {
            try ReminderDocuments.render(input)
        } throws: { error in
            guard case let .invalidTemplate(file, _)? = error as? ReminderDocumentError else { return false }
            return file == "templates/fr/first.email.mustache"
        }
    }

    @Test func consumersGetNeitherFeeNorInterest() throws {
        let input = try input(for: "durand", asOf: "2026-07-25")
        #expect(input.reminder.level.template == "statement" && input.reminder.level.showFee && input.reminder.level.showInterest)
        #expect(input.reminder.fee == nil && input.reminder.interest == nil)
        var both = input
        both.reminder.channel = .both
        let documents = try ReminderDocuments.render(both)
        let letter = try pdfText(try #require(documents.letter))
        for text in [documents.text, letter] {
            for word in ["indemnité", "Indemnité", "40,00", "pénalités", "Pénalités", "intérêts", "Intérêts", "L441-10"] {
                #expect(!text.contains(word), "\(word) in:\n\(text)")
            }
        }
        #expect(documents.text.contains("Total dû : 300,00\u{00A0}€"))
        #expect(!documents.text.contains("Total à régler"))
    }

    @Test func everyBuiltInRendersInBothLanguages() throws {
        let base = try frenchFormalNotice()
        for language in ["fr", "en"] {
            for name in BuiltInTemplates.names {
                var input = base
                input.books.customers[Int(input.reminder.customer)].language = language
                input.reminder.level.template = name
                let documents = try ReminderDocuments.render(input)
                #expect(!documents.subject.isEmpty && !documents.text.contains("{{"), "\(language)/\(name)")
                #expect(documents.letter != nil)
                let letter = try pdfText(try #require(documents.letter))
                #expect(!letter.contains("{{") && letter.contains(language == "fr" ? "2 400,00 €" : "€2,400.00"), "\(language)/\(name)")
            }
        }
    }

    @Test func templateKeysFromFileNames() {
        #expect(ReminderDocumentInput.templateKey(forFile: "fr/first.email.mustache") == "fr/first.email")
        #expect(ReminderDocumentInput.templateKey(forFile: "en/formal-notice.html.mustache") == "en/formal-notice.html")
        #expect(ReminderDocumentInput.templateKey(forFile: "de/first.email.mustache") == nil)
        #expect(ReminderDocumentInput.templateKey(forFile: "fr/first.email") == nil)
    }
}

// MARK: Determinism


@Suite struct ReminderDeterminismTests {
    @Test func sameInputGivesSameBytes() throws {
        let input = try frenchFormalNotice()
        let first = try ReminderDocuments.render(input)
        let second = try ReminderDocuments.render(try frenchFormalNotice())
        #expect(first.email != nil && first.letter != nil)
        #expect(first.email == second.email)
        #expect(first.letter == second.letter)
        var later = input
        later.sentAt = MailDate(day: input.asOf, hour: 10, minute: 0, utcOffsetMinutes: 120)!
        let third = try ReminderDocuments.render(later)
        #expect(third.letter != first.letter && third.email != first.email, "the sending time is part of both documents")
    }
}
