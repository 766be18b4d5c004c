/// Windows-1252 ("WinAnsiEncoding"), the encoding of the PDF standard fonts: all of French and English.
enum WinAnsi {
    private static let specials: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
        // Spaces the standard fonts lack are printed as a no-break space.
        0x202F: 0xA0, 0x2009: 0xA0, 0x2007: 0xA0, 0x2008: 0xA0,
    ]

    /// The Windows-1252 bytes of `text`, or nil when a character has none.
    static func encode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (0x20...0x7E).contains(v) || (0xA0...0xFF).contains(v) {
                out.append(UInt8(v))
            } else if let b = specials[v] {
                out.append(b)
            } else {
                return nil
            }
        }
        return out
    }

    static func canEncode(_ text: String) -> Bool { encode(text) != nil }
}
