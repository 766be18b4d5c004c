import Books

/// Templates are handed to the Mustache renderer only when their sections nest at most `maxDepth` deep:
/// thousands of nested sections used to exhaust the stack (3000) or run for minutes (100 000).
public enum TemplateNesting {
    /// Far more than a letter needs (the built-in templates nest 2 deep).
    public static let maxDepth = 50

    /// Where the first section opens beyond `maxDepth`: 1-based line and column (in characters), nil when within.
    /// Follows `{{=<% %>=}}` delimiter changes as Mustache does; linear in the text.
    public static func firstTooDeep(_ text: String) -> (line: Int, column: Int)? {
        let b = Array(text.utf8)
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)
        var depth = 0
        var i = 0
        func matches(_ p: [UInt8], at k: Int) -> Bool {
            guard k + p.count <= b.count else { return false }
            for j in 0..<p.count where b[k + j] != p[j] { return false }
            return true
        }
        func find(_ p: [UInt8], from k: Int) -> Int? {
            guard !p.isEmpty else { return nil }
            var k = k
            while k + p.count <= b.count {
                if b[k] == p[0] && matches(p, at: k) { return k }
                k += 1
            }
            return nil
        }
        while let start = find(open, from: i) {
            var inner = start + open.count
            // {{{name}}} ends with }}}.
            if open == Array("{{".utf8) && inner < b.count && b[inner] == UInt8(ascii: "{") {
                guard let e = find(Array("}}}".utf8), from: inner) else { return nil }
                i = e + 3
                continue
            }
            guard let e = find(close, from: inner) else { return nil }
            let end = e
            while inner < end && (b[inner] == 32 || b[inner] == 9) { inner += 1 }
            if inner < end {
                switch b[inner] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
                    depth += 1
                    if depth > maxDepth { return place(b, start) }
                case UInt8(ascii: "/"):
                    depth = max(0, depth - 1)
                case UInt8(ascii: "="):
                    // {{=<% %>=}}: the new delimiters, separated by spaces.
                    var k = end - 1
                    while k > inner && (b[k] == 32 || b[k] == 9) { k -= 1 }
                    if k > inner && b[k] == UInt8(ascii: "=") {
                        let parts = b[(inner + 1)..<k].split(whereSeparator: { $0 == 32 || $0 == 9 })
                        if parts.count == 2 {
                            open = Array(parts[0])
                            close = Array(parts[1])
                        }
                    }
                default: break
                }
            }
            i = end + (close.isEmpty ? 1 : close.count)
        }
        return nil
    }

    static func place(_ b: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for k in 0..<offset where b[k] == 10 { line += 1; lineStart = k + 1 }
        return (line, String(decoding: b[lineStart..<offset], as: UTF8.self).count + 1)
    }

    /// The problem of a template file (`file` as it is named to the user), located: nil when it nests within the bound.
    public static func diagnostic(_ text: String, file: String) -> Diagnostic? {
        guard let (line, column) = firstTooDeep(text) else { return nil }
        let source = SourceFile(path: file, text: text)
        return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                          "template sections nested more than \(maxDepth) deep", fix: "close sections with {{/name}} before opening more; a letter needs a few levels at most",
                          sourceLine: source.lineText(line), length: 2)
    }
}
