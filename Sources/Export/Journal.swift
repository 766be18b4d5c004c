import Books
import Receivables

/// The formats `relance export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    case hledger, ledger, beancount, csv
}

/// The accounts an export balances against (from `[export]` in relance.toml).
public struct ExportAccounts: Sendable, Equatable {
    /// Parent of the customers' accounts: `Assets:Receivable` gives `Assets:Receivable:acme`.
    public var receivable: String
    public var income: String
    public var bank: String
    public var creditNotes: String
    public var writeOffs: String

    public init(receivable: String = "Assets:Receivable", income: String = "Income:Sales", bank: String = "Assets:Bank",
                creditNotes: String = "Income:Credit-Notes", writeOffs: String = "Expenses:Bad-Debts") {
        self.receivable = receivable
        self.income = income
        self.bank = bank
        self.creditNotes = creditNotes
        self.writeOffs = writeOffs
    }
}

/// Why an export cannot be written (an account name the target tool would refuse).
public struct ExportError: Error, Sendable, Equatable {
    public var message: String
    public var fix: String
}

/// One posting of a transaction: an account moves by an exact amount.
public struct Posting: Sendable, Equatable {
    public var account: String
    public var amount: Money
}

/// One dated transaction of the export: an invoice, a credit note, a payment or a write-off.
public struct Transaction: Sendable, Equatable {
    public enum Kind: String, Sendable { case invoice, credit, payment, writeoff }
    public var date: Day
    public var kind: Kind
    /// Invoice or credit note number; for a payment, its reference (may be empty).
    public var document: String
    public var customerID: String
    public var customerName: String
    public var postings: [Posting]
}

/// Receivables as a double-entry journal: each customer's account, per currency, holds on any day exactly what
/// relance computes as outstanding on that day (open invoices minus credits not yet used).
public enum Export {
    /// The transactions dated on or before `asOf`, in date order (invoices, credit notes, payments, write-offs on one day).
    /// `names` maps a customer id to its account component.
    public static func transactions(_ books: Books, asOf: Day, accounts: ExportAccounts, names: [String: String]) -> [Transaction] {
        let trail = Allocation.trail(books, asOf: asOf)
        func receivable(_ customerID: String) -> String { accounts.receivable + ":" + (names[customerID] ?? customerID) }
        func name(_ c: Int32) -> String { c >= 0 ? books.customers[Int(c)].name : "" }
        // What each payment or credit note gave to another customer's invoices, by source.
        var toOthers: [CreditSourceKey: [(customer: Int32, minor: Int64)]] = [:]
        for a in trail.applied where a.amount != 0 {
            let invoice = books.invoices[Int(a.invoice)]
            let payer: Int32 = switch a.source {
            case .payment(let k): books.payments[Int(k)].customer
            case .creditNote(let k): books.credits[Int(k)].customer
            }
            if invoice.customer != payer { toOthers[CreditSourceKey(a.source), default: []].append((invoice.customer, a.amount)) }
        }
        /// The receivable side of a payment or credit note: the payer's account less what went to others, then each other.
        func settlement(_ source: CreditSource, payer: String, amount: Money) -> [Posting] {
            var postings: [Posting] = []
            var own = amount.minor
            var others: [(String, Int64)] = []
            for (customer, minor) in toOthers[CreditSourceKey(source)] ?? [] {
                own -= minor
                let id = books.customers[Int(customer)].id
                if let k = others.firstIndex(where: { $0.0 == id }) { others[k].1 += minor } else { others.append((id, minor)) }
            }
            if own != 0 { postings.append(Posting(account: receivable(payer), amount: Money(minor: -own, currency: amount.currency))) }
            for (id, minor) in others { postings.append(Posting(account: receivable(id), amount: Money(minor: -minor, currency: amount.currency))) }
            return postings
        }

        var out: [(order: Int, Transaction)] = []
        for inv in books.invoices where inv.date <= asOf {
            out.append((0, Transaction(date: inv.date, kind: .invoice, document: inv.number, customerID: inv.customerID, customerName: name(inv.customer),
                                       postings: [Posting(account: receivable(inv.customerID), amount: inv.amount),
                                                  Posting(account: accounts.income, amount: -inv.amount)])))
        }
        for (k, c) in books.credits.enumerated() where c.date <= asOf {
            out.append((1, Transaction(date: c.date, kind: .credit, document: c.number, customerID: c.customerID, customerName: name(c.customer),
                                       postings: [Posting(account: accounts.creditNotes, amount: c.amount)]
                                           + settlement(.creditNote(Int32(k)), payer: c.customerID, amount: c.amount))))
        }
        for (k, p) in books.payments.enumerated() where p.date <= asOf {
            out.append((2, Transaction(date: p.date, kind: .payment, document: p.ref ?? "", customerID: p.customerID, customerName: name(p.customer),
                                       postings: [Posting(account: accounts.bank, amount: p.amount)]
                                           + settlement(.payment(Int32(k)), payer: p.customerID, amount: p.amount))))
        }
        // A write-off takes what is left on the invoice on its day (one per invoice: a second is an error in the books).
        var writtenOff = Set<Int32>()
        for w in books.writeOffs.sorted(by: { $0.date < $1.date }) where w.date <= asOf && w.invoice >= 0 && !writtenOff.contains(w.invoice) {
            writtenOff.insert(w.invoice)
            let inv = books.invoices[Int(w.invoice)]
            let amount = Money(minor: trail.writtenOff[Int(w.invoice)], currency: inv.amount.currency)
            guard amount.minor != 0 else { continue }
            out.append((3, Transaction(date: w.date, kind: .writeoff, document: inv.number, customerID: inv.customerID, customerName: name(inv.customer),
                                       postings: [Posting(account: accounts.writeOffs, amount: amount),
                                                  Posting(account: receivable(inv.customerID), amount: -amount)])))
        }
        // Stable: the books' own order within a day and kind.
        return out.enumerated().sorted { a, b in
            (a.element.1.date, a.element.order, a.offset) < (b.element.1.date, b.element.order, b.offset)
        }.map(\.element.1)
    }

    /// The journal text in `format` (for beancount, the accounts are checked and customers' names made valid).
    public static func journal(_ books: Books, asOf: Day, format: ExportFormat, accounts: ExportAccounts,
                               title: String) throws(ExportError) -> String {
        let names = format == .beancount ? try AccountNames.beancount(books.customers.map(\.id), accounts: accounts)
                                         : try AccountNames.plain(books.customers.map(\.id), accounts: accounts)
        let transactions = transactions(books, asOf: asOf, accounts: accounts, names: names)
        switch format {
        case .hledger, .ledger: return LedgerText.write(transactions, asOf: asOf, title: title, format: format)
        case .beancount: return BeancountText.write(transactions, books: books, asOf: asOf, title: title, accounts: accounts, names: names)
        case .csv: return CSVText.write(transactions)
        }
    }
}

/// A `CreditSource` as a dictionary key.
struct CreditSourceKey: Hashable {
    let kind: Int, index: Int32
    init(_ s: CreditSource) {
        switch s {
        case .payment(let k): (kind, index) = (0, k)
        case .creditNote(let k): (kind, index) = (1, k)
        }
    }
}
