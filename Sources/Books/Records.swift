/// A place in the books: which file (index into `Books.sources`), line, column and width (1-based).
public struct Span: Hashable, Sendable {
    public var file: Int32
    public var line: Int32
    public var column: Int32
    public var length: Int32

    public init(file: Int32, line: Int32, column: Int32, length: Int32) {
        self.file = file
        self.line = line
        self.column = column
        self.length = length
    }
}

/// Whether fees and legal interest apply (B2B) or not (consumers).
public enum CustomerKind: String, Sendable, CaseIterable {
    case business, consumer
}

/// How a reminder reaches the customer.
public enum Channel: String, Sendable, CaseIterable, Comparable {
    case email, letter, both
    /// Only in hand-written history: a phone call.
    case phone

    public static func < (a: Channel, b: Channel) -> Bool { a.rawValue < b.rawValue }
}

/// A customer (client) of the books.
public struct Customer: Sendable, Equatable {
    public var id: String
    public var name: String
    public var emails: [String] = []
    public var cc: [String] = []
    public var address: [String] = []
    /// `fr` or `en`; nil = the company's language.
    public var language: String?
    /// Payment terms in days; nil = the company's default.
    public var terms: Int?
    public var kind: CustomerKind = .business
    public var group: String?
    public var phone: String?
    public var vat: String?
    /// Overrides the policy's channel.
    public var channel: Channel?
    /// `dunning off` = never remind this customer.
    public var dunning: Bool = true
    public var note: String?
    /// How letters and e-mails greet this customer ("Monsieur Dupont,"); nil = the generic one.
    public var salutation: String?
    /// How the bank writes this customer's name (`payer`, repeatable), for `relance import`.
    public var payers: [String] = []
    /// The customer's bank account (`iban`), without spaces, upper case.
    public var iban: String?
    public var span: Span

    public init(id: String, name: String, span: Span) {
        self.id = id
        self.name = name
        self.span = span
    }
}

/// An invoice (facture): a sum the customer owes from a due date.
public struct Invoice: Sendable, Equatable {
    public var number: String
    public var customerID: String
    /// Index into `Books.customers` (set when the books are assembled).
    public var customer: Int32 = -1
    public var date: Day
    public var amount: Money
    /// The due date as written, if any.
    public var explicitDue: Day?
    /// The due date: explicit, else date + the customer's terms (set when assembled).
    public var due: Day
    public var span: Span
    public var customerSpan: Span
    /// The texts few invoices have, out of line so that a million invoices stay small in memory.
    private var rare = OutOfLine<InvoiceTexts>()

    /// Invoice copy to attach, relative to the books root.
    public var file: String? { get { rare[\.file] } set { rare[\.file] = newValue } }
    public var department: String? { get { rare[\.department] } set { rare[\.department] = newValue } }
    public var ref: String? { get { rare[\.ref] } set { rare[\.ref] = newValue } }
    public var note: String? { get { rare[\.note] } set { rare[\.note] = newValue } }

    public init(number: String, customerID: String, date: Day, amount: Money, span: Span, customerSpan: Span) {
        self.number = number
        self.customerID = customerID
        self.date = date
        self.amount = amount
        self.due = date
        self.span = span
        self.customerSpan = customerSpan
    }
}

/// Fields that are all optional: `init()` sets none.
protocol RareFields: Equatable, Sendable { init() }

/// The rare texts of an invoice.
struct InvoiceTexts: RareFields {
    var file: String?
    var department: String?
    var ref: String?
    var note: String?
}

/// The rare texts of a payment (its bank reference is common, and stays in the record).
struct PaymentTexts: RareFields {
    var method: String?
    var note: String?
}

/// Fields that few records set, kept out of line: nothing until one is set, then a box that is never
/// changed (setting a field puts a new box in place; few records set any), so copies share it safely.
struct OutOfLine<Fields: RareFields>: Equatable, Sendable {
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
    private var box: Box?

    init() {}

    subscript<Value>(_ field: WritableKeyPath<Fields, Value?>) -> Value? {
        get { box?.fields[keyPath: field] }
        set {
            guard box != nil || newValue != nil else { return }
            var fields = box?.fields ?? Fields()
            fields[keyPath: field] = newValue
            box = Box(fields)
        }
    }

    static func == (a: OutOfLine, b: OutOfLine) -> Bool {
        (a.box?.fields ?? Fields()) == (b.box?.fields ?? Fields())
    }
}

/// An `apply INVOICE [AMOUNT]` line: explicit allocation (lettrage).
public struct Application: Sendable, Equatable {
    public var invoiceNumber: String
    /// Index into `Books.invoices` (set when assembled).
    public var invoice: Int32 = -1
    /// Minor units; nil = as much as possible.
    public var amount: Int64?
    public var span: Span

    public init(invoiceNumber: String, amount: Int64?, span: Span) {
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.span = span
    }
}

/// Money received from a customer.
public struct Payment: Sendable, Equatable {
    public var date: Day
    public var customerID: String
    public var customer: Int32 = -1
    public var amount: Money
    public var applications: [Application] = []
    public var ref: String?
    public var span: Span
    public var customerSpan: Span
    /// Method and note, out of line: few payments have them.
    private var rare = OutOfLine<PaymentTexts>()
    public var method: String? { get { rare[\.method] } set { rare[\.method] = newValue } }
    public var note: String? { get { rare[\.note] } set { rare[\.note] = newValue } }

