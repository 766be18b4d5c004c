import Books
import Configuration

/// OFX and QFX statements: 1.x (SGML, leaf tags left unclosed) and 2.x (XML).
public enum OFXStatement {
    /// The fields of one `<STMTTRN>`, wherever it came from.
    struct Record {
        var line: Int
        var column: Int
        var path: String?
        var fields: [String: (value: String, line: Int)] = [:]
        var currency: String?
    }

    public static func parse(_ bytes: [UInt8], file: String, currency: Currency) throws -> [BankTransaction] {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, [9, 10, 13, 32].contains(bytes[start]) { start += 1 }
        let records: [Record]
        let text: String?
        if bytes[start...].starts(with: Array("<?xml".utf8)) || bytes[start...].starts(with: Array("<?OFX".utf8)) {
            records = try xmlRecords(bytes, file: file)
            text = nil
        } else {
            let decoded = try decode(bytes, file: file)
            records = try sgmlRecords(decoded, file: file)
            text = decoded
        }
        let lines = text?.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        func error(_ r: Record, _ field: String?, _ message: String, fix: String) -> StatementError {
            let line = field.flatMap { r.fields[$0]?.line } ?? r.line
            if let path = r.path {
                return StatementError.at(file, line: line, column: r.column, sourceLine: nil, "\(path)\(field.map { "/" + $0 } ?? ""): \(message)", fix: fix)
            }
            let src = lines.flatMap { line - 1 < $0.count ? String($0[line - 1]) : nil }
            return StatementError.at(file, line: line, sourceLine: src, message, fix: fix)
        }
        var out: [BankTransaction] = []
        for r in records {
            let code = r.currency ?? currency.code
            guard let cur = Currency(code: code) else {
                throw error(r, nil, "unknown currency \"\(code)\" (CURDEF)", fix: "CURDEF must be an ISO 4217 code such as EUR")
            }
            guard let posted = r.fields["DTPOSTED"]?.value else {
                throw error(r, nil, "this <STMTTRN> has no <DTPOSTED>", fix: "check the file is the bank's complete OFX export")
            }
            let digits = Array(posted.prefix(8))
            guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let date = Day(year: Int(String(digits[0..<4]))!, month: Int(String(digits[4..<6]))!, day: Int(String(digits[6..<8]))!) else {
                throw error(r, "DTPOSTED", "\"\(posted)\" is not an OFX date", fix: "OFX dates start with YYYYMMDD, e.g. 20261105")
            }
            guard let amountText = r.fields["TRNAMT"]?.value else {
                throw error(r, nil, "this <STMTTRN> has no <TRNAMT>", fix: "check the file is the bank's complete OFX export")
            }
            guard let amount = BankText.amount(amountText, decimal: ".", minorUnits: cur.minorUnits)
                    ?? BankText.amount(amountText, decimal: ",", minorUnits: cur.minorUnits) else {
                throw error(r, "TRNAMT", "\"\(amountText)\" is not an amount in \(cur.code)", fix: "OFX amounts are written like -45.00 or 1234.56")
            }
            let name = r.fields["NAME"]?.value.collapsingSpaces
            let memo = r.fields["MEMO"]?.value.collapsingSpaces
            var label = [name, memo].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            if let name, let memo, memo.hasPrefix(name) { label = memo }
            var t = BankTransaction(file: file, line: r.line, date: date, amount: amount, currency: cur, label: label)
            t.payer = name.flatMap { $0.isEmpty ? nil : $0 }
            t.bankID = r.fields["FITID"]?.value
            out.append(t)
        }
        return out
    }

    /// OFX 1.x text: the header's CHARSET (1252, ISO-8859-1) or ENCODING:UTF-8; else UTF-8 when valid, Windows-1252 when not.
    static func decode(_ bytes: [UInt8], file: String) throws -> String {
        let head = String(decoding: bytes.prefix(1024).map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self).uppercased()
        let fix = "check the OFX header's CHARSET"
        if head.contains("ENCODING:UTF-8") { return try TextDecoding.decode(bytes, .utf8, file: file, fix: fix) }
        if head.contains("CHARSET:1252") { return try TextDecoding.decode(bytes, .windows1252, file: file, fix: fix) }
        if head.contains("CHARSET:ISO-8859-1") || head.contains("CHARSET:8859-1") { return try TextDecoding.decode(bytes, .latin1, file: file, fix: fix) }
        if head.contains("CHARSET:ISO-8859-15") || head.contains("CHARSET:8859-15") { return try TextDecoding.decode(bytes, .latin9, file: file, fix: fix) }
        if TextDecoding.firstInvalidUTF8(bytes[...]) == nil { return try TextDecoding.decode(bytes, .utf8, file: file, fix: fix) }
        return try TextDecoding.decode(bytes, .windows1252, file: file, fix: fix)
    }

