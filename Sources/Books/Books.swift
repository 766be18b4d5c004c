import Parallel

/// All the books, parsed and cross-referenced, in a canonical order that does not depend
/// on which file held which record.
public struct Books: Sendable {
    public var sources: [SourceFile]
    /// Sorted by id.
    public var customers: [Customer]
    /// Sorted by date, then number.
    public var invoices: [Invoice]
    /// Sorted by date, then customer, then number.
    public var credits: [CreditNote]
    /// Sorted by date, then customer, then amount, reference and applications.
    public var payments: [Payment]
    /// Holds and releases, sorted by date, then target, releases after holds.
    public var holds: [HoldEvent]
    /// Sorted by date, then invoice number.
    public var writeOffs: [WriteOff]
    /// Sorted by date, then id.
    public var reminders: [ReminderRecord]
    /// Sorted by date, then reminder id, then timestamp.
    public var deliveries: [DeliveryRecord]
    /// `printed` and `posted` records, sorted by date, then reminder id, printed before posted.
    public var letters: [LetterRecord] = []
    /// Every problem found while reading, sorted by place.
    public var diagnostics: [Diagnostic]

    /// Customer id → index into `customers`.
    public var customerIndex: IdentifierIndex
    /// Invoice number → index into `invoices`.
    public var invoiceIndex: IdentifierIndex

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func customer(_ id: String) -> Customer? {
        customerIndex[id].map { customers[Int($0)] }
    }

    public func invoice(_ number: String) -> Invoice? {
        invoiceIndex[number].map { invoices[Int($0)] }
    }

    /// Parses and cross-references `files`. `defaultTerms` is the company's payment terms in days.
    /// `parallel` says how many parts the work is cut into; the result is the same for every value.
    public static func load(_ files: [SourceFile], defaultTerms: Int = 30, parallel: Parallel = .sequential) -> Books {
        var parsed = parallel.map(count: files.count) { i in BooksParser.parse(files[i], fileIndex: i) }
        var assembler = BooksAssembler(sources: files, defaultTerms: defaultTerms, parallel: parallel)
        return assembler.assemble(&parsed)
    }

    /// A generous guess of the number of records in `files` before reading them (a record takes at
    /// least a line of about 48 bytes), for `Parallel.forRecords`.
    public static func estimatedRecords(_ files: [SourceFile]) -> Int {
        files.reduce(0) { $0 + $1.bytes.count } / 48
    }
}

/// Resolves the cross-references of parsed records, one kind of record after the other (customers
/// first, then invoices, then what names them), and puts every kind in its canonical order.
struct BooksAssembler {
    let sources: [SourceFile]
    let defaultTerms: Int
    let parallel: Parallel
    var diagnostics: [Diagnostic] = []

    /// Known so far: the customers (by id), then the invoices (by number).
    var customers: [Customer] = []
    var customerIndex = IdentifierIndex()
    var invoices: [Invoice] = []
    var invoiceIndex = IdentifierIndex()
    /// Sorted once, when a message first needs a "did you mean".
    var sortedInvoiceNumbers: [String]?
    var sortedHoldTargets: [String]?

    init(sources: [SourceFile], defaultTerms: Int, parallel: Parallel) {
        self.sources = sources
        self.defaultTerms = defaultTerms
        self.parallel = parallel
    }

    /// "Did you mean" hints left: the first messages get one; thousands of broken references stay quick to report.
    var hintsLeft = 200

    /// " (did you mean X?)" or "", among the sorted `candidates` (made only when a hint is left).
    mutating func hint(for word: String, among candidates: (inout BooksAssembler) -> [String]) -> String {
        guard hintsLeft > 0 else { return "" }
        hintsLeft -= 1
        let sorted = candidates(&self)
        return Suggestion.hint(for: word, amongSorted: sorted)
    }

