import Books
import Configuration
import Dunning
import GitStore

/// `relance run`: writes the reminders due today, records them in history/, commits the batch.
public enum RunCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var filter: PlanFilter
        /// Invoice numbers or customer ids (`--only`).
        public var only: [String]
        /// Levels chosen by hand, invoice number → level. A level other than the one proposed follows the rules of
        /// `remind --level N --force` (levels may be skipped, never repeated; recorded as `manual level`); the
        /// proposed level changes nothing.
        public var levels: [String: Int]
        /// Channels chosen by hand, invoice number or customer id → channel (e-mail or letter): the channel of the
        /// reminder that carries the invoice, recorded in history as every reminder's channel is.
        public var channels: [String: Channel]

        public init(books: BooksOptions, filter: PlanFilter = PlanFilter(), only: [String] = [],
                    levels: [String: Int] = [:], channels: [String: Channel] = [:]) {
            self.books = books
            self.filter = filter
            self.only = only
            self.levels = levels
            self.channels = channels
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let (repository, loaded, asOf) = try context.openForWriting(options.books)
        defer { repository.release() }
        try refuseBackdating(loaded, asOf: asOf, command: "run")
        var filter = options.filter
        for id in options.only {
            if loaded.books.invoiceIndex[id] != nil { filter.invoices.append(id) }
            else if loaded.books.customerIndex[id] != nil { filter.customers.append(id) }
            else {
                throw CommandFailure(.usage, "--only \(id): no invoice or customer \"\(id)\""
                                     + Suggestion.hint(for: id, among: loaded.books.invoiceIndex.keys + loaded.books.customers.map(\.id)))
            }
        }
        let plan = try context.makePlan(loaded, asOf: asOf, filter: filter)
        guard !plan.reminders.isEmpty else {
            context.out.line("Nothing is due as of \(asOf): no reminder written, no commit.")
            return .ok
        }
        guard !options.levels.isEmpty || !options.channels.isEmpty else {
            return try commit(plan.reminders, loaded: loaded, asOf: asOf, repository: repository, notes: [:], context: context)
        }
        let chosen = try HandChoices(options: options, loaded: loaded, asOf: asOf, context: context).apply(to: plan, filter: filter)
        return try commit(chosen.reminders, loaded: loaded, asOf: asOf, repository: repository, notes: chosen.notes,
                          extras: chosen.extras, context: context)
    }

    /// Renders, writes and commits `reminders`; prints what was done.
    static func commit(_ reminders: [PlannedReminder], loaded: LoadedBooks, asOf: Day, repository: BooksRepository,
                       notes: [String: String], extras: [String: ReminderExtras] = [:], context: CommandContext) throws -> ExitStatus {
        let batch = try BatchBuilder.make(loaded: loaded, asOf: asOf).build(reminders, notes: notes, extras: extras)
        let result = try repository.write(batch, config: loaded.config, context: context)
        for w in batch.warnings { context.err.line("relance: warning: \(w)") }
        for line in batch.summary { context.out.line(line) }
        let files = batch.files.map(\.path)
        if let id = result.commitID {
            context.out.line("Committed \(id.prefix(12)): relance: \(reminders.count) reminder\(reminders.count == 1 ? "" : "s") as of \(asOf) (\(files.count) files)")
        }
        return .ok
    }
}

/// A reminder is never written before the last one in history: planned as of an earlier day, it would ignore
/// the later reminders (remind the same invoices again, from the first level) and put history out of date order.
func refuseBackdating(_ loaded: LoadedBooks, asOf: Day, command: String) throws {
    guard let last = loaded.books.reminders.max(by: { $0.date < $1.date }), asOf < last.date else { return }
    throw CommandFailure(.usage, "the books already hold reminders up to \(last.date) (\(last.id)); \(command) as of \(asOf) would write "
                         + "reminders dated before them and ignore them. Use --as-of \(last.date) or later, or no --as-of (today); nothing was done")
}

extension CommandContext {
    /// The books' repository, locked and checked clean, with the books loaded: where every writing command starts.
    func openForWriting(_ options: BooksOptions) throws -> (BooksRepository, LoadedBooks, Day) {
        let root = try BooksLocation.findRoot(explicit: options.books, context: self)
        let repository = try BooksRepository(root: root, context: self)
        do {
            try repository.ensureClean()
            let loaded = try loadBooks(BooksOptions(books: root, asOf: options.asOf))
            return (repository, loaded, try asOf(options, loaded.config))
        } catch {
            repository.release()
            throw error
        }
    }
}
