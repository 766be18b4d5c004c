import Books
import Configuration
import Foundation
import Testing

/// relance.toml inputs that crashed relance or took seconds: each gives located diagnostics, quickly.
@Suite("relance.toml hostile inputs")
struct ConfigParserInputTests {
    static let company = "[company]\nname = \"Atelier\"\n"

    @Test(arguments: ["[!]", "[=]", "[[!]]", "[\u{01}]", "[company]\nname = \"A\u{00}\"", "name = \"x\"\n[", "[[dunning.rate]\n"])
    func brokenSyntaxGivesOneLocatedError(_ text: String) throws {
        let (config, diagnostics) = ConfigParser.parse(text)
        #expect(config == nil)
        let e = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(e.severity == .error)
        #expect(e.message.hasPrefix("bad TOML: "))
        #expect(e.location.line >= 1 && e.location.column >= 1)
        #expect(e.sourceLine != nil && e.fix != nil)
    }

    @Test func aTableNameOf200000PartsIsALocatedError() throws {
        let name = Array(repeating: "x", count: 200_000).joined(separator: ".")
        let (config, diagnostics) = ConfigParser.parse(Self.company + "[\(name)]\n")
        #expect(config == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location.line == 3)
    }

    /// Each diagnostic used to read the whole file again to find its line (2000 of them took 12 s;
    /// bench/toml.py measures it now): each one is still located at its own entry.
    @Test func twoThousandBadRatesAreEachLocated() throws {
        var text = Self.company + "[dunning]\n"
        for k in 0..<2000 { text += "\n[[dunning.rate]]\nfrom = \"never\"\nrate = \"x\"\nextra\(k) = 1\n" }
        let (config, diagnostics) = ConfigParser.parse(text)
        #expect(config == nil)
        #expect(diagnostics.count == 6000)
        // Each one at its own entry: the k-th rate's "from" is on line 6 + 5k.
        let froms = diagnostics.filter { $0.message.contains("from must be a date") }.map(\.location.line)
        #expect(froms == (0..<2000).map { 6 + 5 * $0 })
        let unknown = diagnostics.filter { $0.message.contains("unknown key") }
        #expect(unknown.last?.location.line == 8 + 5 * 1999)
        #expect(unknown.last?.sourceLine == "extra1999 = 1")
    }

    @Test func diagnosticsPointAtTheValueOrTheSection() throws {
        let (_, d) = ConfigParser.parse(Self.company + "terms = \"thirty\"\n[[dunning.level]]\nname = \"a\"\noffset = 5\n[[dunning.level]]\nname = \"b\"\noffset = 1\n[dunning]\ngap = 3\n")
        let terms = try #require(d.first { $0.message.contains("terms") })
        #expect(terms.location == SourceLocation(file: "relance.toml", line: 3, column: 9))
        #expect(terms.length == 8)
        let order = try #require(d.first { $0.message.contains("does not come after") })
        #expect(order.location.line == 9)
        let twice = ConfigParser.parse(Self.company + "[dunning]\ngap = 1\n[dunning]\n").1
        #expect(twice.first?.location.line == 5)
    }

    @Test func quotedSectionNamesWithDotsAreLocated() throws {
        let (_, d) = ConfigParser.parse(Self.company + "[departments.\"a.b\"]\nname = 3\n")
        let e = try #require(d.first)
        #expect(e.message.contains("name must be text"))
        #expect(e.location.line == 4)
    }
}

/// Values whose products overflowed the interest computation are bounded.
@Suite("relance.toml numeric bounds")
struct ConfigNumericBoundsTests {
    @Test(arguments: [
        ("[dunning]\ninterest_margin = \"99999999999999\"", 4, "interest_margin must be from 0 to 100"),
        ("[dunning]\nindemnity = \"99999999999999\"", 4, "indemnity must be from 0 to 1000000"),
        ("[[dunning.rate]]\nfrom = 2026-01-01\nrate = \"1000000\"", 5, "a rate must be from -100 to 100"),
        ("[[dunning.rate]]\nfrom = 9999-07-01\nrate = \"2\"", 4, "from is outside the dates relance handles"),
    ])
    func outOfRangeValuesAreLocatedErrors(_ toml: String, _ line: Int, _ message: String) throws {
        let (config, d) = ConfigParser.parse("[company]\nname = \"A\"\n" + toml + "\n")
        #expect(config == nil)
        let e = try #require(d.first)
        #expect(e.message.contains(message), "\(e.message)")
        #expect(e.location.line == line)
    }
}
