import LetterPDF

/// Why a reminder's documents cannot be written, in plain words with the fix.
public enum ReminderDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A level uses a template that is neither built in nor in the books: `file` is the one to create.
    case missingTemplate(file: String)
    /// A template does not parse as Mustache.
    case invalidTemplate(file: String, message: String)
    /// A template's first line is not `Subject: …` (or `Objet : …`).
    case missingSubject(file: String)
    /// The reminder names a customer or invoice that is not in the books.
    case notInBooks(String)
    /// An e-mail needs a sender address: the company's or the department's `email`.
    case noSenderAddress
    /// An e-mail needs the customer's address.
    case noRecipient(customer: String)
    /// The e-mail could not be written.
    case mail(MailError)
    /// The PDF letter could not be written.
    case letter(LetterPDFError)

    public var description: String {
        switch self {
        case let .missingTemplate(file):
            return "no template \(file): create it (see docs/templates.md), or use a built-in template name "
                + "(\(BuiltInTemplates.names.joined(separator: ", ")))"
        case let .invalidTemplate(file, message):
            return "template \(file) is not valid Mustache: \(message)"
        case let .missingSubject(file):
            return "template \(file) must start with a line \"Subject: …\" (or \"Objet : …\") followed by a blank line"
        case let .notInBooks(what):
            return "\(what) is not in the books"
        case .noSenderAddress:
            return "an e-mail needs a sender address: set email in [company] (or in the department) of relance.toml"
        case let .noRecipient(customer):
            return "customer \(customer) has no e-mail address: add an \"email\" line, or send this reminder as a letter"
        case let .mail(error):
            return "cannot write the e-mail: \(error)"
        case let .letter(error):
            return error.description
        }
    }
}
