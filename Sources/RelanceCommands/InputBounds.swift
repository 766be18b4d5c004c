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

extension CheckCommand {
    /// A warning for each customer whose name or address has a character the letter's fonts cannot show
    /// (an emoji, a script DejaVu Sans lacks): it would be missing from the printed letter.
    static func unprintableWarnings(_ books: Books) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for customer in books.customers {
            for text in [customer.name] + customer.address {
                guard let c = PrintableText.firstUnprintable(text) else { continue }
                out.append(located(c, customer: customer, in: books,
                                   "\"\(c)\" (\(c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " "))) cannot be printed in a letter: it would be missing",
                                   fix: "write it without that character, or with one of the Latin, Greek or Cyrillic alphabets"))
            }
        }
        return out
    }

    /// A warning at `c` in the customer's record (its first line when `c` is not found there).
    static func located(_ c: Character, customer: Customer, in books: Books, _ message: String, fix: String) -> Diagnostic {
        let span = customer.span
        guard Int(span.file) < books.sources.count else {
            return Diagnostic(.warning, SourceLocation(file: "", line: Int(span.line), column: 1), message, fix: fix)
        }
        let file = books.sources[Int(span.file)]
        // The record's lines: its header, then the indented ones (blank lines and comments in between).
        for line in Int(span.line)..<(Int(span.line) + 1000) {
            let text = file.lineText(line)
            if line > Int(span.line), let first = text.first, first != " " && first != "\t" && first != ";" { break }
            if let i = text.firstIndex(of: c) {
                return Diagnostic(.warning, SourceLocation(file: file.path, line: line, column: text.distance(from: text.startIndex, to: i) + 1),
                                  message, fix: fix, sourceLine: text, length: 1)
            }
        }
        return Diagnostic.at(span, in: file, .warning, message, fix: fix)
    }
}
