import Books
import Foundation
import RelanceCommands
import Testing

/// Books whose level 2 uses a template that does not exist ("firts").
private func config(templates: [String], customerBlock: String = "") -> [String: String] {
    var toml = """
        [company]
        name = "Atelier Dupont"
        email = "atelier@dupont.example"
        language = "fr"

        [dunning]

        """
    for (k, t) in templates.enumerated() {
        toml += """

            [[dunning.level]]
            name = "Niveau \(k + 1)"
            offset = \(7 + 14 * k)
            template = "\(t)"

            """
    }
    var files = bookSet
    files["relance.toml"] = toml
    files["customers.books"] = """
        customer acme
          name "ACME SARL"
          email compta@acme.example
          address "1 rue de la Paix"
        customer bob
          name "Bob & Fils"
          email bob@bob.example
          address "2 rue Neuve"
          terms 15
        customer cleo
          name "Cléo Martin"
          email cleo@cleo.example
          kind consumer
        """ + customerBlock
    return files
}

@Suite("check finds what run would trip on (issue 8 §3)")
struct CheckFindsWhatRunTripsOnTests {
    func check(_ files: [String: String]) throws -> (status: Int32, out: String, err: String) {
        let temp = try TempBooks(files)
        return runCommandInProcess(temp.root) { try CheckCommand.run(.init(books: booksHere), $0) }
    }

    @Test func aLevelTemplateThatDoesNotExist() throws {
        let r = try check(config(templates: ["first", "firts"]))
        #expect(r.status == 65, "\(r.err)")
        // The template value of the second [[dunning.level]]: line 16, column 12.
        #expect(r.err.contains("relance.toml:16:12: error: level 2 (Niveau 2) uses the template \"firts\""), "\(r.err)")
        #expect(r.err.contains("templates/fr/firts.email.mustache"), "\(r.err)")
        #expect(r.err.contains("did you mean first?"), "\(r.err)")
        #expect(r.err.contains("1 error"), "\(r.err)")
    }

    @Test func ownTemplatesMustExistInEveryLanguageInUseAndCompile() throws {
        var files = config(templates: ["first", "mine"], customerBlock: """

            customer dan
              name "Dan Smith"
              email dan@smith.example
              address "3 Oxford Street"
              lang en
            """)
        files["templates/fr/mine.email.mustache"] = "Objet : relance\n\nBonjour {{#customer}}\n"
        let r = try check(files)
        #expect(r.status == 65, "\(r.err)")
        #expect(r.err.contains("templates/en/mine.email.mustache"), "the English one is missing: \(r.err)")
        #expect(r.err.contains("templates/fr/mine.email.mustache") && r.err.contains("Mustache"), "the French one does not compile: \(r.err)")
        files["templates/fr/mine.email.mustache"] = "Objet : relance\n\nBonjour {{customer.name}}\n"
        files["templates/en/mine.email.mustache"] = "Subject: reminder\n\nHello {{customer.name}}\n"
        let fixed = try check(files)
        #expect(fixed.status == 0, "\(fixed.err)")
        #expect(fixed.err.contains("0 errors, 0 warnings"), "\(fixed.err)")
    }

    @Test func anAddressRunCannotSendTo() throws {
        var files = config(templates: ["first"])
        files["customers.books"]! += "\ncustomer dora\n  name Dora\n  address \"1 place\"\n  email contact@café.example\n"
        let r = try check(files)
        #expect(r.status == 65, "\(r.err)")
        #expect(r.err.contains("customers.books:17:9: error:"), "\(r.err)")
        #expect(r.err.contains("contact@xn--caf-dma.example"), "the fix gives the ASCII form: \(r.err)")
        #expect(!r.err.contains("invalidAddress"))
    }

    @Test func aSenderAddressRunCannotSendFrom() throws {
        var files = config(templates: ["first"])
        files["relance.toml"] = files["relance.toml"]!.replacingOccurrences(of: "atelier@dupont.example", with: "atelier@dupont-é.example")
        let r = try check(files)
        #expect(r.status == 65, "\(r.err)")
        #expect(r.err.contains("relance.toml:3:9: error: \"atelier@dupont-é.example\" is not an address an e-mail can be sent from"), "\(r.err)")
    }

    @Test func aLetterWithoutAPostalAddressIsAWarning() throws {
        var files = config(templates: ["first"])
        files["customers.books"]! += "\ncustomer eve\n  name Eve\n  email eve@eve.example\n  channel letter\n"
        files["invoices/2026.books"]! += "\n2026-10-01 invoice F2026-010 eve 100 EUR\n"
        let r = try check(files)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("customers.books:14:10: warning: customer eve has no postal address"), "\(r.err)")
        #expect(r.err.contains("1 warning"), "\(r.err)")
    }

    @Test func allocationErrorsAreReportedWithSyntaxErrors() throws {
        var files = bookSet
        files["bank/more.books"] = """
            2026-11-12 payment bob 600 EUR
              apply F2026-003 600
            2026-11-13 paymnt bob 5 EUR
            """
        let r = try check(files)
        #expect(r.status == 65)
        #expect(r.err.contains("unknown record kind \"paymnt\""), "\(r.err)")
        #expect(r.err.contains("applies 600.00 to F2026-003, but only 450.00 is left on it"), "\(r.err)")
        #expect(r.err.contains("2 errors"), "\(r.err)")
    }
}
