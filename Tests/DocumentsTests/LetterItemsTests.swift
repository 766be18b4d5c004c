import Books
import Configuration
@testable import Documents
import Dunning
import Foundation
import Receivables
import Testing

// Books where each customer got its first reminder (level 2) on 2026-06-22: on 2026-07-10 the
// second one (level 3, invoice copies attached) is due. One invoice of each customer has a copy.
private let itemsConfig = """
    [company]
    name = "Studio Brume"
    address = ["8 rue des Capucins", "69001 Lyon"]
    city = "Lyon"
    email = "factures@studio-brume.example"
    siret = "123 456 789 00012"
    vat = "FR12123456789"
    signature = ["Élodie Martin", "Studio Brume"]
    legal = ["Studio Brume SARL – SIRET 123 456 789 00012 – TVA FR12123456789", "RCS Lyon 123 456 789", "RCS Lyon 123 456 789"]
    """

private func itemsBooks(salutations: Bool) -> String {
    var text = ""
    for (id, lang, salutation) in [("acme", "fr", "Monsieur Dupont,"), ("globex", "en", "Dear Ms Leroy,")] {
        text += """
            customer \(id)
              name "\(id.uppercased()) Ltd"
              email compta@\(id).example
              address "1 rue Haute"
              address "69001 Lyon"
              lang \(lang)
              channel both

            """
        if salutations { text += "  salutation \"\(salutation)\"\n" }
        text += """
            2026-05-15 invoice \(id)-1 \(id) 1200.00 EUR
              due 2026-06-15
              file documents/\(id)-1.pdf
            2026-05-15 invoice \(id)-2 \(id) 300.00 EUR
              due 2026-06-15
            2026-06-22 reminder R2026-\(id == "acme" ? "0001" : "0002") \(id)
              level 2
              channel email
              invoice \(id)-1 1200.00 EUR
              invoice \(id)-2 300.00 EUR

            """
    }
    return text
}

/// The reminder planned for `customer` on 2026-07-10, with the copies of `copies` attached.
private func itemsInput(_ customer: String, copies: [String], salutations: Bool = false, legal: [String]? = nil,
                        message: String? = nil) throws -> ReminderDocumentInput {
    let books = Books.load([SourceFile(path: "books.books", text: itemsBooks(salutations: salutations))])
    try #require(!books.hasErrors, "\(books.diagnostics.map(\.message))")
    var config = try #require(ConfigParser.parse(itemsConfig).0)
    if let legal { config.company.legal = legal }
    let asOf = Day("2026-07-10")!
    let plan = Planner(books: books, config: config, asOf: asOf).plan(outstanding: Allocation.compute(books, asOf: asOf))
    let reminder = try #require(plan.reminders.first { books.customers[Int($0.customer)].id == customer })
    try #require(reminder.level.number == 3 && reminder.invoices.count == 2)
    var input = ReminderDocumentInput(
        reminder: reminder, books: books, config: config, asOf: asOf,
        sentAt: MailDate(day: asOf, hour: 9, minute: 0, utcOffsetMinutes: 120)!,
        previousReminders: books.reminders.filter { $0.customerID == customer },
        invoiceCopies: Dictionary(uniqueKeysWithValues: copies.map { ($0, Array("%PDF-1.4 copy of \($0)\n%%EOF\n".utf8)) }))
    input.message = message
    return input
}

/// The letter read back page by page with pdftotext, spaces made plain.
private func letterText(_ documents: ReminderDocuments) throws -> String {
    let pdf = try #require(documents.letter)
    let raw = String(decoding: try run(["pdftotext", "-enc", "UTF-8", "-", "-"], input: pdf), as: UTF8.self)
    return raw.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
}

