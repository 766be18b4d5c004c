import Books
import Foundation
import RelanceCommands
import Testing

/// `relance import` in process, on books in a temporary folder, a fixed day, and git checked with the git CLI.
@Suite struct ImportCommandTests {
    static let toml = """
    [company]
    name = "Claire Martin EI"
    currency = "EUR"

    [import.csv.banque]
    delimiter = ";"
    encoding = "windows-1252"
    skip = 1
    date = "Date"
    label = ["Libellé"]
    amount = "Montant"
    """

    /// Windows-1252: "Libellé" and "Crédit" as the bank writes them.
    static let csv: [UInt8] = Array("Relevé de compte\nDate;Libellé;Montant\n03/11/2026;VIR DUPONT ET FILS F2026-014;1 200,00\n04/11/2026;PRLV EDF;-45,00\n05/11/2026;VIR ACME SARL;750,00\n06/11/2026;VIR INCONNU;10,00\n".unicodeScalars.map { UInt8($0.value) })

    func folder() throws -> ImportFolder {
        try ImportFolder(["relance.toml": Array(Self.toml.utf8), "books.books": Array(matchingBooks.utf8), "releve.csv": Self.csv])
    }

    @Test func without_write_it_prints_the_proposals_and_writes_nothing() throws {
        let f = try folder()
        let before = f.snapshot()
        let r = f.importing(["releve.csv"])
        #expect(r.status == .ok)
        #expect(r.out.contains("releve.csv:3"))
        #expect(r.out.contains("2 invoice number"))
        #expect(r.out.contains("3 payer and amount"))
        #expect(r.out.contains("6 unmatched"))
        #expect(r.out.contains("3 credits: 2 to write, 1 unmatched; 1 debit ignored."))
        #expect(f.snapshot() == before)
    }

    @Test func json_output() throws {
        let f = try folder()
        let r = f.importing(["releve.csv"], json: true)
        #expect(r.status == .ok)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let proposals = object?["proposals"] as? [[String: Any]]
        #expect(proposals?.count == 3)
        #expect(proposals?[0]["rule"] as? Int == 2)
        #expect((proposals?[0]["apply"] as? [[String: Any]])?.first?["invoice"] as? String == "F2026-014")
        #expect(proposals?[1]["amount"] as? String == "750.00")
        #expect(object?["debits"] as? Int == 1)
        #expect(object?["written"] as? Bool == false)
        let written = f.importing(["releve.csv"], write: true, json: true)
        let after = try JSONSerialization.jsonObject(with: Data(written.out.utf8)) as? [String: Any]
        #expect(after?["written"] as? Bool == true)
        #expect(f.read("payments/2026.books")?.contains("payment acme 750.00 EUR") == true)
    }

    @Test func write_appends_payments_that_check_and_status_read_back_and_a_second_import_writes_nothing() throws {
        let f = try folder()
        let r = f.importing(["releve.csv"], write: true)
        #expect(r.status == .ok, "\(r.err)")
        let written = try #require(f.read("payments/2026.books"))
        #expect(written.contains("2026-11-03 payment dupont 1200.00 EUR\n  apply    F2026-014 1200.00\n  ref      sha:"))
        #expect(written.contains("  note     \"VIR DUPONT ET FILS F2026-014\"\n"))
        #expect(written.contains("2026-11-05 payment acme 750.00 EUR\n  apply    F2026-020 500.00\n  apply    F2026-021 250.00\n"))
        #expect(!written.contains("INCONNU"))
        let check = f.run { try CheckCommand.run(.init(books: BooksOptions(books: f.root.path)), $0) }
        #expect(check.status == .ok, "\(check.err)")
        #expect(check.err.contains("0 errors"))
        let status = f.run { try StatusCommand.run(.init(books: BooksOptions(books: f.root.path, asOf: "2026-11-22"), format: .json), $0) }
        #expect(status.status == .ok)
        #expect(!status.out.contains("F2026-014"))
        #expect(!status.out.contains("F2026-020"))
        #expect(status.out.contains("F2026-015"))
        // Importing the same file again: everything already imported, nothing written.
        let before = f.snapshot()
        let again = f.importing(["releve.csv"], write: true)
        #expect(again.status == .ok)
        #expect(again.out.contains("2 already imported"))
        #expect(again.out.contains("Nothing to write"))
        #expect(f.snapshot() == before)
    }

