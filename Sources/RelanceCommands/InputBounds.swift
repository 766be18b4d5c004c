import Books
import Documents

extension CommandFailure {
    /// A total that does not fit: `check` refuses such books first, so this is only met on books it did not see.
    static let sumsOverflow = CommandFailure(.badData,
        "the amounts of the books add up to more than relance can count; nothing was done. Run `relance check`: it points at the amounts to correct.")
}

extension CommandContext {
    /// `--as-of` within the dates relance handles (a date in year 9999 made the interest run past the calendar).
    static func checkAsOfBounds(_ day: Day, _ text: String) throws {
        guard Day.supported.contains(day) else {
            throw CommandFailure(.usage, "--as-of \(text): outside the dates relance handles (\(Day.supportedText)); write a date such as 2026-11-22")
        }
    }
}


extension CheckCommand {
    /// Templates `run` would refuse before rendering: sections nested too deep (they exhausted the renderer's stack).
    static func templateNestingDiagnostics(_ loaded: LoadedBooks) -> [Diagnostic] {
        let (books, departments) = BatchBuilder.templates(root: loaded.root, config: loaded.config)
        var out: [Diagnostic] = []
        for (key, text) in books.sorted(by: { $0.key < $1.key }) {
            if let d = TemplateNesting.diagnostic(text, file: "templates/\(key).mustache") { out.append(d) }
        }
        for (id, templates) in departments.sorted(by: { $0.key < $1.key }) {
            let folder = loaded.config.departments[id]?.templates ?? "templates"
            for (key, text) in templates.sorted(by: { $0.key < $1.key }) {
                if let d = TemplateNesting.diagnostic(text, file: "\(folder)/\(key).mustache") { out.append(d) }
            }
        }
        return out
    }
}
