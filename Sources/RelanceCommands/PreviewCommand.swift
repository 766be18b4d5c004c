import Books

/// The documents `relance run --only IDS` would write, rendered in memory and never written: the preview of the
/// web screen. The same plan and the same batch builder as `run`; no lock, no commit, nothing on disk.
public enum PreviewCommand {
    /// One document of the batch: its path under the books (as `run` would write it) and its bytes;
    /// `readable` is the e-mail as `relance show` prints it.
    public struct Document: Sendable {
        public var path: String
        public var bytes: [UInt8]
        public var readable: String?
    }

    public static func documents(_ options: RunCommand.Options, _ context: CommandContext) throws -> [Document] {
        let loaded = try context.loadBooks(options.books)
        let asOf = try context.asOf(options.books, loaded.config)
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
        guard !plan.reminders.isEmpty else { return [] }
        let (templates, departmentTemplates) = BatchBuilder.templates(root: loaded.root, config: loaded.config)
        let builder = BatchBuilder(loaded: loaded, asOf: asOf, templates: templates, departmentTemplates: departmentTemplates,
                                   sentAt: BatchBuilder.sentAt(asOf, timeZone: loaded.config.company.timeZone))
        let batch = try builder.build(plan.reminders)
        return batch.files.filter { $0.path.hasPrefix("reminders/") }.map {
            Document(path: $0.path, bytes: $0.bytes, readable: $0.path.hasSuffix(".eml") ? EmailReader.readable($0.bytes) : nil)
        }
    }
}
