import Books
import Testing

/// Texts that passed `check` and then broke `run`: a name of 100 000 characters (libharu failed), NUL and ESC
/// bytes in quoted names (they reached the PDF), books dates past year 9999 (the interest trapped).
@Suite("Text and date bounds")
struct TextBoundsTests {
    func diagnostics(_ text: String) -> [Diagnostic] {
        Books.load([SourceFile(path: "main.books", text: text)]).diagnostics
    }

    @Test func aNameOf100000CharactersIsALocatedError() throws {
        let d = diagnostics("customer x\n  name \"" + String(repeating: "é", count: 100_000) + "\"\n")
        let e = try #require(d.first { $0.message.contains("too long") })
        #expect(e.severity == .error)
        #expect(e.message == "a name of 100000 characters is too long (at most 200)")
        #expect(e.location == SourceLocation(file: "main.books", line: 2, column: 8))
        #expect(e.length == 100_002)
        // 200 characters (of two bytes each) are fine.
        #expect(diagnostics("customer x\n  name \"" + String(repeating: "é", count: 200) + "\"\n").isEmpty)
    }

    @Test(arguments: ["address", "phone"])
    func otherFieldsAreBoundedToo(_ key: String) throws {
        let d = diagnostics("customer x\n  name X\n  \(key) " + String(repeating: "a", count: 201) + "\n")
        #expect(d.count == 1)
        #expect(d.first?.location.line == 3)
    }

    @Test func notesAndReferencesAreBounded() throws {
        let text = "customer x\n  name X\n2026-01-01 invoice F1 x 10 EUR\n  ref \"" + String(repeating: "r", count: 201)
            + "\"\n  note \"" + String(repeating: "n", count: 1001) + "\"\n"
        let d = diagnostics(text)
        #expect(d.map(\.location.line) == [4, 5])
        #expect(diagnostics("customer x\n  name X\n  note \"" + String(repeating: "n", count: 1000) + "\"\n").isEmpty)
    }

    @Test(arguments: [("\u{00}", "U+0000", 10), ("\u{1B}[31m", "U+001B", 10), ("\u{7F}", "U+007F", 10), ("\u{85}", "U+0085", 10)])
    func controlCharactersInTextsAreLocatedErrors(_ inside: String, _ code: String, _ column: Int) throws {
        let d = diagnostics("customer x\n  name \"A\(inside)B\"\n")
        let e = try #require(d.first { $0.message.contains("control") })
        #expect(e.message == "a control character (\(code)) in the text")
        #expect(e.location.line == 2 && e.location.column == column)
        let unquoted = diagnostics("customer x\n  name A\(inside)B\n")
        #expect(unquoted.first { $0.message.contains("control") }?.message == "a control character (\(code)) in the text")
        // A tab stays allowed; so does a CRLF line end.
        #expect(diagnostics("customer x\r\n  name \"A\tB\"\r\n").isEmpty)
    }

    @Test(arguments: ["9999-07-01", "1899-12-31", "3000-01-01"])
    func booksDatesOutsideTheSupportedYearsAreLocatedErrors(_ date: String) throws {
        let d = diagnostics("customer x\n  name X\n\(date) invoice F1 x 10 EUR\n")
        let e = try #require(d.first)
        #expect(e.message == "\(date) is outside the dates relance handles (1900-01-01 to 2999-12-31)")
        #expect(e.location == SourceLocation(file: "main.books", line: 3, column: 1))
        #expect(Day.supported.contains(Day("1900-01-01")!) && Day.supported.contains(Day("2999-12-31")!))
    }
}
