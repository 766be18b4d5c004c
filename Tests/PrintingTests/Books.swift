/// The books the command tests print from: two customers reminded by letter (one French, one English),
/// one by e-mail; invoice copies as PDFs (one of two pages), one as an .odt.
enum SampleBooks {
    static let files: [String: String] = [
        "relance.toml": """
            [company]
            name = "Claire Martin EI"
            address = ["27 rue des Tables-Claudiennes", "69001 Lyon"]
            city = "Lyon"
            email = "claire@example.net"
            language = "fr"
            timezone = "Europe/Paris"

            [[dunning.level]]
            name = "Mise en demeure"
            offset = 10
            channel = "letter"
            template = "formal-notice"
            deadline = 8

            """,
        "customers.books": """
            customer acme
              name     "Acmé SARL"
              address  "1 rue de la République"
              address  "69002 Lyon"

            customer brightside
              name     "Brightside Analytics Inc."
              address  "1200 Market Street"
              address  "San Francisco, CA 94102"
              lang     en

            customer zeta
              name     "Zeta SAS"
              email    compta@zeta.example
              address  "3 rue de Rivoli"
              address  "75001 Paris"
              channel  email

            """,
        "invoices/2026.books": """
            2026-09-01 invoice F2026-001 acme 1200.00 EUR
              due   2026-10-01
              file  documents/F2026-001.pdf

            2026-09-05 invoice F2026-002 acme 300.00 EUR
              due   2026-10-05
              file  documents/F2026-002.pdf

            2026-09-10 invoice F2026-003 brightside 500.00 EUR
              due   2026-10-10
              file  documents/F2026-003.odt

            2026-09-10 invoice F2026-004 zeta 800.00 EUR
              due   2026-10-10

            """,
    ]

    /// The books in a fresh git repository, with the invoice files, committed.
    static func repository() throws -> GitBooksFolder {
        let books = try GitBooksFolder(files)
        try books.folder.write("documents/F2026-001.pdf", bytes: try samplePDF("COPY-F2026-001"))
        try books.folder.write("documents/F2026-002.pdf", bytes: try samplePDF("COPY-F2026-002", paragraphs: 9))
        try books.folder.write("documents/F2026-003.odt", "not a pdf")
        try books.commit()
        return books
    }
}
