import Books
import Configuration

/// Bank files in the encodings banks use, turned into text.
enum TextDecoding {
    /// `bytes` as text in `encoding`; for UTF-8, a byte order mark is dropped and invalid bytes are an error at their line.
    static func decode(_ bytes: [UInt8], _ encoding: TextEncoding, file: String, fix: String) throws -> String {
        switch encoding {
        case .utf8:
            var start = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            let body = bytes[start...]
            if let bad = firstInvalidUTF8(body) {
                let line = 1 + body[..<bad].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                let lineStart = body[..<bad].lastIndex(of: 10).map { $0 + 1 } ?? start
                let lineEnd = body[bad...].firstIndex(of: 10) ?? body.endIndex
                let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
                throw StatementError.at(file, line: line, column: String(decoding: bytes[lineStart..<bad], as: UTF8.self).count + 1,
                                        sourceLine: text, "byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) is not UTF-8 text", fix: fix)
            }
            return String(decoding: body, as: UTF8.self)
        case .latin1:
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .windows1252:
            return String(String.UnicodeScalarView(bytes.map { b in
                (0x80...0x9F).contains(b) ? Unicode.Scalar(windows1252High[Int(b) - 0x80])! : Unicode.Scalar(b)
            }))
        case .latin9:
            return String(String.UnicodeScalarView(bytes.map { b in latin9[b].flatMap(Unicode.Scalar.init) ?? Unicode.Scalar(b) }))
        }
    }

    /// Where `bytes` stop being valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var min: UInt32 = 0
            var value: UInt32 = 0
            if b & 0xE0 == 0xC0 { need = 1; min = 0x80; value = UInt32(b & 0x1F) }
            else if b & 0xF0 == 0xE0 { need = 2; min = 0x800; value = UInt32(b & 0x0F) }
            else if b & 0xF8 == 0xF0 { need = 3; min = 0x10000; value = UInt32(b & 0x07) }
            else { return i }
            guard i + need < end else { return i }
            for k in 1...need {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(c & 0x3F)
            }
            if value < min || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += need + 1
        }
        return nil
    }

    /// Windows-1252 0x80…0x9F (the five unused bytes keep their C1 code points, as browsers do).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Where ISO-8859-15 differs from ISO-8859-1.
    static let latin9: [UInt8: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E,
                                          0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
}
