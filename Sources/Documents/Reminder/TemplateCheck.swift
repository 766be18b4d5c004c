import Mustache

/// What `relance check` asks of the templates before a run needs them: found, and valid Mustache.
public enum TemplateCheck {
    /// Why a template a level needs cannot be used.
    public enum Problem: Sendable, Equatable {
        /// Neither built in nor in the books: `file` is the one to create (`templates/fr/firts.email.mustache`).
        case missing(file: String)
        /// A file of the books that does not parse: where (relative to the books root), at which line and column, why.
        case invalid(file: String, line: Int, column: Int, message: String)
    }

    /// The problem of `part` (`email`, `letter`) of template `name` in `language`, looked up as a run does
    /// (the department's folder, then `templates/`, then the built-in ones); nil when it is fine.
    public static func problem(language: Language, name: String, part: String, books: [String: String],
                               department: [String: String] = [:], departmentFolder: String? = nil) -> Problem? {
        let templates = ReminderTemplates(language: language, name: name, books: books, department: department,
                                          departmentFolder: departmentFolder)
        guard let text = templates.source(part) else { return .missing(file: "templates/\(templates.key(part)).mustache") }
        // Nested too deep: never handed to the Mustache parser (it recurses per level).
        if let (line, column) = TemplateNesting.firstTooDeep(text) {
            return .invalid(file: templates.origin(part), line: line, column: column,
                            message: "sections nested more than \(TemplateNesting.maxDepth) deep")
        }
        // Compiled as a run compiles it (plain-text parts get the same first tag, on the same line).
        let source = !text.hasPrefix("{{%") ? "{{% CONTENT_TYPE: TEXT }}" + text : text
        do {
            _ = try CompiledTemplates.shared.template(for: source)
            return nil
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let shift = line == 1 && !text.hasPrefix("{{%") ? "{{% CONTENT_TYPE: TEXT }}".count : 0
            return .invalid(file: templates.origin(part), line: line, column: max(1, error.context.columnNumber - shift),
                            message: readable(error.error))
        } catch {
            return .invalid(file: templates.origin(part), line: 1, column: 1, message: "it does not parse")
        }
    }

    /// The Mustache parser's complaint in words.
    public static func readable(_ error: Swift.Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "the template does not parse" }
        return switch error {
        case .sectionCloseNameIncorrect: "a section is closed ({{/…}}) with another name than it was opened with ({{#…}})"
        case .unfinishedName: "a tag is not closed: {{ without }}"
        case .expectedSectionEnd: "a section ({{#…}} or {{^…}}) is never closed with {{/…}}"
        case .invalidSetDelimiter: "a set-delimiter tag ({{=…=}}) is badly written"
        case .transformAppliedToInheritanceSection: "a transform is applied to an inherited section"
        case .illegalTokenInsideInheritSection: "an inherited section holds a tag it may not hold"
        case .textInsideInheritSection: "an inherited section holds text"
        case .invalidConfigVariableSyntax: "a {{% … }} line is badly written"
        case .unrecognisedConfigVariable: "a {{% … }} line names an unknown setting"
        @unknown default: "the template does not parse"
        }
    }
}
