import Books

/// One step of the reminder ladder ("niveau de relance").
public struct DunningLevel: Sendable, Equatable {
    /// 1-based, in order of offset.
    public var number: Int
    public var name: String
    /// Days from the due date (negative = before it: a courtesy reminder).
    public var offset: Int
    public var channel: Channel
    /// Template name: built in (courtesy, first, second, statement, formal-notice) or a file stem in `templates/`.
    public var template: String
    /// Attach the invoice copies (`file` of each invoice) to the e-mail.
    public var attachInvoices: Bool
    /// Attach the PDF letter to the e-mail.
    public var attachLetter: Bool
    /// Show the fixed recovery indemnity (B2B only).
    public var showFee: Bool
    /// Show late payment interest (pénalités de retard, B2B only).
    public var showInterest: Bool
    /// Days given to pay in the document (a formal notice's final deadline).
    public var deadlineDays: Int?
    /// A formal notice (mise en demeure): it demands only the invoices that have reached a formal level themselves.
    public var formal: Bool = false

    public var isCourtesy: Bool { offset < 0 }

    public init(number: Int, name: String, offset: Int, channel: Channel, template: String, attachInvoices: Bool = false,
                attachLetter: Bool = false, showFee: Bool = false, showInterest: Bool = false, deadlineDays: Int? = nil, formal: Bool = false) {
        self.number = number
        self.name = name
        self.offset = offset
        self.channel = channel
        self.template = template
        self.attachInvoices = attachInvoices
        self.attachLetter = attachLetter
        self.showFee = showFee
        self.showInterest = showInterest
        self.deadlineDays = deadlineDays
        self.formal = formal
    }
}

/// The ECB main refinancing rate in force from a date, in basis points (3.15 % = 315).
public struct ReferenceRate: Sendable, Equatable {
    public var from: Day
    public var basisPoints: Int

    public init(from: Day, basisPoints: Int) {
        self.from = from
        self.basisPoints = basisPoints
    }
}

/// When and how to remind: the levels, grouping, thresholds, fees and interest.
public struct DunningPolicy: Sendable, Equatable {
    public enum Grouping: String, Sendable { case customer, invoice }

    public var levels: [DunningLevel]
    public var grouping: Grouping = .customer
    /// Smallest outstanding worth a reminder, as a decimal in each currency ("10" = 10.00 EUR).
    public var minimumAmount: String = "0"
    /// Smallest number of days between two reminders to one customer.
    public var minimumGapDays: Int = 7
    /// Points added to the ECB rate, in basis points (10 points = 1000).
    public var interestMarginBasisPoints: Int = 1000
    /// Fixed recovery indemnity per late invoice (French B2B: 40 EUR).
    public var indemnity: Money = Money(minor: 4000, currency: .EUR)
    /// Reference rates, sorted by date.
    public var rates: [ReferenceRate] = []
    /// Reminder ids are PREFIX + year + "-" + 4 digits.
    public var idPrefix: String = "R"
    /// Addresses copied (Cc) on every reminder e-mail, besides the customer's own `cc`.
    public var cc: [String] = []
    /// `relance send` delivers an e-mail reminder only when it was written at most this many days before the
    /// as-of date; an older one (e.g. written before delivery was set up) waits for `--retry` or `--confirm`.
    public var sendWithinDays: Int = 7

    public init(levels: [DunningLevel]) { self.levels = levels }

    /// Defaults a French freelancer can use as is.
    public static let french: DunningPolicy = {
        var p = DunningPolicy(levels: [
            DunningLevel(number: 1, name: "Rappel avant échéance", offset: -3, channel: .email, template: "courtesy"),
            DunningLevel(number: 2, name: "Première relance", offset: 7, channel: .email, template: "first"),
            DunningLevel(number: 3, name: "Deuxième relance", offset: 21, channel: .email, template: "second", attachInvoices: true),
            DunningLevel(number: 4, name: "Relevé des factures impayées", offset: 35, channel: .email, template: "statement",
                         attachInvoices: true, showFee: true, showInterest: true),
            DunningLevel(number: 5, name: "Mise en demeure", offset: 45, channel: .letter, template: "formal-notice",
                         attachInvoices: true, attachLetter: true, showFee: true, showInterest: true, deadlineDays: 8, formal: true),
        ])
        p.rates = DunningPolicy.ecbRates
        return p
    }()

    /// ECB main refinancing operations rate, changes since 2023 (to be kept up to date in relance.toml).
    public static let ecbRates: [ReferenceRate] = [
        ("2023-09-20", 450), ("2024-06-12", 425), ("2024-09-18", 365), ("2024-10-23", 340),
        ("2024-12-18", 315), ("2025-02-05", 290), ("2025-03-12", 265), ("2025-04-23", 240), ("2025-06-11", 215),
    ].map { ReferenceRate(from: Day($0.0)!, basisPoints: $0.1) }

    /// The level numbered `n`.
    public func level(_ n: Int) -> DunningLevel? {
        n >= 1 && n <= levels.count ? levels[n - 1] : nil
    }

    /// The reference rate in force on `day` (nil before the first entry).
    public func referenceRate(on day: Day) -> ReferenceRate? {
        rates.last { $0.from <= day }
    }
}
