import Books

/// The character encodings a bank's CSV may come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
    case latin9 = "iso-8859-15"
}

/// How to read one bank's CSV statement (`[import.csv.NAME]` in relance.toml).
public struct CSVImportProfile: Sendable, Equatable {
    public var name: String
    /// The field separator (`;` unless told).
    public var delimiter: Character = ";"
    public var encoding: TextEncoding = .utf8
    /// Lines before the header row.
    public var skip: Int = 0
    /// Header names of the columns.
    public var date: String
    /// `%d`, `%m`, `%Y`, `%y` and literal characters.
    public var dateFormat: String = "%d/%m/%Y"
    /// One or more columns, joined by a space.
    public var label: [String]
    /// Credit and debit columns (`credit`, `debit`), or one signed `amount` column.
    public var credit: String?
    public var debit: String?
    public var amount: String?
    /// The decimal separator: `,` or `.`.
    public var decimal: Character = ","
    /// nil = the company's currency.
    public var currency: Currency?
    /// The bank's transaction id column, if any.
    public var id: String?

    public init(name: String, date: String, label: [String]) {
        self.name = name
        self.date = date
        self.label = label
    }

    /// The date directives a `date_format` may use.
    public static let dateDirectives: Set<Character> = ["d", "m", "Y", "y", "%"]
}