    /// Every amount is at most `Money.maxAmount`; the amounts of one kind in one currency add up to at most
    /// `Money.maxTotal`, so that every sum relance makes (totals, aging, DSO, interest) stays far from overflowing.
    mutating func checkTotals(_ amounts: some Sequence<(Money, Span)>, kind: String) {
        var totals: [Currency: Int64] = [:]
        for (amount, span) in amounts {
            let total = totals[amount.currency, default: 0]
            guard total <= Money.maxTotal(amount.currency) else { continue }
            let sum = total + amount.minor
            totals[amount.currency] = sum
            if sum > Money.maxTotal(amount.currency) {
                report(span, .error, "the \(kind) in \(amount.currency.code) add up to more than \(Money.maxTotalText) \(amount.currency.code) here",
                       fix: "relance keeps books up to \(Money.maxTotalText) per currency; check the amounts for a typing mistake")
            }
        }
    }

    mutating func report(_ span: Span, _ severity: Diagnostic.Severity, _ message: String, fix: String?) {
        diagnostics.append(Diagnostic.at(span, in: sources, severity, message, fix: fix))
    }

    func location(_ span: Span) -> String {
        "\(sources[Int(span.file)].path):\(span.line)"
    }

    mutating func assemble(_ parsed: inout [ParsedFile]) -> Books {
        // Take each kind of record out of the parsed files (which are emptied), in file order.
        func take<T: Sendable>(_ key: WritableKeyPath<ParsedFile, [T]>) -> [T] {
            var pieces: [[T]] = []
            for k in parsed.indices {
                pieces.append(parsed[k][keyPath: key])
                parsed[k][keyPath: key] = []
            }
            return parallel.concatenate(&pieces)
        }
        for p in parsed { diagnostics.append(contentsOf: p.diagnostics) }
        resolveCustomers(take(\.customers))
        resolveInvoices(take(\.invoices))
        let credits = resolveCredits(take(\.credits))
        let payments = resolvePayments(take(\.payments))
        let holds = resolveHolds(take(\.holds))
        let writeOffs = resolveWriteOffs(take(\.writeOffs))
        let (reminders, reminderIDs) = resolveReminders(take(\.reminders))
        let deliveries = resolveDeliveries(take(\.deliveries), reminderIDs: reminderIDs)
        let letters = resolveLetters(take(\.letters), reminders: reminders, reminderIDs: reminderIDs)
        parsed = []

        checkTotals(invoices.lazy.map { ($0.amount, $0.span) }, kind: "invoices")
        checkTotals(credits.lazy.map { ($0.amount, $0.span) }, kind: "credit notes")
        checkTotals(payments.lazy.map { ($0.amount, $0.span) }, kind: "payments")

        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return Books(sources: sources, customers: customers, invoices: invoices, credits: credits, payments: payments,
                     holds: holds, writeOffs: writeOffs, reminders: reminders, deliveries: deliveries, letters: letters,
                     diagnostics: diagnostics, customerIndex: customerIndex, invoiceIndex: invoiceIndex)
    }

    // MARK: - Customers

    /// Customers: unique ids, sorted by id (a second definition is an error).
    mutating func resolveCustomers(_ parsed: [Customer]) {
        let order = parsed.indices.sorted {
            parsed[$0].id != parsed[$1].id ? parsed[$0].id < parsed[$1].id
                : (parsed[$0].span.file, parsed[$0].span.line) < (parsed[$1].span.file, parsed[$1].span.line)
        }
        customers.reserveCapacity(parsed.count)
        for k in order {
            let c = parsed[k]
            if let last = customers.last, last.id == c.id {
                report(c.span, .error, "customer \(c.id) is defined twice", fix: "it is already defined at \(location(last.span)); keep one definition or rename one of them")
            } else {
                customers.append(c)
            }
        }
        customerIndex = IdentifierIndex(keys: customers.map(\.id), parallel: parallel)
    }

    /// The index of customer `id`, or nil with an error at `span`.
    mutating func resolveCustomer(_ id: String, _ span: Span) -> Int32? {
        if let i = customerIndex[id] { return i }
        report(span, .error, "unknown customer \"\(id)\"",
               fix: "define it with a \"customer \(id)\" record, or correct the id" + hint(for: id) { $0.customerIndex.keys })
        return nil
    }

