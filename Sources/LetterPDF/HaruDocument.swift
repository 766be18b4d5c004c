import CHaru

/// Records the first libharu error of a document; libharu calls `haruErrorHandler` with it as user data.
final class HaruErrorBox {
    var context = "creating the document"
    var error: LetterPDFError?

    func record(code: UInt, detail: UInt) {
        if error == nil { error = LetterPDFError(code: code, detail: detail, context: context) }
    }
}

private let haruErrorHandler: HPDF_Error_Handler = { code, detail, userData in
    guard let userData else { return }
    Unmanaged<HaruErrorBox>.fromOpaque(userData).takeUnretainedValue()
        .record(code: UInt(code), detail: UInt(detail))
}

enum FontStyle: Sendable, Equatable { case regular, bold }

/// One libharu document with the two embedded fonts; freed on deinit, whatever happened.
/// Not thread-safe: used by a single render call.
final class HaruDocument {
    private let errors: HaruErrorBox
    private let doc: HPDF_Doc
    private var regular: HPDF_Font?
    private var bold: HPDF_Font?
    /// True with the standard fonts: text is then passed to libharu in Windows-1252.
    private var winAnsi = false

    init() throws {
        let errors = HaruErrorBox()
        guard let doc = HPDF_New(haruErrorHandler, Unmanaged.passUnretained(errors).toOpaque()) else {
            throw LetterPDFError(code: 0x1015, detail: 0, context: "creating the document")
        }
        self.errors = errors
        self.doc = doc
    }

    deinit { HPDF_Free(doc) }

    /// Runs `body` with `context` as the error context and throws the first error libharu reported.
    /// A non-OK status without a handler call is also turned into an error.
    private func step(_ context: String, _ body: () -> HPDF_STATUS) throws {
        errors.context = context
        let status = body()
        if status != HPDF_STATUS(HPDF_OK) { errors.record(code: UInt(status), detail: 0) }
        try check()
    }

    func check() throws {
        if let error = errors.error { throw error }
    }

