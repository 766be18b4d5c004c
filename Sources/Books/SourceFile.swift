/// The text of one books file, as read from disk (path relative to the books root).
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The text of 1-based line `line`, without its line ending.
    public func lineText(_ line: Int) -> String {
        var current = 1
        // A UTF-8 byte order mark is not part of the first line (the parser skips it too).
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var start = bom ? 3 : 0
        var i = start
        let n = bytes.count
        while current < line && i < n {
            if bytes[i] == 10 { current += 1; start = i + 1 }
            i += 1
        }
        if current < line { return "" }
        var end = start
        while end < n && bytes[end] != 10 { end += 1 }
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension Diagnostic {
    /// A diagnostic pointing at `span` in `files`, carrying the offending line.
    public static func at(_ span: Span, in files: [SourceFile], _ severity: Severity,
                          _ message: String, fix: String? = nil) -> Diagnostic {
        at(span, in: files[Int(span.file)], severity, message, fix: fix)
    }

    /// A diagnostic pointing at `span` in `file`.
    public static func at(_ span: Span, in file: SourceFile, _ severity: Severity,
                          _ message: String, fix: String? = nil) -> Diagnostic {
        let line = file.lineText(Int(span.line))
        let bytes = Array(line.utf8)
        let start = min(bytes.count, max(0, Int(span.column) - 1))
        let end = min(bytes.count, start + Int(span.length))
        let column = String(decoding: bytes[..<start], as: UTF8.self).count + 1
        let width = String(decoding: bytes[start..<end], as: UTF8.self).count
        return Diagnostic(severity, SourceLocation(file: file.path, line: Int(span.line), column: column),
                          message, fix: fix, sourceLine: line, length: width)
    }
}

/// "Did you mean" suggestions: the closest candidate within a small edit distance.
public enum Suggestion {
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        let limit = max(1, min(3, w.count / 3 + 1))
        for candidate in candidates {
            let c = Array(candidate.lowercased().unicodeScalars)
            if abs(c.count - w.count) > limit { continue }
            let d = distance(w, c)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }

    /// " (did you mean X?)" or "".
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        if let s = closest(to: word, among: candidates), s != word { return " (did you mean \(s)?)" }
        return ""
    }
}