private func occurrences(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite("Letter items: ordinal, footer, salutation, copies sentence, message")
struct LetterItemsTests {
    @Test func frenchOrdinalIsAbbreviatedTheFrenchWay() throws {
        let documents = try ReminderDocuments.render(try itemsInput("acme", copies: ["acme-1"]))
        #expect(documents.subject == "2e relance : 2 factures impayées", "\(documents.subject)")
        let letter = try letterText(documents)
        #expect(letter.contains("Objet : 2e relance – factures acme-1, acme-2 impayées"), "\(letter)")
        #expect(!letter.contains("ème") && !documents.text.contains("ème"))
        // Earlier reminders are named the same way in later letters.
        let facts = try ReminderFacts(try itemsInput("acme", copies: []))
        var record = facts.previous[0]
        record.level = 3
        #expect(facts.label(of: record) == "2e relance")
        #expect(Language.fr.ordinal(1) == "1re" && Language.fr.ordinal(2) == "2e" && Language.fr.ordinal(11) == "11e")
        #expect(Language.en.ordinal(1) == "1st" && Language.en.ordinal(2) == "2nd" && Language.en.ordinal(3) == "3rd"
                && Language.en.ordinal(11) == "11th" && Language.en.ordinal(22) == "22nd")
    }

    /// Seen: the company's SIRET and VAT number printed again under legal lines that already give them,
    /// and a legal line given twice printed twice.
    @Test func footerSaysEachThingOnce() throws {
        let documents = try ReminderDocuments.render(try itemsInput("acme", copies: []))
        let text = try letterText(documents)
        // Once, in the legal line (not again in the sender block nor in an identifiers line).
        #expect(occurrences("123 456 789 00012", in: text) == 1, "\(text)")
        #expect(occurrences("FR12123456789", in: text) == 1, "\(text)")
        #expect(occurrences("RCS Lyon 123 456 789", in: text) == 1, "\(text)")
        // Legal lines without the identifiers: relance adds them, once.
        let plainLegal = try ReminderDocuments.render(try itemsInput("acme", copies: [], legal: ["Studio Brume SARL au capital de 5 000 €"]))
        let other = try letterText(plainLegal)
        #expect(occurrences("123 456 789 00012", in: other) == 1, "\(other)")
        #expect(occurrences("TVA FR12123456789", in: other) == 1, "\(other)")
        // SIRET given in the legal lines, VAT not: only the VAT number is added.
        let half = try letterText(try ReminderDocuments.render(try itemsInput("acme", copies: [], legal: ["SIRET 123456789 00012"])))
        #expect(occurrences("00012", in: half) == 1 && occurrences("TVA FR12123456789", in: half) == 1, "\(half)")
    }

    @Test(arguments: [("acme", "Monsieur Dupont,", "Madame, Monsieur"), ("globex", "Dear Ms Leroy,", "Dear Sir or Madam")])
    func customerSalutationReplacesTheGenericOne(_ customer: String, _ salutation: String, _ generic: String) throws {
        let documents = try ReminderDocuments.render(try itemsInput(customer, copies: [], salutations: true))
        #expect(("\n" + documents.text).contains("\n\(salutation)\n"), "\(documents.text)")
        #expect(!documents.text.contains(generic), "\(documents.text)")
        let letter = try letterText(documents)
        #expect(letter.contains(salutation) && !letter.contains(generic), "\(letter)")
        if customer == "globex" { #expect(letter.contains("Yours sincerely,") && !letter.contains("Yours faithfully")) }
        // Without a salutation, the generic one.
        let generic2 = try ReminderDocuments.render(try itemsInput(customer, copies: []))
        let genericLetter = try letterText(generic2)
        #expect(generic2.text.contains(generic) && genericLetter.contains(generic))
    }

    /// Seen: "a copy of each invoice" when only one of the two was attached.
    @Test(arguments: [("acme", "une copie de chaque facture", "une copie de la facture acme-1"),
                      ("globex", "a copy of each invoice", "a copy of invoice globex-1")])
    func copiesSentenceOnlyForWhatIsAttached(_ customer: String, _ all: String, _ one: String) throws {
        let partial = try ReminderDocuments.render(try itemsInput(customer, copies: ["\(customer)-1"]))
        #expect(!partial.text.contains(all), "\(partial.text)")
        #expect(partial.text.contains(one), "\(partial.text)")
        let both = try ReminderDocuments.render(try itemsInput(customer, copies: ["\(customer)-1", "\(customer)-2"]))
        #expect(both.text.contains(all), "\(both.text)")
        let none = try ReminderDocuments.render(try itemsInput(customer, copies: []))
        #expect(!none.text.contains(all) && !none.text.contains(one))
    }

    @Test(arguments: ["acme", "globex"])
    func messageIsAParagraphOfTheEmailAndTheLetter(_ customer: String) throws {
        let message = "Suite à notre appel de ce matin : le virement part lundi ?"
        let documents = try ReminderDocuments.render(try itemsInput(customer, copies: [], message: message))
        #expect(documents.text.contains("\n\n\(message)\n\n"), "\(documents.text)")
        let letter = try letterText(documents)
        #expect(letter.contains(message), "\(letter)")
        // A line "---" in the message does not move the invoice table.
        let dashes = try letterText(try ReminderDocuments.render(try itemsInput(customer, copies: [], message: "Point 1\n---\nPoint 2")))
        let point2 = try #require(dashes.range(of: "Point 2")), table = try #require(dashes.range(of: customer == "acme" ? "Reste dû" : "Outstanding"))
        #expect(point2.lowerBound < table.lowerBound, "\(dashes)")
        let without = try ReminderDocuments.render(try itemsInput(customer, copies: []))
        #expect(!without.text.contains("Suite à notre appel"))
    }
}
