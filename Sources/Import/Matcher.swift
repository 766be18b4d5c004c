import Books
import Receivables

/// Which of the six matching rules decided a bank line's fate (docs/import.md).
public enum MatchRule: Int, Sendable, CaseIterable, Comparable {
    /// 1. Its reference is already in the books (or earlier in this import): skipped.
    case alreadyImported = 1
    /// 2. Invoice numbers of the books in its label or remittance.
    case invoiceNumber
    /// 3. The payer is a customer and the amount is what is left on one open invoice, or on all of them.
    case payerAndAmount
    /// 4. The payer is a customer, no amount matches: written without apply, to review.
    case payerOnly
    /// 5. A payment typed by hand looks like the same one: not written unless forced.
    case probablyRecorded
    /// 6. Nothing matched: listed, never written.
    case unmatched

    public var name: String {
        switch self {
        case .alreadyImported: return "already imported"
        case .invoiceNumber: return "invoice number"
        case .payerAndAmount: return "payer and amount"
        case .payerOnly: return "payer only"
        case .probablyRecorded: return "probably already recorded"
        case .unmatched: return "unmatched"
        }
    }

    public static func < (a: MatchRule, b: MatchRule) -> Bool { a.rawValue < b.rawValue }
}

/// An `apply INVOICE AMOUNT` line of a proposed payment.
public struct ProposedApplication: Sendable, Equatable {
    public var invoice: String
    /// Minor units of the payment's currency.
    public var amount: Int64
}

/// What relance proposes for one credit of a statement.
public struct Proposal: Sendable {
    public var transaction: BankTransaction
    public var rule: MatchRule
    /// The payment's `ref`: the bank's id, else `sha:` and a hash of date, amount and label.
    public var ref: String
    /// The customer found (rules 2–5).
    public var customer: String?
    /// Who paid, as the statement names them (or the name found in the label).
    public var payer: String
    public var applications: [ProposedApplication] = []
    /// What the apply lines leave of the payment (allocated oldest first by the books).
    public var unapplied: Int64 = 0
    /// Why, in a sentence.
    public var why: String
    /// Written, but a person should look at it (rule 4, or nothing applied).
    public var review = false
    /// Whether `--write` writes it.
    public var accepted = false
}

/// The proposals for every credit of the statements, in statement order; debits are only counted.
public struct ImportProposals: Sendable {
    public var proposals: [Proposal]
    public var debits: Int

    public var accepted: [Proposal] { proposals.filter(\.accepted) }
}

/// Matches bank credits to the books' customers and invoices. Pure: books, their allocation and the transactions in; proposals out.
public struct PaymentMatcher {
    let books: Books
    let outstanding: Outstanding
    /// Payment refs of the books → payment indices (a ref typed by hand may be on several).
    var refs: [String: [Int]] = [:]
    /// Name key (words joined by a space) → the customers with that name or `payer` alias, and which it was.
    var names: [String: [(customer: Int32, alias: String?)]] = [:]
    var firstWords: Set<String> = []
    var longestName = 1
    var ibans: [String: Int32] = [:]
    var ibanLengths: Set<Int> = []
    /// Upper-case number → invoice, for numbers written with lower-case letters in the books.
    var upperNumbers: [String: Int32] = [:]
    /// Per customer, its invoices with something left, oldest due first.
    var open: [[Int32]]
    /// Per customer, its payments typed by hand (no ref).
    var handPayments: [Int32: [Int]] = [:]
    /// What this import already applied to an invoice.
    var used: [Int32: Int64] = [:]
    var claimedHandPayments: Set<Int> = []

    public init(books: Books, outstanding: Outstanding) {
        self.books = books
        self.outstanding = outstanding
        for (k, p) in books.payments.enumerated() {
            if let r = p.ref { refs[r, default: []].append(k) } else if p.customer >= 0 { handPayments[p.customer, default: []].append(k) }
        }
        for (k, c) in books.customers.enumerated() {
            for (text, alias) in [(c.name, nil)] + c.payers.map({ ($0, $0) }) {
                let full = NameKey.words(text)
                for words in [full, NameKey.withoutLegalForms(full)].compactMap({ $0 }) {
                    guard let first = words.first else { continue }
                    names[words.joined(separator: " "), default: []].append((Int32(k), alias))
                    firstWords.insert(first)
                    longestName = max(longestName, words.count)
                }
            }
            if let iban = c.iban {
                ibans[iban] = Int32(k)
                ibanLengths.insert(iban.utf8.count)
            }
        }
        for (k, inv) in books.invoices.enumerated() where inv.number.contains(where: \.isLowercase) {
            upperNumbers[inv.number.uppercased()] = Int32(k)
        }
        open = [[Int32]](repeating: [], count: books.customers.count)
        for k in books.invoices.indices where outstanding.outstanding(books, k) > 0 {
            let c = books.invoices[k].customer
            if c >= 0 { open[Int(c)].append(Int32(k)) }
        }
        let invoices = books.invoices
        for c in open.indices where open[c].count > 1 {
            open[c].sort { a, b in
                let x = invoices[Int(a)], y = invoices[Int(b)]
                return (x.due, x.date, x.number) < (y.due, y.date, y.number)
            }
        }
    }

