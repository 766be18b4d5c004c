import Books
import Configuration
import Dunning
import LetterPDF

/// Everything needed to write one reminder's documents. The caller (the run command) reads files and the clock.
public struct ReminderDocumentInput: Sendable {
    /// Id, customer, department, currency, level (the document's), channel and invoices (each at its own level).
    public var reminder: PlannedReminder
    /// For invoice and customer details.
    public var books: Books
    /// Company identity, departments, policy (rates, margin, indemnity).
    public var config: RelanceConfig
    public var asOf: Day
    /// The Date header and the PDF creation date (the caller passes as-of at 09:00 in the books' time zone).
    public var sentAt: MailDate
    /// Earlier reminders of these invoices (the formal notice lists them).
    public var previousReminders: [ReminderRecord]
    /// Invoice number → bytes of its `file` (attached when the level says attachInvoices).
    public var invoiceCopies: [String: [UInt8]]
    /// Overrides from the books' `templates/` folder: key `fr/first.email` → template text.
    public var templates: [String: String]
    /// Overrides from the reminder's department's `templates` folder, same keys; they win over `templates`.
    public var departmentTemplates: [String: String]
    /// A personal paragraph (`remind --message`), placed by the template (`{{message}}`).
    public var message: String?
    /// Rendered texts edited by hand (`remind --edit`), by part (`email`, `letter`): used instead of the template's output.
    public var editedTexts: [String: String] = [:]

    public init(reminder: PlannedReminder, books: Books, config: RelanceConfig, asOf: Day, sentAt: MailDate,
                previousReminders: [ReminderRecord] = [], invoiceCopies: [String: [UInt8]] = [:],
                templates: [String: String] = [:], departmentTemplates: [String: String] = [:]) {
        self.reminder = reminder
        self.books = books
        self.config = config
        self.asOf = asOf
        self.sentAt = sentAt
        self.previousReminders = previousReminders
        self.invoiceCopies = invoiceCopies
        self.templates = templates
        self.departmentTemplates = departmentTemplates
    }

    /// The override key of a template file path relative to a templates folder:
    /// `fr/first.email.mustache` → `fr/first.email` (nil for other files).
    public static func templateKey(forFile path: String) -> String? {
        guard path.hasSuffix(".mustache") else { return nil }
        let key = String(path.dropLast(".mustache".count))
        let parts = key.split(separator: "/")
        guard parts.count == 2, Language(rawValue: String(parts[0])) != nil,
              ["email", "letter", "html"].contains(where: { parts[1].hasSuffix("." + $0) }) else { return nil }
        return key
    }
}

/// A reminder's documents: pure, the same input always gives the same bytes.
public struct ReminderDocuments: Sendable {
    /// The `.eml` bytes when the channel is email or both.
    public var email: [UInt8]?
    /// The PDF bytes when the channel is letter or both, or when the level attaches the letter.
    public var letter: [UInt8]?
    public var subject: String
    /// The e-mail's plain text body (the letter's text for a letter-only reminder), for `relance show`.
    public var text: String
    /// Things the caller should tell the user (e.g. an invoice copy that could not be attached).
    public var warnings: [String]

    /// The rendered template texts of the e-mail and/or letter of `input`, by part, as `render` would use them
    /// (a subject line, a blank line, the body; the letter's `---` marks the invoice table). Edit them and
    /// pass them back in `editedTexts`.
    public static func texts(_ input: ReminderDocumentInput) throws -> [(part: String, text: String)] {
        let facts = try ReminderFacts(input)
        let department = input.reminder.department.flatMap { input.config.departments[$0] }
        let templates = ReminderTemplates(language: facts.language, name: facts.level.template, books: input.templates,
                                          department: input.departmentTemplates, departmentFolder: department?.templates)
        let channel = input.reminder.channel
        let wantsEmail = channel == .email || channel == .both
        let wantsLetter = channel == .letter || channel == .both || facts.level.attachLetter
        var out: [(String, String)] = []
        if wantsEmail {
            let context = facts.context(letterAttached: facts.attachesLetter && wantsLetter)
            out.append(("email", TemplateText.tidyLines(try templates.render(try templates.required("email"), part: "email", context: context, plain: true)).joined(separator: "\n") + "\n"))
        }
        if wantsLetter {
            let context = facts.context(letterAttached: false)
            out.append(("letter", TemplateText.tidyLines(try templates.render(try templates.required("letter"), part: "letter", context: context, plain: true)).joined(separator: "\n") + "\n"))
        }
        return out
    }

    /// Writes the e-mail and/or the letter of `input`.
    public static func render(_ input: ReminderDocumentInput) throws -> ReminderDocuments {
        let facts = try ReminderFacts(input)
        let department = input.reminder.department.flatMap { input.config.departments[$0] }
        let templates = ReminderTemplates(language: facts.language, name: facts.level.template, books: input.templates,
                                          department: input.departmentTemplates, departmentFolder: department?.templates)
        let channel = input.reminder.channel
        let wantsEmail = channel == .email || channel == .both
        let wantsLetter = channel == .letter || channel == .both || facts.level.attachLetter

        var warnings: [String] = []
        if facts.level.attachInvoices {
            let attached = Set(input.invoiceCopies.keys)
            // An invoice without a `file` line simply has no copy; one whose copy is missing is worth a word.
            for line in facts.lines where line.invoice.file != nil && !attached.contains(line.invoice.number) {
                warnings.append("invoice \(line.invoice.number): its copy \(line.invoice.file!) could not be attached")
            }
        }

        var letter: ReminderLetter?
        var letterBytes: [UInt8]?
        if wantsLetter {
            let context = facts.context(letterAttached: false)
            let rendered = try ReminderLetter(facts: facts, templates: templates, context: context)
            letter = rendered
            do {
                letterBytes = try LetterPDF.render(rendered.layout)
            } catch let error as LetterPDFError {
                throw ReminderDocumentError.letter(error)
            }
        }

        guard wantsEmail else {
            return ReminderDocuments(email: nil, letter: letterBytes, subject: letter!.subject, text: letter!.plainText, warnings: warnings)
        }
        let mail = try ReminderMail(facts: facts, templates: templates,
                                    context: facts.context(letterAttached: facts.attachesLetter && letterBytes != nil),
                                    letterPDF: facts.attachesLetter ? letterBytes : nil)
        return ReminderDocuments(email: mail.bytes, letter: letterBytes,
                                 subject: mail.subject, text: mail.text, warnings: warnings)
    }
}
