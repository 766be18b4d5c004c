import Foundation
import Testing
@testable import LetterPDF

/// Paragraphs are never split with fewer than two lines on either side of a page break, and the
/// closing paragraph moves to the next page with the signature (read back page by page with pdftotext).
@Suite struct KeepTogetherTests {
    /// Paragraph `p` of `lines` lines, one marker per line ("P2L3 …"), kept as forced line breaks.
    static func paragraph(_ p: Int, lines: Int) -> String {
        (1...lines).map { "P\(p)L\($0) ligne du paragraphe \(p), assez courte pour tenir sur une seule ligne." }.joined(separator: "\n")
    }

    @Test(arguments: [[5, 3, 4, 2, 3], [2, 4, 3, 6, 1]])
    func noWidowsNoOrphansAndTheSignatureKeepsItsParagraph(_ sizes: [Int]) throws {
        var splits = 0
        var pageCounts = Set<Int>()
        for rows in stride(from: 1, through: 44, by: 1) {
            var letter = Fixtures.frenchWithRows(rows)
            letter.paragraphs = [Self.paragraph(1, lines: 3), Self.paragraph(2, lines: 4)]
            letter.closingParagraphs = sizes.enumerated().map { Self.paragraph($0.offset + 3, lines: $0.element) }
            let pdf = try LetterPDF.render(letter)
            let pageCount = Int(try PDFTools.info(of: pdf)["Pages"] ?? "") ?? 0
            pageCounts.insert(pageCount)
            var pageOf: [String: [Int]] = [:]  // "P3" → the page of each of its lines
            var signaturePage = 0
            for page in 1...pageCount {
                let text = try PDFTools.text(of: pdf, page: page)
                for line in text.split(separator: "\n") {
                    let t = line.trimmingCharacters(in: .whitespaces)
                    if t.hasPrefix("P"), let l = t.firstIndex(of: "L"), t[t.index(after: t.startIndex)..<l].allSatisfy(\.isNumber) {
                        pageOf[String(t[..<l]), default: []].append(page)
                    }
                    if t.hasSuffix("Camille Dupré") { signaturePage = page }
                }
            }
            for (p, pages) in pageOf {
                let counts = Dictionary(grouping: pages, by: { $0 }).mapValues(\.count)
                if counts.count > 1 { splits += 1 }
                #expect(counts.count == 1 || counts.values.allSatisfy { $0 >= 2 }, "\(rows) rows: \(p) split as \(counts.sorted { $0.key < $1.key })")
            }
            #expect(Set(pageOf["P7"] ?? []) == [signaturePage], "\(rows) rows: last paragraph on \(pageOf["P7"] ?? []), signature on \(signaturePage)")
            #expect(signaturePage == pageCount)
            if sizes.last == 1 {
                // A one-line closing formula never stands alone with the signature.
                #expect((pageOf["P6"] ?? []).filter { $0 == signaturePage }.count >= 2, "\(rows) rows: P6 on \(pageOf["P6"] ?? [])")
            }
        }
        #expect(pageCounts.count >= 2, "the sweep should cross page boundaries")
        #expect(splits > 0, "some paragraph should be split across pages (with two lines or more on each side)")
    }
}
