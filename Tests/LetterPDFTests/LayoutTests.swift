import Testing
@testable import LetterPDF

@Suite struct WrapTests {
    /// Every character is one unit wide.
    let measure: (String) -> Double = { Double($0.count) }

    @Test func wrapsAtSpacesWithinTheWidth() {
        let lines = Text.wrap("aaa bbb cc dddd e", maxWidth: 7, measure: measure)
        #expect(lines == ["aaa bbb", "cc dddd", "e"])
    }

    @Test func neverBreaksAtNoBreakSpaces() {
        let amount = "1\u{202F}234,56\u{00A0}€"
        let lines = Text.wrap("total \(amount) due", maxWidth: 11, measure: measure)
        #expect(lines == ["total", amount, "due"])
    }

    @Test func cutsAWordLongerThanTheLine() {
        let lines = Text.wrap("ab " + String(repeating: "x", count: 12) + " cd", maxWidth: 5, measure: measure)
        #expect(lines == ["ab", "xxxxx", "xxxxx", "xx cd"])
        #expect(lines.allSatisfy { measure($0) <= 5 })
    }

    @Test func keepsForcedBreaksAndDropsControlCharacters() {
        #expect(Text.wrap("a\nb\u{0}c\tz", maxWidth: 10, measure: measure) == ["a", "bc z"])
        #expect(Text.wrap("", maxWidth: 10, measure: measure) == [""])
    }
}

@Suite struct PlacementTests {
    typealias G = Geometry

    func width(_ op: DrawOp, _ document: HaruDocument) -> Double {
        guard case let .text(string, _, _, style, size, _) = op else { return 0 }
        return document.width(string, style: style, size: size)
    }

    @Test func longWordsStayInsideTheMarginsAndTheWindow() throws {
        let word = String(repeating: "Überlangerzusammengesetzterbegriff", count: 8)
        var letter = Fixtures.french
        letter.sender[1] = word
        letter.recipient[2] = word
        letter.paragraphs.append("Voir \(word) pour le détail.")
        letter.table?.rows.append(["F-\(word)", "01/01/2026", "01/02/2026", "1 jour", Fixtures.euros("1,00")])
        letter.footer.append(word)

        let document = try HaruDocument()
        try document.setUp(fonts: .dejaVu, metadata: letter.metadata)
        let pages = Composer.compose(letter) { document.width($0, style: $1, size: $2) }
        var texts = 0
        for page in pages {
            for op in page.operations {
                guard case let .text(string, x, y, _, size, _) = op else { continue }
                texts += 1
                let right = x + width(op, document)
                #expect(x >= G.left - 0.01 && right <= G.right + 0.01, "\(string.prefix(30))… spans \(x)–\(right)")
                #expect(y >= G.footerBaseline - 0.01 && y + 0.93 * size <= G.pageHeight - G.firstPageTop + 0.01)
            }
        }
        #expect(texts > 50)
        // The recipient, including the cut word, is inside the envelope window on page 1.
        let recipientOps = pages[0].operations.filter {
            if case let .text(_, x, _, _, _, _) = $0 { return x >= G.windowLeft } else { return false }
        }.filter {
            if case let .text(_, _, y, _, _, _) = $0 { return y > G.pageHeight - G.windowBottom } else { return false }
        }
        #expect(recipientOps.count >= letter.recipient.count)
        for op in recipientOps {
            guard case let .text(_, x, y, _, size, _) = op else { continue }
            #expect(x + width(op, document) <= G.windowLeft + 90 * G.mm)
            let baselineFromTop = G.pageHeight - y
            #expect(baselineFromTop - size >= G.windowTop && baselineFromTop + 0.25 * size <= G.windowBottom,
                    "recipient line at \(baselineFromTop / G.mm) mm from the top")
        }
    }

    @Test func emptyOptionalPartsStillRender() throws {
        let letter = LetterLayout(
            sender: [], recipient: [], placeAndDate: "", subject: "", paragraphs: [""],
            table: LetterTable(columns: [.init(title: "A", width: 0)], rows: []),
            metadata: LetterMetadata(title: "", author: "", subject: "", creationDate: PDFDate(year: 2026, month: 1, day: 1))
        )
        let pdf = try LetterPDF.render(letter)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
    }
}

@Suite struct PaginationTests {
    /// Whatever the table length, the signature never sits alone: the politeness formula comes with it.
    @Test func signatureKeepsTheLastParagraph() throws {
        let document = try HaruDocument()
        try document.setUp(fonts: .dejaVu, metadata: Fixtures.french.metadata)
        var pageCounts = Set<Int>()
        for rows in 1...80 {
            let pages = Composer.compose(Fixtures.frenchWithRows(rows)) { document.width($0, style: $1, size: $2) }
            pageCounts.insert(pages.count)
            func page(containing needle: String) -> Int? {
                pages.firstIndex { $0.operations.contains { op in
                    if case let .text(string, _, _, _, _, _) = op { return string.contains(needle) } else { return false }
                } }
            }
            let signature = page(containing: "Camille Dupré")
            #expect(signature != nil && signature == page(containing: "salutations distinguées"), "\(rows) rows")
            #expect(signature == pages.count - 1)
        }
        #expect(pageCounts.count >= 3, "the sweep should cross page boundaries")
    }
}
