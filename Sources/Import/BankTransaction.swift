import Books

/// One line of a bank statement, whatever its format: a credit (amount > 0) or a debit.
public struct BankTransaction: Sendable, Equatable {
    /// The statement's path as the user gave it, and where the transaction is in it (1-based line).
    public var file: String
    public var line: Int
    /// The booking date.
    public var date: Day
    /// Signed minor units of `currency`: a credit is positive, a debit negative.
    public var amount: Int64
    public var currency: Currency
    /// The bank's own id of the transaction (OFX FITID, CAMT AcctSvcrRef or EndToEndId, a CSV column).
    public var bankID: String?
    /// Who paid, when the statement says it apart from the label (OFX NAME, CAMT Dbtr/Nm).
    public var payer: String?
    /// The payer's account, when the statement gives it (CAMT DbtrAcct/Id/IBAN).
    public var iban: String?
    /// The text of the line as the bank wrote it: written as the payment's note.
    public var label: String
    /// Structured references (CAMT CdtrRefInf/Ref), searched for invoice numbers like the label.
    public var references: [String] = []

    public init(file: String, line: Int, date: Day, amount: Int64, currency: Currency, label: String) {
        self.file = file
        self.line = line
        self.date = date
        self.amount = amount
        self.currency = currency
        self.label = label
    }

    public var isCredit: Bool { amount > 0 }
    public var money: Money { Money(minor: amount, currency: currency) }
}

/// A statement that cannot be read: where (file, line, column; the element path for XML) and how to fix it.
public struct StatementError: Error, Sendable, Equatable {
    public var diagnostic: Diagnostic

    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

    /// An error at `line` (1-based) of `file`, whose text is `lines`.
    static func at(_ file: String, line: Int, column: Int = 1, length: Int = 1, sourceLine: String?,
                   _ message: String, fix: String?) -> StatementError {
        StatementError(Diagnostic(.error, SourceLocation(file: file, line: line, column: column), message,
                                  fix: fix, sourceLine: sourceLine, length: length))
    }
}

/// The formats `relance import` reads.
public enum StatementFormat: String, Sendable, CaseIterable {
    case csv, ofx, camt053

    /// The format a file's name or first bytes say: `.ofx`/`.qfx`, `.xml` with camt.053 inside, else CSV.
    public static func guess(path: String, bytes: [UInt8]) -> StatementFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".ofx") || lower.hasSuffix(".qfx") { return .ofx }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") { return .csv }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.contains("OFXHEADER") || head.contains("<OFX>") { return .ofx }
        if head.contains("camt.053") || lower.hasSuffix(".xml") { return .camt053 }
        return .csv
    }
}
