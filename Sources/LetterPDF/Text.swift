/// Text helpers: sanitising and word wrapping by measured width.
enum Text {
    /// Tabs become spaces; other control characters (CR, and NUL, which would cut a C string) are dropped.
    /// Line feeds are kept only when `keepNewlines` is set.
    static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": scalars.append(" ")
            case "\n" where keepNewlines: scalars.append(scalar)
            default:
                if scalar.properties.generalCategory == .control { continue }
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Greedy word wrap. Words are separated by ASCII spaces only, so U+00A0 and U+202F never break
    /// ("1 234,56 €" stays on one line). A word wider than `maxWidth` is cut between characters.
    /// "\n" forces a line break. Never returns an empty array.
    static func wrap(_ text: String, maxWidth: Double, measure: (String) -> Double) -> [String] {
        var lines: [String] = []
        for hardLine in clean(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            let words = hardLine.split(separator: " ").map(String.init)
            if words.isEmpty {
                lines.append("")
                continue
            }
            var current = ""
            for word in words {
                let candidate = current.isEmpty ? word : current + " " + word
                if measure(candidate) <= maxWidth {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                if measure(word) <= maxWidth {
                    current = word
                } else {
                    var pieces = breakWord(word, maxWidth: maxWidth, measure: measure)
                    current = pieces.removeLast()
                    lines.append(contentsOf: pieces)
                }
            }
            lines.append(current)
        }
        return lines.isEmpty ? [""] : lines
    }

    /// Cuts a word into pieces that fit, between grapheme clusters (at least one character per piece).
    private static func breakWord(_ word: String, maxWidth: Double, measure: (String) -> Double) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in word {
            let candidate = current + String(character)
            if !current.isEmpty && measure(candidate) > maxWidth {
                pieces.append(current)
                current = String(character)
            } else {
                current = candidate
            }
        }
        pieces.append(current)
        return pieces
    }
}