    /// The proposals for `transactions` (in their order). `force` writes credits of rule 5 too.
    public static func propose(_ transactions: [BankTransaction], books: Books, outstanding: Outstanding, force: Bool = false) -> ImportProposals {
        var matcher = PaymentMatcher(books: books, outstanding: outstanding)
        return matcher.propose(transactions, force: force)
    }

    /// The proposals for `transactions`, in their order. The credits are matched in the order the books will replay
    /// the payments (date, customer, currency, amount, ref), and what each leaves unapplied is allocated as the books
    /// will (oldest due first), so that no apply line asks for more than the books will have left.
    public mutating func propose(_ transactions: [BankTransaction], force: Bool) -> ImportProposals {
        var out: [Proposal] = []
        var debits = 0
        var seen: [String: Int] = [:]          // refs of this import → line
        var occurrences: [String: Int] = [:]   // identical lines without an id
        var pending: [(proposal: Int, identity: Identity)] = []
        for t in transactions {
            guard t.isCredit else { debits += 1; continue }
            let ref: String
            if let id = t.bankID {
                ref = id
            } else {
                let base = "\(t.date)|\(t.amount)|\(t.currency.code)|\(t.label)"
                let n = occurrences[base, default: 0] + 1
                occurrences[base] = n
                ref = "sha:" + SHA256.hex(Array((n == 1 ? base : base + "|\(n)").utf8)).prefix(16)
            }
            var p = Proposal(transaction: t, rule: .unmatched, ref: ref, customer: nil, payer: t.payer ?? "", why: "")
            if let ks = refs[ref] {
                // The payment of that ref most like this credit: same amount, then the nearest date.
                let k = ks.min { a, b in
                    let x = books.payments[a], y = books.payments[b]
                    return (x.amount == t.money ? 0 : 1, abs(x.date.days(until: t.date))) < (y.amount == t.money ? 0 : 1, abs(y.date.days(until: t.date)))
                }!
                p.rule = .alreadyImported
                let span = books.payments[k].span
                p.customer = books.payments[k].customerID
                p.why = "ref \(ref) is already in the books (\(books.sources[Int(span.file)].path):\(span.line))"
            } else if let first = seen[ref] {
                p.rule = .alreadyImported
                p.why = "ref \(ref) is already in this import (line \(first))"
            } else {
                seen[ref] = t.line
                let identity = identify(t)
                if let who = identity.payer, p.payer.isEmpty { p.payer = who.text }
                if let customer = identity.customer {
                    p.customer = books.customers[Int(customer)].id
                    pending.append((out.count, identity))
                } else {
                    p.why = identity.unmatched
                }
            }
            out.append(p)
        }
        // The books' replay order of payments on one day: customer, currency, amount, ref.
        pending.sort { a, b in
            let x = out[a.proposal], y = out[b.proposal]
            if x.transaction.date != y.transaction.date { return x.transaction.date < y.transaction.date }
            if x.customer! != y.customer! { return Array(x.customer!.utf8).lexicographicallyPrecedes(Array(y.customer!.utf8)) }
            if x.transaction.currency != y.transaction.currency { return x.transaction.currency < y.transaction.currency }
            if x.transaction.amount != y.transaction.amount { return x.transaction.amount < y.transaction.amount }
            return x.ref < y.ref
        }
        for (k, identity) in pending { match(&out[k], identity, force: force) }
        return ImportProposals(proposals: out, debits: debits)
    }

    /// Whose a credit is, before any amount is looked at: the invoices it names, the customer its payer is.
    struct Identity {
        var customer: Int32?
        /// Invoices named, in the credit's currency, of `customer`.
        var invoices: [Int32] = []
        var otherOwners: [String] = []
        var payer: (customer: Int32, how: String, text: String)?
        var foundOtherCurrency = false
        var unmatched = ""
    }

