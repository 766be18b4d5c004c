import Dispatch

/// The text of one books file, as read from disk (path relative to the books root).
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8] { didSet { lines = LineIndex() } }
    /// Where each line starts, found on the first `lineText` call (diagnostics on big files stay fast).
    private var lines = LineIndex()

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The text of 1-based line `line`, without its line ending.
    public func lineText(_ line: Int) -> String {
        let starts = lines.starts(of: bytes)
        guard line >= 1, line <= starts.count else { return "" }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == 10 { end -= 1 }
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// The start offset of every line of a file, computed once and shared by copies of the file.
// Unchecked: its only state, `cached`, is read and written with `lock` held.
final class LineIndex: @unchecked Sendable {
    private var cached: [Int]?
    private let lock = DispatchSemaphore(value: 1)

    func starts(of bytes: [UInt8]) -> [Int] {
        lock.wait()
        defer { lock.signal() }
        do {
            if let cached { return cached }
            // A UTF-8 byte order mark is not part of the first line (the parser skips it too).
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            var starts = [bom ? 3 : 0]
            for (i, b) in bytes.enumerated() where b == 10 && i + 1 <= bytes.count { starts.append(i + 1) }
            // A final line ending does not open another line.
            if starts.count > 1, starts.last == bytes.count { starts.removeLast() }
            cached = starts
            return starts
        }
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

    /// Candidates looked at around a word in a big sorted list: enough for typos after the first characters,
    /// and a mistake costs microseconds, not seconds, in books of a million invoices.
    public static let window = 500

    /// " (did you mean X?)" or "", among `sorted` (ascending): the candidates near `word` in that order
    /// when there are many of them, all of them otherwise.
    public static func hint(for word: String, amongSorted sorted: [String]) -> String {
        guard sorted.count > 2 * window else { return hint(for: word, among: sorted) }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < word { lo = mid + 1 } else { hi = mid }
        }
        return hint(for: word, among: sorted[max(0, lo - window)..<min(sorted.count, lo + window)])
    }
}