    // MARK: - Invoices

    /// Invoices: customer and due date set, canonical order, unique numbers.
    mutating func resolveInvoices(_ parsed: consuming [Invoice]) {
        // Moved, not copied: a copy would make the first change below copy every invoice (measured at 1M: +20 % for aging).
        var invoices = consume parsed
        let terms = customers.map { Int32($0.terms ?? defaultTerms) }
        let index = customerIndex
        // One pass over the parts: customer and due date, the numbers for the index, and whether the order is canonical.
        let parts = parallel.mapChunks(of: &invoices) { _, invoices -> (numbers: [String], inOrder: Bool) in
            var numbers: [String] = []
            numbers.reserveCapacity(invoices.count)
            var inOrder = true
            index.lookUp(invoices.indices, key: { invoices[$0].customerID }) { k, customer in
                numbers.append(invoices[k].number)
                if k > 0, !BooksAssembler.canonical(invoices[k - 1].date, invoices[k - 1].number, invoices[k].date, invoices[k].number) {
                    inOrder = false
                }
                guard let c = customer else { return }
                invoices[k].customer = c
                invoices[k].due = invoices[k].explicitDue ?? Day(ordinal: invoices[k].date.ordinal + terms[Int(c)])
            }
            return (numbers, inOrder)
        }
        var inOrder = parts.allSatisfy(\.inOrder)
        // Where one part meets the next.
        for p in 1..<max(1, parallel.parts) {
            let k = parallel.range(p, of: invoices.count).lowerBound
            if k > 0, k < invoices.count, !BooksAssembler.canonical(invoices[k - 1].date, invoices[k - 1].number, invoices[k].date, invoices[k].number) {
                inOrder = false
            }
        }
        var pieces = parts.map(\.numbers)
        var numbers = parallel.concatenate(&pieces)
        var dropped: [Int] = []
        for k in invoices.indices where invoices[k].customer < 0 {
            _ = resolveCustomer(invoices[k].customerID, invoices[k].customerSpan)
            dropped.append(k)
        }
        BooksAssembler.remove(dropped, from: &invoices)
        BooksAssembler.remove(dropped, from: &numbers)
        // Chronological numbering makes the order the books are written in canonical: usually no sort is needed.
        if !inOrder {
            BooksAssembler.order(&invoices)
            numbers = invoices.map(\.number)
        }
        invoiceIndex = IdentifierIndex(keys: numbers, parallel: parallel)
        if !invoiceIndex.duplicates.isEmpty {
            dropped = []
            for (position, first) in invoiceIndex.duplicates {
                let a = invoices[Int(first)], b = invoices[position]
                let (earlier, later) = (a.span.file, a.span.line) < (b.span.file, b.span.line) ? (a, b) : (b, a)
                report(later.span, .error, "invoice number \(b.number) is used twice",
                       fix: "it is already used at \(location(earlier.span)); every invoice needs its own number")
                dropped.append(position)
            }
            BooksAssembler.remove(dropped, from: &invoices)
            invoiceIndex = IdentifierIndex(keys: invoices.map(\.number), parallel: parallel)
        }
        self.invoices = invoices
    }

    mutating func invoiceNumbers() -> [String] {
        if let sortedInvoiceNumbers { return sortedInvoiceNumbers }
        let sorted = invoiceIndex.keys.sorted()
        sortedInvoiceNumbers = sorted
        return sorted
    }

    /// The index of invoice `number`, or nil with an error at `span`.
    mutating func resolveInvoice(_ number: String, _ span: Span) -> Int32? {
        if let i = invoiceIndex[number] { return i }
        report(span, .error, "unknown invoice \"\(number)\"",
               fix: "correct the number, or write the invoice first" + hint(for: number) { $0.invoiceNumbers() })
        return nil
    }

    // MARK: - Apply lines

