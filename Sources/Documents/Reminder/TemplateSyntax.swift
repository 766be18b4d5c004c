import Books
import Mustache

/// Syntax errors of a template override, located in its file (for `check`, on disk or staged).
public enum TemplateSyntax {
    /// The error of `text` (the file at `path`, books-root relative), or nil when it parses.
    public static func diagnostic(path: String, text: String) -> Diagnostic? {
        do {
            _ = try MustacheTemplate(string: text)
            return nil
        } catch let error as MustacheTemplate.ParserError {
            let what: String
            switch error.error as? MustacheTemplate.Error {
            case .sectionCloseNameIncorrect?: what = "a section is closed with another name than the one it was opened with"
            case .unfinishedName?: what = "a tag is not finished ({{name}} expected)"
            case .expectedSectionEnd?: what = "a section is never closed ({{/name}} missing)"
            default: what = "the template cannot be read"
            }
            return Diagnostic(.error, SourceLocation(file: path, line: max(1, error.context.lineNumber), column: max(1, error.context.columnNumber)),
                              "template: \(what)", fix: "correct the Mustache tags; docs/templates.md lists the sections and fields",
                              sourceLine: error.context.line)
        } catch {
            return Diagnostic(.error, SourceLocation(file: path, line: 1, column: 1), "template: the template cannot be read",
                              fix: "correct the Mustache tags; docs/templates.md lists the sections and fields")
        }
    }
}
