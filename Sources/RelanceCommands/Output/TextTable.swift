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
        var widths = headers.map(\.count)
        for row in rows + footer {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ row: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                parts.append(alignments[i] == .right ? pad + cell : (i == row.count - 1 ? cell : cell + pad))
            }
            var line = parts.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        sink.line(sink.paint(format(headers), .bold))
        for (k, row) in rows.enumerated() {
            let line = format(row)
            sink.line(rowColors[k].map { sink.paint(line, $0) } ?? line)
        }
        if !footer.isEmpty {
            sink.line(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            for row in footer { sink.line(sink.paint(format(row), .bold)) }
        }
    }
}

/// RFC 4180 CSV.
public enum CSV {
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
}