    /// Resolves the apply lines of a credit note or payment (`what`) with a message for each problem
    /// (the rules are `ApplyLine.check`); false when one of them is wrong.
    mutating func resolveApplications(_ apps: inout [Application], date: Day, currency: Currency, customer: Int32, what: String) -> Bool {
        var ok = true
        for k in apps.indices {
            let i = invoiceIndex[apps[k].invoiceNumber]
            let invoice = i.map { invoices[Int($0)] }
            switch ApplyLine.check(invoice, date: date, currency: currency, customer: customer) {
            case .unknownInvoice:
                _ = resolveInvoice(apps[k].invoiceNumber, apps[k].span)
                ok = false
                continue
            case .otherCurrency:
                report(apps[k].span, .error, "invoice \(invoice!.number) is in \(invoice!.amount.currency.code), this \(what) in \(currency.code)",
                       fix: "apply a \(what) only to invoices of its currency; relance never converts currencies")
                ok = false
                continue
            case .invoiceLater:
                report(apps[k].span, .error, "invoice \(invoice!.number) is dated \(invoice!.date), after this \(what) (\(date))",
                       fix: "date the \(what) on or after the invoice, or remove the apply line to keep it as a customer credit")
                ok = false
                continue
            case .thirdParty:
                report(apps[k].span, .warning, "invoice \(invoice!.number) belongs to customer \(invoice!.customerID)",
                       fix: "check the customer of this \(what); a payment by a third party is allowed but unusual")
            case .fits:
                break
            }
            apps[k].invoice = i!
        }
        return ok
    }

    // MARK: - Credit notes

    /// Credit notes share the invoice numbering; sorted by date, customer, number.
    mutating func resolveCredits(_ parsed: [CreditNote]) -> [CreditNote] {
        var kept: [CreditNote] = []
        var creditNumbers: [String: Span] = [:]
        for var c in parsed {
            if let other = invoiceIndex[c.number] {
                report(c.span, .error, "number \(c.number) is already used by an invoice",
                       fix: "it is used at \(location(invoices[Int(other)].span)); give the credit note its own number")
                continue
            }
            if let first = creditNumbers[c.number] {
                report(c.span, .error, "credit note number \(c.number) is used twice", fix: "it is already used at \(location(first)); give each credit note its own number")
                continue
            }
            creditNumbers[c.number] = c.span
            guard let ci = resolveCustomer(c.customerID, c.customerSpan) else { continue }
            c.customer = ci
            guard resolveApplications(&c.applications, date: c.date, currency: c.amount.currency, customer: ci, what: "credit note") else { continue }
            kept.append(c)
        }
        kept.sort { ($0.date, $0.customer, $0.number) < ($1.date, $1.customer, $1.number) }
        return kept
    }

    // MARK: - Payments

    /// Payments: customer and apply lines resolved; sorted by date, customer, content.
    mutating func resolvePayments(_ parsed: consuming [Payment]) -> [Payment] {
        var payments = consume parsed  // moved, as the invoices are
        // Customers and apply lines over the parts; an apply that does not plainly fit is checked afterwards, with messages.
        let unclear = BooksAssembler.resolveClearApplications(&payments, customers: customerIndex, invoices: invoices,
                                                              index: invoiceIndex, parallel: parallel)
        var dropped: [Int] = []
        var next = 0
        for k in payments.indices {
            let ci = payments[k].customer
            guard ci >= 0 else {
                _ = resolveCustomer(payments[k].customerID, payments[k].customerSpan)
                dropped.append(k)
                continue
            }
            guard next < unclear.count, unclear[next] == k else { continue }
            next += 1
            // Read the fields first: holding a copy of the payment would make the applications array copy itself.
            let date = payments[k].date, currency = payments[k].amount.currency
            if !resolveApplications(&payments[k].applications, date: date, currency: currency, customer: ci, what: "payment") {
                dropped.append(k)
            }
        }
        BooksAssembler.remove(dropped, from: &payments)
        BooksAssembler.order(&payments)
        return payments
    }

