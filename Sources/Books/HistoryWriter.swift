/// Writes history records in the books syntax, byte for byte the same for the same record.
public enum HistoryWriter {
    /// A quoted string when needed (spaces, quotes, ';'), else the text as is.
    public static func quoted(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == ";" || $0 == "\\" }
        guard needsQuotes else { return text }
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c == "\n" || c == "\r" ? " " : c)
        }
        return out + "\""
    }

    /// The text of one reminder record (ends with a newline).
    public static func text(of r: ReminderRecord) -> String {
        var s = "\(r.date) reminder \(r.id) \(r.customerID)\n"
        if let level = r.level { s += "  level    \(level)\n" }
        if let channel = r.channel { s += "  channel  \(channel.rawValue)\n" }
        if !r.manual.isEmpty { s += "  manual   \(r.manual.map(\.rawValue).joined(separator: " "))\n" }
        for inv in r.invoices {
            let own = inv.level.flatMap { $0 != r.level ? " level \($0)" : nil } ?? ""
            s += "  invoice  \(inv.number) \(inv.outstanding)\(own)\n"
        }
        for file in r.files { s += "  file     \(file)\n" }
        if let fee = r.fee { s += "  fee      \(fee)\n" }
        if let interest = r.interest { s += "  interest \(interest)\n" }
        if let note = r.note { s += "  note     \(quoted(note))\n" }
        return s
    }

    /// The text of one delivery record.
    public static func text(of d: DeliveryRecord) -> String {
        "\(d.date) \(d.outcome.rawValue) \(d.reminderID) \(d.timestamp)" + (d.detail.map { " " + quoted($0) } ?? "") + "\n"
    }

    /// The text of one `printed` or `posted` record.
    public static func text(of l: LetterRecord) -> String {
        "\(l.date) \(l.event.rawValue) \(l.reminderID)" + (l.tracking.map { " " + $0 } ?? "") + "\n"
            + (l.note.map { "  note     \(quoted($0))\n" } ?? "")
    }

    /// `existing` with `records` appended, one blank line between records.
    public static func append(_ records: [String], to existing: [UInt8]) -> [UInt8] {
        var out = existing
        if !out.isEmpty && out.last != 10 { out.append(10) }
        for r in records {
            if !out.isEmpty { out.append(10) }
            out.append(contentsOf: r.utf8)
        }
        return out
    }
}
