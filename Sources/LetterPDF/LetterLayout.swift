/// A reminder letter, with every piece already formatted as text by the caller
/// (language, dates and amounts are done upstream). Rendered by `LetterPDF.render`.
public struct LetterLayout: Sendable, Equatable {
    /// Top-left block: company name first (bold), then address lines, phone, e-mail, SIRET…
    public var sender: [String]
    /// Name then address lines, placed in the window of a DL/C5 window envelope (right-hand window).
    public var recipient: [String]
    /// "Paris, le 22 novembre 2026", right aligned under the address block.
    public var placeAndDate: String
    /// Small lines such as "Réf. : R2026-0007", "Client : acme".
    public var references: [String]
    /// "Objet : Mise en demeure de payer", printed bold.
    public var subject: String
    /// Body before the table, wrapped to the text width. "" is a blank spacer, "\n" a forced line break.
    public var paragraphs: [String]
    /// The invoices, if any.
    public var table: LetterTable?
    /// Body after the table: penalties, payment details, deadline, politeness formula.
    public var closingParagraphs: [String]
    /// Right-aligned block at the end of the letter.
    public var signature: [String]
    /// Legal mentions, small grey centred lines on every page (plus "page N / M" when there are several pages).
    public var footer: [String]
    /// Document information dictionary.
    public var metadata: LetterMetadata

    public init(
        sender: [String], recipient: [String], placeAndDate: String, references: [String] = [],
        subject: String, paragraphs: [String], table: LetterTable? = nil, closingParagraphs: [String] = [],
        signature: [String] = [], footer: [String] = [], metadata: LetterMetadata
    ) {
        self.sender = sender
        self.recipient = recipient
        self.placeAndDate = placeAndDate
        self.references = references
        self.subject = subject
        self.paragraphs = paragraphs
        self.table = table
        self.closingParagraphs = closingParagraphs
        self.signature = signature
        self.footer = footer
        self.metadata = metadata
    }
}

/// A table with a bold header row (repeated on each page), body rows and bold totals rows.
public struct LetterTable: Sendable, Equatable {
    /// Horizontal alignment of a column's cells.
    public enum Alignment: Sendable, Equatable { case left, right }

    /// One column: header title, relative width weight, alignment.
    public struct Column: Sendable, Equatable {
        public var title: String
        /// Relative weight; the table always spans the full text width.
        public var width: Double
        public var alignment: Alignment

        public init(title: String, width: Double, alignment: Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// Body rows; missing cells are blank, extra cells are ignored.
    public var rows: [[String]]
    /// Bold rows under a rule. A totals row with fewer cells than columns is right-anchored:
    /// its first cell (the label) spans the leading columns, the others fill the last columns.
    public var totals: [[String]]

    public init(columns: [Column], rows: [[String]], totals: [[String]] = []) {
        self.columns = columns
        self.rows = rows
        self.totals = totals
    }
}

/// PDF document information. The creation date is given by the caller so that output is reproducible.
public struct LetterMetadata: Sendable, Equatable {
    public var title: String
    public var author: String
    public var subject: String
    /// Written as both CreationDate and ModDate.
    public var creationDate: PDFDate

    public init(title: String, author: String, subject: String, creationDate: PDFDate) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creationDate = creationDate
    }
}

/// Calendar components of a PDF date. `utcOffsetMinutes` nil writes no time zone.
public struct PDFDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var utcOffsetMinutes: Int?

    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        utcOffsetMinutes: Int? = nil
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}

/// TrueType font files embedded in the PDF (regular and bold).
/// Which fonts a letter is set in.
public enum LetterTypeface: Sendable, Equatable {
    /// The PDF standard Helvetica: nothing embedded, a few kilobytes per letter; Windows-1252 text only
    /// (French, English and the other western European languages, the € sign included).
    case standard
    /// TrueType fonts embedded whole: any character the fonts have, about 190 KB per letter.
    case embedded(LetterFonts)
    /// `standard` when every character of the letter fits, else `embedded`.
    case automatic(LetterFonts)
}

public struct LetterFonts: Sendable, Equatable {
    public var regular: String
    public var bold: String

    public init(regular: String, bold: String) {
        self.regular = regular
        self.bold = bold
    }

    /// DejaVu Sans as installed by the Debian/Ubuntu package fonts-dejavu-core.
    public static let dejaVu = LetterFonts(
        regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    )
}
