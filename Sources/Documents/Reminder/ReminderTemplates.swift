import Foundation
import Mustache

/// Finds and renders the templates of one reminder: the department's overrides first, then the
/// books' overrides, then the built-in templates (there is no built-in `.html` part).
struct ReminderTemplates {
    let language: Language
    let name: String
    let books: [String: String]
    let department: [String: String]
    /// Folder of the department's templates, relative to the books root (for error messages).
    let departmentFolder: String?

    /// `fr/first.email`.
    func key(_ part: String) -> String { "\(language.rawValue)/\(name).\(part)" }

    /// Where the template of `part` comes from, for messages: a file of the books, or the built-in one.
    func origin(_ part: String) -> String {
        if department[key(part)] != nil { return "\(departmentFolder ?? "templates")/\(key(part)).mustache" }
        if books[key(part)] != nil { return "templates/\(key(part)).mustache" }
        return "built-in \(key(part))"
    }

    func source(_ part: String) -> String? {
        department[key(part)] ?? books[key(part)] ?? (part == "html" ? nil : BuiltInTemplates.all[key(part)])
    }

    /// The template text of `part`, or an error naming the file to create.
    func required(_ part: String) throws -> String {
        guard let text = source(part) else { throw ReminderDocumentError.missingTemplate(file: "templates/\(key(part)).mustache") }
        return text
    }

    /// Renders `text` with `context`. Plain-text parts are never HTML-escaped.
    func render(_ text: String, part: String, context: [String: Any], plain: Bool) throws -> String {
        // Without a newline, so that parser line numbers stay those of the file.
        let source = plain && !text.hasPrefix("{{%") ? "{{% CONTENT_TYPE: TEXT }}" + text : text
        // Deeply nested sections exhaust the renderer's stack: refused before it sees them.
        if let (line, column) = TemplateNesting.firstTooDeep(text) {
            throw ReminderDocumentError.invalidTemplate(
                file: origin(part), message: "line \(line), column \(column): sections nested more than \(TemplateNesting.maxDepth) deep")
        }
        do {
            return try CompiledTemplates.shared.template(for: source).render(context)
        } catch let error as MustacheTemplate.ParserError {
            throw ReminderDocumentError.invalidTemplate(
                file: origin(part), message: "line \(error.context.lineNumber), column \(error.context.columnNumber): \(TemplateCheck.readable(error.error))")
        } catch {
            throw ReminderDocumentError.invalidTemplate(file: origin(part), message: "it cannot be rendered")
        }
    }
}

/// Text shaping shared by the e-mail and letter parts.
enum TemplateText {
    /// Lines without trailing spaces, at most one blank line in a row, no blank line at either end.
    static func tidyLines(_ text: String) -> [String] {
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(raw)
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
            if line.isEmpty && (out.isEmpty || out.last == "") { continue }
            out.append(String(line))
        }
        while out.last == "" { out.removeLast() }
        return out
    }

    /// Splits `Subject: …` (or `Objet : …`) off the first line: (the whole line, the subject alone, the rest).
    static func splitSubject(_ lines: [String]) -> (line: String, subject: String, body: [String])? {
        guard let first = lines.first else { return nil }
        for prefix in ["Subject:", "Objet :", "Objet:", "Objet\u{00A0}:"] where first.hasPrefix(prefix) {
            let subject = first.dropFirst(prefix.count).trimming(" ")
            guard !subject.isEmpty else { return nil }
            var body = Array(lines.dropFirst())
            while body.first == "" { body.removeFirst() }
            return (first, subject, body)
        }
        return nil
    }

    /// Paragraphs: blocks separated by blank lines; the lines of one block are kept as forced line breaks.
    static func paragraphs(_ lines: some Sequence<String>) -> [String] {
        var out: [String] = []
        var block: [String] = []
        for line in lines {
            if line.isEmpty {
                if !block.isEmpty { out.append(block.joined(separator: "\n")) }
                block = []
            } else {
                block.append(line)
            }
        }
        if !block.isEmpty { out.append(block.joined(separator: "\n")) }
        return out
    }
}

extension StringProtocol {
    /// Without the characters of `set` at either end.
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// Parsed templates, kept by source text: a batch renders the same few templates many times.
// Safe: `cache` is read and written only while `lock` is held.
final class CompiledTemplates: @unchecked Sendable {
    static let shared = CompiledTemplates()
    private var cache: [String: MustacheTemplate] = [:]
    private let lock = NSLock()

    func template(for source: String) throws -> MustacheTemplate {
        lock.lock()
        defer { lock.unlock() }
        if let t = cache[source] { return t }
        let t = try MustacheTemplate(string: source)
        cache[source] = t
        return t
    }
}
