/// Renders reminder letters as A4 PDF documents through libharu.
public enum LetterPDF {
    /// Renders `letter` as a PDF file. Pure apart from reading the font files: the same input gives
    /// the same bytes (the dates come from `letter.metadata`). Throws `LetterPDFError`.
    public static func render(_ letter: LetterLayout, fonts: LetterFonts = .dejaVu) throws -> [UInt8] {
        let document = try HaruDocument()
        try document.setUp(fonts: fonts, metadata: letter.metadata)
        let pages = Composer.compose(letter) { text, style, size in
            document.width(text, style: style, size: size)
        }
        try document.check()
        for page in pages { try document.draw(page) }
        return try document.bytes()
    }
}
