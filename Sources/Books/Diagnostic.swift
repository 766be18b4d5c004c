/// Where something is in the books: file (relative to the books root), 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in the books or the configuration: where, what, and how to fix it.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// A fix in plain words.
    public var fix: String?
    /// The offending source line, for the caret display.
    public var sourceLine: String?
    /// How many characters the caret underline spans (at least 1).
    public var length: Int

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String,
                fix: String? = nil, sourceLine: String? = nil, length: Int = 1) {
        self.severity = severity
        self.location = location
        self.message = message
        self.fix = fix
        self.sourceLine = sourceLine
        self.length = max(1, length)
    }
}