    /// UTF-8 text, compression, embedded fonts, document information.
    /// `fonts` nil = the standard Helvetica, not embedded.
    func setUp(fonts: LetterFonts?, metadata: LetterMetadata) throws {
        try step("enabling compression") { HPDF_SetCompressionMode(doc, HPDF_UINT(HPDF_COMP_ALL)) }
        try step("enabling UTF-8 encodings") { HPDF_UseUTFEncodings(doc) }
        try step("selecting the UTF-8 encoder") { HPDF_SetCurrentEncoder(doc, "UTF-8") }
        if let fonts {
            regular = try loadFont(path: fonts.regular, role: "regular")
            bold = try loadFont(path: fonts.bold, role: "bold")
        } else {
            winAnsi = true
            errors.context = "selecting the standard Helvetica fonts"
            regular = HPDF_GetFont(doc, "Helvetica", "WinAnsiEncoding")
            bold = HPDF_GetFont(doc, "Helvetica-Bold", "WinAnsiEncoding")
            try check()
        }

        let date = metadata.creationDate
        var haruDate = HPDF_Date()
        haruDate.year = HPDF_INT(clamping: date.year)
        haruDate.month = HPDF_INT(clamping: date.month)
        haruDate.day = HPDF_INT(clamping: date.day)
        haruDate.hour = HPDF_INT(clamping: date.hour)
        haruDate.minutes = HPDF_INT(clamping: date.minute)
        haruDate.seconds = HPDF_INT(clamping: date.second)
        if let offset = date.utcOffsetMinutes {
            haruDate.ind = CChar(UInt8(ascii: offset == 0 ? "Z" : offset > 0 ? "+" : "-"))
            haruDate.off_hour = HPDF_INT(clamping: abs(offset) / 60)
            haruDate.off_minutes = HPDF_INT(clamping: abs(offset) % 60)
        } else {
            haruDate.ind = CChar(UInt8(ascii: " "))
        }
        try step("setting the creation date") { HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, haruDate) }
        try step("setting the modification date") { HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, haruDate) }
        let info: [(HPDF_InfoType, String)] = [
            (HPDF_INFO_TITLE, metadata.title), (HPDF_INFO_AUTHOR, metadata.author),
            (HPDF_INFO_SUBJECT, metadata.subject), (HPDF_INFO_CREATOR, "relance"),
        ]
        for (type, value) in info where !value.isEmpty {
            try step("setting document information") { HPDF_SetInfoAttr(doc, type, Text.clean(value)) }
        }
    }

    private func loadFont(path: String, role: String) throws -> HPDF_Font {
        errors.context = "loading \(role) font \(path)"
        guard let name = HPDF_LoadTTFontFromFile(doc, path, HPDF_BOOL(HPDF_TRUE)) else {
            try check()
            throw LetterPDFError(code: 0x1017, detail: 0, context: errors.context)
        }
        let font = HPDF_GetFont(doc, name, "UTF-8")
        try check()
        guard let font else { throw LetterPDFError(code: 0x1075, detail: 0, context: errors.context) }
        // Text extraction (and copy-paste) needs a valid ToUnicode map; see shim.h.
        try step("writing the ToUnicode map of the \(role) font") { relance_fix_utf8_to_unicode(font) }
        return font
    }

    private func font(_ style: FontStyle) -> HPDF_Font? { style == .bold ? bold : regular }

    /// Width of `text` in points; glyph advances only (libharu applies no kerning either).
    func width(_ text: String, style: FontStyle, size: Double) -> Double {
        guard !text.isEmpty, let font = font(style) else { return 0 }
        var utf8 = encoded(text)
        let measured = utf8.withUnsafeMutableBufferPointer { buffer in
            HPDF_Font_TextWidth(font, buffer.baseAddress, HPDF_UINT(buffer.count))
        }
        return Double(measured.width) * size / 1000
    }

    /// The bytes libharu expects for `text` with the current fonts.
    private func encoded(_ text: String) -> [UInt8] {
        if winAnsi { return WinAnsi.encode(text) ?? Array(text.unicodeScalars.map { WinAnsi.encode(String($0))?.first ?? UInt8(ascii: "?") }) }
        return Array(text.utf8)
    }

    /// Draws one page: fills and rules first, then all text in a single text object.
    func draw(_ page: PageContent) throws {
        errors.context = "drawing page \(page.number)"
        guard let hpage = HPDF_AddPage(doc) else {
            try check()
            throw LetterPDFError(code: 0x1037, detail: 0, context: errors.context)
        }
        try step(errors.context) { HPDF_Page_SetSize(hpage, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT) }
        for op in page.operations {
            switch op {
            case let .fill(rect, gray):
                HPDF_Page_SetGrayFill(hpage, HPDF_REAL(gray))
                HPDF_Page_Rectangle(hpage, HPDF_REAL(rect.x), HPDF_REAL(rect.y), HPDF_REAL(rect.width), HPDF_REAL(rect.height))
                HPDF_Page_Fill(hpage)
            case let .rule(x1, y1, x2, y2, lineWidth, gray):
                HPDF_Page_SetGrayStroke(hpage, HPDF_REAL(gray))
                HPDF_Page_SetLineWidth(hpage, HPDF_REAL(lineWidth))
                HPDF_Page_MoveTo(hpage, HPDF_REAL(x1), HPDF_REAL(y1))
                HPDF_Page_LineTo(hpage, HPDF_REAL(x2), HPDF_REAL(y2))
                HPDF_Page_Stroke(hpage)
            case .text:
                break
            }
        }
        try check()
        HPDF_Page_BeginText(hpage)
        var current: (FontStyle, Double)?
        var currentGray: Double?
        for case let .text(string, x, y, style, size, gray) in page.operations where !string.isEmpty {
            if current == nil || current! != (style, size) {
                HPDF_Page_SetFontAndSize(hpage, font(style), HPDF_REAL(size))
                current = (style, size)
            }
            if currentGray != gray {
                HPDF_Page_SetGrayFill(hpage, HPDF_REAL(gray))
                currentGray = gray
            }
            var bytes = encoded(string).map { CChar(bitPattern: $0) }
            bytes.append(0)
            HPDF_Page_TextOut(hpage, HPDF_REAL(x), HPDF_REAL(y), bytes)
        }
        HPDF_Page_EndText(hpage)
        try check()
    }

    /// The finished PDF file.
    func bytes() throws -> [UInt8] {
        try step("writing the PDF") { HPDF_SaveToStream(doc) }
        let size = HPDF_GetStreamSize(doc)
        try check()
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var read = HPDF_UINT32(size)
        try step("reading the PDF back from memory") {
            bytes.withUnsafeMutableBufferPointer { HPDF_ReadFromStream(doc, $0.baseAddress, &read) }
        }
        return Array(bytes.prefix(Int(read)))
    }
}
