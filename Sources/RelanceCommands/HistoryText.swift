import Books

/// The records of a history file as text, for comparing two versions of it (`relance verify`): each record is its
/// header line (`DATE KIND ID …`) and the indented lines under it, byte for byte.
struct HistoryText {
    struct Record: Equatable {
        /// Stable across versions: `reminder ID` for a reminder, `KIND ID DATE` (and a count for repeats) otherwise.
        var key: String
        var kind: String
        var id: String
        /// Header and body lines, as written.
        var lines: [String]
        /// 1-based line of the header.
        var line: Int

        /// The words of the body line starting with `field` (comment removed), e.g. ["F2026-021", "1080.00", "EUR"].
        func values(_ field: String) -> [[String]] {
            lines.dropFirst().compactMap { l in
                let w = HistoryText.words(l)
                return w.first == field ? Array(w.dropFirst()) : nil
            }
        }

        var customer: String? {
            let w = HistoryText.words(lines[0])
            return w.count > 3 ? w[3] : nil
        }
    }

    var records: [Record]

    init(_ bytes: [UInt8]) {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        var out: [Record] = []
        var seen: [String: Int] = [:]
        var k = 0
        while k < lines.count {
            let line = lines[k]
            let w = HistoryText.words(line)
            guard let first = line.unicodeScalars.first, first != " " && first != "\t", w.count >= 3, Day(w[0]) != nil else { k += 1; continue }
            var body = [line]
            var j = k + 1
            while j < lines.count, let c = lines[j].unicodeScalars.first, c == " " || c == "\t" {
                if !HistoryText.words(lines[j]).isEmpty { body.append(lines[j]) }
                j += 1
            }
            var key = w[1] == "reminder" ? "reminder \(w[2])" : "\(w[1]) \(w[2]) \(w[0])"
            let n = seen[key, default: 0]
            seen[key] = n + 1
            if n > 0 { key += " #\(n + 1)" }
            out.append(Record(key: key, kind: w[1], id: w[2], lines: body, line: k + 1))
            k = j
        }
        records = out
    }

    /// The words of a line before its comment (`;` at the start or after a blank, outside quotes); quoted words kept whole.
    static func words(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var previousBlank = true
        for c in line {
            if inQuotes {
                if escaped { current.append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == "\"" { inQuotes = false }
                else { current.append(c) }
                continue
            }
            if c == ";" && previousBlank { break }
            if c == " " || c == "\t" {
                if !current.isEmpty { out.append(current); current = "" }
                previousBlank = true
                continue
            }
            previousBlank = false
            if c == "\"" { inQuotes = true; continue }
            current.append(c)
        }
        if !current.isEmpty || inQuotes { out.append(current) }
        return out
    }
}
