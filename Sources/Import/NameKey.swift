import Foundation

/// Names compared as people read them: case, accents and punctuation do not count, `&` is `et` ("DUPONT ET FILS" is "Dupont & Fils").
public enum NameKey {
    /// Lower case, without accents.
    static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return s.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The words of `s`: letters and digits only, folded; `&` and `and` become `et`.
    public static func words(_ s: String) -> [String] {
        var out: [String] = []
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            out.append(word == "and" ? "et" : word)
            word = ""
        }
        for c in fold(s).unicodeScalars {
            if c == "&" { flush(); out.append("et") } else if c.properties.isAlphabetic || ("0"..."9").contains(c) {
                word.unicodeScalars.append(c)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Company forms a bank often leaves out of a name ("FROMAGERIE MERCIER" for "Fromagerie Mercier EURL").
    public static let legalForms: Set<String> = ["sa", "sas", "sasu", "sarl", "eurl", "ei", "eirl", "sci", "snc", "scop", "scp", "selarl",
                                                 "gie", "ltd", "llc", "inc", "plc", "gmbh", "ag", "bv", "nv", "srl", "spa", "corp"]

    /// The words of a name without its company forms (nil when nothing else is left, or none was there).
    public static func withoutLegalForms(_ words: [String]) -> [String]? {
        let kept = words.filter { !legalForms.contains($0) }
        return kept.isEmpty || kept.count == words.count ? nil : kept
    }

    /// The key of a whole name: its words joined by one space.
    public static func key(_ s: String) -> String { words(s).joined(separator: " ") }
}
