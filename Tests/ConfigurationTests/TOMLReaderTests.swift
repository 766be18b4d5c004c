import Books
@testable import Configuration
import Foundation
import Testing

/// The TOML reader of relance.toml: TOML v1.0 as relance.toml uses it, every syntax error located, linear time.
@Suite("TOML reader")
struct TOMLReaderTests {
    func read(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> TOMLTable {
        try TOMLTable(string: text)
    }

    /// The error of `text`, which must not read.
    func failure(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> TOMLError? {
        do {
            _ = try TOMLTable(string: text)
            Issue.record("read without an error: \(text.prefix(80))", sourceLocation: sourceLocation)
            return nil
        } catch let error as TOMLError {
            return error
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func tablesArraysOfTablesAndDottedKeys() throws {
        let t = try read("""
        top = 1
        [company]
        name = "Atelier"
        site.host = "example.org"
        site."port number" = 8080
        [[dunning.level]]
        name = "first"
        [[dunning.level]]
        name = "second"
        [dunning.level.extra]
        x = true
        [departments.sales]
        name = 'Ventes'
        """)
        #expect(t.keys == ["top", "company", "dunning", "departments"])
        #expect(t["top"]?.int == 1)
        let company = try #require(t["company"]?.table)
        #expect(company["name"]?.string == "Atelier")
        #expect(company["site"]?.table?["host"]?.string == "example.org")
        #expect(company["site"]?.table?["port number"]?.int == 8080)
        let levels = try #require(t["dunning"]?.table?["level"]?.array)
        #expect(levels.map { $0.table?["name"]?.string } == ["first", "second"])
        #expect(levels[1].table?["extra"]?.table?["x"]?.bool == true)
        #expect(levels[0].table?["extra"] == nil)
        #expect(t["departments"]?.table?["sales"]?.table?["name"]?.string == "Ventes")
    }

    @Test func scalars() throws {
        let t = try read("""
        a = 42
        b = -17
        c = 1_000
        d = 0xDEAD_beef
        e = 0o755
        f = 0b1101
        g = 3.1415
        h = -0.01
        i = 5e+22
        j = 6.626e-34
        k = inf
        l = -inf
        m = nan
        n = true
        o = false
        p = 2026-01-01
        q = 1979-05-27T07:32:00Z
        r = 1979-05-27 00:32:00.999999-07:00
        s = 07:32:00
        u = 1979-05-27T07:32:00
        v = +0
        """)
        #expect(t["a"]?.int == 42)
        #expect(t["b"]?.int == -17)
        #expect(t["c"]?.int == 1000)
        #expect(t["d"]?.int == 0xDEADBEEF)
        #expect(t["e"]?.int == 0o755)
        #expect(t["f"]?.int == 13)
        #expect(t["g"]?.double == 3.1415)
        #expect(t["h"]?.double == -0.01)
        #expect(t["i"]?.double == 5e22)
        #expect(t["j"]?.double == 6.626e-34)
        #expect(t["k"]?.double == .infinity)
        #expect(t["l"]?.double == -.infinity)
        #expect(t["m"]?.double?.isNaN == true)
        #expect(t["n"]?.bool == true && t["o"]?.bool == false)
        #expect(t["p"]?.date == TOMLDate(year: 2026, month: 1, day: 1))
        #expect(t["q"]?.dateTime?.offsetMinutes == 0)
        #expect(t["q"]?.date == nil)
        #expect(t["r"]?.dateTime?.offsetMinutes == -420)
        #expect(t["r"]?.dateTime?.time?.nanosecond == 999_999_000)
        #expect(t["s"]?.dateTime?.time == TOMLTime(hour: 7, minute: 32, second: 0, nanosecond: 0))
        #expect(t["u"]?.dateTime?.date == TOMLDate(year: 1979, month: 5, day: 27))
        #expect(t["v"]?.int == 0)
        // A value answers only as its own kind.
        #expect(t["a"]?.string == nil && t["a"]?.double == nil && t["g"]?.int == nil && t["p"]?.string == nil)
    }

    @Test func strings() throws {
        let t = try read(#"""
        a = "tab\there \"quoted\" back\\slash \u00E9 \U0001F600"
        b = 'C:\Users\nobody'
        c = """
        Roses
        are "red" \
            and violets"""
        d = '''
        first
          \n kept'''
        e = """two quotes at the end"""""
        f = ""
        "quoted key" = 1
        'literal key' = 2
        "" = 3
        """#)
        #expect(t["a"]?.string == "tab\there \"quoted\" back\\slash é 😀")
        #expect(t["b"]?.string == #"C:\Users\nobody"#)
        #expect(t["c"]?.string == "Roses\nare \"red\" and violets")
        #expect(t["d"]?.string == "first\n  \\n kept")
        #expect(t["e"]?.string == "two quotes at the end\"\"")
        #expect(t["f"]?.string == "")
        #expect(t["quoted key"]?.int == 1 && t["literal key"]?.int == 2 && t[""]?.int == 3)
    }

    @Test func arraysAndInlineTables() throws {
        let t = try read("""
        address = [
          "27 rue des Tables-Claudiennes",  # a comment
          "69001 Lyon",
        ]
        empty = []
        nested = [[1, 2], ["a"], []]
        point = { x = 1, y.z = "deep", inner = { ok = true } }
        list = [{ name = "a" }, { name = "b" }]
        """)
        #expect(t["address"]?.array?.compactMap(\.string) == ["27 rue des Tables-Claudiennes", "69001 Lyon"])
        #expect(t["empty"]?.array?.isEmpty == true)
        #expect(t["nested"]?.array?.count == 3)
        #expect(t["nested"]?.array?[0].array?.compactMap(\.int) == [1, 2])
        let point = try #require(t["point"]?.table)
        #expect(point["x"]?.int == 1)
        #expect(point["y"]?.table?["z"]?.string == "deep")
        #expect(point["inner"]?.table?["ok"]?.bool == true)
        #expect(t["list"]?.array?.compactMap { $0.table?["name"]?.string } == ["a", "b"])
    }

    @Test func theExampleBooksConfigurationReads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ledger-example/relance.toml")
        let t = try read(try String(contentsOf: url, encoding: .utf8))
        #expect(t["company"]?.table?["legal"]?.array?.count == 5)
        #expect(t["dunning"]?.table?["level"]?.array?.count == 5)
        #expect(t["dunning"]?.table?["rate"]?.array?.first?.table?["from"]?.date == TOMLDate(year: 2024, month: 6, day: 12))
    }

    @Test func valuesAndKeysKeepTheirPlace() throws {
        let t = try read("# comment\n[company]\nname   =   \"Atelier é\"\n\n[[dunning.rate]]\nfrom = 2026-01-01\n")
        let company = try #require(t["company"]?.table)
        #expect(company.place == TOMLPlace(line: 2, column: 1, length: 9))
        #expect(company["name"]?.place == TOMLPlace(line: 3, column: 12, length: 12))
        #expect(company.keyPlace("name") == TOMLPlace(line: 3, column: 1, length: 4))
        let rate = try #require(t["dunning"]?.table?["rate"]?.array?.first?.table)
        #expect(rate.place.line == 5)
        #expect(rate["from"]?.place == TOMLPlace(line: 6, column: 8, length: 10))
    }

    /// Inputs that aborted or overflowed the stack inside the TOML library relance used before.
    @Test(arguments: [
        ("[!]", 1, 2), ("[=]", 1, 2), ("[[!]]", 1, 3), ("[\u{01}]", 1, 2), ("[a]\n[ ]", 2, 3), ("[[]]", 1, 3),
    ])
    func badSectionNamesAreLocatedErrors(_ text: String, _ line: Int, _ column: Int) throws {
        let e = try #require(failure(text))
        #expect(e.place.line == line)
        #expect(e.place.column == column)
        #expect(e.message.contains("expected a key"), "\(e.message)")
    }

    @Test func aSectionNameOfManyDottedPartsIsRefusedWithoutRecursion() throws {
        let name = Array(repeating: "a", count: 200_000).joined(separator: ".")
        let e = try #require(failure("[company]\nname = \"x\"\n[\(name)]\n"))
        #expect(e.place.line == 3)
        #expect(e.message.contains("more than \(TOMLReader.maxDepth) dotted parts"))
        let deep = try #require(failure("a = " + String(repeating: "[", count: 100_000)))
        #expect(deep.message.contains("nested more than"))
        let inline = try #require(failure("a = " + String(repeating: "{b = ", count: 100_000)))
        #expect(inline.message.contains("nested more than"))
        // Just under the bound still reads.
        let ok = try read("a = " + String(repeating: "[", count: TOMLReader.maxDepth) + String(repeating: "]", count: TOMLReader.maxDepth))
        #expect(ok["a"]?.array != nil)
    }

    /// Reading is one pass: four times the tables of one array, the keys and the text take about four times as long
    /// (no copy of the array per table added, no rescan).
    /// Large inputs are read whole and right; their speed (linear in the size) is measured by bench/toml.py.
    @Test func largeInputsReadWhole() throws {
        let n = 4_000
        var text = "long = \"" + String(repeating: "x", count: 20 * n) + "\"\n"
        for k in 0..<n { text += "[[a.b]]\nk\(k) = \"\(k)\"\n" }
        let t = try read(text)
        #expect(t["a"]?.table?["b"]?.array?.count == n)
        #expect(t["a"]?.table?["b"]?.array?.last?.table?["k\(n - 1)"]?.string == "\(n - 1)")
        #expect(t["long"]?.string?.count == 20 * n)
    }

    @Test(arguments: [
        ("a = \"open\nb = 1", 1, 5, "not closed"),
        ("a = 'open", 1, 5, "not closed"),
        ("a = \"\"\"never closed\n\n", 1, 5, "not closed"),
        ("a = '''never", 1, 5, "not closed"),
        ("a = \"bad \\q escape\"", 1, 10, "unknown escape"),
        ("a = \"\\uD800\"", 1, 6, "not a Unicode character"),
        ("a = \"\\u12\"", 1, 6, "hexadecimal digits"),
        ("a = \"nul \u{00} here\"", 1, 10, "control character"),
        ("a = 1\nb = \"esc \u{1B}\"", 2, 10, "control character"),
        ("# comment \u{07}", 1, 11, "control character"),
        ("a = hello", 1, 5, "not a TOML value"),
        ("a = 1 2", 1, 7, "end of the line"),
        ("a = 01", 1, 5, "not a TOML value"),
        ("a = 1__0", 1, 5, "not a TOML value"),
        ("a = 1.", 1, 5, "not a TOML value"),
        ("a = .5", 1, 5, "not a TOML value"),
        ("a = 99999999999999999999", 1, 5, "too large"),
        ("a = 2026-02-30", 1, 5, "not a valid date"),
        ("a = 2026-13-01", 1, 5, "not a valid date"),
        ("a = 25:00:00", 1, 5, "not a valid date"),
        ("a = [1, 2", 1, 10, "not closed"),
        ("a = [1 2]", 1, 8, "expected \",\" or \"]\""),
        ("a = { b = 1, }", 1, 14, "expected a key"),
        ("a = { b = 1\n}", 1, 12, "expected \",\" or \"}\""),
        ("a = ", 1, 5, "expected a value"),
        ("a", 1, 2, "expected \"=\""),
        ("= 1", 1, 1, "expected a key"),
        ("a = 1\na = 2", 2, 1, "defined twice"),
        ("[a]\n[a]", 2, 1, "defined twice"),
        ("[a]\nb = 1\n[a.b]", 3, 4, "already a value"),
        ("a = {}\n[a]", 2, 2, "inline table"),
        ("[[a]]\n[a]", 2, 1, "already a list"),
        ("[a]\n[[a]]", 2, 1, "already a [a] section"),
        ("[x]\na.b = 1\n[x.a]", 3, 1, "defined twice"),
        ("a.b = 1\na = 2", 2, 1, "defined twice"),
        ("a = 1\na.b = 2", 2, 1, "already defined"),
        ("a = {b = 1}\na.c = 2", 2, 1, "already defined"),
        ("a = \"x\"\r b = 1", 1, 8, "carriage return"),
        ("[a\nb = 1", 1, 3, "to close the section name"),
        ("a = \"\"\"x\"\"\" = 3", 1, 13, "end of the line"),
    ])
    func syntaxErrorsAreLocated(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let e = try #require(failure(text))
        #expect(e.message.contains(message), "\(text.debugDescription): \(e.message)")
        #expect(e.place.line == line, "\(text.debugDescription): \(e.place)")
        #expect(e.place.column == column, "\(text.debugDescription): \(e.place)")
        #expect(!e.fix.isEmpty)
    }

    @Test func invalidUTF8IsLocated() throws {
        let bytes: [UInt8] = Array("a = 1\nb = \"".utf8) + [0xFF] + Array("\"\n".utf8)
        do {
            var reader = TOMLReader(bytes: bytes, root: TOMLTable(place: TOMLPlace(line: 1, column: 1, length: 1), origin: .root, depth: 0))
            try reader.read()
            Issue.record("read")
        } catch let e as TOMLError {
            #expect(e.place.line == 2 && e.place.column == 6)
            #expect(e.message.contains("UTF-8"))
        }
    }

    @Test func aByteOrderMarkAndCRLFLineEndsAreRead() throws {
        let t = try read("\u{FEFF}[company]\r\nname = \"A\"\r\nlines = [\r\n  \"x\",\r\n]\r\n")
        #expect(t["company"]?.table?["name"]?.string == "A")
        #expect(t["company"]?.table?["lines"]?.array?.count == 1)
        #expect(t["company"]?.table?.place == TOMLPlace(line: 1, column: 1, length: 9))
    }
}