    func identify(_ t: BankTransaction) -> Identity {
        var id = Identity()
        id.payer = findCustomer(t)
        let found = invoiceNumbers(in: [t.label] + t.references + (t.payer.map { [$0] } ?? []))
        let sameCurrency = found.filter { books.invoices[Int($0)].amount.currency == t.currency && books.invoices[Int($0)].customer >= 0 }
        id.foundOtherCurrency = !found.isEmpty
        if !sameCurrency.isEmpty {
            let owners = sameCurrency.map { books.invoices[Int($0)].customer }
            let customer = id.payer.map(\.customer).flatMap { owners.contains($0) ? $0 : nil } ?? owners[0]
            id.customer = customer
            id.invoices = sameCurrency.filter { books.invoices[Int($0)].customer == customer }
            id.otherOwners = Set(owners).subtracting([customer]).map { books.customers[Int($0)].id }.sorted()
        } else if let who = id.payer {
            id.customer = who.customer
        } else {
            id.unmatched = found.isEmpty ? (ambiguity(t) ?? "no invoice number, customer name, payer alias or IBAN of the books in it")
                : "invoice numbers found, but in another currency than \(t.currency.code)"
        }
        return id
    }

    // MARK: - Rules 2 to 5

    mutating func match(_ p: inout Proposal, _ id: Identity, force: Bool) {
        let t = p.transaction
        let customer = id.customer!
        var applications: [(Int32, Int64)] = []
        if !id.invoices.isEmpty {
            // Rule 2: the invoices named, each up to what is left on it.
            var remaining = t.amount
            var notes: [String] = []
            for i in id.invoices {
                let inv = books.invoices[Int(i)]
                if inv.date > t.date { notes.append("\(inv.number) is dated after the payment"); continue }
                let a = min(left(i), remaining)
                if a <= 0 { notes.append("\(inv.number) has nothing left to pay"); continue }
                applications.append((i, a))
                remaining -= a
            }
            let numbers = id.invoices.map { books.invoices[Int($0)].number }
            p.rule = .invoiceNumber
            p.why = "invoice number\(numbers.count == 1 ? "" : "s") \(numbers.joined(separator: ", ")) in the label"
            if !notes.isEmpty { p.why += " (\(notes.joined(separator: "; ")))" }
            if !id.otherOwners.isEmpty { p.why += "; numbers of other customers ignored (\(id.otherOwners.joined(separator: ", ")))" }
            if remaining > 0 {
                p.why += applications.isEmpty ? "; nothing to apply: review" : "; \(Money(minor: remaining, currency: t.currency).plain) left unapplied"
            }
            p.review = applications.isEmpty
        } else {
            let who = id.payer!
            let candidates = open[Int(customer)].filter {
                let inv = books.invoices[Int($0)]
                return inv.amount.currency == t.currency && inv.date <= t.date && left($0) > 0
            }
            let skipped = id.foundOtherCurrency ? " (invoice numbers found in another currency or of no customer)" : ""
            if let one = candidates.first(where: { left($0) == t.amount }) {
                applications = [(one, t.amount)]
                p.rule = .payerAndAmount
                p.why = "\(who.how); the amount is what is left on \(books.invoices[Int(one)].number)" + skipped
            } else if candidates.count > 1, candidates.reduce(Int64(0), { $0 + left($1) }) == t.amount {
                applications = candidates.map { ($0, left($0)) }
                p.rule = .payerAndAmount
                p.why = "\(who.how); the amount is the sum of its \(candidates.count) open invoices" + skipped
            } else {
                p.rule = .payerOnly
                p.review = true
                p.why = "\(who.how); no open invoice (nor their sum) is \(t.money.plain) \(t.currency.code): review, "
                    + "the books allocate it oldest first" + skipped
            }
        }
        p.applications = applications.map { ProposedApplication(invoice: books.invoices[Int($0.0)].number, amount: $0.1) }
        p.unapplied = t.amount - applications.reduce(0) { $0 + $1.1 }
        // Rule 5: a payment typed by hand for the same customer, amount and currency, within 5 days.
        if let k = handPayments[customer]?.first(where: { k in
            let q = books.payments[k]
            return !claimedHandPayments.contains(k) && q.amount == t.money && abs(q.date.days(until: t.date)) <= 5
        }) {
            claimedHandPayments.insert(k)
            let q = books.payments[k]
            p.why = "a payment typed by hand on \(q.date) (\(books.sources[Int(q.span.file)].path):\(q.span.line)) has the same amount: "
                + (force ? "written anyway (--force); " : "not written (--force writes it); ") + p.why
            p.rule = .probablyRecorded
            p.accepted = force
        } else {
            p.accepted = true
        }
        guard p.accepted else { return }
        for (i, a) in applications { used[i, default: 0] += a }
        allocateAsTheBooksWill(p.unapplied, customer: customer, date: t.date, currency: t.currency)
    }

