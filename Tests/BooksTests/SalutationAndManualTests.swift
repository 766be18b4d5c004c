import Books
import Testing

/// A customer's own salutation, and the `manual` key of a reminder made by hand.
@Suite("Books: customer salutation, reminder chosen by hand")
struct SalutationAndManualTests {
    @Test func salutationIsReadAsWritten() {
        let books = load([("main.books", """
            customer dupont
              name "Dupont SA"
              salutation "Monsieur Dupont,"
            customer leroy
              name "Leroy Ltd"
              salutation Dear Ms Leroy,
            customer acme
              name ACME

            """)])
        #expect(books.diagnostics.isEmpty, "\(books.diagnostics.map(\.message))")
        #expect(books.customer("dupont")?.salutation == "Monsieur Dupont,")
        #expect(books.customer("leroy")?.salutation == "Dear Ms Leroy,")
        #expect(books.customer("acme")?.salutation == nil)
    }

    static let badSalutations: [ErrorCase] = [
        ErrorCase("salutation without its comma", """
            customer dupont
              name Dupont
              salutation ‸"Monsieur Dupont"
            """, "salutation", fix: "comma"),
        ErrorCase("empty salutation", """
            customer dupont
              name Dupont
              salutation ‸""
            """, "salutation", fix: "Monsieur Dupont,"),
        ErrorCase("salutation given twice", """
            customer dupont
              name Dupont
              salutation "Monsieur,"
              ‸salutation "Madame,"
            """, "given twice"),
        ErrorCase("unknown manual choice", """
            customer acme
              name ACME
            2026-01-05 invoice F1 acme 100 EUR
            2026-02-10 reminder R1 acme
              level 3
              manual ‸levle
              invoice F1 100 EUR
            """, "manual", fix: "level"),
    ]

    @Test(arguments: badSalutations)
    func badValuesAreLocated(_ c: ErrorCase) { ParserErrorTests.check(c) }

    @Test func manualChoicesAreReadAndWrittenBack() throws {
        let text = """
            customer acme
              name ACME
            2026-01-05 invoice F1 acme 100 EUR
            2026-02-10 reminder R2026-0001 acme
              level 4
              channel email
              manual level gap
              invoice F1 100.00 EUR

            """
        let books = load([("main.books", text)])
        #expect(books.diagnostics.isEmpty, "\(books.diagnostics.map(\.message))")
        let r = try #require(books.reminders.first)
        #expect(r.manual == [.level, .gap])
        #expect(HistoryWriter.text(of: r) == """
            2026-02-10 reminder R2026-0001 acme
              level    4
              channel  email
              manual   level gap
              invoice  F1 100.00 EUR

            """)
    }
}