    /// Sets each payment's customer and resolves its apply lines when every one of them fits
    /// (`ApplyLine.check`), over the parts of `parallel`.
    /// Returns, in order, the payments with a known customer whose apply lines need a closer look.
    static func resolveClearApplications(_ payments: inout [Payment], customers: IdentifierIndex, invoices: [Invoice],
                                         index: IdentifierIndex, parallel: Parallel) -> [Int] {
        var pieces = parallel.mapChunks(of: &payments) { offset, payments -> [Int] in
            customers.lookUp(payments.indices, key: { payments[$0].customerID }) { k, customer in
                if let customer { payments[k].customer = customer }
            }
            // The part's apply lines as (payment, line), looked up together.
            var lines: [(payment: Int, line: Int)] = []
            for k in payments.indices where payments[k].customer >= 0 {
                for a in payments[k].applications.indices { lines.append((k, a)) }
            }
            var found = [Int32](repeating: -1, count: lines.count)
            index.lookUp(lines.indices, key: { payments[lines[$0].payment].applications[lines[$0].line].invoiceNumber }) { j, invoice in
                if let invoice { found[j] = invoice }
            }
            // Then the invoices themselves, in a loop of its own: their reads (far apart in memory) overlap.
            var unclear: [Int] = []
            for (j, (k, a)) in lines.enumerated() where unclear.last != offset + k {
                let i = found[j]
                let check = ApplyLine.check(i < 0 ? nil : invoices[Int(i)], date: payments[k].date,
                                            currency: payments[k].amount.currency, customer: payments[k].customer)
                guard check == .fits else {
                    unclear.append(offset + k)
                    continue
                }
                payments[k].applications[a].invoice = i
            }
            return unclear
        }
        return parallel.concatenate(&pieces)
    }

    // MARK: - Holds

    mutating func holdTargets() -> [String] {
        if let sortedHoldTargets { return sortedHoldTargets }
        let sorted = (customerIndex.keys + invoiceNumbers()).sorted()
        sortedHoldTargets = sorted
        return sorted
    }

    /// Holds and releases: an invoice number first, then a customer id; sorted by date, target, releases last.
    mutating func resolveHolds(_ parsed: [HoldEvent]) -> [HoldEvent] {
        var kept: [HoldEvent] = []
        for var h in parsed {
            let inv = invoiceIndex[h.targetName]
            let cus = customerIndex[h.targetName]
            switch (inv, cus) {
            case let (i?, nil): h.target = .invoice(i)
            case let (nil, c?): h.target = .customer(c)
            case (_?, _?):
                report(h.targetSpan, .error, "\"\(h.targetName)\" is both an invoice number and a customer id",
                       fix: "rename the customer so that a \(h.kind.rawValue) names one thing only")
                continue
            case (nil, nil):
                report(h.targetSpan, .error, "\"\(h.targetName)\" is neither an invoice nor a customer",
                       fix: "write an invoice number or a customer id" + hint(for: h.targetName) { $0.holdTargets() })
                continue
            }
            kept.append(h)
        }
        kept.sort { ($0.date, $0.targetName, $0.kind == .release ? 1 : 0) < ($1.date, $1.targetName, $1.kind == .release ? 1 : 0) }
        return kept
    }

    // MARK: - Write-offs

    /// Write-offs: one per invoice, on or after its date; sorted by date, invoice number.
    mutating func resolveWriteOffs(_ parsed: [WriteOff]) -> [WriteOff] {
        var kept: [WriteOff] = []
        var writtenOff: [Int32: Span] = [:]
        for var w in parsed {
            guard let i = resolveInvoice(w.invoiceNumber, w.invoiceSpan) else { continue }
            if let first = writtenOff[i] {
                report(w.invoiceSpan, .error, "invoice \(w.invoiceNumber) is written off twice", fix: "it is already written off at \(location(first)); keep one writeoff")
                continue
            }
            if invoices[Int(i)].date > w.date {
                report(w.invoiceSpan, .error, "invoice \(w.invoiceNumber) is dated \(invoices[Int(i)].date), after this writeoff",
                       fix: "date the writeoff on or after the invoice")
                continue
            }
            writtenOff[i] = w.invoiceSpan
            w.invoice = i
            kept.append(w)
        }
        kept.sort { ($0.date, $0.invoiceNumber) < ($1.date, $1.invoiceNumber) }
        return kept
    }

