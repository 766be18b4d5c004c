import Books

/// An ISO 20022 bank-to-customer statement (camt.053.001.02 and later; any namespace version).
public enum CAMT053 {
    public static func parse(_ bytes: [UInt8], file: String) throws -> [BankTransaction] {
        let root = try XMLTree.parse(bytes, file: file, what: "CAMT.053")
        guard root.name == "Document", let statement = root.child("BkToCstmrStmt") else {
            throw root.error(file, "this is not a CAMT.053 statement (the root is <\(root.name)>\(root.namespace.map { " in \($0)" } ?? ""), "
                             + "not <Document><BkToCstmrStmt>)", fix: "give a camt.053 file, or name the format with --format")
        }
        var out: [BankTransaction] = []
        for stmt in statement.all("Stmt") {
            let accountCurrency = stmt.value("Acct/Ccy")
            for entry in stmt.all("Ntry") {
                let indicator = entry.value("CdtDbtInd")
                guard indicator == "CRDT" || indicator == "DBIT" else {
                    throw (entry.child("CdtDbtInd") ?? entry).error(file, "CdtDbtInd must be CRDT or DBIT, found \(indicator.map { "\"\($0)\"" } ?? "nothing")",
                                                                    fix: "check the file is a complete camt.053 export")
                }
                let (entryAmount, entryCurrency) = try amount(entry.child("Amt"), in: entry, file: file, fallbackCurrency: accountCurrency)
                guard let dateNode = entry.child("BookgDt") ?? entry.child("ValDt"),
                      let dateText = dateNode.value("Dt") ?? dateNode.value("DtTm") else {
                    throw entry.error(file, "the entry has no BookgDt/Dt", fix: "check the file is a complete camt.053 export")
                }
                guard let date = Day(String(dateText.prefix(10))) else {
                    throw (dateNode.child("Dt") ?? dateNode.child("DtTm") ?? dateNode).error(file, "\"\(dateText)\" is not a date",
                                                                                             fix: "dates in camt.053 are YYYY-MM-DD")
                }
                let sign: Int64 = indicator == "CRDT" ? 1 : -1
                let entryRef = entry.value("AcctSvcrRef")
                let entryInfo = entry.value("AddtlNtryInf")
                let details = entry.all("NtryDtls").flatMap { $0.all("TxDtls") }
                if details.isEmpty {
                    var t = BankTransaction(file: file, line: entry.line, date: date, amount: sign * entryAmount, currency: entryCurrency,
                                            label: (entryInfo ?? "").collapsingSpaces)
                    t.bankID = entryRef
                    out.append(t)
                    continue
                }
                for (k, tx) in details.enumerated() {
                    var value = entryAmount, currency = entryCurrency
                    if let node = tx.child("AmtDtls/TxAmt/Amt") ?? tx.child("Amt") {
                        (value, currency) = try amount(node, in: tx, file: file, fallbackCurrency: entryCurrency.code)
                    } else if details.count > 1 {
                        throw tx.error(file, "an entry of \(details.count) transactions gives no amount for this one (AmtDtls/TxAmt/Amt)",
                                       fix: "check the file is a complete camt.053 export")
                    }
                    let txSign: Int64 = tx.value("CdtDbtInd").map { $0 == "DBIT" ? -1 : 1 } ?? sign
                    let parties = tx.child("RltdPties")
                    let payer = parties?.value("Dbtr/Nm") ?? parties?.value("Dbtr/Pty/Nm")
                    let remittance = tx.child("RmtInf")
                    let unstructured = remittance?.all("Ustrd").compactMap { $0.text.collapsingSpaces.isEmpty ? nil : $0.text.collapsingSpaces } ?? []
                    let structured = remittance?.all("Strd").compactMap { $0.value("CdtrRefInf/Ref") } ?? []
                    var label = (unstructured + structured).joined(separator: " ")
                    if label.isEmpty { label = (tx.value("AddtlTxInf") ?? entryInfo ?? payer ?? "").collapsingSpaces }
                    var t = BankTransaction(file: file, line: tx.line, date: date, amount: txSign * value, currency: currency, label: label)
                    t.payer = payer?.collapsingSpaces
                    t.iban = (parties?.value("DbtrAcct/Id/IBAN")).map { $0.filter { $0 != " " }.uppercased() }
                    t.references = structured
                    let endToEnd = tx.value("Refs/EndToEndId").flatMap { $0 == "NOTPROVIDED" ? nil : $0 }
                    t.bankID = tx.value("Refs/AcctSvcrRef") ?? endToEnd ?? entryRef.map { details.count > 1 ? "\($0)/\(k + 1)" : $0 }
                    out.append(t)
                }
            }
        }
        return out
    }

    /// `<Amt Ccy="EUR">1234.56</Amt>`: minor units and currency.
    static func amount(_ node: XMLNode?, in parent: XMLNode, file: String, fallbackCurrency: String?) throws -> (Int64, Currency) {
        guard let node else { throw parent.error(file, "the entry has no Amt", fix: "check the file is a complete camt.053 export") }
        let code = node.attributes["Ccy"] ?? fallbackCurrency
        guard let code, let currency = Currency(code: code) else {
            throw node.error(file, "\(code.map { "unknown currency \"\($0)\"" } ?? "the amount has no Ccy")",
                             fix: "camt.053 amounts are written <Amt Ccy=\"EUR\">1234.56</Amt>")
        }
        let text = node.text.trimmedOfSpaces
        guard let value = BankText.amount(text, decimal: ".", minorUnits: currency.minorUnits), value >= 0 else {
            throw node.error(file, "\"\(text)\" is not an amount in \(currency.code)", fix: "camt.053 amounts are written 1234.56, with a point")
        }
        return (value, currency)
    }
}
