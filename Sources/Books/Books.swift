import Dispatch

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
    public static func load(_ files: [SourceFile], defaultTerms: Int = 30) -> Books {
        var parsed = [ParsedFile](repeating: ParsedFile(), count: files.count)
        if files.count > 1 {
            parsed.withUnsafeMutableBufferPointer { out in
                let buffer = out
                DispatchQueue.concurrentPerform(iterations: files.count) { i in
                    buffer[i] = BooksParser.parse(files[i], fileIndex: i)
                }
            }
        } else if files.count == 1 {
            parsed[0] = BooksParser.parse(files[0], fileIndex: 0)
        }
        var assembler = BooksAssembler(sources: files, defaultTerms: defaultTerms)
        return assembler.assemble(&parsed)
    }
}

struct BooksAssembler {
    let sources: [SourceFile]
    let defaultTerms: Int
    var diagnostics: [Diagnostic] = []

    init(sources: [SourceFile], defaultTerms: Int) {
        self.sources = sources
        self.defaultTerms = defaultTerms
    }

    /// "Did you mean" hints left: the first messages get one; thousands of broken references stay quick to report.
    var hintsLeft = 200

    mutating func hint(for word: String, amongSorted candidates: @autoclosure () -> [String]) -> String {
        guard hintsLeft > 0 else { return "" }
        hintsLeft -= 1
        return Suggestion.hint(for: word, amongSorted: candidates())
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
        func take<T>(_ key: WritableKeyPath<ParsedFile, [T]>) -> [T] {
            var parts: [[T]] = []
            for k in parsed.indices {
                parts.append(parsed[k][keyPath: key])
                parsed[k][keyPath: key] = []
            }
            return BooksAssembler.join(&parts)
        }
        for p in parsed { diagnostics.append(contentsOf: p.diagnostics) }
        var customers = take(\.customers)
        var invoices = take(\.invoices)
        var credits = take(\.credits)
        var payments = take(\.payments)
        var holds = take(\.holds)
        var writeOffs = take(\.writeOffs)
        var reminders = take(\.reminders)
        var deliveries = take(\.deliveries)
        var letters = take(\.letters)
        parsed = []

        // Customers: unique ids, sorted by id.
        let customerOrder = customers.indices.sorted {
            customers[$0].id != customers[$1].id ? customers[$0].id < customers[$1].id
                : (customers[$0].span.file, customers[$0].span.line) < (customers[$1].span.file, customers[$1].span.line)
        }
        var uniqueCustomers: [Customer] = []
        uniqueCustomers.reserveCapacity(customers.count)
        for k in customerOrder {
            let c = customers[k]
            if let last = uniqueCustomers.last, last.id == c.id {
                report(c.span, .error, "customer \(c.id) is defined twice", fix: "it is already defined at \(location(last.span)); keep one definition or rename one of them")
            } else {
                uniqueCustomers.append(c)
            }
        }
        customers = uniqueCustomers
        let customerIndex = IdentifierIndex(keys: customers.map(\.id))
        let customerIDs = customers.map(\.id)

        func resolveCustomer(_ id: String, _ span: Span) -> Int32? {
            if let i = customerIndex[id] { return i }
            report(span, .error, "unknown customer \"\(id)\"",
                   fix: "define it with a \"customer \(id)\" record, or correct the id" + hint(for: id, amongSorted: customerIDs))
            return nil
        }

        // Invoices: resolve customer and due date in place, canonical order, unique numbers.
        var dropped: [Int] = []
        let terms = customers.map { Int32($0.terms ?? defaultTerms) }
        let index = customerIndex
        // One pass on both cores: customer and due date, the numbers for the index, and whether the order is canonical.
        var numbers = [String](repeating: "", count: invoices.count)
        let inOrder = numbers.withUnsafeMutableBufferPointer { numbers in
            let numbers = numbers
            return BooksAssembler.mapChunks(of: &invoices) { invoices, range -> Bool in
                var inOrder = true
                index.lookUp(range, key: { invoices[$0].customerID }) { k, customer in
                    numbers[k] = invoices[k].number
                    if k > 0, !BooksAssembler.canonical(invoices[k - 1].date, invoices[k - 1].number, invoices[k].date, invoices[k].number) {
                        inOrder = false
                    }
                    guard let c = customer else { return }
                    invoices[k].customer = c
                    invoices[k].due = invoices[k].explicitDue ?? Day(ordinal: invoices[k].date.ordinal + terms[Int(c)])
                }
                return inOrder
            }.allSatisfy { $0 }
        }
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
        var invoiceIndex = IdentifierIndex(keys: numbers)
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
            invoiceIndex = IdentifierIndex(keys: invoices.map(\.number))
        }
        // Sorted once, when a message first needs a "did you mean".
        var sortedNumbers: [String]?
        func invoiceNumbers() -> [String] {
            if let sortedNumbers { return sortedNumbers }
            let sorted = invoiceIndex.keys.sorted()
            sortedNumbers = sorted
            return sorted
        }

