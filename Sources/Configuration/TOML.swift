/// A small TOML v1.0 reader for `relance.toml`: one pass over the bytes (linear time), nesting bounded
/// (`TOMLReader.maxDepth`, a located error beyond it), and every key, value and table keeps its place in
/// the file so that a diagnostic points at it without reading the file again.

/// Where something is in the file: 1-based line, 1-based byte column in that line, length in bytes.
public struct TOMLPlace: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int) {
        self.line = line
        self.column = column
        self.length = max(1, length)
    }
}

/// A calendar day as TOML writes it (`2026-01-01`).
public struct TOMLDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
}

/// A time of day (`07:32:00.5`).
public struct TOMLTime: Sendable, Equatable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int
}

/// A date, a time or both, with an offset from UTC in minutes when the text gives one.
public struct TOMLDateTime: Sendable, Equatable {
    public var date: TOMLDate?
    public var time: TOMLTime?
    public var offsetMinutes: Int?
}

/// A value of the file with its place.
public struct TOMLValue: Sendable {
    public enum Kind: Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case dateTime(TOMLDateTime)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    public var place: TOMLPlace

    public init(_ kind: Kind, place: TOMLPlace) {
        self.kind = kind
        self.place = place
    }

    public var string: String? { if case .string(let s) = kind { return s }; return nil }
    public var int: Int? { if case .integer(let i) = kind { return i }; return nil }
    public var double: Double? { if case .float(let d) = kind { return d }; return nil }
    public var bool: Bool? { if case .boolean(let b) = kind { return b }; return nil }
    /// A local date (`from = 2026-01-01`); nil for a time or a date with a time.
    public var date: TOMLDate? {
        if case .dateTime(let d) = kind, d.time == nil { return d.date }
        return nil
    }
    public var dateTime: TOMLDateTime? { if case .dateTime(let d) = kind { return d }; return nil }
    /// The elements of an array, or the tables of an array of tables (`[[name]]`).
    public var array: [TOMLValue]? { if case .array(let a) = kind { return a }; return nil }
    public var table: TOMLTable? { if case .table(let t) = kind { return t }; return nil }
}

/// A table: its keys in the order of the file, each with the place of the key and its value.
// Safe: only the reader of `init(string:)` changes a table, before that init returns it; no table changes after.
public final class TOMLTable: @unchecked Sendable {
    /// How a table came to be; decides which later definitions TOML allows.
    enum Origin { case root, implicit, header, dotted, inline, arrayElement }

    enum Slot {
        case value(TOMLValue)
        case table(TOMLTable)
        case tables(TableList, TOMLPlace)
    }

    /// The tables of `[[name]]`, shared so that adding one does not copy the others.
    final class TableList {
        var tables: [TOMLTable]
        init(_ tables: [TOMLTable]) { self.tables = tables }
    }

    struct Entry {
        var keyPlace: TOMLPlace
        var slot: Slot
    }

    /// Where the table is defined: its `[header]`, the first dotted key or inline table naming it.
    public internal(set) var place: TOMLPlace
    /// The keys, in the order they first appear.
    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    var origin: Origin
    /// Tables between the root and this one.
    let depth: Int

    init(place: TOMLPlace, origin: Origin, depth: Int) {
        self.place = place
        self.origin = origin
        self.depth = depth
    }

