/// A failure while rendering a letter: libharu's error and detail numbers, what was being done, and plain words.
public struct LetterPDFError: Error, CustomStringConvertible, Sendable, Equatable {
    /// libharu error number (HPDF_* in hpdf_error.h), e.g. 0x1017 for a file that cannot be opened.
    public var code: UInt
    /// libharu detail number (often the system errno for file errors).
    public var detail: UInt
    /// What the renderer was doing, e.g. "loading regular font /path/to/font.ttf".
    public var context: String
    /// Plain-words explanation with a hint how to fix it.
    public var message: String

    public init(code: UInt, detail: UInt, context: String) {
        self.code = code
        self.detail = detail
        self.context = context
        self.message = Self.explain(code: code, detail: detail)
    }

    public var description: String {
        "PDF letter: \(message) (while \(context); libharu error 0x\(String(code, radix: 16, uppercase: true)), detail \(detail))"
    }

    static func explain(code: UInt, detail: UInt) -> String {
        switch code {
        case 0x1017:
            return "cannot open the font file"
                + (detail == 2 ? " (no such file)" : "")
                + "; install fonts-dejavu-core or configure the path of another TrueType font"
        case 0x1016:
            return "cannot read the font file"
        case 0x103F, 0x1040, 0x105E, 0x105F, 0x1060, 0x1061, 0x102D, 0x102E:
            return "the font file is not a usable TrueType (.ttf) font; configure a TrueType font such as DejaVu Sans"
        case 0x105D:
            return "the font's licence does not allow embedding it in a PDF; choose another font"
        case 0x1022:
            return "invalid document creation date"
        case 0x1015:
            return "out of memory"
        case 0x1066:
            return "compression (zlib) failed"
        case 0x105B:
            return "a text is too long for a PDF string"
        case 0x1027, 0x1028, 0x102B:
            return "the UTF-8 text encoder is not available in this libharu build (needs libharu 2.3 or later)"
        default:
            return "the PDF library reported an error"
        }
    }
}
