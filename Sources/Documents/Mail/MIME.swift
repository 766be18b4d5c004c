/// Byte-level encoders for message headers and bodies (RFC 2045, 2047, 2231, 5322).
enum MIME {
    static let crlf: [UInt8] = [13, 10]
    static let hexDigits = Array("0123456789ABCDEF".utf8)

    // MARK: Character classes

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(b)
        }
    }

    /// One or more atext runs separated by single dots.
    static func isDotAtom(_ b: ArraySlice<UInt8>) -> Bool {
        guard !b.isEmpty, b.first != UInt8(ascii: "."), b.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for c in b {
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard isAtext(c) else { return false }
                previousDot = false
            }
        }
        return true
    }

    /// RFC 2045 `token` character: printable ASCII except space and tspecials.
    static func isTokenChar(_ b: UInt8) -> Bool {
        b > 32 && b < 127 && !Array("()<>@,;:\\\"/[]?=".utf8).contains(b)
    }

    static func isPrintableASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
    }

    // MARK: Free text

    /// Header free text made safe: every control character (C0, DEL, C1, U+2028, U+2029),
    /// CR and LF included, becomes a space; runs of spaces collapse to one; ends are trimmed.
    /// After this no value can contain a line break, so none can start a header of its own.
    static func sanitize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let isSpace = v <= 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            if isSpace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    // MARK: RFC 2047 "Q" encoding

    /// One scalar in the "Q" encoding restricted to what RFC 2047 section 5(3) allows inside a
    /// phrase (letters, digits, `!*+-/`), so the same words are valid in Subject and in names.
    static func qEncode(_ scalar: Unicode.Scalar) -> [UInt8] {
        if scalar == " " { return [UInt8(ascii: "_")] }
        if scalar.isASCII {
            let b = UInt8(scalar.value)
            let isSafe = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "!") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "/")
            if isSafe { return [b] }
        }
        var out: [UInt8] = []
        for b in String(scalar).utf8 { out += [UInt8(ascii: "="), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]] }
        return out
    }

    // MARK: Quoted-printable (RFC 2045 section 6.7)

    /// `text` as quoted-printable lines joined by CRLF. Any of CRLF, CR or LF is a hard line
    /// break. Lines are soft-broken so none exceeds 76 characters, `=` and non-ASCII bytes are
    /// escaped, whitespace at the end of a line is escaped, and so are a `.` or the `F` of
    /// `From ` at the start of a line (harmless, and robust against naive transports).
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var lines: [[UInt8]] = [[]]
        var previousCR = false
        for b in text.utf8 {
            if b == 13 {
                lines.append([])
                previousCR = true
            } else if b == 10 {
                if !previousCR { lines.append([]) }
                previousCR = false
            } else {
                lines[lines.count - 1].append(b)
                previousCR = false
            }
        }
        var out: [UInt8] = []
        for (i, line) in lines.enumerated() {
            if i > 0 { out += crlf }
            encodeQPLine(line, into: &out)
        }
        return out
    }

    private static func encodeQPLine(_ line: [UInt8], into out: inout [UInt8]) {
        let limit = 76
        var column = 0
        func escaped(_ b: UInt8) -> [UInt8] { [UInt8(ascii: "="), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]] }
        func token(at i: Int, column: Int) -> [UInt8] {
            let b = line[i]
            let isLast = i == line.count - 1
            if b == 32 || b == 9 { return isLast ? escaped(b) : [b] }
            if b == UInt8(ascii: "=") || b < 32 || b > 126 { return escaped(b) }
            if column == 0 {
                if b == UInt8(ascii: ".") { return escaped(b) }
                if b == UInt8(ascii: "F"), line[i...].starts(with: Array("From ".utf8)) { return escaped(b) }
            }
            return [b]
        }
        for i in line.indices {
            // A token that is not the line's last must leave room for the soft break's "=".
            let reserve = i == line.count - 1 ? 0 : 1
            var t = token(at: i, column: column)
            if column + t.count + reserve > limit {
                out += [UInt8(ascii: "=")] + crlf
                column = 0
                t = token(at: i, column: 0)
            }
            out += t
            column += t.count
        }
    }

    // MARK: Base64 (RFC 2045 section 6.8)

    /// Standard base64 with padding, in lines of 76 characters joined by CRLF (no final CRLF).
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 8)
        var column = 0
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let b0 = UInt32(bytes[i])
            let b1 = n > 1 ? UInt32(bytes[i + 1]) : 0
            let b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            if column == 76 { out += crlf; column = 0 }
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(n > 1 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? alphabet[Int(v & 63)] : UInt8(ascii: "="))
            column += 4
            i += 3
        }
        return out
    }

    // MARK: RFC 2231 parameter values

    /// `UTF-8''` followed by the percent-encoded UTF-8 bytes (RFC 2231 / RFC 5987 ext-value).
    static func rfc2231Value(_ s: String) -> String {
        var out = Array("UTF-8''".utf8)
        for b in s.utf8 {
            let isAttrChar = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || Array("!#$&+-.^_`|~".utf8).contains(b)
            if isAttrChar { out.append(b) } else { out += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An RFC 5322 quoted-string of printable ASCII: `"` and `\` are backslash-escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out + "\""
    }

    /// An ASCII stand-in for a file name: common Latin accents dropped (`relancé` → `relance`),
    /// any other non-ASCII or control character replaced by `_`.
    static func asciiFallback(_ s: String) -> String {
        let table: [Character: String] = [
            "à": "a", "â": "a", "ä": "a", "á": "a", "ã": "a", "å": "a", "À": "A", "Â": "A", "Ä": "A", "Á": "A",
            "ç": "c", "Ç": "C", "é": "e", "è": "e", "ê": "e", "ë": "e", "É": "E", "È": "E", "Ê": "E", "Ë": "E",
            "î": "i", "ï": "i", "í": "i", "Î": "I", "Ï": "I", "ô": "o", "ö": "o", "ó": "o", "õ": "o", "Ô": "O",
            "Ö": "O", "ù": "u", "û": "u", "ü": "u", "ú": "u", "Ù": "U", "Û": "U", "Ü": "U", "ÿ": "y", "ñ": "n",
            "Ñ": "N", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
        ]
        var out = ""
        for c in s {
            if let t = table[c] {
                out += t
            } else if c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, v >= 32, v < 127 {
                out.append(c)
            } else {
                out += "_"
            }
        }
        return out
    }

    /// `name` cut to at most `limit` characters, keeping an extension of up to 10 characters
    /// (`<prefix>.pdf`).
    static func shortened(_ name: String, to limit: Int) -> String {
        guard name.count > limit else { return name }
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 10 {
            ext = String(name[dot...])
        }
        return String(name.prefix(limit - ext.count)) + ext
    }

    /// FNV-1a, 64 bits: a small stable hash for boundary names.
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

/// Builds one header field, folding at spaces so that lines stay within 78 characters.
struct HeaderField {
    static let limit = 78
    private(set) var bytes: [UInt8]
    private var column: Int
    private var lineHasToken = false

    init(_ name: String) {
        bytes = Array(name.utf8) + [UInt8(ascii: ":")]
        column = bytes.count
    }

    /// The field with its terminating CRLF.
    var finished: [UInt8] { bytes + MIME.crlf }

    /// Appends a space and `token`, folding first when the token would pass the limit and either
    /// this line already holds a token or the token fits on a fresh line.
    mutating func append(_ token: String) {
        let t = Array(token.utf8)
        if column + 1 + t.count > HeaderField.limit, lineHasToken || 1 + t.count <= HeaderField.limit {
            fold()
        }
        put(t)
    }

    private mutating func put(_ t: [UInt8]) {
        bytes.append(32)
        bytes += t
        column += 1 + t.count
        lineHasToken = true
    }

    private mutating func fold() {
        bytes += MIME.crlf
        column = 0
        lineHasToken = false
    }

    /// Appends `text` (sanitised, non-empty) as RFC 2047 `Q` encoded-words, each at most 75
    /// characters and fitting its line. Words are split after an encoded space when possible, and
    /// otherwise between Unicode scalars, so no UTF-8 sequence is ever cut.
    mutating func appendEncoded(_ text: String) {
        let overhead = "=?UTF-8?Q?".utf8.count + "?=".utf8.count
        func capacity(_ column: Int) -> Int { min(75, HeaderField.limit - column - 1) - overhead }
        var word: [UInt8] = []
        func flush() {
            put(Array("=?UTF-8?Q?".utf8) + word + Array("?=".utf8))
            word = []
        }
        // Pieces are source words with their following space; each is a list of encoded scalars.
        var pieces: [[[UInt8]]] = [[]]
        for scalar in text.unicodeScalars {
            pieces[pieces.count - 1].append(MIME.qEncode(scalar))
            if scalar == " " { pieces.append([]) }
        }
        for piece in pieces where !piece.isEmpty {
            let whole = piece.reduce(0) { $0 + $1.count }
            if word.count + whole > capacity(column), !word.isEmpty { flush() }
            if word.count + whole <= capacity(column) {
                for e in piece { word += e }
                continue
            }
            // A piece longer than what is left: split it between scalars.
            for e in piece {
                if word.count + e.count <= capacity(column) {
                    word += e
                    continue
                }
                if !word.isEmpty { flush() }
                if e.count > capacity(column) { fold() }
                word = e
            }
        }
        if !word.isEmpty { flush() }
    }

    /// Appends free text (already sanitised): plain ASCII words as they are, runs of words that
    /// need it (non-ASCII, `=?`, or longer than a line) as encoded-words. Only the spaces between
    /// adjacent encoded-words are dropped by decoders, so each run carries its own inner spaces.
    mutating func appendUnstructured(_ text: String) {
        var run: [Substring] = []
        for word in text.split(separator: " ") {
            let needsEncoding = !MIME.isPrintableASCII(String(word)) || word.contains("=?")
                || word.utf8.count > HeaderField.limit - 1
            if needsEncoding {
                run.append(word)
            } else {
                if !run.isEmpty { appendEncoded(run.joined(separator: " ")); run = [] }
                append(String(word))
            }
        }
        if !run.isEmpty { appendEncoded(run.joined(separator: " ")) }
    }

    /// Appends `attribute*=UTF-8''…` (RFC 2231), split into numbered continuations
    /// `attribute*0*=UTF-8''…; attribute*1*=…` when it would not fit on one line.
    /// Segments end between characters, never inside a percent escape or a UTF-8 sequence
    /// (some readers decode each segment on its own).
    mutating func appendExtendedParameter(_ attribute: String, _ value: String) {
        let single = attribute + "*=" + MIME.rfc2231Value(value)
        if 1 + single.utf8.count <= HeaderField.limit {
            append(single)
            return
        }
        var segments: [String] = [""]
        for scalar in value.unicodeScalars {
            let piece = String(MIME.rfc2231Value(String(scalar)).dropFirst("UTF-8''".count))
            let n = segments.count - 1
            // " attribute*N*=" + ("UTF-8''" for the first) + segment + ";" must fit on a fresh line.
            let room = HeaderField.limit - 1 - (attribute.utf8.count + 3 + String(n).count) - (n == 0 ? 7 : 0) - 1
            if segments[n].utf8.count + piece.utf8.count > room { segments.append("") }
            segments[segments.count - 1] += piece
        }
        for (n, segment) in segments.enumerated() {
            let separator = n == segments.count - 1 ? "" : ";"
            append(attribute + "*" + String(n) + "*=" + (n == 0 ? "UTF-8''" : "") + segment + separator)
        }
    }

    /// Appends a display name (already sanitised, non-empty) as an RFC 5322 phrase: atoms when
    /// every word is atext, a quoted-string when it is printable ASCII and short enough to stay
    /// on one line, otherwise atext words as they are and runs of other words as encoded-words.
    mutating func appendPhrase(_ name: String) {
        let words = name.split(separator: " ")
        func isAtom(_ w: Substring) -> Bool {
            w.utf8.allSatisfy(MIME.isAtext) && !w.contains("=?") && w.utf8.count < HeaderField.limit - 1
        }
        if words.allSatisfy(isAtom) {
            for word in words { append(String(word)) }
        } else if MIME.isPrintableASCII(name), !name.contains("=?"), MIME.quoted(name).utf8.count < HeaderField.limit - 2 {
            append(MIME.quoted(name))
        } else {
            var run: [Substring] = []
            for word in words {
                if isAtom(word) {
                    if !run.isEmpty { appendEncoded(run.joined(separator: " ")); run = [] }
                    append(String(word))
                } else {
                    run.append(word)
                }
            }
            if !run.isEmpty { appendEncoded(run.joined(separator: " ")) }
        }
    }
}