    // MARK: - History

    /// Reminders: unique ids, known customer and invoices in their currency; sorted by date, id.
    /// Also returns where each reminder id was first written (kept or not).
    mutating func resolveReminders(_ parsed: [ReminderRecord]) -> ([ReminderRecord], [String: Span]) {
        var kept: [ReminderRecord] = []
        var reminderIDs: [String: Span] = [:]
        for var r in parsed {
            if let first = reminderIDs[r.id] {
                report(r.span, .error, "reminder id \(r.id) is used twice", fix: "it is already used at \(location(first)); every reminder needs its own id")
                continue
            }
            reminderIDs[r.id] = r.span
            guard let ci = resolveCustomer(r.customerID, r.customerSpan) else { continue }
            r.customer = ci
            var ok = true
            for k in r.invoices.indices {
                guard let i = resolveInvoice(r.invoices[k].number, r.invoices[k].span) else { ok = false; continue }
                if invoices[Int(i)].amount.currency != r.invoices[k].outstanding.currency {
                    report(r.invoices[k].span, .error, "invoice \(r.invoices[k].number) is in \(invoices[Int(i)].amount.currency.code), not \(r.invoices[k].outstanding.currency.code)",
                           fix: "write the invoice's currency")
                    ok = false
                }
                r.invoices[k].invoice = i
            }
            if r.level == nil && r.channel != .phone && r.note == nil {
                report(r.span, .warning, "reminder \(r.id) has no level", fix: "add \"level N\" so that the next reminder takes the next level")
            }
            if ok { kept.append(r) }
        }
        kept.sort { ($0.date, $0.id) < ($1.date, $1.id) }
        return (kept, reminderIDs)
    }

    /// Delivered and failed lines: for a reminder of the history; sorted by date, reminder id, timestamp.
    mutating func resolveDeliveries(_ parsed: [DeliveryRecord], reminderIDs: [String: Span]) -> [DeliveryRecord] {
        var kept: [DeliveryRecord] = []
        for d in parsed {
            guard reminderIDs[d.reminderID] != nil else {
                report(d.reminderSpan, .error, "unknown reminder \"\(d.reminderID)\"",
                       fix: "a \(d.outcome.rawValue) line follows the reminder it reports on" + hint(for: d.reminderID) { _ in reminderIDs.keys.sorted() })
                continue
            }
            kept.append(d)
        }
        return kept.sorted { ($0.date, $0.reminderID, $0.timestamp) < ($1.date, $1.reminderID, $1.timestamp) }
    }

    /// Letters printed and posted: only for a reminder with a paper letter; sorted by date, reminder id, printed first.
    mutating func resolveLetters(_ parsed: [LetterRecord], reminders: [ReminderRecord], reminderIDs: [String: Span]) -> [LetterRecord] {
        var channels: [String: Channel?] = [:]
        for r in reminders { channels[r.id] = r.channel }
        var kept: [LetterRecord] = []
        for l in parsed {
            guard let channel = channels[l.reminderID] else {
                report(l.reminderSpan, .error, "unknown reminder \"\(l.reminderID)\"",
                       fix: "a \(l.event.rawValue) line names a reminder of the history" + hint(for: l.reminderID) { _ in reminderIDs.keys.sorted() })
                continue
            }
            guard channel == .letter || channel == .both else {
                report(l.reminderSpan, .error, "reminder \(l.reminderID) has no letter (channel \(channel?.rawValue ?? "none"))",
                       fix: "only a reminder sent by letter (channel letter or both) is printed or posted")
                continue
            }
            kept.append(l)
        }
        kept.sort { ($0.date, $0.reminderID, $0.event == .posted ? 1 : 0) < ($1.date, $1.reminderID, $1.event == .posted ? 1 : 0) }
        return kept
    }

