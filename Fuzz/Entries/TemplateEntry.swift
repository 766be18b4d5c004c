import Books
import Configuration
import Documents
import Dunning
import Receivables

extension FuzzEntries {
    static let templateConfig = """
        [company]
        name = "Studio Brume"
        address = ["8 rue des Capucins", "69001 Lyon"]
        city = "Lyon"
        email = "factures@studio-brume.example"
        iban = "FR76 3000 6000 0112 3456 7890 189"
        signature = ["Élodie Martin", "Studio Brume"]
        legal = ["Studio Brume SARL"]
        """

    static let templateBooks = """
        customer acme
          name "ACME SARL"
          email compta@acme.example
          address "12 rue de la Paix"
          address "75002 Paris"
          channel both

        2026-09-01 invoice F2026-014 acme 1200.00 EUR
          due 2026-10-01
          ref "BC 4411"
        2026-09-15 invoice F2026-015 acme 534.56 EUR
          due 2026-10-15
        2026-09-20 payment acme 200 EUR
          apply F2026-015

        """

    /// A reminder planned from small fixed books, whose template parts the fuzzed text replaces.
    static let templateInput: ReminderDocumentInput? = {
        guard let config = ConfigParser.parse(templateConfig).0 else { return nil }
        let books = Books.load([SourceFile(path: "books.books", text: templateBooks)])
        let asOf = Day(year: 2026, month: 11, day: 22)!
        let plan = Planner(books: books, config: config, asOf: asOf).plan(outstanding: Allocation.compute(books, asOf: asOf))
        guard let reminder = plan.reminders.first, let sentAt = MailDate(day: asOf, hour: 9, minute: 0, utcOffsetMinutes: 60) else { return nil }
        return ReminderDocumentInput(reminder: reminder, books: books, config: config, asOf: asOf, sentAt: sentAt,
                                     previousReminders: [], invoiceCopies: [:], templates: [:], departmentTemplates: [:])
    }()

    /// One template text: checked as `check` does, then rendered as the e-mail, HTML and letter parts of a
    /// reminder (the letter through the PDF writer). Returns the diagnostics (a refused template is one).
    public static func template(_ bytes: [UInt8]) -> [Diagnostic] {
        let text = String(decoding: bytes, as: UTF8.self)
        // What `check` says, then what `run` does (it refuses the same templates itself).
        let checked = TemplateNesting.diagnostic(text, file: "templates/fr/first.email.mustache").map { [$0] } ?? []
        guard var input = templateInput else { return checked }
        let level = input.reminder.level.template
        for part in ["email", "letter", "html"] { input.templates["fr/\(level).\(part)"] = text }
        do {
            let documents = try ReminderDocuments.render(input)
            return checked + documents.warnings.map {
                Diagnostic(.warning, SourceLocation(file: "templates/fr/\(level).email.mustache", line: 1, column: 1), $0)
            }
        } catch {
            return checked + [Diagnostic(.error, SourceLocation(file: "templates/fr/\(level).email.mustache", line: 1, column: 1), "\(error)")]
        }
    }
}