    /// OFX 1.x: `<TAG>value` leaves (closed or not), `<AGGREGATE>…</AGGREGATE>`.
    static func sgmlRecords(_ text: String, file: String) throws -> [Record] {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var sawOFX = false
        var stack: [(name: String, line: Int)] = []
        var currency: String?
        var records: [Record] = []
        var current: Record?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        func fail(_ at: Int, _ message: String, _ fix: String) -> StatementError {
            StatementError.at(file, line: at, sourceLine: at - 1 < lines.count ? String(lines[at - 1]) : nil, message, fix: fix)
        }
        // Skip the `KEY:VALUE` header up to the first tag.
        while i < chars.count, chars[i] != "<" { if chars[i] == "\n" { line += 1 }; i += 1 }
        while i < chars.count {
            guard chars[i] == "<" else { if chars[i] == "\n" { line += 1 }; i += 1; continue }
            let tagLine = line
            var j = i + 1
            while j < chars.count, chars[j] != ">", chars[j] != "<" { if chars[j] == "\n" { line += 1 }; j += 1 }
            guard j < chars.count, chars[j] == ">" else {
                throw fail(tagLine, "a tag is not closed with \">\"", "check the file is the bank's complete OFX export")
            }
            var name = String(String.UnicodeScalarView(chars[(i + 1)..<j])).trimmedOfSpaces.uppercased()
            i = j + 1
            if name.hasPrefix("!") || name.hasPrefix("?") { continue }
            if name.hasPrefix("/") {
                name.removeFirst()
                guard let k = stack.lastIndex(where: { $0.name == name }) else {
                    throw fail(tagLine, "</\(name)> closes nothing that is open", "check the file is the bank's complete OFX export")
                }
                for closed in stack[k...] where closed.name == "STMTTRN" {
                    if let c = current { records.append(c) }
                    current = nil
                }
                stack.removeSubrange(k...)
                continue
            }
            if name == "OFX" { sawOFX = true }
            // The text up to the next tag: a value makes this a leaf.
            var k = i
            while k < chars.count, chars[k] != "<" { k += 1 }
            let raw = String(String.UnicodeScalarView(chars[i..<k]))
            let value = entities(raw.trimmedOfSpaces)
            if value.isEmpty {
                stack.append((name, tagLine))
                if name == "STMTTRN" {
                    if let c = current { records.append(c) }
                    current = Record(line: tagLine, column: 1, path: nil, currency: currency)
                }
            } else {
                if name == "CURDEF" { currency = value }
                current?.fields[name] = (value, tagLine)
                // An optional `</TAG>` right after a leaf's value.
                let close = "</\(name)>"
                let n = close.unicodeScalars.count
                if k + n <= chars.count, String(String.UnicodeScalarView(chars[k..<(k + n)])).uppercased() == close {
                    for c in chars[i..<k] where c == "\n" { line += 1 }
                    i = k + n
                    continue
                }
            }
            for c in chars[i..<k] where c == "\n" { line += 1 }
            i = k
        }
        if let c = current { records.append(c) }
        guard sawOFX else {
            throw fail(1, "this is not an OFX file: there is no <OFX> tag", "give an .ofx or .qfx file, or name the format with --format csv or camt053")
        }
        return records
    }

    static func entities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"").replacingAll("&apos;", "'")
            .replacingAll("&nbsp;", " ").replacingAll("&amp;", "&")
    }

    /// OFX 2.x: XML through XMLParser.
    static func xmlRecords(_ bytes: [UInt8], file: String) throws -> [Record] {
        let root = try XMLTree.parse(bytes, file: file, what: "OFX")
        guard root.name == "OFX" else {
            throw root.error(file, "this is not an OFX file: the root is <\(root.name)>, not <OFX>", fix: "give an .ofx or .qfx file, or name the format with --format")
        }
        var records: [Record] = []
        func walk(_ node: XMLNode, currency: String?) {
            let cur = node.value("CURDEF") ?? currency
            for c in node.children {
                if c.name == "STMTTRN" {
                    var r = Record(line: c.line, column: c.column, path: c.path, currency: cur)
                    for f in c.children where f.children.isEmpty {
                        r.fields[f.name] = (f.text.trimmedOfSpaces, f.line)
                    }
                    records.append(r)
                } else {
                    walk(c, currency: cur)
                }
            }
        }
        walk(root, currency: nil)
        return records
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
