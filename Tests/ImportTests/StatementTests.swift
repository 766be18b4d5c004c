import Foundation
import Books
import Configuration
@testable import Import
import Testing

/// Statements written for the tests with the quirks of real ones, and a malformed file of each format.
@Suite struct StatementTests {
    var profile: CSVImportProfile {
        var p = CSVImportProfile(name: "banque", date: "Date", label: ["Libellé", "Détail"])
        p.encoding = .windows1252
        p.skip = 2
        p.credit = "Crédit"
        p.debit = "Débit"
        p.id = "Référence"
        return p
    }

    /// Windows-1252 bytes of `text` (the test's text stays readable).
    func cp1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { s in
            if s.value < 0x100 { return UInt8(s.value) }
            if let k = TextDecoding.windows1252High.firstIndex(of: s.value) { return UInt8(0x80 + k) }
            Issue.record("not in Windows-1252: \(s)")
            return 0x3F
        }
    }

    let frenchCSV = """
    Compte courant n° 00012345678 — Mme Claire Martin;;;;;
    Période du 01/11/2026 au 30/11/2026;;;;;
    Date;Libellé;Détail;Débit;Crédit;Référence
    03/11/2026;VIR SEPA RECU;"/DE DUPONT ET FILS /MOTIF FACTURE F2026-014; F2026-015";;"1 234,56";REF-001
    05/11/2026;PRLV SEPA EDF;Électricité;-45,00;;REF-002
    6/11/2026;VIR ATELIER LUMIÈRE;"acompte ""site""
    2e ligne";;"12 000,00";

    07/11/2026;VIR ACME;;;1.500,5;REF-004

    """

    @Test func csv_windows1252_with_a_header_block_quoted_fields_and_french_amounts() throws {
        let ts = try CSVStatement.parse(cp1252(frenchCSV), file: "releve.csv", profile: profile, currency: .EUR)
        #expect(ts.count == 4)
        #expect(ts[0].line == 4)
        #expect(ts[0].date == day("2026-11-03"))
        #expect(ts[0].amount == 123_456)
        #expect(ts[0].label == "VIR SEPA RECU /DE DUPONT ET FILS /MOTIF FACTURE F2026-014; F2026-015")
        #expect(ts[0].bankID == "REF-001")
        #expect(ts[1].amount == -4_500)
        #expect(ts[1].label == "PRLV SEPA EDF Électricité")
        #expect(ts[2].date == day("2026-11-06"))
        #expect(ts[2].amount == 1_200_000)
        #expect(ts[2].label == "VIR ATELIER LUMIÈRE acompte \"site\" 2e ligne")
        #expect(ts[2].bankID == nil)
        // The quoted field took two lines, then a blank line: the next row is on line 9.
        #expect(ts[3].line == 9)
        #expect(ts[3].amount == 150_050)
    }

    @Test func amounts_as_banks_write_them() {
        func a(_ s: String, _ d: Character = ",") -> Int64? { BankText.amount(s, decimal: d, minorUnits: 2) }
        #expect(a("1 234,56") == 123_456)
        #expect(a("1\u{A0}234,56") == 123_456)
        #expect(a("1\u{202F}234,56 €") == 123_456)
        #expect(a("1.234,56") == 123_456)
        #expect(a("-45,00") == -4_500)
        #expect(a("45,00-") == -4_500)
        #expect(a("+12") == 1_200)
        #expect(a("1,234.56", ".") == 123_456)
        #expect(a("0,5") == 50)
        #expect(a("12,340") == 1_234)
        #expect(a("12,345") == nil)      // more decimals than the currency has
        #expect(a("12 34,00") == nil)    // groups of three
        #expect(a("1234.56") == nil)     // a point where the profile says a comma: not silently 100 times more
        #expect(a("abc") == nil)
        #expect(a("") == nil)
    }

    @Test func csv_errors_are_located_in_the_file() {
        func error(_ text: String, _ p: CSVImportProfile? = nil) -> Diagnostic? {
            do {
                _ = try CSVStatement.parse(cp1252(text), file: "releve.csv", profile: p ?? profile, currency: .EUR)
                return nil
            } catch let e as StatementError { return e.diagnostic } catch { return nil }
        }
        let missing = error("x\ny\nDate;Libellé;Débit;Credit\n")
        #expect(missing?.location.description == "releve.csv:3:1")
        #expect(missing?.message.contains("no column \"Détail\"") == true)
        let date = error("x\ny\nDate;Libellé;Détail;Débit;Crédit;Référence\n2026-11-03;VIR;;;10,00;\n")
        #expect(date?.location.description == "releve.csv:4:1")
        #expect(date?.message.contains("is not a date") == true)
        #expect(date?.sourceLine == "2026-11-03;VIR;;;10,00;")
        let amount = error("x\ny\nDate;Libellé;Détail;Débit;Crédit;Référence\n03/11/2026;VIR;;;10.00;\n")
        #expect(amount?.location.description == "releve.csv:4:18")
        let quote = error("x\ny\nDate;Libellé;Détail;Débit;Crédit;Référence\n03/11/2026;\"VIR\"x;;;10,00;\n")
        #expect(quote?.location.line == 4)
        #expect(quote?.message.contains("not valid CSV") == true)
        var utf8 = profile
        utf8.encoding = .utf8
        let encoding = error("x\ny\nDate;Libellé;Détail;Débit;Crédit;Référence\n", utf8)
        #expect(encoding?.location.line == 3)
        #expect(encoding?.fix?.contains("windows-1252") == true)
        let short = error("only one line")
        #expect(short?.message.contains("skips 2") == true)
    }

    let ofx102 = """
    OFXHEADER:100
    DATA:OFXSGML
    VERSION:102
    SECURITY:NONE
    ENCODING:USASCII
    CHARSET:1252
    COMPRESSION:NONE
    OLDFILEUID:NONE
    NEWFILEUID:NONE

    <OFX>
    <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261130120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
    <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
    <STMTRS><CURDEF>EUR
    <BANKACCTFROM><BANKID>30004<BRANCHID>00001<ACCTID>00012345678<ACCTTYPE>CHECKING</BANKACCTFROM>
    <BANKTRANLIST><DTSTART>20261101<DTEND>20261130
    <STMTTRN>
    <TRNTYPE>CREDIT
    <DTPOSTED>20261103
    <TRNAMT>1234.56
    <FITID>2026110300001
    <NAME>VIR DUPONT &amp; FILS
    <MEMO>FACTURE F2026-014
    </STMTTRN>
    <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261105120000.000[+1:CET]<TRNAMT>-45.00<FITID>2026110500002<NAME>PRLV EDF</STMTTRN>
    <STMTTRN>
    <TRNTYPE>CREDIT
    <DTPOSTED>20261106
    <TRNAMT>990,00
    <FITID>2026110600003
    <NAME>ATELIER LUMIÈRE
    </STMTTRN>
    </BANKTRANLIST>
    <LEDGERBAL><BALAMT>1000.00<DTASOF>20261130</LEDGERBAL>
    </STMTRS></STMTTRNRS></BANKMSGSRSV1>
    </OFX>
    """

    @Test func ofx_102_sgml_with_unclosed_tags_in_windows1252() throws {
        let ts = try OFXStatement.parse(cp1252(ofx102), file: "releve.ofx", currency: .USD)
        #expect(ts.count == 3)
        #expect(ts[0].date == day("2026-11-03"))
        #expect(ts[0].amount == 123_456)
        #expect(ts[0].currency == .EUR)
        #expect(ts[0].bankID == "2026110300001")
        #expect(ts[0].payer == "VIR DUPONT & FILS")
        #expect(ts[0].label == "VIR DUPONT & FILS FACTURE F2026-014")
        #expect(ts[0].line == 17)
        #expect(ts[1].amount == -4_500)
        #expect(ts[1].date == day("2026-11-05"))
        #expect(ts[2].amount == 99_000)
        #expect(ts[2].payer == "ATELIER LUMIÈRE")
    }

    @Test func ofx_2_xml() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
        <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF><BANKTRANLIST>
        <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20261103000000</DTPOSTED><TRNAMT>300.00</TRNAMT><FITID>A1</FITID><NAME>Dupont &amp; Fils</NAME><MEMO>F2026-015</MEMO></STMTTRN>
        </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """
        let ts = try OFXStatement.parse(Array(xml.utf8), file: "releve.ofx", currency: .USD)
        #expect(ts.count == 1)
        #expect(ts[0].amount == 30_000 && ts[0].currency == .EUR && ts[0].bankID == "A1")
        #expect(ts[0].payer == "Dupont & Fils")
        #expect(ts[0].label == "Dupont & Fils F2026-015")
    }

    @Test func ofx_errors_are_located() {
        func error(_ text: String) -> Diagnostic? {
            do { _ = try OFXStatement.parse(Array(text.utf8), file: "releve.ofx", currency: .EUR); return nil } catch let e as StatementError {
                return e.diagnostic
            } catch { return nil }
        }
        let notOFX = error("Date;Libellé\n03/11/2026;VIR\n")
        #expect(notOFX?.location.description == "releve.ofx:1:1")
        #expect(notOFX?.message.contains("not an OFX file") == true)
        let amount = error(ofx102.replacingOccurrences(of: "<TRNAMT>1234.56", with: "<TRNAMT>12 34x"))
        #expect(amount?.location.line == 20)
        #expect(amount?.message.contains("\"12 34x\" is not an amount") == true)
        #expect(amount?.sourceLine == "<TRNAMT>12 34x")
        let date = error(ofx102.replacingOccurrences(of: "<DTPOSTED>20261106", with: "<DTPOSTED>2026-11-06"))
        #expect(date?.location.line == 28)
        // Digits of other scripts are not a date (and do not stop the program).
        let arabic = error(ofx102.replacingOccurrences(of: "<DTPOSTED>20261106", with: "<DTPOSTED>٢٠٢٦١١٠٦"))
        #expect(arabic?.message.contains("is not an OFX date") == true)
        let xml = error("<?xml version=\"1.0\"?>\n<OFX><BANKMSGSRSV1>\n<STMTTRN><TRNAMT>1</TRNAMT>\n</OFX>")
        #expect(xml?.message.contains("not well-formed XML") == true)
    }

    func camt(_ version: String, amount: String = "1500.00") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>STMT-2026-11</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>STMT-1</Id>
              <Acct><Id><IBAN>FR7612345000010001234567887</IBAN></Id><Ccy>EUR</Ccy></Acct>
              <Ntry>
                <Amt Ccy="EUR">\(amount)</Amt>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Sts>BOOK</Sts>
                <BookgDt><Dt>2026-11-04</Dt></BookgDt>
                <ValDt><Dt>2026-11-04</Dt></ValDt>
                <AcctSvcrRef>ENTRY-77</AcctSvcrRef>
                <NtryDtls>
                  <TxDtls>
                    <Refs><EndToEndId>E2E-DUPONT-1</EndToEndId></Refs>
                    <AmtDtls><TxAmt><Amt Ccy="EUR">1200.00</Amt></TxAmt></AmtDtls>
                    <RltdPties><Dbtr><Nm>DUPONT ET FILS</Nm></Dbtr><DbtrAcct><Id><IBAN>FR76 3000 6000 0112 3456 7890 189</IBAN></Id></DbtrAcct></RltdPties>
                    <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>F2026-014</Ref></CdtrRefInf></Strd></RmtInf>
                  </TxDtls>
                  <TxDtls>
                    <Refs><AcctSvcrRef>TX-78</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
                    <AmtDtls><TxAmt><Amt Ccy="EUR">300.00</Amt></TxAmt></AmtDtls>
                    <RltdPties><Dbtr><Pty><Nm>ACME SARL</Nm></Pty></Dbtr></RltdPties>
                    <RmtInf><Ustrd>Reglement fact. F2026-021</Ustrd><Ustrd>et solde</Ustrd></RmtInf>
                  </TxDtls>
                </NtryDtls>
              </Ntry>
              <Ntry>
                <Amt Ccy="EUR">45.00</Amt>
                <CdtDbtInd>DBIT</CdtDbtInd>
                <BookgDt><Dt>2026-11-05</Dt></BookgDt>
                <AddtlNtryInf>PRLV EDF</AddtlNtryInf>
              </Ntry>
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """
    }

    @Test(arguments: ["02", "08", "13"]) func camt053_entry_with_two_transactions_and_a_structured_reference(version: String) throws {
        let ts = try CAMT053.parse(Array(camt(version).utf8), file: "releve.xml")
        #expect(ts.count == 3)
        #expect(ts[0].amount == 120_000 && ts[0].currency == .EUR && ts[0].date == day("2026-11-04"))
        #expect(ts[0].payer == "DUPONT ET FILS")
        #expect(ts[0].iban == "FR7630006000011234567890189")
        #expect(ts[0].references == ["F2026-014"])
        #expect(ts[0].bankID == "E2E-DUPONT-1")
        #expect(ts[1].amount == 30_000)
        #expect(ts[1].payer == "ACME SARL")
        #expect(ts[1].label == "Reglement fact. F2026-021 et solde")
        #expect(ts[1].bankID == "TX-78")
        #expect(ts[2].amount == -4_500)
        #expect(ts[2].label == "PRLV EDF")
    }

    @Test func camt053_errors_name_the_element_path() {
        func error(_ text: String) -> Diagnostic? {
            do { _ = try CAMT053.parse(Array(text.utf8), file: "releve.xml"); return nil } catch let e as StatementError {
                return e.diagnostic
            } catch { return nil }
        }
        let amount = error(camt("02", amount: "1 500,00"))
        #expect(amount?.location.file == "releve.xml")
        #expect(amount?.location.line == 9)
        #expect(amount?.message.hasPrefix("Document/BkToCstmrStmt/Stmt/Ntry/Amt: \"1 500,00\" is not an amount") == true)
        let second = error(camt("02").replacingOccurrences(of: "<Dt>2026-11-05</Dt>", with: "<Dt>05/11/2026</Dt>"))
        #expect(second?.message.hasPrefix("Document/BkToCstmrStmt/Stmt/Ntry[2]/BookgDt/Dt:") == true)
        let broken = error(String(camt("02").dropLast(30)))
        #expect(broken?.message.contains("not well-formed XML") == true)
        let other = error("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn/></Document>")
        #expect(other?.message.contains("not a CAMT.053 statement") == true)
    }

    @Test func an_unknown_encoding_in_the_profile_is_a_located_config_error() {
        let (config, diagnostics) = ConfigParser.parse("""
        [company]
        name = "Claire Martin EI"

        [import.csv.banque]
        encoding = "latin-2"
        date = "Date"
        label = "Libellé"
        credit = "Crédit"
        date_format = "%d.%q.%Y"
        """)
        #expect(config == nil)
        #expect(diagnostics.map(\.location.line) == [5, 9])
        #expect(diagnostics[0].message == "unknown encoding \"latin-2\"")
    }

    @Test func a_profile_is_read_from_relance_toml() throws {
        let (config, diagnostics) = ConfigParser.parse("""
        [company]
        name = "Claire Martin EI"

        [import.csv.banque]
        delimiter = ";"
        encoding = "windows-1252"
        skip = 2
        date = "Date"
        date_format = "%d/%m/%Y"
        label = ["Libellé", "Détail"]
        credit = "Crédit"
        debit = "Débit"
        decimal = ","
        currency = "EUR"
        id = "Référence"
        """)
        #expect(diagnostics.isEmpty)
        let p = try #require(config?.csvImports["banque"])
        #expect(p == profile.with { $0.currency = .EUR })
    }
}

extension CSVImportProfile {
    func with(_ change: (inout CSVImportProfile) -> Void) -> CSVImportProfile {
        var copy = self
        change(&copy)
        return copy
    }
}
