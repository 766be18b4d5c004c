import Books

/// One letter waiting to be printed: the reminder, its PDF letter and the invoice copies to print after it.
public struct LetterToPrint: Sendable, Equatable {
    public var reminderID: String
    public var customerID: String
    public var date: Day
    /// Books-relative path of the letter (`reminders/2026/R2026-0004.pdf`).
    public var letter: String
    /// The invoices the letter lists whose `file` is a PDF, in the letter's order.
    public var copies: [InvoiceCopy]
}

/// An invoice's own PDF, printed after the letter that lists it.
public struct InvoiceCopy: Sendable, Equatable {
    public var invoice: String
    /// Books-relative path (the invoice's `file`).
    public var file: String

    public init(invoice: String, file: String) {
        self.invoice = invoice
        self.file = file
    }
}

/// What a print batch holds, worked out from the books alone (no file is read here).
public struct PrintBatch: Sendable, Equatable {
    public var asOf: Day
    /// In reminder id order.
    public var letters: [LetterToPrint]
    /// Things to tell the user (a reminder by letter with no PDF, an invoice file that is not a PDF).
    public var notes: [String]

    /// Every letter not yet printed as of `asOf`: reminders by `letter` or `both` dated on or before it,
    /// without a `printed` record on or before it, each with the PDF copies of the invoices it lists.
    public static func plan(_ books: Books, asOf: Day) -> PrintBatch {
        var printed = Set<String>()
        for l in books.letters where l.event == .printed && l.date <= asOf { printed.insert(l.reminderID) }
        var letters: [LetterToPrint] = []
        var notes: [String] = []
        let waiting = books.reminders
            .filter { ($0.channel == .letter || $0.channel == .both) && $0.date <= asOf && !printed.contains($0.id) }
            .sorted { $0.id < $1.id }
        for r in waiting {
            guard let letter = r.files.first(where: isPDF) else {
                notes.append("\(r.id): sent by \(r.channel?.rawValue ?? "letter") but has no PDF letter in its files; nothing to print for it "
                             + "(a line \"DATE printed \(r.id)\" in history/ marks it done)")
                continue
            }
            var copies: [InvoiceCopy] = []
            for inv in r.invoices {
                guard let invoice = books.invoice(inv.number), let file = invoice.file else { continue }
                guard isPDF(file) else {
                    notes.append("\(r.id): the file of \(inv.number), \(file), is not a PDF; print it yourself")
                    continue
                }
                copies.append(InvoiceCopy(invoice: inv.number, file: file))
            }
            letters.append(LetterToPrint(reminderID: r.id, customerID: r.customerID, date: r.date, letter: letter, copies: copies))
        }
        return PrintBatch(asOf: asOf, letters: letters, notes: notes)
    }

    static func isPDF(_ path: String) -> Bool { path.lowercased().hasSuffix(".pdf") }
}
