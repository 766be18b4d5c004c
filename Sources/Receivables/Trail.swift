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
    /// Logs the apply line just carried out on the invoice at position `p` (`before` = its allocation before the line).
    mutating func logApply(_ source: CreditSource, _ p: Int, _ before: Int64, _ day: Int32) {
        applyLog?.append(AppliedAmount(source: source, invoice: ledger.invoice[p], date: Day(ordinal: day),
                                       amount: results.allocated[p] - before))
    }
}

extension Allocation {
    /// Every event dated on or before `asOf`, replayed in the reference (sequential) order of docs/format.md,
    /// with the amount each apply line took: what an export needs to move money between customers' accounts.
    public static func trail(_ books: Books, asOf: Day) -> AllocationTrail {
        let ledger = Ledger(books, groups: nil)
        var state = EngineState(count: books.invoices.count)
        var applied: [AppliedAmount] = []
        var diagnostics: [Diagnostic] = []
        state.withPointers { results in
            var engine = Engine(books: books, ledger: ledger, asOf: asOf, results: results)
            engine.applyLog = []
            for g in 0..<ledger.groupCount {
                engine.startGroup()
                engine.run(group: g)
            }
            applied = engine.applyLog ?? []
            diagnostics = engine.diagnostics
        }
        let (_, writtenOff, _) = state.byInvoice(ledger, parts: 1)
        return AllocationTrail(applied: applied, writtenOff: writtenOff, diagnostics: diagnostics)
    }
}
