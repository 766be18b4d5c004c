import Books
import Configuration
import Dunning

/// Who signs a reminder: the company, with the department's fields where it gives them.
struct SenderIdentity {
    var name: String
    var address: [String]
    var email: String?
    var phone: String?
    var signature: [String]

    init(company: Company, department: Department?) {
        name = department?.name ?? company.name
        address = department.map(\.address).flatMap { $0.isEmpty ? nil : $0 } ?? company.address
        email = department?.email ?? company.email
        phone = department?.phone ?? company.phone
        let signature = department.map(\.signature).flatMap { $0.isEmpty ? nil : $0 } ?? company.signature
        self.signature = signature.isEmpty ? [name] : signature
    }
}

/// One reminded invoice with its book record.
struct ReminderLine {
    var invoice: Invoice
    var planned: PlannedInvoice
}

/// Everything a reminder's documents say, resolved once from the input.
struct ReminderFacts {
    let input: ReminderDocumentInput
    let language: Language
    let customer: Customer
    let identity: SenderIdentity
    /// The invoices demanded.
    let lines: [ReminderLine]
    /// The invoices not yet due, given for information only.
    let upcomingLines: [ReminderLine]
    let previous: [ReminderRecord]

    var reminder: PlannedReminder { input.reminder }
    var level: DunningLevel { input.reminder.level }
    var company: Company { input.config.company }
    var policy: DunningPolicy { input.config.dunning }
    var fee: Money? { reminder.fee }
    var interest: Money? { reminder.interest }
    var grandTotal: Money {
        Money(minor: reminder.total.minor + (fee?.currency == reminder.currency ? fee!.minor : 0)
                + (interest?.minor ?? 0), currency: reminder.currency)
    }
    var isFormalNotice: Bool { level.formal }
    var deadline: Day? { level.deadlineDays.map { input.asOf.adding(days: $0) } }
    var attachesLetter: Bool { level.attachLetter && reminder.channel != .letter }
    /// Every invoice listed has its copy attached (the "copy of each invoice" sentence).
    var attachesInvoices: Bool { level.attachInvoices && !lines.isEmpty && attachedNumbers.count == lines.count }
    /// The invoices whose copy is attached, in the reminder's order.
    var attachedNumbers: [String] {
        level.attachInvoices ? lines.map(\.invoice.number).filter { input.invoiceCopies[$0] != nil } : []
    }

