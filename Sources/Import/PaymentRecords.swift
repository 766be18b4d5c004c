import Books

/// The payment records of accepted proposals, in the books syntax, and the files they go to.
public enum PaymentRecords {
    /// One `payment` record (ends with a newline).
    public static func text(of p: Proposal) -> String {
        let t = p.transaction
        var s = "\(t.date) payment \(p.customer ?? "?") \(t.money.plain) \(t.currency.code)\n"
        if p.review { s += "  ; relance import: to review (rule \(p.rule.rawValue), \(p.rule.name))\n" }
        for a in p.applications { s += "  apply    \(a.invoice) \(Money(minor: a.amount, currency: t.currency).plain)\n" }
        s += "  ref      \(HistoryWriter.quoted(p.ref))\n"
        if !t.label.isEmpty { s += "  note     \(HistoryWriter.quoted(t.label))\n" }
        return s
    }

    /// `payments/YEAR.books` (books-root relative) → its complete new content, for each year of the accepted proposals.
    /// `existing` gives a file's current bytes (nil when it does not exist).
    public static func files(_ proposals: [Proposal], existing: (String) -> [UInt8]?) -> [(path: String, bytes: [UInt8])] {
        var byYear: [Int: [String]] = [:]
        for p in proposals where p.accepted { byYear[p.transaction.date.year, default: []].append(text(of: p)) }
        return byYear.keys.sorted().map { year in
            let path = "payments/\(year).books"
            return (path, HistoryWriter.append(byYear[year]!, to: existing(path) ?? []))
        }
    }
}
