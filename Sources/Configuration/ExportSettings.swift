/// The accounts of `relance export` (`[export]` in relance.toml): where each kind of record is balanced.
public struct ExportSettings: Sendable, Equatable {
    /// The receivables; each customer gets a sub-account (`Assets:Receivable:acme`).
    public var account = "Assets:Receivable"
    /// The other side of an invoice.
    public var income = "Income:Sales"
    /// Where payments arrive.
    public var bank = "Assets:Bank"
    /// The other side of a credit note (avoir).
    public var creditNotes = "Income:Credit-Notes"
    /// The other side of a write-off (passage en perte).
    public var writeOffs = "Expenses:Bad-Debts"

    public init() {}

    /// The keys of `[export]`, as written in relance.toml, with their values.
    public var named: [(key: String, value: String)] {
        [("account", account), ("income", income), ("bank", bank), ("credit_notes", creditNotes), ("writeoffs", writeOffs)]
    }
}