    /// Reads a whole file; throws the first syntax error, located.
    public convenience init(string: String) throws {
        self.init(place: TOMLPlace(line: 1, column: 1, length: 1), origin: .root, depth: 0)
        var reader = TOMLReader(bytes: Array(string.utf8), root: self)
        try reader.read()
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public func contains(key: String) -> Bool { entries[key] != nil }

    public subscript(key: String) -> TOMLValue? {
        guard let entry = entries[key] else { return nil }
        switch entry.slot {
        case .value(let v): return v
        case .table(let t): return TOMLValue(.table(t), place: t.place)
        case .tables(let ts, let place): return TOMLValue(.array(ts.tables.map { TOMLValue(.table($0), place: $0.place) }), place: place)
        }
    }

    /// Where the value of `key` is written (a table's header for a table, the first `[[key]]` for a list of them).
    public func valuePlace(_ key: String) -> TOMLPlace? {
        guard let entry = entries[key] else { return nil }
        switch entry.slot {
        case .value(let v): return v.place
        case .table(let t): return t.place
        case .tables(_, let place): return place
        }
    }

    /// Where `key` itself is written (the first time).
    public func keyPlace(_ key: String) -> TOMLPlace? { entries[key]?.keyPlace }

    func entry(_ key: String) -> Entry? { entries[key] }

    func set(_ key: String, _ entry: Entry) {
        if entries.updateValue(entry, forKey: key) == nil { keys.append(key) }
    }
}

/// A syntax error: what is wrong, where, and how to write it instead.
public struct TOMLError: Error, Sendable, Equatable {
    public var message: String
    public var place: TOMLPlace
    public var fix: String
}

/// The one-pass reader behind `TOMLTable(string:)`.
struct TOMLReader {
    /// Deepest nesting of tables, arrays and inline tables (relance.toml needs 3).
    static let maxDepth = 64

    let bytes: [UInt8]
    let root: TOMLTable
    var i = 0
    var line = 1
    var lineStart = 0
    /// The tables a `[header]` or `[[header]]` opened, to tell a table defined twice.
    var current: TOMLTable

    init(bytes: [UInt8], root: TOMLTable) {
        self.bytes = bytes
        self.root = root
        self.current = root
    }

    // MARK: Places and errors

    func place(from start: Int, line startLine: Int? = nil, lineStart startLineStart: Int? = nil) -> TOMLPlace {
        let l = startLine ?? line
        let ls = startLineStart ?? lineStart
        return TOMLPlace(line: l, column: start - ls + 1, length: l == line ? i - start : lineEnd(from: start) - start)
    }

    func lineEnd(from k: Int) -> Int {
        var e = k
        while e < bytes.count && bytes[e] != 10 { e += 1 }
        return e
    }

    func error(_ message: String, at start: Int? = nil, length: Int = 1, fix: String) -> TOMLError {
        let s = start ?? i
        return TOMLError(message: message, place: TOMLPlace(line: line, column: s - lineStart + 1, length: length), fix: fix)
    }

    func describe(_ b: UInt8) -> String {
        if b == 10 || b == 13 { return "the end of the line" }
        if b < 0x20 || b == 0x7F { return "a control character (byte \(b))" }
        if b < 0x80 { return "\"\(Character(Unicode.Scalar(b)))\"" }
        return "a non-ASCII character"
    }

    func found() -> String { i < bytes.count ? describe(bytes[i]) : "the end of the file" }

    // MARK: Document

    mutating func read() throws {
        try validateUTF8()
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3; lineStart = 3 }
        while true {
            skipSpaces()
            guard i < bytes.count else { return }
            switch bytes[i] {
            case UInt8(ascii: "#"): try skipComment()
            case 10, 13: try newline()
            case UInt8(ascii: "["): try header(); try endOfLine()
            default: try keyValue(into: current); try endOfLine()
            }
        }
    }

