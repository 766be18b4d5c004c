import Books

/// One apply line as the replay carried it out: what a payment or credit note gave to an invoice, and when.
public struct AppliedAmount: Sendable, Equatable {
    public var source: CreditSource
    /// Index into `Books.invoices`.
    public var invoice: Int32
    public var date: Day
    /// Minor units of the invoice's currency (0 when the line found nothing left to take).
    public var amount: Int64
}

/// What the replay did, line by line: the apply lines with their amounts and the write-offs, as of a date.
public struct AllocationTrail: Sendable {
    public var applied: [AppliedAmount]
    /// Indexed like `Books.invoices`: minor units written off.
    public var writtenOff: [Int64]
    public var diagnostics: [Diagnostic]
}

extension Engine {
    /// Logs the apply line just carried out on the invoice at slot `s` (`before` = its allocation before the line).
    mutating func logApply(_ source: CreditSource, _ s: Int, _ before: Int64, _ day: Int32) {
        applyLog?.append(AppliedAmount(source: source, invoice: store.invoiceAtSlot[s], date: Day(ordinal: day),
                                       amount: allocated[s - firstSlot] - before))
    }
}

extension Allocation {
    /// Every event dated on or before `asOf`, replayed in the reference (sequential) order of docs/format.md,
    /// with the amount each apply line took: what an export needs to move money between customers' accounts.
    public static func trail(_ books: Books, asOf: Day) -> AllocationTrail {
        let engine = replayInOneSequence(books, asOf: asOf, logApplies: true)
        let writtenOff = engine.store.slotOfInvoice.map { engine.writtenOff[Int($0)] }
        return AllocationTrail(applied: engine.applyLog ?? [], writtenOff: writtenOff, diagnostics: engine.diagnostics)
    }
}