        func resolveInvoice(_ number: String, _ span: Span) -> Int32? {
            if let i = invoiceIndex[number] { return i }
            report(span, .error, "unknown invoice \"\(number)\"",
                   fix: "correct the number, or write the invoice first" + hint(for: number, amongSorted: invoiceNumbers()))
            return nil
        }

        func resolveApplications(_ apps: inout [Application], date: Day, currency: Currency, customer: Int32, what: String) -> Bool {
            var ok = true
            for k in apps.indices {
                guard let i = resolveInvoice(apps[k].invoiceNumber, apps[k].span) else { ok = false; continue }
                let n = Int(i)
                if invoices[n].amount.currency != currency {
                    report(apps[k].span, .error, "invoice \(invoices[n].number) is in \(invoices[n].amount.currency.code), this \(what) in \(currency.code)",
                           fix: "apply a \(what) only to invoices of its currency; relance never converts currencies")
                    ok = false
                    continue
                }
                if invoices[n].date > date {
                    report(apps[k].span, .error, "invoice \(invoices[n].number) is dated \(invoices[n].date), after this \(what) (\(date))",
                           fix: "date the \(what) on or after the invoice, or remove the apply line to keep it as a customer credit")
                    ok = false
                    continue
                }
                if invoices[n].customer != customer {
                    report(apps[k].span, .warning, "invoice \(invoices[n].number) belongs to customer \(invoices[n].customerID)",
                           fix: "check the customer of this \(what); a payment by a third party is allowed but unusual")
                }
                apps[k].invoice = i
            }
            return ok
        }

        // Credit notes share the invoice numbering.
        var keptCredits: [CreditNote] = []
        var creditNumbers: [String: Span] = [:]
        for var c in credits {
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
            keptCredits.append(c)
        }
        credits = keptCredits
        credits.sort { ($0.date, $0.customer, $0.number) < ($1.date, $1.customer, $1.number) }

        dropped = []
        // Customers and apply lines on both cores; an apply that is not plainly right is checked afterwards, with messages.
        let unclear = BooksAssembler.resolveClearApplications(&payments, customers: customerIndex, invoices: invoices, index: invoiceIndex)
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

        var sortedTargets: [String]?
        func holdTargets() -> [String] {
            if let sortedTargets { return sortedTargets }
            let sorted = (customerIDs + invoiceNumbers()).sorted()
            sortedTargets = sorted
            return sorted
        }

