import Books

/// Amounts and dates as banks write them.
enum BankText {
    /// A signed amount in minor units: `1 234,56`, `-45,00`, `1.234,56`, `+12.5`, `12,00-`, `1 234,56 €`.
    /// Thousands separators (space, no-break spaces, apostrophe, and `.` when the decimal mark is `,` or `,` when it is `.`)
    /// must separate groups of three digits. Decimals beyond the currency's are accepted only when zero.
    static func amount(_ text: String, decimal: Character, minorUnits: Int) -> Int64? {
        var s = Substring(text.trimmedOfSpaces)
        if s.hasSuffix("€") { s = s.dropLast() }
        s = Substring(String(s).trimmedOfSpaces)
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("−") { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        else if s.hasSuffix("-") { negative = true; s = s.dropLast() }
        s = Substring(String(s).trimmedOfSpaces)
        let thousands: Set<Character> = [" ", "\u{A0}", "\u{202F}", "'", decimal == "," ? "." : ","]
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var inFraction = false
        var sinceSeparator = -1   // digits since the last thousands separator (-1: none seen)
        for c in s {
            if let d = c.asciiValue, (48...57).contains(d) {
                if inFraction { fraction.append(d) } else {
                    integer.append(d)
                    if sinceSeparator >= 0 { sinceSeparator += 1 }
                }
            } else if c == decimal, !inFraction {
                guard sinceSeparator == -1 || sinceSeparator == 3 else { return nil }
                inFraction = true
            } else if thousands.contains(c), !inFraction, !integer.isEmpty {
                guard sinceSeparator == -1 || sinceSeparator == 3 else { return nil }
                sinceSeparator = 0
            } else {
                return nil
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty, sinceSeparator == -1 || sinceSeparator == 3 || inFraction else { return nil }
        if inFraction && fraction.isEmpty { return nil }
        while fraction.count > minorUnits {
            guard fraction.last == 48 else { return nil }
            fraction.removeLast()
        }
        while fraction.count < minorUnits { fraction.append(48) }
        var value: Int64 = 0
        for d in integer + fraction {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d - 48))
            guard !o1, !o2 else { return nil }
            value = a
        }
        return negative ? -value : value
    }

    /// A date read with a `strftime`-like format of `%d`, `%m`, `%Y`, `%y` and literal characters.
    static func date(_ text: String, format: String) -> Day? {
        let t = Array(text.trimmedOfSpaces)
        var i = 0
        var day: Int?, month: Int?, year: Int?
        func digits(_ min: Int, _ max: Int) -> Int? {
            var n = 0, v = 0
            while n < max, i < t.count, let d = t[i].asciiValue, (48...57).contains(d) {
                v = v * 10 + Int(d - 48); n += 1; i += 1
            }
            return n >= min ? v : nil
        }
        var f = Array(format)[...]
        while let c = f.first {
            f = f.dropFirst()
            if c == "%", let d = f.first {
                f = f.dropFirst()
                switch d {
                case "d": guard let v = digits(1, 2) else { return nil }; day = v
                case "m": guard let v = digits(1, 2) else { return nil }; month = v
                case "Y": guard let v = digits(4, 4) else { return nil }; year = v
                case "y": guard let v = digits(2, 2) else { return nil }; year = 2000 + v
                case "%": guard i < t.count, t[i] == "%" else { return nil }; i += 1
                default: return nil
                }
            } else {
                guard i < t.count, t[i] == c else { return nil }
                i += 1
            }
        }
        guard i == t.count, let day, let month, let year else { return nil }
        return Day(year: year, month: month, day: day)
    }
}

extension String {
    /// Without the spaces, tabs, no-break spaces and line breaks at both ends.
    var trimmedOfSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }

    /// Runs of spaces, tabs and line breaks as one space, trimmed.
    var collapsingSpaces: String {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline || $0 == "\u{A0}" }).joined(separator: " ")
    }
}
