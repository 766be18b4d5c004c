import Foundation
import Testing

/// `relance import` as a user runs it: in-process, ledger-example in a real git repository, a bank CSV in Windows-1252.
@Suite struct ImportEndToEndTests {
    @Test func import_write_commit_then_status_is_current() throws {
        // The example's November statement, through the [import.csv.banque] profile of its relance.toml.
        let books = try GitBooks()
        let statement = "banque/releve-2026-11.csv"

        let dry = try books.relance(["import", statement])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("2 invoice number"))
        #expect(dry.stdout.contains("3 payer and amount"))
        #expect(dry.stdout.contains("1 already imported"))
        #expect(dry.stdout.contains("ref VIR SEPA 9166 is already in the books (payments/2026.books:143)"))
        #expect(dry.stdout.contains("4 payer only"))
        #expect(dry.stdout.contains("6 unmatched"))
        #expect(dry.stdout.contains("5 credits: 3 to write (1 to review), 1 already imported, 1 unmatched; 2 debits ignored."))
        #expect(try books.gitOut(["status", "--porcelain"]) == "")

        let commits = try books.commitCount
        let write = try books.relance(["import", statement, "--write", "--commit"])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try books.commitCount == commits + 1)
        #expect(try books.gitOut(["log", "-1", "--format=%s"]) == "relance: 3 payments imported from releve-2026-11.csv")
        #expect(try books.gitOut(["show", "--name-only", "--format=", "HEAD"]) == "payments/2026.books")
        #expect(try books.gitOut(["log", "-1", "--format=%(trailers:key=Payment,valueonly)"]) == "VIR SEPA 9101\nVIR SEPA 9122\nVIR SEPA 9187")

        let check = try books.relance(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        let status = try books.relance(["status", "--as-of", "2026-11-22"])
        #expect(status.status == 0)
        #expect(!status.stdout.contains("F2026-022"))
        #expect(!status.stdout.contains("F2026-031"))
        #expect(status.stdout.contains("F2026-021"))
        #expect(status.stdout.contains("F2026-029      jean-dupont          2026-08-18  2026-09-02   1080.00       780.00"))

        let again = try books.relance(["import", statement, "--write", "--commit"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("4 already imported"))
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