    /// The whole file is UTF-8 (TOML requires it): the first bad byte is located.
    mutating func validateUTF8() throws {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let s): offset += s.count
            case .emptyInput: return
            case .error(let length):
                // Locate it: count the lines before it.
                var l = 1, ls = 0
                for k in 0..<offset where bytes[k] == 10 { l += 1; ls = k + 1 }
                line = l; lineStart = ls
                throw error("the file is not UTF-8 text", at: offset, length: length, fix: "save relance.toml as UTF-8")
            }
        }
    }

    mutating func skipSpaces() {
        while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
    }

    mutating func newline() throws {
        if bytes[i] == 13 {
            guard i + 1 < bytes.count && bytes[i + 1] == 10 else {
                throw error("a carriage return without a line feed", fix: "end lines with LF or CRLF")
            }
            i += 1
        }
        i += 1
        line += 1
        lineStart = i
    }

    mutating func skipComment() throws {
        i += 1
        while i < bytes.count && bytes[i] != 10 {
            let b = bytes[i]
            if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { break }
            if (b < 0x20 && b != 9) || b == 0x7F {
                throw error("\(describe(b)) in a comment", fix: "remove it")
            }
            i += 1
        }
    }

    /// After a header or a key = value: spaces, maybe a comment, then the end of the line.
    mutating func endOfLine() throws {
        skipSpaces()
        if i < bytes.count && bytes[i] == UInt8(ascii: "#") { try skipComment() }
        guard i < bytes.count else { return }
        guard bytes[i] == 10 || bytes[i] == 13 else {
            throw error("expected the end of the line, found \(found())", fix: "write one key = value or one [section] per line; put text in double quotes")
        }
        try newline()
    }

    /// Spaces, line ends and comments (inside an array).
    mutating func skipBlank() throws {
        while true {
            skipSpaces()
            guard i < bytes.count else { return }
            if bytes[i] == UInt8(ascii: "#") { try skipComment() } else if bytes[i] == 10 || bytes[i] == 13 { try newline() } else { return }
        }
    }

    // MARK: Keys

    static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    /// `a`, `"a b"`, `'a'`, or dotted parts of those.
    mutating func key() throws -> [(name: String, place: TOMLPlace)] {
        var parts: [(String, TOMLPlace)] = []
        while true {
            skipSpaces()
            let start = i
            guard i < bytes.count else { throw error("expected a key, found the end of the file", fix: "write key = value") }
            let name: String
            switch bytes[i] {
            case UInt8(ascii: "\""):
                if i + 2 < bytes.count && bytes[i + 1] == 34 && bytes[i + 2] == 34 {
                    throw error("a key cannot be a multi-line string", fix: "write the key in one pair of double quotes")
                }
                name = try basicString()
            case UInt8(ascii: "'"):
                if i + 2 < bytes.count && bytes[i + 1] == 39 && bytes[i + 2] == 39 {
                    throw error("a key cannot be a multi-line string", fix: "write the key in one pair of quotes")
                }
                name = try literalString()
            default:
                while i < bytes.count && TOMLReader.isBare(bytes[i]) { i += 1 }
                guard i > start else {
                    throw error("expected a key, found \(found())",
                                fix: "a key is made of letters, digits, - and _, or written in double quotes")
                }
                name = String(decoding: bytes[start..<i], as: UTF8.self)
            }
            parts.append((name, place(from: start)))
            if parts.count > TOMLReader.maxDepth {
                throw error("a key of more than \(TOMLReader.maxDepth) dotted parts", at: start, fix: "use fewer nested tables")
            }
            skipSpaces()
            guard i < bytes.count && bytes[i] == UInt8(ascii: ".") else { return parts }
            i += 1
        }
    }

    // MARK: Tables

    /// `[a.b]` or `[[a.b]]`.
    mutating func header() throws {
        let start = i
        let array = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "[")
        i += array ? 2 : 1
        let parts = try key()
        skipSpaces()
        for _ in 0..<(array ? 2 : 1) {
            guard i < bytes.count && bytes[i] == UInt8(ascii: "]") else {
                throw error("expected \"\(array ? "]]" : "]")\" to close the section name, found \(found())",
                            fix: array ? "write [[name]]" : "write [name]; a name is made of letters, digits, - and _, or quoted")
            }
            i += 1
        }
        let headerPlace = place(from: start)
        var table = root
        for (k, part) in parts.enumerated() {
            let last = k == parts.count - 1
            var named: String { parts[0...k].map(\.name).joined(separator: ".") }
            if let existing = table.entry(part.name) {
                switch existing.slot {
                case .value:
                    throw TOMLError(message: "\(named) is already a value, not a table", place: part.place,
                                    fix: "rename the section or the key \(named)")
                case .tables(let list, _):
                    guard last else { table = list.tables[list.tables.count - 1]; continue }
                    guard array else {
                        throw TOMLError(message: "[\(named)] is already a list of [[\(named)]] sections", place: headerPlace,
                                        fix: "write [[\(named)]] to add one more")
                    }
                    let t = try newTable(in: table, place: headerPlace, origin: .arrayElement)
                    list.tables.append(t)
                    table = t
                case .table(let t):
                    if t.origin == .inline {
                        throw TOMLError(message: "\(named) was written as an inline table and cannot be extended", place: part.place,
                                        fix: "write all of \(named) in its { … } or as a [\(named)] section")
                    }
                    if last {
                        if array {
                            throw TOMLError(message: "[[\(named)]] is already a [\(named)] section", place: headerPlace,
                                            fix: "write it either as one [\(named)] or as a list of [[\(named)]] sections")
                        }
                        if t.origin == .header || t.origin == .dotted {
                            throw TOMLError(message: "the section [\(named)] is defined twice", place: headerPlace,
                                            fix: "merge its keys into the first [\(named)] (line \(t.place.line))")
                        }
                        t.origin = .header
                        t.place = headerPlace
                    }
                    table = t
                }
            } else {
                if last && array {
                    let t = try newTable(in: table, place: headerPlace, origin: .arrayElement)
                    table.set(part.name, .init(keyPlace: part.place, slot: .tables(.init([t]), headerPlace)))
                    table = t
                } else {
                    let t = try newTable(in: table, place: headerPlace, origin: last ? .header : .implicit)
                    table.set(part.name, .init(keyPlace: part.place, slot: .table(t)))
                    table = t
                }
            }
        }
        current = table
    }

    func newTable(in parent: TOMLTable, place: TOMLPlace, origin: TOMLTable.Origin) throws -> TOMLTable {
        guard parent.depth < TOMLReader.maxDepth else {
            throw TOMLError(message: "tables nested more than \(TOMLReader.maxDepth) deep", place: place, fix: "use fewer nested tables")
        }
        return TOMLTable(place: place, origin: origin, depth: parent.depth + 1)
    }

    /// `key = value` (the key maybe dotted) into `table`.
    mutating func keyValue(into table: TOMLTable) throws {
        let parts = try key()
        skipSpaces()
        guard i < bytes.count && bytes[i] == UInt8(ascii: "=") else {
            throw error("expected \"=\" after the key \(parts.map(\.name).joined(separator: ".")), found \(found())",
                        fix: "write key = value; put a key with spaces in double quotes")
        }
        i += 1
        skipSpaces()
        var target = table
        for (k, part) in parts.dropLast().enumerated() {
            var named: String { parts[0...k].map(\.name).joined(separator: ".") }
            if let existing = target.entry(part.name) {
                guard case .table(let t) = existing.slot, t.origin == .dotted else {
                    throw TOMLError(message: "\(named) is already defined; a dotted key cannot add to it", place: part.place,
                                    fix: "write all the keys of \(named) in one place")
                }
                target = t
            } else {
                let t = try newTable(in: target, place: part.place, origin: .dotted)
                target.set(part.name, .init(keyPlace: part.place, slot: .table(t)))
                target = t
            }
        }
        let last = parts[parts.count - 1]
        if target.entry(last.name) != nil {
            let named = parts.map(\.name).joined(separator: ".")
            throw TOMLError(message: "the key \(named) is defined twice", place: last.place,
                            fix: "keep one line for \(named)")
        }
        let value = try self.value(depth: target.depth)
        if case .table(let t) = value.kind {
            target.set(last.name, .init(keyPlace: last.place, slot: .table(t)))
        } else {
            target.set(last.name, .init(keyPlace: last.place, slot: .value(value)))
        }
    }

    // MARK: Values

    mutating func value(depth: Int) throws -> TOMLValue {
        guard i < bytes.count else { throw error("expected a value, found the end of the file", fix: "write a value after =, e.g. \"text\", 7 or true") }
        let start = i, startLine = line, startLineStart = lineStart
        func made(_ kind: TOMLValue.Kind, _ reader: TOMLReader) -> TOMLValue {
            TOMLValue(kind, place: reader.place(from: start, line: startLine, lineStart: startLineStart))
        }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            if i + 2 < bytes.count && bytes[i + 1] == 34 && bytes[i + 2] == 34 { return made(.string(try multilineString(quote: 34)), self) }
            return made(.string(try basicString()), self)
        case UInt8(ascii: "'"):
            if i + 2 < bytes.count && bytes[i + 1] == 39 && bytes[i + 2] == 39 { return made(.string(try multilineString(quote: 39)), self) }
            return made(.string(try literalString()), self)
        case UInt8(ascii: "["):
            guard depth < TOMLReader.maxDepth else {
                throw error("arrays and tables nested more than \(TOMLReader.maxDepth) deep", fix: "use fewer nested arrays")
            }
            i += 1
            var elements: [TOMLValue] = []
            while true {
                try skipBlank()
                guard i < bytes.count else { throw error("the array is not closed", fix: "end it with ]") }
                if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                elements.append(try value(depth: depth + 1))
                try skipBlank()
                guard i < bytes.count else { throw error("the array is not closed", fix: "end it with ]") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                throw error("expected \",\" or \"]\" in the array, found \(found())", fix: "separate the elements with commas: [\"a\", \"b\"]")
            }
            return made(.array(elements), self)
        case UInt8(ascii: "{"):
            guard depth < TOMLReader.maxDepth else {
                throw error("arrays and tables nested more than \(TOMLReader.maxDepth) deep", fix: "use fewer nested tables")
            }
            i += 1
            let table = TOMLTable(place: TOMLPlace(line: startLine, column: start - startLineStart + 1, length: 1), origin: .inline, depth: depth + 1)
            skipSpaces()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    try keyValue(into: table)
                    skipSpaces()
                    guard i < bytes.count else { throw error("the inline table is not closed", fix: "end it with } on the same line") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw error("expected \",\" or \"}\" in the inline table, found \(found())",
                                fix: "write an inline table on one line: { key = value, other = value }")
                }
            }
            table.place = place(from: start, line: startLine, lineStart: startLineStart)
            return made(.table(table), self)
        default:
            return try scalar()
        }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// true, false, a number, a date or a time.
    mutating func scalar() throws -> TOMLValue {
        let start = i
        func isEnd(_ b: UInt8) -> Bool {
            b == 32 || b == 9 || b == 10 || b == 13 || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == UInt8(ascii: "#")
        }
        while i < bytes.count && !isEnd(bytes[i]) { i += 1 }
        // `1979-05-27 07:32:00`: a date and a time separated by one space.
        if i - start == 10, i + 3 < bytes.count, bytes[i] == 32, TOMLReader.isDigit(bytes[i + 1]), TOMLReader.isDigit(bytes[i + 2]),
           bytes[i + 3] == UInt8(ascii: ":"), bytes[start + 4] == UInt8(ascii: "-") {
            i += 1
            while i < bytes.count && !isEnd(bytes[i]) { i += 1 }
        }
        let token = Array(bytes[start..<i])
        let p = place(from: start)
        let bad = { (what: String, fix: String) -> TOMLError in TOMLError(message: what, place: p, fix: fix) }
        guard !token.isEmpty else {
            throw error("expected a value, found \(found())", fix: "write a value after =, e.g. \"text\", 7 or true")
        }
        let text = String(decoding: token, as: UTF8.self)
        switch text {
        case "true": return TOMLValue(.boolean(true), place: p)
        case "false": return TOMLValue(.boolean(false), place: p)
        case "inf", "+inf": return TOMLValue(.float(.infinity), place: p)
        case "-inf": return TOMLValue(.float(-.infinity), place: p)
        case "nan", "+nan", "-nan": return TOMLValue(.float(.nan), place: p)
        default: break
        }
        if token.count >= 5 && token[4] == UInt8(ascii: "-") && token[0..<4].allSatisfy(TOMLReader.isDigit)
            || token.count >= 3 && token[2] == UInt8(ascii: ":") && token[0..<2].allSatisfy(TOMLReader.isDigit) {
            guard let d = TOMLReader.dateTime(token) else {
                throw bad("\(text) is not a valid date or time", "write a date as 2026-01-01 (year-month-day)")
            }
            return TOMLValue(.dateTime(d), place: p)
        }
        if let n = try TOMLReader.integer(token, bad: { bad($0, "write a whole number such as 30 (or text in double quotes)") }) {
            return TOMLValue(.integer(n), place: p)
        }
        if let d = TOMLReader.float(token) { return TOMLValue(.float(d), place: p) }
        let fix = token.first.map { TOMLReader.isDigit($0) || $0 == 43 || $0 == 45 } == true
            ? "write a number such as 30 or 2.5, or text in double quotes"
            : "put text in double quotes: \"\(text.prefix(40))\""
        throw bad("\(text.prefix(60)) is not a TOML value", fix)
    }

    /// Digits with single underscores between them (`1_000`), of `digit`.
    static func digits(_ t: ArraySlice<UInt8>, _ digit: (UInt8) -> Bool) -> [UInt8]? {
        guard let f = t.first, let l = t.last, digit(f), digit(l) else { return nil }
        var out: [UInt8] = []
        var previousUnderscore = false
        for b in t {
            if b == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
            } else {
                guard digit(b) else { return nil }
                previousUnderscore = false
                out.append(b)
            }
        }
        return out
    }

    /// nil when the token is not an integer at all; throws when it is one but too large.
    static func integer(_ token: [UInt8], bad: (String) -> TOMLError) throws -> Int? {
        var t = token[...]
        if t.count > 2 && t[t.startIndex] == UInt8(ascii: "0") {
            let radix: Int
            let digit: (UInt8) -> Bool
            switch t[t.startIndex + 1] {
            case UInt8(ascii: "x"): radix = 16; digit = { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
            case UInt8(ascii: "o"): radix = 8; digit = { $0 >= 0x30 && $0 <= 0x37 }
            case UInt8(ascii: "b"): radix = 2; digit = { $0 == 0x30 || $0 == 0x31 }
            default: radix = 10; digit = isDigit
            }
            if radix != 10 {
                guard let ds = digits(t.dropFirst(2), digit) else { return nil }
                guard let n = Int(String(decoding: ds, as: UTF8.self), radix: radix) else { throw bad("\(String(decoding: token, as: UTF8.self)) is too large") }
                return n
            }
        }
        var negative = false
        if let f = t.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { negative = f == UInt8(ascii: "-"); t = t.dropFirst() }
        guard let ds = digits(t, isDigit) else { return nil }
        if ds.count > 1 && ds[0] == UInt8(ascii: "0") { return nil }
        guard let n = Int((negative ? "-" : "") + String(decoding: ds, as: UTF8.self)) else {
            throw bad("\(String(decoding: token, as: UTF8.self)) is too large for a whole number")
        }
        return n
    }

    static func float(_ token: [UInt8]) -> Double? {
        var t = token[...]
        var text = ""
        if let f = t.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { if f == 45 { text = "-" }; t = t.dropFirst() }
        let e = t.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = t[..<(e ?? t.endIndex)]
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        guard let whole = digits(mantissa[..<(dot ?? mantissa.endIndex)], isDigit) else { return nil }
        if whole.count > 1 && whole[0] == UInt8(ascii: "0") { return nil }
        text += String(decoding: whole, as: UTF8.self)
        if let dot {
            guard let fraction = digits(mantissa[(dot + 1)...], isDigit) else { return nil }
            text += "." + String(decoding: fraction, as: UTF8.self)
        }
        if let e {
            var exponent = t[(e + 1)...]
            var sign = ""
            if let f = exponent.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { sign = f == 45 ? "-" : ""; exponent = exponent.dropFirst() }
            guard let ds = digits(exponent, isDigit) else { return nil }
            text += "e" + sign + String(decoding: ds, as: UTF8.self)
        }
        guard dot != nil || e != nil else { return nil }
        return Double(text)
    }

    /// `2026-01-01`, `07:32:00`, `2026-01-01T07:32:00.5+01:00` and the like.
    static func dateTime(_ t: [UInt8]) -> TOMLDateTime? {
        func number(_ k: Int, _ n: Int) -> Int? {
            guard k + n <= t.count else { return nil }
            var v = 0
            for b in t[k..<(k + n)] { guard isDigit(b) else { return nil }; v = v * 10 + Int(b - 48) }
            return v
        }
        var out = TOMLDateTime()
        var k = 0
        if t.count >= 10 && t[4] == UInt8(ascii: "-") {
            guard let y = number(0, 4), t[7] == UInt8(ascii: "-"), let m = number(5, 2), let d = number(8, 2),
                  (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
            out.date = TOMLDate(year: y, month: m, day: d)
            k = 10
            if k == t.count { return out }
            guard t[k] == UInt8(ascii: "T") || t[k] == UInt8(ascii: "t") || t[k] == 32 else { return nil }
            k += 1
        }
        guard let h = number(k, 2), k + 2 < t.count, t[k + 2] == UInt8(ascii: ":"), let mi = number(k + 3, 2),
              k + 5 < t.count, t[k + 5] == UInt8(ascii: ":"), let s = number(k + 6, 2),
              h < 24, mi < 60, s < 61 else { return nil }
        k += 8
        var nanos = 0
        if k < t.count && t[k] == UInt8(ascii: ".") {
            k += 1
            var n = 0, scale = 0
            while k < t.count && isDigit(t[k]) { if scale < 9 { n = n * 10 + Int(t[k] - 48); scale += 1 }; k += 1 }
            guard scale > 0 else { return nil }
            while scale < 9 { n *= 10; scale += 1 }
            nanos = n
        }
        out.time = TOMLTime(hour: h, minute: mi, second: s, nanosecond: nanos)
        if k == t.count { return out }
        guard out.date != nil else { return nil }
        if t[k] == UInt8(ascii: "Z") || t[k] == UInt8(ascii: "z") {
            out.offsetMinutes = 0
            k += 1
        } else {
            guard t[k] == UInt8(ascii: "+") || t[k] == UInt8(ascii: "-"), let oh = number(k + 1, 2), k + 3 < t.count,
                  t[k + 3] == UInt8(ascii: ":"), let om = number(k + 4, 2), oh < 24, om < 60 else { return nil }
            out.offsetMinutes = (t[k] == UInt8(ascii: "-") ? -1 : 1) * (oh * 60 + om)
            k += 6
        }
        return k == t.count ? out : nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Strings

    func isControl(_ b: UInt8) -> Bool { (b < 0x20 && b != 9) || b == 0x7F }

    /// `"…"` with escapes, on one line.
    mutating func basicString() throws -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count, bytes[i] != 10, bytes[i] != 13 else {
                throw error("the text is not closed", at: open, length: i - open, fix: "end it with \" on the same line (or use \"\"\" for several lines)")
            }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if b == UInt8(ascii: "\\") { try escape(into: &out); continue }
            if isControl(b) { throw error("\(describe(b)) in a text", fix: "remove it, or write it as an escape such as \\t or \\u001B") }
            out.append(b)
            i += 1
        }
    }

    /// One escape after a backslash.
    mutating func escape(into out: inout [UInt8]) throws {
        let start = i
        i += 1
        guard i < bytes.count else { throw error("a backslash at the end of the file", at: start, fix: "write \\\\ for a backslash") }
        let c = bytes[i]
        i += 1
        switch c {
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "\""): out.append(34)
        case UInt8(ascii: "\\"): out.append(92)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = c == UInt8(ascii: "u") ? 4 : 8
            var v: UInt32 = 0
            for _ in 0..<n {
                guard i < bytes.count, let h = TOMLReader.hex(bytes[i]) else {
                    throw error("\\\(Character(Unicode.Scalar(c))) needs \(n) hexadecimal digits", at: start, length: i - start + 1,
                                fix: n == 4 ? "write e.g. \\u00E9" : "write e.g. \\U0001F600")
                }
                v = v << 4 | h
                i += 1
            }
            guard let scalar = Unicode.Scalar(v) else {
                throw error("\\\(Character(Unicode.Scalar(c)))\(String(v, radix: 16, uppercase: true)) is not a Unicode character", at: start, length: i - start,
                            fix: "write the code of a character (not a surrogate, at most 10FFFF)")
            }
            out.append(contentsOf: Array(String(scalar).utf8))
        default:
            throw error("unknown escape: a backslash before \(describe(c))", at: start, length: 2, fix: "write \\\\ for a backslash, or use single quotes for text without escapes")
        }
    }

    static func hex(_ b: UInt8) -> UInt32? {
        if isDigit(b) { return UInt32(b - 48) }
        let l = b | 0x20
        if l >= 0x61 && l <= 0x66 { return UInt32(l - 0x61 + 10) }
        return nil
    }

    /// `'…'` without escapes, on one line.
    mutating func literalString() throws -> String {
        let open = i
        i += 1
        let start = i
        while true {
            guard i < bytes.count, bytes[i] != 10, bytes[i] != 13 else {
                throw error("the text is not closed", at: open, length: i - open, fix: "end it with ' on the same line (or use ''' for several lines)")
            }
            let b = bytes[i]
            if b == UInt8(ascii: "'") { i += 1; return String(decoding: bytes[start..<(i - 1)], as: UTF8.self) }
            if isControl(b) { throw error("\(describe(b)) in a text", fix: "remove it") }
            i += 1
        }
    }

    /// `"""…"""` (escapes, and a backslash at the end of a line joins it to the next) or `'''…'''` (taken as
    /// written): line ends kept, a line end right after the opening quotes dropped, up to two more quotes at the
    /// end belong to the text.
    mutating func multilineString(quote: UInt8) throws -> String {
        let escapes = quote == 34
        let open = i, openLine = line, openLineStart = lineStart
        i += 3
        if i < bytes.count && (bytes[i] == 10 || bytes[i] == 13) { try newline() }
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else {
                let delimiter = String(repeating: Character(Unicode.Scalar(quote)), count: 3)
                throw TOMLError(message: "the text is not closed", place: TOMLPlace(line: openLine, column: open - openLineStart + 1, length: 3),
                                fix: "end it with \(delimiter)")
            }
            let b = bytes[i]
            if b == quote && i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote {
                var extra = 0
                while extra < 2 && i + 3 + extra < bytes.count && bytes[i + 3 + extra] == quote { extra += 1 }
                out.append(contentsOf: [UInt8](repeating: quote, count: extra))
                i += 3 + extra
                return String(decoding: out, as: UTF8.self)
            }
            if b == 10 || b == 13 { try newline(); out.append(10); continue }
            if escapes && b == UInt8(ascii: "\\") {
                // A line-ending backslash: spaces, line ends and spaces after it are dropped.
                var k = i + 1
                while k < bytes.count && (bytes[k] == 32 || bytes[k] == 9) { k += 1 }
                if k < bytes.count && (bytes[k] == 10 || bytes[k] == 13) {
                    i = k
                    while i < bytes.count {
                        if bytes[i] == 32 || bytes[i] == 9 { i += 1 } else if bytes[i] == 10 || bytes[i] == 13 { try newline() } else { break }
                    }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if isControl(b) {
                throw error("\(describe(b)) in a text", fix: escapes ? "remove it, or write it as an escape such as \\t" : "remove it")
            }
            out.append(b)
            i += 1
        }
    }
}
