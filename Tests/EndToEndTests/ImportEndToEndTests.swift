import Foundation
import Testing

/// `relance import` as a user runs it: the built binary, ledger-example in a real git repository, a bank CSV in Windows-1252.
@Suite struct ImportEndToEndTests {
    static let profile = """

    [import.csv.banque]
    delimiter = ";"
    encoding = "windows-1252"
    skip = 2
    date = "Date"
    label = ["Libellé", "Détail"]
    credit = "Crédit"
    debit = "Débit"
    """

    static let statement = """
    Compte courant n° 00012345678;;;;
    Période du 01/11/2026 au 30/11/2026;;;;
    Date;Libellé;Détail;Débit;Crédit
    03/11/2026;VIR SEPA RECU;"/DE GROUPE VALMONT /MOTIF FACTURE F2026-022";;"4 571,44"
    05/11/2026;PRLV EDF;;45,00;
    06/11/2026;VIR FROMAGERIE MERCIER;paiement;;690,00
    08/11/2026;VIR INCONNU SARL;;;"1 234,56"

    """

    @Test func import_write_commit_then_status_is_current() throws {
        let books = try GitBooks()
        let toml = try books.read("relance.toml")
        try books.temp.write("relance.toml", toml + Self.profile)
        try books.git(["commit", "--quiet", "-am", "import profile"])
        try Data(Self.statement.unicodeScalars.map { UInt8($0.value) }).write(to: books.root.appendingPathComponent("releve.csv"))

        let dry = try books.relance(["import", "releve.csv"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("2 invoice number"))
        #expect(dry.stdout.contains("3 payer and amount"))
        #expect(dry.stdout.contains("6 unmatched"))
        #expect(try books.gitOut(["status", "--porcelain"]) == "?? releve.csv")

        let commits = try books.commitCount
        let write = try books.relance(["import", "releve.csv", "--write", "--commit"])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try books.commitCount == commits + 1)
        #expect(try books.gitOut(["log", "-1", "--format=%s"]) == "relance: 2 payments imported from releve.csv")
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "payments/2026.books")
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Payment,valueonly)"]).split(separator: "\n").count == 2)

        let check = try books.relance(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        let status = try books.relance(["status", "--as-of", "2026-11-22"])
        #expect(status.status == 0)
        #expect(!status.stdout.contains("F2026-022"))
        #expect(!status.stdout.contains("F2026-031"))
        #expect(status.stdout.contains("F2026-021"))

        let again = try books.relance(["import", "releve.csv", "--write", "--commit"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("2 already imported"))
        #expect(try books.commitCount == commits + 1)
    }

    @Test func a_malformed_statement_exits_65_and_changes_nothing() throws {
        let books = try GitBooks()
        try books.temp.write("releve.ofx", "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n<STMTTRN>\n<DTPOSTED>20261103\n<TRNAMT>12,345.6.7\n</STMTTRN>\n</OFX>\n")
        let before = try books.files()
        let r = try books.relance(["import", "releve.ofx", "--write", "--commit"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("releve.ofx:7:1: error: \"12,345.6.7\" is not an amount in EUR"))
        #expect(try books.files() == before)
    }
}
