import Foundation
import LetterPDF

/// Sample letters shared by the tests. Amounts are formatted the French way: U+202F (narrow no-break
/// space) between thousands, U+00A0 (no-break space) before the euro sign.
enum Fixtures {
    static let nnbsp = "\u{202F}"
    static let nbsp = "\u{00A0}"

    static func euros(_ text: String) -> String {
        text.replacingOccurrences(of: " ", with: nnbsp) + nbsp + "€"
    }

    static let frenchTable = LetterTable(
        columns: [
            .init(title: "Facture", width: 1.3),
            .init(title: "Émise le", width: 1.1),
            .init(title: "Échéance", width: 1.1),
            .init(title: "Retard", width: 0.8, alignment: .right),
            .init(title: "Montant TTC", width: 1.2, alignment: .right),
        ],
        rows: [
            ["F2026-0031", "02/09/2026", "02/10/2026", "51 jours", euros("456,00")],
            ["F2026-0038", "15/09/2026", "15/10/2026", "38 jours", euros("528,56")],
            ["F2026-0042", "01/10/2026", "31/10/2026", "22 jours", euros("250,00")],
        ],
        totals: [
            ["Total dû", euros("1 234,56")],
            ["Indemnité forfaitaire pour frais de recouvrement", euros("40,00")],
            ["Intérêts de retard (taux BCE + 10 points)", euros("18,27")],
            ["Total réclamé", euros("1 292,83")],
        ]
    )

    static let french = LetterLayout(
        sender: [
            "Atelier Dupré SARL",
            "12 rue de la Gaîté",
            "75014 Paris",
            "Tél. : 01 23 45 67 89",
            "compta@atelier-dupre.fr",
            "SIRET 123 456 789 00012",
        ],
        recipient: [
            "Société Acmé Industries",
            "À l’attention de M. François Lefèvre",
            "Service comptabilité",
            "45 avenue des Champs-Élysées",
            "75008 Paris",
        ],
        placeAndDate: "Paris, le 22 novembre 2026",
        references: ["Réf. : R2026-0007", "Client : acme", "Lettre recommandée avec accusé de réception"],
        subject: "Objet : Mise en demeure de payer",
        paragraphs: [
            "Madame, Monsieur,",
            "Malgré nos relances du 15 et du 29 octobre 2026, nous constatons que les factures ci-dessous, "
                + "arrivées à échéance, restent impayées à ce jour.",
            "Par la présente, qui vaut « mise en demeure » au sens de l’article 1344 du Code civil, nous vous "
                + "demandons de nous régler la somme de \(euros("1 292,83")) dans un délai de huit jours à compter "
                + "de la réception de ce courrier.",
        ],
        table: frenchTable,
        closingParagraphs: [
            "Conformément à l’article L441-10 du Code de commerce, ces sommes incluent l’indemnité forfaitaire "
                + "de \(euros("40,00")) et des pénalités de retard au taux de la BCE majoré de 10 points.",
            "Règlement par virement : IBAN FR76 3000 6000 0112 3456 7890 189 — BIC AGRIFRPPXXX, en rappelant la "
                + "référence R2026-0007.",
            "À défaut de règlement dans ce délai, nous saisirons la juridiction compétente sans autre avis.",
            "",
            "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.",
        ],
        signature: ["Camille Dupré", "Gérante"],
        footer: [
            "Atelier Dupré SARL au capital de \(euros("10 000")) — RCS Paris 123 456 789 — TVA FR12 123456789",
            "Pénalités de retard : taux BCE + 10 points — indemnité forfaitaire de recouvrement : \(euros("40"))",
        ],
        metadata: LetterMetadata(
            title: "Mise en demeure de payer — R2026-0007",
            author: "Atelier Dupré SARL",
            subject: "Relance : factures impayées",
            creationDate: PDFDate(year: 2026, month: 11, day: 22, hour: 9, minute: 30, second: 0, utcOffsetMinutes: 60)
        )
    )

    static let english = LetterLayout(
        sender: ["Brightline Studio Ltd", "4 Canal Street", "Manchester M1 3HE", "accounts@brightline.example"],
        recipient: ["Acme Widgets plc", "Attn: Accounts Payable", "100 High Street", "London EC1A 1BB"],
        placeAndDate: "Manchester, 22 November 2026",
        references: ["Ref: R2026-0008", "Customer: acme-uk"],
        subject: "Subject: Final reminder before legal action",
        paragraphs: [
            "Dear Sir or Madam,",
            "Despite our reminders of 15 and 29 October 2026, the invoices listed below remain unpaid. "
                + "We ask you to pay the outstanding balance of €2,468.10 within seven days.",
        ],
        table: LetterTable(
            columns: [
                .init(title: "Invoice", width: 1.3),
                .init(title: "Issued", width: 1.1),
                .init(title: "Due", width: 1.1),
                .init(title: "Overdue", width: 0.9, alignment: .right),
                .init(title: "Amount", width: 1.2, alignment: .right),
            ],
            rows: [
                ["INV-2026-101", "2026-09-02", "2026-10-02", "51 days", "€1,468.10"],
                ["INV-2026-107", "2026-09-20", "2026-10-20", "33 days", "€1,000.00"],
            ],
            totals: [["Total due", "€2,468.10"]]
        ),
        closingParagraphs: [
            "Payment by bank transfer: IBAN GB33 BUKB 2020 1555 5555 55, quoting reference R2026-0008.",
            "Yours faithfully,",
        ],
        signature: ["Sam Taylor", "Director"],
        footer: ["Brightline Studio Ltd — registered in England and Wales no. 01234567"],
        metadata: LetterMetadata(
            title: "Final reminder — R2026-0008", author: "Brightline Studio Ltd", subject: "Overdue invoices",
            creationDate: PDFDate(year: 2026, month: 11, day: 22, hour: 10, minute: 0, second: 0, utcOffsetMinutes: 0)
        )
    )

    /// The French letter with `count` invoice rows, to force pagination.
    static func frenchWithRows(_ count: Int) -> LetterLayout {
        var letter = french
        letter.table?.rows = (1...count).map { index in
            let number = String(index).leftPadded(to: 4)
            return ["F2026-\(number)", "02/09/2026", "02/10/2026", "\(index % 60 + 1) jours", euros("1 0\(index % 10)0,00")]
        }
        return letter
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
