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
        for row in rows + footer {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) }
        }
        func format(_ row: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - width(cell)))
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