    /// Orders payments of one customer on one day by their content, never by file.
    static func paymentTieBreak(_ a: Payment, _ b: Payment) -> Bool {
        if a.amount.currency != b.amount.currency { return a.amount.currency < b.amount.currency }
        if a.amount.minor != b.amount.minor { return a.amount.minor < b.amount.minor }
        if (a.ref ?? "") != (b.ref ?? "") { return (a.ref ?? "") < (b.ref ?? "") }
        let aa = a.applications.map { "\($0.invoiceNumber) \($0.amount ?? -1)" }.joined(separator: ",")
        let ba = b.applications.map { "\($0.invoiceNumber) \($0.amount ?? -1)" }.joined(separator: ",")
        if aa != ba { return aa < ba }
        return (a.note ?? "", a.method ?? "") < (b.note ?? "", b.method ?? "")
    }

    /// Byte order of the UTF-8 texts: the canonical order of numbers (the same everywhere).
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Removes the elements at `indices` (ascending).
    static func remove<T>(_ indices: [Int], from array: inout [T]) {
        guard !indices.isEmpty else { return }
        let drop = Set(indices)
        array = array.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// Invoices by date, then number (byte order), then place: usually already so, and then only checked.
    static func order(_ invoices: inout [Invoice]) {
        func less(_ a: Invoice, _ b: Invoice) -> Bool {
            if a.date != b.date { return a.date < b.date }
            if a.number != b.number { return bytesPrecede(a.number, b.number) }
            return (a.span.file, a.span.line) < (b.span.file, b.span.line)
        }
        let sorted = invoices.indices.dropFirst().allSatisfy { i in
            canonical(invoices[i - 1].date, invoices[i - 1].number, invoices[i].date, invoices[i].number)
        }
        if !sorted { invoices.sort(by: less) }
    }

    /// Whether an invoice (date1, number1) may follow one (date0, number0) in canonical order without sorting.
    @inline(__always) static func canonical(_ date0: Day, _ number0: String, _ date1: Day, _ number1: String) -> Bool {
        date0 < date1 || (date0 == date1 && bytesPrecede(number0, number1))
    }

    /// Payments by date, then customer, then content: usually already so, and then only checked.
    static func order(_ payments: inout [Payment]) {
        func less(_ a: Payment, _ b: Payment) -> Bool {
            if a.date != b.date { return a.date < b.date }
            if a.customer != b.customer { return a.customer < b.customer }
            return paymentTieBreak(a, b)
        }
        let sorted = payments.indices.dropFirst().allSatisfy { i in
            let (a, b) = (payments[i - 1], payments[i])
            if a.date != b.date { return a.date < b.date }
            return a.customer < b.customer || (a.customer == b.customer && !paymentTieBreak(b, a))
        }
        if !sorted { payments.sort(by: less) }
    }
}

/// The rules of an apply line (a payment's or a credit note's): the one place they are written,
/// used by the quick pass over all payments and by the pass that writes the messages.
enum ApplyLine: Equatable {
    /// A known invoice of the same customer and currency, dated on or before the payment or credit note.
    case fits
    /// Allowed, with a warning: the invoice belongs to another customer (a payment by a third party).
    case thirdParty
    /// Errors: no such invoice; an invoice in another currency; an invoice dated after the payment or credit note.
    case unknownInvoice, otherCurrency, invoiceLater

    /// What an apply line naming `invoice` (nil: unknown) is worth on a record of `date`, `currency`, `customer`.
    @inline(__always)
    static func check(_ invoice: Invoice?, date: Day, currency: Currency, customer: Int32) -> ApplyLine {
        guard let invoice else { return .unknownInvoice }
        if invoice.amount.currency != currency { return .otherCurrency }
        if invoice.date > date { return .invoiceLater }
        return invoice.customer == customer ? .fits : .thirdParty
    }
}
