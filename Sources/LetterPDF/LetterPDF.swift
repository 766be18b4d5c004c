/// Renders reminder letters as A4 PDF documents through libharu.
public enum LetterPDF {
    /// Renders `letter` as a PDF file, in the standard Helvetica when its text allows, else in DejaVu
    /// (embedded). The same input gives the same bytes (the dates come from `letter.metadata`).
    public static func render(_ letter: LetterLayout, typeface: LetterTypeface = .automatic(.dejaVu)) throws -> [UInt8] {
        let useStandard: Bool
        let fonts: LetterFonts
        switch typeface {
        case .standard: (useStandard, fonts) = (true, .dejaVu)
        case .embedded(let f): (useStandard, fonts) = (false, f)
        case .automatic(let f): (useStandard, fonts) = (letter.allText.allSatisfy(WinAnsi.canEncode), f)
        }
        let document = try HaruDocument()
        try document.setUp(fonts: useStandard ? nil : fonts, metadata: letter.metadata)
        let pages = Composer.compose(letter) { text, style, size in
            document.width(text, style: style, size: size)
        }
        try document.check()
        for page in pages { try document.draw(page) }
        return try document.bytes()
    }

    /// Renders `letter` with these TrueType fonts embedded. Throws `LetterPDFError`.
    public static func render(_ letter: LetterLayout, fonts: LetterFonts) throws -> [UInt8] {
        try render(letter, typeface: .embedded(fonts))
    }
}

extension LetterLayout {
    /// Every text printed on the letter.
    var allText: [String] {
        var out = sender + recipient + [placeAndDate] + references + [subject] + paragraphs + closingParagraphs + signature + footer
        if let table {
            out += table.columns.map(\.title) + table.rows.flatMap { $0 } + table.totals.flatMap { $0 }
        }
        return out
    }
}
