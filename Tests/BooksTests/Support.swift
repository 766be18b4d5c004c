import Books
import Testing

/// Books text with a `‸` marking where a diagnostic's caret must point.
struct Marked {
    /// The text without the marker.
    var text: String
    /// 1-based line of the marker.
    var line: Int
    /// 1-based column of the marker, in characters, as an editor shows it (a leading BOM is invisible).
    var column: Int

    init(_ source: String) {
        guard let i = source.firstIndex(of: "‸") else {
            Issue.record("no ‸ marker in the test text")
            text = source; line = 0; column = 0
            return
        }
        let before = source[..<i]
        // Count lines on scalars: "\r\n" is one Character in Swift.
        line = before.unicodeScalars.filter { $0 == "\n" }.count + 1
        let lastLineStart = before.unicodeScalars.lastIndex(of: "\n").map { before.unicodeScalars.index(after: $0) } ?? before.startIndex
        var lineBefore = String(before[lastLineStart...])
        if lineBefore.hasPrefix("\u{FEFF}") { lineBefore.removeFirst() }
        column = lineBefore.count + 1
        text = String(source[..<i]) + String(source[source.index(after: i)...])
    }
}

/// Loads books from (path, text) pairs, in the given order.
func load(_ files: [(String, String)], defaultTerms: Int = 30) -> Books {
    Books.load(files.map { SourceFile(path: $0.0, text: $0.1) }, defaultTerms: defaultTerms)
}

func load(_ text: String) -> Books { load([("main.books", text)]) }
