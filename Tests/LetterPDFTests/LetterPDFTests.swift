import Foundation
import Testing
import LetterPDF

@Suite struct LetterPDFRenderingTests {
    @Test func frenchLetterReadsBackWithAccentsAndAmounts() throws {
        let pdf = try LetterPDF.render(Fixtures.french)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let raw = try PDFTools.text(of: pdf)
        // pdftotext (poppler) gives U+202F and U+00A0 back as ordinary spaces: the spaces must be there
        // (not dropped as missing glyphs), and the amount must not be split across lines.
        #expect(raw.contains("1 234,56 €"))
        #expect(!raw.contains("1234,56"))
        let text = PDFTools.normalise(raw)
        for expected in [
            "Atelier Dupré SARL", "Société Acmé Industries", "À l’attention de M. François Lefèvre",
            "Paris, le 22 novembre 2026", "Réf. : R2026-0007", "Objet : Mise en demeure de payer",
            "« mise en demeure »", "1 234,56 €", "1 292,83 €", "Intérêts de retard", "IBAN FR76 3000 6000 0112 3456 7890 189",
            "Camille Dupré", "RCS Paris 123 456 789",
        ] {
            #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
        }
        #expect(!text.contains("<page break>"), "the sample letter should fit on one page")
        #expect(!text.contains("page 1 / 1"), "no page number on a single page")
        try Golden.check(text, against: "letter-fr.txt")
    }

    @Test func westernTextUsesTheStandardFontsAndOtherScriptsEmbedDejaVu() throws {
        // French and English fit Windows-1252: the standard Helvetica, nothing embedded, a few kilobytes.
        let french = try LetterPDF.render(Fixtures.french)
        let standard = try PDFTools.fonts(of: french)
        #expect(standard.map(\.name).sorted() == ["Helvetica", "Helvetica-Bold"])
        #expect(standard.allSatisfy { !$0.embedded })
        #expect(french.count < 20_000, "a standard-font letter is small, got \(french.count) bytes")

        // A Polish customer name does not fit: DejaVu is embedded, and the name reads back.
        var polish = Fixtures.french
        polish.recipient[0] = "Łódź Spółka z o.o."
        let pdf = try LetterPDF.render(polish)
        let embedded = try PDFTools.fonts(of: pdf)
        #expect(embedded.count == 2 && embedded.allSatisfy { $0.embedded && $0.name.contains("DejaVu") })
        let polishText = PDFTools.normalise(try PDFTools.text(of: pdf))
        #expect(polishText.contains("Łódź Spółka z o.o."))

        // Asking for embedded fonts always embeds them.
        let forced = try PDFTools.fonts(of: try LetterPDF.render(Fixtures.french, fonts: .dejaVu))
        #expect(forced.allSatisfy { $0.embedded })
    }

    @Test func englishLetterReadsBack() throws {
        let pdf = try LetterPDF.render(Fixtures.english)
        let text = PDFTools.normalise(try PDFTools.text(of: pdf))
        for expected in ["Brightline Studio Ltd", "Subject: Final reminder before legal action", "€2,468.10", "Yours faithfully,"] {
            #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
        }
        try Golden.check(text, against: "letter-en.txt")
    }

    @Test func metadataComesFromTheLayout() throws {
        let info = try PDFTools.info(of: try LetterPDF.render(Fixtures.french))
        #expect(info["Title"] == "Mise en demeure de payer — R2026-0007")
        #expect(info["Author"] == "Atelier Dupré SARL")
        #expect(info["Subject"] == "Relance : factures impayées")
        #expect(info["Creator"] == "relance")
        // pdfinfo -isodates prints the offset as "+01".
        #expect(info["CreationDate"]?.hasPrefix("2026-11-22T09:30:00+01") == true, "\(info)")
        #expect(info["ModDate"]?.hasPrefix("2026-11-22T09:30:00+01") == true, "\(info)")
        #expect(info["Page size"]?.hasPrefix("595.276 x 841.89 pts (A4)") == true, "\(info)")
        #expect(info["Pages"] == "1")
    }

    @Test func sameInputGivesSameBytes() throws {
        let first = try LetterPDF.render(Fixtures.french)
        let second = try LetterPDF.render(Fixtures.french)
        #expect(first == second)
        var later = Fixtures.french
        later.metadata.creationDate.day = 23
        #expect(try LetterPDF.render(later) != first, "the creation date must be part of the output")
    }

    @Test func longTableFlowsOverPagesWithHeaderAndFooterOnEach() throws {
        let pdf = try LetterPDF.render(Fixtures.frenchWithRows(120))
        let pageCount = Int(try PDFTools.info(of: pdf)["Pages"] ?? "") ?? 0
        #expect(pageCount >= 2)
        let text = PDFTools.normalise(try PDFTools.text(of: pdf))
        let pages = text.components(separatedBy: "<page break>\n")
        #expect(pages.count == pageCount)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("page \(index + 1) / \(pageCount)"), "page \(index + 1) lacks its number")
            #expect(page.contains("RCS Paris 123 456 789"), "page \(index + 1) lacks the footer")
            if index > 0 && page.contains("F2026-") {
                #expect(page.contains("Facture Émise le Échéance Retard Montant TTC"), "no table header on page \(index + 1)")
            }
        }
        for row in [1, 60, 120] {
            #expect(text.contains("F2026-\(String(row).leftPadded(to: 4))"), "row \(row) missing")
        }
        #expect(text.contains("Total réclamé"))
        #expect(pages.last?.contains("Camille Dupré") == true)
    }
}

@Suite struct LetterPDFErrorTests {
    @Test func missingFontFileThrowsAClearError() {
        let fonts = LetterFonts(regular: "/nonexistent/fonts/Missing.ttf", bold: LetterFonts.dejaVu.bold)
        do {
            _ = try LetterPDF.render(Fixtures.french, fonts: fonts)
            Issue.record("rendering with a missing font should throw")
        } catch let error as LetterPDFError {
            #expect(error.code == 0x1017)
            #expect(error.description.contains("/nonexistent/fonts/Missing.ttf"))
            #expect(error.description.contains("install fonts-dejavu-core"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func fileThatIsNotAFontThrows() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-font-\(UUID().uuidString).ttf")
        try Data("this is not a TrueType font".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: LetterPDFError.self) {
            try LetterPDF.render(Fixtures.french, fonts: LetterFonts(regular: LetterFonts.dejaVu.regular, bold: url.path))
        }
        #expect(error?.context.contains("bold font") == true, "\(String(describing: error))")
    }

    @Test func invalidCreationDateThrows() {
        var letter = Fixtures.french
        letter.metadata.creationDate.month = 13
        let error = #expect(throws: LetterPDFError.self) { try LetterPDF.render(letter) }
        #expect(error?.message.contains("date") == true, "\(String(describing: error))")
    }
}

/// Set RELANCE_WRITE_SAMPLES to a directory to get the sample letters as PDF files to look at.
@Test func writeSamplesWhenAsked() throws {
    guard let directory = ProcessInfo.processInfo.environment["RELANCE_WRITE_SAMPLES"], !directory.isEmpty else { return }
    let samples = [("letter-fr", Fixtures.french), ("letter-en", Fixtures.english), ("letter-fr-120", Fixtures.frenchWithRows(120))]
    for (name, letter) in samples {
        try Data(try LetterPDF.render(letter)).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name + ".pdf"))
    }
}