    @Test func commit_commits_exactly_the_payment_files_with_trailers() throws {
        let f = try folder()
        try f.write("notes.txt", Array("not books\n".utf8))
        try f.git(["init", "--quiet", "--initial-branch=main"])
        try f.git(["config", "user.name", "Claire Martin"])
        try f.git(["config", "user.email", "claire@claire-martin.example"])
        try f.git(["add", "-A"])
        try f.git(["commit", "--quiet", "-m", "books"])
        try f.write("notes.txt", Array("edited, not committed\n".utf8))
        let r = f.importing(["releve.csv"], commit: true)
        #expect(r.status == .ok, "\(r.err)")
        #expect(r.out.contains("Committed "))
        #expect(try f.git(["log", "-1", "--format=%s"]) == "relance: 2 payments imported from releve.csv\n")
        let trailers = try f.git(["log", "-1", "--format=%(trailers:key=Payment,valueonly)"])
        #expect(trailers.split(separator: "\n").count == 2)
        #expect(trailers.hasPrefix("sha:"))
        #expect(try f.git(["show", "--name-only", "--format=", "HEAD"]) == "payments/2026.books\n")
        #expect(try f.git(["status", "--porcelain"]) == " M notes.txt\n")
        let second = f.importing(["releve.csv"], commit: true)
        #expect(second.status == .ok)
        #expect(try f.git(["rev-list", "--count", "HEAD"]) == "2\n")
    }

    @Test(arguments: [
        ("releve.csv", Array("Relevé\nJour;Libellé;Montant\n".unicodeScalars.map { UInt8($0.value) }), "releve.csv:2:1: error: the header row has no column \"Date\""),
        ("releve.ofx", Array("OFXHEADER:100\n<OFX>\n<STMTTRN>\n<TRNAMT>12\n</STMTTRN>\n</OFX>\n".utf8), "releve.ofx:3:1: error: this <STMTTRN> has no <DTPOSTED>"),
        ("releve.xml", Array("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>\n".utf8),
         "releve.xml:2:"),
    ]) func a_malformed_statement_exits_65_and_writes_nothing(name: String, bytes: [UInt8], expected: String) throws {
        let f = try folder()
        try f.write(name, bytes)
        let before = f.snapshot()
        let r = f.importing([name], write: true)
        #expect(r.status == .badData)
        #expect(r.err.contains(expected), "\(r.err)")
        #expect(r.err.contains("nothing was written"))
        #expect(f.snapshot() == before)
    }

    @Test func the_camt_error_names_the_element_path() throws {
        let f = try folder()
        try f.write("releve.xml", Array("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>\n".utf8))
        let r = f.importing(["releve.xml"])
        #expect(r.status == .badData)
        #expect(r.err.contains("Document/BkToCstmrStmt/Stmt/Ntry: the entry has no BookgDt/Dt"))
    }

    @Test func a_missing_profile_or_file_is_a_usage_or_io_error() throws {
        let f = try folder()
        #expect(f.importing(["nowhere.csv"]).status == .ioError)
        let r = f.run { try ImportCommand.run(.init(books: BooksOptions(books: f.root.path), files: ["releve.csv"], profile: "lcl"), $0) }
        #expect(r.status == .usage)
        #expect(r.err.contains("no [import.csv.lcl]"))
    }

    @Test func an_unknown_encoding_stops_the_import_with_65_where_relance_toml_says_it() throws {
        let f = try folder()
        try f.write("relance.toml", Array(Self.toml.replacingOccurrences(of: "windows-1252", with: "latin-2").utf8))
        let before = f.snapshot()
        let r = f.importing(["releve.csv"], write: true)
        #expect(r.status == .badData)
        #expect(r.err.contains("relance.toml:7:12: error: unknown encoding \"latin-2\""), "\(r.err)")
        #expect(f.snapshot() == before)
    }
}
