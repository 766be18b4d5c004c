import Foundation
import Testing
@testable import LetterPDF

/// Paragraphs are never split with fewer than two lines on either side of a page break, and the
/// closing paragraph moves to the next page with the signature. Every table length is checked on the
/// composed pages; every fourth one is also rendered and read back page by page with pdftotext.
@Suite struct KeepTogetherTests {
    /// Paragraph `p` of `lines` lines, one marker per line ("P2L3 …"), kept as forced line breaks.
    static func paragraph(_ p: Int, lines: Int) -> String {
        (1...lines).map { "P\(p)L\($0) ligne du paragraphe \(p), assez courte pour tenir sur une seule ligne." }.joined(separator: "\n")
    }

    /// Per paragraph marker ("P3"), the page of each of its lines; and the page of the signature.
    struct Placement: Equatable {
        var pageOf: [String: [Int]] = [:]
        var signaturePage = 0

        mutating func read(_ line: String, page: Int) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("P"), let l = t.firstIndex(of: "L"), t[t.index(after: t.startIndex)..<l].allSatisfy(\.isNumber) {
                pageOf[String(t[..<l]), default: []].append(page)
            }
            if t.hasSuffix("Camille Dupré") { signaturePage = page }
        }
    }

    /// The closing paragraphs' line counts; [5, 3] is R2026-0038's (interest breakdown, then the deadline
    /// sentence with the politeness formula), [4, 1, 3] has a one-line paragraph before the last.
    @Test(arguments: [[5, 3, 4, 2, 3], [2, 4, 3, 6, 1], [5, 3], [4, 1, 3], [3, 2]])
    func noWidowsNoOrphansAndTheSignatureKeepsItsParagraph(_ sizes: [Int]) throws {
        let document = try HaruDocument()
        try document.setUp(fonts: .dejaVu, metadata: Fixtures.french.metadata)
        var splits = 0
        var pageCounts = Set<Int>()
        for rows in 1...44 {
            var letter = Fixtures.frenchWithRows(rows)
            letter.paragraphs = [Self.paragraph(1, lines: 3), Self.paragraph(2, lines: 4)]
            letter.closingParagraphs = sizes.enumerated().map { Self.paragraph($0.offset + 3, lines: $0.element) }
            let pages = Composer.compose(letter) { document.width($0, style: $1, size: $2) }
            pageCounts.insert(pages.count)
            var placement = Placement()
            for page in pages {
                for op in page.operations {
                    if case let .text(string, _, _, _, _, _) = op { placement.read(string, page: page.number) }
                }
            }
            for (p, pages) in placement.pageOf {
                let counts = Dictionary(grouping: pages, by: { $0 }).mapValues(\.count)
                if counts.count > 1 { splits += 1 }
                #expect(counts.count == 1 || counts.values.allSatisfy { $0 >= 2 }, "\(rows) rows: \(p) split as \(counts.sorted { $0.key < $1.key })")
            }
            let last = "P\(sizes.count + 2)", beforeLast = "P\(sizes.count + 1)"
            #expect(Set(placement.pageOf[last] ?? []) == [placement.signaturePage],
                    "\(rows) rows: last paragraph on \(placement.pageOf[last] ?? []), signature on \(placement.signaturePage)")
            #expect(placement.signaturePage == pages.count)
            if sizes.count >= 2 {
                // The closing paragraph and the signature never stand alone on a page: at least two lines of the
                // paragraph before go along (all of it when it has fewer).
                let along = (placement.pageOf[beforeLast] ?? []).filter { $0 == placement.signaturePage }.count
                #expect(along >= min(2, sizes[sizes.count - 2]), "\(rows) rows: \(beforeLast) on \(placement.pageOf[beforeLast] ?? [])")
            }
            // The PDF says the same, read back page by page.
            if rows % 4 == 0 {
                let pdf = try LetterPDF.render(letter)
                #expect(Int(try PDFTools.info(of: pdf)["Pages"] ?? "") == pages.count)
                var read = Placement()
                for page in 1...pages.count {
                    for line in try PDFTools.text(of: pdf, page: page).split(separator: "\n") { read.read(String(line), page: page) }
                }
                #expect(read == placement, "\(rows) rows: pdftotext reads another placement")
            }
        }
        #expect(pageCounts.count >= 2, "the sweep should cross page boundaries")
        if sizes.contains(where: { $0 >= 4 }) {
            #expect(splits > 0, "some paragraph should be split across pages (with two lines or more on each side)")
        }
    }
}
