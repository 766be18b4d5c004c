import Books
import Foundation

/// An aligned text table; colours are applied after alignment so widths stay right.
public struct TextTable {
    public enum Alignment { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Optional colour per row.
    public var rowColors: [ANSIColor?] = []
    /// Rows printed under a rule (totals).
    public var footer: [[String]] = []

    public init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    public mutating func add(_ row: [String], color: ANSIColor? = nil) {
        rows.append(row)
        rowColors.append(color)
    }

    public func render(to sink: OutputSink) {
        // Display width: characters; ASCII cells (nearly all) are measured by their bytes, which is fast.
        func width(_ s: String) -> Int { s.utf8.allSatisfy { $0 < 0x80 } ? s.utf8.count : s.count }
        var widths = headers.map(width)
        for table in [rows, footer] {
            for row in table {
                for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) }
            }
        }
        // Each line is built as bytes: cells padded to their column, two spaces between, no trailing blanks.
        var bytes: [UInt8] = []
        func format(_ row: [String]) -> [UInt8] {
            bytes.removeAll(keepingCapacity: true)
            for (i, cell) in row.enumerated() {
                if i > 0 { bytes.append(32); bytes.append(32) }
                let pad = max(0, widths[i] - width(cell))
                if alignments[i] == .right { bytes.append(contentsOf: repeatElement(32, count: pad)) }
                var cell = cell
                cell.withUTF8 { bytes.append(contentsOf: $0) }
                if alignments[i] == .left { bytes.append(contentsOf: repeatElement(32, count: pad)) }
            }
            while bytes.last == 32 { bytes.removeLast() }
            bytes.append(10)
            return bytes
        }
        func write(_ row: [String], _ color: ANSIColor?) {
            let line = format(row)
            if let color, sink.colors {
                sink.write(sink.paint(String(decoding: line.dropLast(), as: UTF8.self), color) + "\n")
            } else {
                sink.write(bytes: line)
            }
        }
        write(headers, .bold)
        for (k, row) in rows.enumerated() { write(row, rowColors[k]) }
        if !footer.isEmpty {
            sink.line(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            for row in footer { write(row, .bold) }
        }
    }
}

/// RFC 4180 CSV.
public enum CSV {
    /// How a CSV file is written.
    public struct Dialect: Sendable, Equatable {
        public var separator: Character
        /// Amounts with a decimal comma (`1200,50`) instead of a point.
        public var decimalComma: Bool
        /// A UTF-8 byte order mark first, so that spreadsheets read the accents right.
        public var byteOrderMark: Bool

        /// For programs (RFC 4180): comma-separated, decimal point, CRLF line ends.
        public static let machine = Dialect(separator: ",", decimalComma: false, byteOrderMark: false)
        /// For a spreadsheet set to French (Excel, LibreOffice): semicolons, decimal comma, UTF-8 BOM, CRLF.
        public static let frenchSpreadsheet = Dialect(separator: ";", decimalComma: true, byteOrderMark: true)

        /// An amount in this dialect: `1200.50` or `1200,50` (no thousands separator, no currency).
        public func amount(_ m: Money) -> String { decimalComma ? m.plain.replacingOccurrences(of: ".", with: ",") : m.plain }
        public func amount(_ minor: Int64, _ currency: Currency) -> String { amount(Money(minor: minor, currency: currency)) }

        /// What comes before the first line.
        public var start: String { byteOrderMark ? "\u{FEFF}" : "" }
    }

    public static func field(_ s: String, _ dialect: Dialect = .machine) -> String {
        if s.contains(where: { $0 == dialect.separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String], _ dialect: Dialect = .machine) -> String {
        fields.map { field($0, dialect) }.joined(separator: String(dialect.separator)) + "\r\n"
    }
}

extension ReportFormat {
    /// The CSV dialect of `csv` and `csv-fr` (nil for the others).
    public var csvDialect: CSV.Dialect? {
        switch self {
        case .csv: .machine
        case .csvFr: .frenchSpreadsheet
        case .table, .json: nil
        }
    }
}