    public init(date: Day, customerID: String, amount: Money, span: Span, customerSpan: Span) {
        self.date = date
        self.customerID = customerID
        self.amount = amount
        self.span = span
        self.customerSpan = customerSpan
    }
}

/// A credit note (avoir): reduces what a customer owes, like a payment.
public struct CreditNote: Sendable, Equatable {
    public var number: String
    public var date: Day
    public var customerID: String
    public var customer: Int32 = -1
    public var amount: Money
    public var applications: [Application] = []
    public var note: String?
    public var span: Span
    public var customerSpan: Span

    public init(number: String, date: Day, customerID: String, amount: Money, span: Span, customerSpan: Span) {
        self.number = number
        self.date = date
        self.customerID = customerID
        self.amount = amount
        self.span = span
        self.customerSpan = customerSpan
    }
}

/// What a hold or release points at.
public enum HoldTarget: Sendable, Equatable, Hashable {
    case invoice(Int32)
    case customer(Int32)
    case unresolved
}

/// `hold` (pause reminders) or `release` (resume them).
public struct HoldEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case hold, release }
    public var kind: Kind
    public var date: Day
    public var targetName: String
    public var target: HoldTarget = .unresolved
    public var until: Day?
    public var reason: String?
    public var span: Span
    public var targetSpan: Span

    public init(kind: Kind, date: Day, targetName: String, until: Day?, reason: String?, span: Span, targetSpan: Span) {
        self.kind = kind
        self.date = date
        self.targetName = targetName
        self.until = until
        self.reason = reason
        self.span = span
        self.targetSpan = targetSpan
    }
}

/// `writeoff`: what is left on an invoice is given up (passage en perte).
public struct WriteOff: Sendable, Equatable {
    public var date: Day
    public var invoiceNumber: String
    public var invoice: Int32 = -1
    public var reason: String?
    public var span: Span
    public var invoiceSpan: Span

    public init(date: Day, invoiceNumber: String, reason: String?, span: Span, invoiceSpan: Span) {
        self.date = date
        self.invoiceNumber = invoiceNumber
        self.reason = reason
        self.span = span
        self.invoiceSpan = invoiceSpan
    }
}

/// One invoice line of a reminder record: the invoice and what was outstanding then.
public struct RemindedInvoice: Sendable, Equatable {
    public var number: String
    public var invoice: Int32 = -1
    public var outstanding: Money
    /// This invoice's own level when it differs from the reminder's (a reminder per customer).
    public var level: Int?
    public var span: Span

    public init(number: String, outstanding: Money, level: Int? = nil, span: Span) {
        self.number = number
        self.outstanding = outstanding
        self.level = level
        self.span = span
    }
}

/// A reminder in the history: sent by relance, or added by hand (a phone call).
public struct ReminderRecord: Sendable, Equatable {
    public var id: String
    public var date: Day
    public var customerID: String
    public var customer: Int32 = -1
    public var level: Int?
    public var channel: Channel?
    public var invoices: [RemindedInvoice] = []
    public var files: [String] = []
    public var fee: Money?
    public var interest: Money?
    public var note: String?
    /// What a person chose by hand with `relance remind --force` (`manual level gap`).
    public var manual: [ManualChoice] = []
    public var span: Span
    public var customerSpan: Span

    public init(id: String, date: Day, customerID: String, span: Span, customerSpan: Span) {
        self.id = id
        self.date = date
        self.customerID = customerID
        self.span = span
        self.customerSpan = customerSpan
    }
}

/// What a reminder made by hand overrode: the level (chosen, skipping levels), the minimum gap.
public enum ManualChoice: String, Sendable, CaseIterable {
    case level, gap
}

/// `delivered` / `failed`: what happened when a reminder e-mail was sent.
public struct DeliveryRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable { case delivered, failed }
    public var outcome: Outcome
    public var date: Day
    public var reminderID: String
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var timestamp: String
    public var detail: String?
    public var span: Span
    public var reminderSpan: Span

    public init(outcome: Outcome, date: Day, reminderID: String, timestamp: String, detail: String?, span: Span, reminderSpan: Span) {
        self.outcome = outcome
        self.date = date
        self.reminderID = reminderID
        self.timestamp = timestamp
        self.detail = detail
        self.span = span
        self.reminderSpan = reminderSpan
    }
}

/// `printed` / `posted`: what became of a reminder's paper letter (a print batch, the registered letter's number).
public struct LetterRecord: Sendable, Equatable {
    public enum Event: String, Sendable { case printed, posted }
    public var event: Event
    public var date: Day
    public var reminderID: String
    /// The registered letter's number (`posted` only).
    public var tracking: String?
    public var note: String?
    public var span: Span
    public var reminderSpan: Span

    public init(event: Event, date: Day, reminderID: String, tracking: String? = nil, note: String? = nil, span: Span, reminderSpan: Span) {
        self.event = event
        self.date = date
        self.reminderID = reminderID
        self.tracking = tracking
        self.note = note
        self.span = span
        self.reminderSpan = reminderSpan
    }
}
