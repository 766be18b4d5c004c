import Books

/// Prints diagnostics as `file:line:column: error: message`, the line, a caret and the fix; or as JSON.
public enum DiagnosticRenderer {
    public static func text(_ d: Diagnostic, colors sink: OutputSink? = nil) -> String {
        let severity = d.severity == .error ? "error" : "warning"
        let painted = sink.map { $0.paint(severity, d.severity == .error ? .red : .yellow) } ?? severity
        var s = "\(d.location): \(painted): \(d.message)\n"
        if let line = d.sourceLine, !line.isEmpty {
            s += "  \(line)\n"
            // Keep tabs so the caret lines up under the same characters.
            let prefix = line.prefix(max(0, d.location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            let caret = "^" + String(repeating: "~", count: max(0, d.length - 1))
            s += "  \(prefix)\(sink.map { $0.paint(caret, .green) } ?? caret)\n"
        }
        if let fix = d.fix { s += "  fix: \(fix)\n" }
        return s
    }

    public static func json(_ diagnostics: [Diagnostic]) -> String {
        var w = JSONWriter()
        w.raw("[")
        for (k, d) in diagnostics.enumerated() {
            if k > 0 { w.raw(",") }
            w.raw("\n  {")
            w.key("severity", first: true); w.string(d.severity.rawValue)
            w.key("file"); w.string(d.location.file)
            w.key("line"); w.int(d.location.line)
            w.key("column"); w.int(d.location.column)
            w.key("message"); w.string(d.message)
            w.key("fix"); if let f = d.fix { w.string(f) } else { w.raw("null") }
            w.key("source"); if let l = d.sourceLine { w.string(l) } else { w.raw("null") }
            w.raw("}")
        }
        w.raw(diagnostics.isEmpty ? "]\n" : "\n]\n")
        return w.string
    }
}