    /// What a payment leaves unapplied goes, in the books, to the customer's open invoices dated on or before it,
    /// oldest due first, then as a credit to the invoices issued after it: counted here so that later apply lines fit.
    mutating func allocateAsTheBooksWill(_ amount: Int64, customer: Int32, date: Day, currency: Currency) {
        var rest = amount
        let invoices = open[Int(customer)].filter { books.invoices[Int($0)].amount.currency == currency }
        let before = invoices.filter { books.invoices[Int($0)].date <= date }
        let after = invoices.filter { books.invoices[Int($0)].date > date }
            .sorted { (books.invoices[Int($0)].date, books.invoices[Int($0)].number) < (books.invoices[Int($1)].date, books.invoices[Int($1)].number) }
        for i in before + after where rest > 0 {
            let a = min(left(i), rest)
            if a > 0 {
                used[i, default: 0] += a
                rest -= a
            }
        }
    }

    /// What is left on invoice `i` after the books and this import.
    func left(_ i: Int32) -> Int64 { outstanding.outstanding(books, Int(i)) - used[i, default: 0] }

    /// The books' invoices whose numbers appear as words of `texts`, in order, each once.
    func invoiceNumbers(in texts: [String]) -> [Int32] {
        var out: [Int32] = []
        for text in texts {
            for raw in text.split(whereSeparator: { c in !(c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") || !c.isASCII }) {
                let word = String(raw).trimmingCharacters(in: ".-_")
                guard word.contains(where: \.isNumber) else { continue }
                let i = books.invoiceIndex[word] ?? books.invoiceIndex[word.uppercased()] ?? upperNumbers[word.uppercased()]
                if let i, !out.contains(i) { out.append(i) }
            }
        }
        return out
    }

    /// The customer a line names: its IBAN, else the longest customer name or `payer` alias found in the payer's name, else in the label.
    func findCustomer(_ t: BankTransaction) -> (customer: Int32, how: String, text: String)? {
        if !ibans.isEmpty {
            if let iban = t.iban, let c = ibans[iban] { return (c, "IBAN \(iban) is customer \(books.customers[Int(c)].id)'s", iban) }
            let compact = Array((t.label + " " + (t.payer ?? "")).uppercased().utf8.filter { (48...57).contains($0) || (65...90).contains($0) })
            for length in ibanLengths where compact.count >= length {
                for s in 0...(compact.count - length) where (65...90).contains(compact[s]) {
                    let candidate = String(decoding: compact[s..<(s + length)], as: UTF8.self)
                    if let c = ibans[candidate] { return (c, "IBAN \(candidate) is customer \(books.customers[Int(c)].id)'s", candidate) }
                }
            }
        }
        for text in [t.payer, t.label].compactMap({ $0 }) {
            let (found, _) = names(in: text)
            if let found { return found }
        }
        return nil
    }

    /// The longest name or alias in `text` that is one customer's; the customers when the longest is several's.
    func names(in text: String) -> ((customer: Int32, how: String, text: String)?, [Int32]) {
        let words = NameKey.words(text)
        var bestLength = 0
        var best: [(customer: Int32, alias: String?)] = []
        var bestText = ""
        for start in words.indices where firstWords.contains(words[start]) {
            var key = ""
            for end in start..<min(words.count, start + longestName) {
                key += (end == start ? "" : " ") + words[end]
                guard let hits = names[key] else { continue }
                let length = end - start + 1
                if length > bestLength {
                    bestLength = length
                    best = hits
                    bestText = key
                } else if length == bestLength {
                    best += hits
                }
            }
        }
        let customers = Array(Set(best.map(\.customer))).sorted()
        guard customers.count == 1, let hit = best.first else { return (nil, customers) }
        let c = books.customers[Int(hit.customer)]
        let how = hit.alias.map { "payer \"\($0)\" is customer \(c.id)" } ?? "\"\(bestText.uppercased())\" is customer \(c.id) (\(c.name))"
        return ((hit.customer, how, hit.alias ?? c.name), customers)
    }

    /// "names several customers" when the longest name found is more than one customer's.
    func ambiguity(_ t: BankTransaction) -> String? {
        for text in [t.payer, t.label].compactMap({ $0 }) {
            let (_, customers) = names(in: text)
            if customers.count > 1 {
                return "the name fits several customers (\(customers.map { books.customers[Int($0)].id }.joined(separator: ", "))): add a payer alias or an invoice number"
            }
        }
        return nil
    }
}