    init(_ input: ReminderDocumentInput) throws {
        self.input = input
        let books = input.books
        guard input.reminder.customer >= 0, Int(input.reminder.customer) < books.customers.count else {
            throw ReminderDocumentError.notInBooks("customer #\(input.reminder.customer)")
        }
        customer = books.customers[Int(input.reminder.customer)]
        language = Language(rawValue: customer.language ?? "") ?? Language(rawValue: input.config.company.language) ?? .fr
        identity = SenderIdentity(company: input.config.company, department: input.reminder.department.flatMap { input.config.departments[$0] })
        func line(_ planned: PlannedInvoice) throws -> ReminderLine {
            guard planned.invoice >= 0, Int(planned.invoice) < books.invoices.count else {
                throw ReminderDocumentError.notInBooks("invoice #\(planned.invoice)")
            }
            return ReminderLine(invoice: books.invoices[Int(planned.invoice)], planned: planned)
        }
        lines = try input.reminder.invoices.map(line)
        upcomingLines = try input.reminder.upcoming.map(line)
        previous = input.previousReminders.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    /// The invoice copies to attach: (file name, bytes), in the reminder's order.
    var invoiceAttachments: [(name: String, bytes: [UInt8])] {
        guard level.attachInvoices else { return [] }
        return lines.compactMap { line in
            guard let bytes = input.invoiceCopies[line.invoice.number] else { return nil }
            let fileName = line.invoice.file.map { String($0.split(separator: "/").last ?? "") } ?? ""
            return (fileName.isEmpty ? line.invoice.number + ".pdf" : fileName, bytes)
        }
    }

    // MARK: Words

    /// The reference rate of the as-of half-year plus the margin, in basis points (nil without rates).
    var currentRate: Int? {
        guard !policy.rates.isEmpty else { return nil }
        let (y, m, _) = input.asOf.components
        let halfStart = Day(year: y, month: m <= 6 ? 1 : 7, day: 1)!
        return (policy.referenceRate(on: halfStart)?.basisPoints ?? 0) + policy.interestMarginBasisPoints
    }

    /// "10 points" / "10 percentage points".
    var marginText: String {
        let bp = policy.interestMarginBasisPoints
        let number = bp % 100 == 0 ? language.formatInteger(Int64(bp / 100)) : language.decimal(magnitude: UInt64(bp.magnitude), decimals: 2)
        return language == .fr ? number + " points" : number + " percentage points"
    }

    /// How an invoice's interest was computed: each part (paid late, then still owed), half-year by half-year.
    /// With only the part still owed, just its half-years ("du 16/06/2026 au 30/06/2026, 15 jours à 12,15 % ; …").
    func interestDetail(_ line: ReminderLine) -> (text: String, slices: [[String: Any]], parts: [[String: Any]]) {
        let l = language, fr = l == .fr
        func sliceText(_ s: LateInterest.Slice) -> String {
            let from = l.formatShortDate(s.from), through = l.formatShortDate(s.through)
            let days = l.formatDays(s.days), rate = l.formatPercent(hundredths: s.basisPoints)
            return fr ? "du \(from) au \(through), \(days) à \(rate)" : "\(from) to \(through), \(days) at \(rate)"
        }
        func sliceItem(_ s: LateInterest.Slice) -> [String: Any] {
            ["from": l.formatDate(s.from), "through": l.formatDate(s.through), "days": s.days,
             "daysText": l.formatDays(s.days), "rate": l.formatPercent(hundredths: s.basisPoints)]
        }
        let parts = line.planned.interestParts
        let owed = parts.last { $0.paidOn == nil }
        let text: String
        if parts.count == 1, let owed {
            text = owed.slices.map(sliceText).joined(separator: fr ? " ; " : "; ")
        } else {
            text = parts.map { p -> String in
                let amount = l.formatAmount(p.principal)
                let what = p.paidOn.map { fr ? "\(amount) payés le \(l.formatShortDate($0))" : "\(amount) paid on \(l.formatShortDate($0))" }
                    ?? (fr ? "\(amount) restant dus" : "\(amount) still owed")
                return what + (fr ? " : " : ": ") + p.slices.map(sliceText).joined(separator: fr ? " et " : " and ")
            }.joined(separator: fr ? " ; " : "; ")
        }
        let partItems: [[String: Any]] = parts.map { p in
            var item: [String: Any] = ["amount": l.formatAmount(p.principal), "paidLate": p.paidOn != nil, "days": p.days,
                                       "daysText": l.formatDays(p.days), "slices": p.slices.map(sliceItem)]
            item["paidOn"] = p.paidOn.map(l.formatDate)
            return item
        }
        return (text, owed.map { $0.slices.map(sliceItem) } ?? [], partItems)
    }

    /// The last earlier reminder of an invoice, if any (phone calls included).
    func lastReminder(of invoice: Invoice) -> ReminderRecord? {
        previous.last { r in r.invoices.contains { $0.number == invoice.number } }
    }

    /// The earlier reminder every invoice demanded had last, when they all share one (nil otherwise).
    var commonLastReminder: ReminderRecord? {
        let last = lines.map { lastReminder(of: $0.invoice) }
        guard let first = last.first, let record = first, last.allSatisfy({ $0?.id == record.id }) else { return nil }
        return record
    }

    /// How an earlier reminder is named in a letter, in the document's language.
    func label(of record: ReminderRecord) -> String {
        if record.channel == .phone { return language == .fr ? "Appel téléphonique" : "Phone call" }
        guard let n = record.level, let level = policy.level(n) else { return language == .fr ? "Relance" : "Reminder" }
        // A formal notice is named by its `formal` flag, whatever its template is called.
        if level.formal { return language == .fr ? "Mise en demeure" : "Formal notice" }
        let fr = ["courtesy": "Rappel avant échéance", "first": "Relance", "second": "\(Language.fr.ordinal(2)) relance",
                  "statement": "Relevé de factures impayées"]
        let en = ["courtesy": "Courtesy reminder", "first": "Reminder", "second": "Second reminder",
                  "statement": "Statement of unpaid invoices"]
        return (language == .fr ? fr : en)[level.template] ?? level.name
    }

    func daysLateText(_ days: Int) -> String { days > 0 ? language.formatDays(days) : "–" }

    // MARK: Template variables

    /// The Mustache context; every value is text already formatted for the language (see docs/templates.md).
    func context(letterAttached: Bool) -> [String: Any] {
        let l = language
        var company: [String: Any] = ["name": identity.name, "addressLines": identity.address]
        company["city"] = self.company.city
        company["email"] = identity.email
        company["phone"] = identity.phone
        company["siret"] = self.company.siret
        company["vat"] = self.company.vat
        company["iban"] = self.company.iban
        company["bic"] = self.company.bic

        let invoices: [[String: Any]] = lines.map { line in
            let p = line.planned, inv = line.invoice
            let detail = interestDetail(line)
            let last = lastReminder(of: inv)
            var item: [String: Any] = [
                // Always set, so that inside {{#invoices}} they never fall back to the reminder's own values.
                "wasReminded": last != nil, "lastReminded": last.map { l.formatDate($0.date) } ?? "",
                "lastRemindedLabel": last.map(label(of:)) ?? "", "interestParts": p.interest != nil ? detail.parts : [],
                "number": inv.number, "date": l.formatDate(inv.date), "due": l.formatDate(inv.due),
                "amount": l.formatAmount(inv.amount), "outstanding": l.formatAmount(p.outstanding),
                "partlyPaid": p.outstanding != inv.amount, "daysLate": p.daysLate, "daysLateText": daysLateText(p.daysLate),
                "isLate": p.daysLate > 0, "level": p.level,
                // Always set, so that a section inside {{#invoices}} never falls back to the reminder's totals.
                "hasFee": p.fee != nil, "hasInterest": p.interest != nil,
                "fee": p.fee.map(l.formatAmount) ?? "", "interest": p.interest.map(l.formatAmount) ?? "",
                "interestDetail": p.interest != nil ? detail.text : "", "interestSlices": p.interest != nil ? detail.slices : [],
            ]
            item["ref"] = inv.ref
            return item
        }
        let upcoming: [[String: Any]] = upcomingLines.map { line in
            let p = line.planned, inv = line.invoice
            var item: [String: Any] = [
                "number": inv.number, "date": l.formatDate(inv.date), "due": l.formatDate(inv.due),
                "dateShort": l.formatShortDate(inv.date), "dueShort": l.formatShortDate(inv.due),
                "amount": l.formatAmount(inv.amount), "outstanding": l.formatAmount(p.outstanding),
                "partlyPaid": p.outstanding != inv.amount, "level": p.level,
            ]
            item["ref"] = inv.ref
            return item
        }
        let common = commonLastReminder
        let previousItems: [[String: Any]] = previous.map { r in
            var item: [String: Any] = ["id": r.id, "date": l.formatDate(r.date), "label": label(of: r)]
            item["level"] = r.level
            return item
        }
        var customerInfo: [String: Any] = ["id": customer.id, "name": customer.name, "addressLines": customer.address]
        customerInfo["salutation"] = customer.salutation
        var levelInfo: [String: Any] = ["number": level.number, "name": level.name, "template": level.template]
        levelInfo["deadlineDays"] = level.deadlineDays

        var c: [String: Any] = [
            "language": l.rawValue,
            "company": company,
            "customer": customerInfo,
            "reminder": ["id": reminder.id, "date": l.formatDate(input.asOf)] as [String: Any],
            "level": levelInfo,
            "invoices": invoices,
            "invoiceNumbers": lines.map(\.invoice.number).joined(separator: ", "),
            "count": lines.count,
            "single": lines.count == 1, "multiple": lines.count > 1,
            "total": l.formatAmount(reminder.total),
            "grandTotal": l.formatAmount(grandTotal),
            "hasFee": fee != nil, "hasInterest": interest != nil, "hasExtras": fee != nil || interest != nil,
            "indemnity": l.formatAmount(policy.indemnity),
            "margin": marginText,
            "upcoming": upcoming, "hasUpcoming": !upcoming.isEmpty, "upcomingMultiple": upcoming.count > 1,
            "allReminded": lines.allSatisfy { lastReminder(of: $0.invoice) != nil },
            "previousReminders": previousItems,
            "hasPreviousReminders": !previousItems.isEmpty,
            "signature": identity.signature,
            "isCourtesy": level.isCourtesy,
            "isFormalNotice": isFormalNotice,
            "isConsumer": customer.kind == .consumer,
            "letterAttached": letterAttached,
            "invoicesAttached": attachesInvoices,
            "someInvoicesAttached": !attachesInvoices && !attachedNumbers.isEmpty,
            "attachedInvoiceNumbers": attachedNumbers.joined(separator: ", "),
            "attachedSingle": attachedNumbers.count == 1,
        ]
        // A line "---" of the message would take the place of the letter's table marker: a dash instead.
        c["message"] = input.message.flatMap { m in
            m.contains { !$0.isWhitespace }
                ? m.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimming(" ") == "---" ? "—" : String($0) }.joined(separator: "\n")
                : nil
        }
        c["salutation"] = customer.salutation
        c["fee"] = fee.map(l.formatAmount)
        c["interest"] = interest.map(l.formatAmount)
        c["rate"] = currentRate.map { l.formatPercent(hundredths: $0) }
        c["deadline"] = deadline.map(l.formatDate)
        // Only when it is true of every invoice demanded; otherwise each invoice says its own (`lastReminded`).
        c["lastReminder"] = common.map { r -> [String: Any] in
            var item: [String: Any] = ["id": r.id, "date": l.formatDate(r.date), "label": label(of: r)]
            item["level"] = r.level
            return item
        }
        return c
    }
}