        // Holds and releases: an invoice number first, then a customer id.
        var keptHolds: [HoldEvent] = []
        for var h in holds {
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
                       fix: "write an invoice number or a customer id" + hint(for: h.targetName, amongSorted: holdTargets()))
                continue
            }
            keptHolds.append(h)
        }
        holds = keptHolds
        holds.sort { ($0.date, $0.targetName, $0.kind == .release ? 1 : 0) < ($1.date, $1.targetName, $1.kind == .release ? 1 : 0) }

        var keptWriteOffs: [WriteOff] = []
        var writtenOff: [Int32: Span] = [:]
        for var w in writeOffs {
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
            keptWriteOffs.append(w)
        }
        writeOffs = keptWriteOffs
        writeOffs.sort { ($0.date, $0.invoiceNumber) < ($1.date, $1.invoiceNumber) }

        // History.
        var keptReminders: [ReminderRecord] = []
        var reminderIDs: [String: Span] = [:]
        for var r in reminders {
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
            if ok { keptReminders.append(r) }
        }
        reminders = keptReminders
        reminders.sort { ($0.date, $0.id) < ($1.date, $1.id) }

        var keptDeliveries: [DeliveryRecord] = []
        for d in deliveries {
            guard reminderIDs[d.reminderID] != nil else {
                report(d.reminderSpan, .error, "unknown reminder \"\(d.reminderID)\"",
                       fix: "a \(d.outcome.rawValue) line follows the reminder it reports on" + hint(for: d.reminderID, amongSorted: reminderIDs.keys.sorted()))
                continue
            }
            keptDeliveries.append(d)
        }
        deliveries = keptDeliveries.sorted { ($0.date, $0.reminderID, $0.timestamp) < ($1.date, $1.reminderID, $1.timestamp) }

        // Letters printed and posted: only for a reminder with a paper letter.
        var channels: [String: Channel?] = [:]
        for r in reminders { channels[r.id] = r.channel }
        letters = letters.filter { l in
            guard let channel = channels[l.reminderID] else {
                report(l.reminderSpan, .error, "unknown reminder \"\(l.reminderID)\"",
                       fix: "a \(l.event.rawValue) line names a reminder of the history" + hint(for: l.reminderID, amongSorted: reminderIDs.keys.sorted()))
                return false
            }
            guard channel == .letter || channel == .both else {
                report(l.reminderSpan, .error, "reminder \(l.reminderID) has no letter (channel \(channel?.rawValue ?? "none"))",
                       fix: "only a reminder sent by letter (channel letter or both) is printed or posted")
                return false
            }
            return true
        }
        letters.sort { ($0.date, $0.reminderID, $0.event == .posted ? 1 : 0) < ($1.date, $1.reminderID, $1.event == .posted ? 1 : 0) }

        checkTotals(invoices.lazy.map { ($0.amount, $0.span) }, kind: "invoices")
        checkTotals(credits.lazy.map { ($0.amount, $0.span) }, kind: "credit notes")
        checkTotals(payments.lazy.map { ($0.amount, $0.span) }, kind: "payments")

        diagnostics.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return Books(sources: sources, customers: customers, invoices: invoices, credits: credits, payments: payments,
                     holds: holds, writeOffs: writeOffs, reminders: reminders, deliveries: deliveries, letters: letters,
                     diagnostics: diagnostics, customerIndex: customerIndex, invoiceIndex: invoiceIndex)
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

    /// Byte order of the UTF-8 texts: the canonical order of numbers (fast, and the same everywhere).
    @inline(__always) static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in
            let n = min(x.count, y.count)
            for i in 0..<n where x[i] != y[i] { return x[i] < y[i] }
            return x.count < y.count
        } }
    }

    /// Sets each payment's customer and resolves its apply lines when every one names a known invoice of the
    /// same customer and currency, dated on or before the payment (on both cores for big books).
    /// Returns, in order, the payments with a known customer whose apply lines need a closer look.
    static func resolveClearApplications(_ payments: inout [Payment], customers: IdentifierIndex, invoices: [Invoice],
                                         index: IdentifierIndex) -> [Int] {
        let unclear = mapChunks(of: &payments) { payments, range -> [Int] in
            customers.lookUp(range, key: { payments[$0].customerID }) { k, customer in
                if let customer { payments[k].customer = customer }
            }
            // The chunk's apply lines as (payment, line), looked up together.
            var lines: [(payment: Int, line: Int)] = []
            for k in range where payments[k].customer >= 0 {
                for a in payments[k].applications.indices { lines.append((k, a)) }
            }
            var found = [Int32](repeating: -1, count: lines.count)
            index.lookUp(lines.indices, key: { payments[lines[$0].payment].applications[lines[$0].line].invoiceNumber }) { j, invoice in
                if let invoice { found[j] = invoice }
            }
            // Then the invoices themselves, in a loop of its own: their reads (far apart in memory) overlap.
            var unclear: [Int] = []
            invoices.withUnsafeBufferPointer { invoices in
                for (j, (k, a)) in lines.enumerated() where unclear.last != k {
                    let i = Int(found[j])
                    guard i >= 0, invoices[i].amount.currency == payments[k].amount.currency,
                          invoices[i].date <= payments[k].date, invoices[i].customer == payments[k].customer else {
                        unclear.append(k)
                        continue
                    }
                    payments[k].applications[a].invoice = Int32(i)
                }
            }
            return unclear
        }
        return Array(unclear.joined())
    }

    /// Runs `body` over consecutive chunks of `array`, on both cores when it is big, and returns what each
    /// chunk returned, in order. Each call gets its own range and may change only those elements.
    @discardableResult
    static func mapChunks<T, R>(of array: inout [T], _ body: (UnsafeMutableBufferPointer<T>, Range<Int>) -> R) -> [R] {
        let count = array.count
        let chunks = count > 50_000 ? 4 : 1
        var results = [R?](repeating: nil, count: chunks)
        array.withUnsafeMutableBufferPointer { buffer in
            let elements = buffer
            results.withUnsafeMutableBufferPointer { out in
                let results = out
                withoutActuallyEscaping(body) { body in
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        results[chunk] = body(elements, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Joins per-file arrays in order, copying on both cores; `parts` is emptied.
    static func join<T>(_ parts: inout [[T]]) -> [T] {
        let nonEmpty = parts.filter { !$0.isEmpty }.count
        if nonEmpty <= 1 {
            let only = parts.first { !$0.isEmpty } ?? []
            parts = []
            return only
        }
        var offsets: [Int] = []
        var total = 0
        for p in parts { offsets.append(total); total += p.count }
        let joined = parts.withUnsafeMutableBufferPointer { buffer in
            let sources = buffer
            return [T](unsafeUninitializedCapacity: total) { target, count in
                let target = target
                DispatchQueue.concurrentPerform(iterations: sources.count) { k in
                    sources[k].withUnsafeBufferPointer { source in
                        guard let start = source.baseAddress else { return }
                        (target.baseAddress! + offsets[k]).initialize(from: start, count: source.count)
                    }
                    sources[k] = []  // this file's copies are freed on this thread
                }
                count = total
            }
        }
        parts = []
        return joined
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
        let sorted = invoices.withUnsafeBufferPointer { b -> Bool in
            var i = 1
            while i < b.count {
                if !canonical(b[i - 1].date, b[i - 1].number, b[i].date, b[i].number) { return false }
                i += 1
            }
            return true
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
        let sorted = payments.withUnsafeBufferPointer { b -> Bool in
            var i = 1
            while i < b.count {
                let d0 = b[i - 1].date.ordinal, d1 = b[i].date.ordinal
                if d1 < d0 { return false }
                if d1 == d0 {
                    let c0 = b[i - 1].customer, c1 = b[i].customer
                    if c1 < c0 || (c1 == c0 && paymentTieBreak(b[i], b[i - 1])) { return false }
                }
                i += 1
            }
            return true
        }
        if !sorted { payments.sort(by: less) }
    }
}
