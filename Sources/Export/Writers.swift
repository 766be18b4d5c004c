import Books

/// hledger and ledger journals: the same plain-text syntax (`YYYY-MM-DD * description`, indented postings).
enum LedgerText {
    static func write(_ transactions: [Transaction], asOf: Day, title: String, format: ExportFormat) -> String {
        var out = "; \(clean(title)): receivables as of \(asOf), written by relance for \(format.rawValue)\n"
        out += "; one account per customer; each balance, per currency, is what relance reports as outstanding\n"
        for t in transactions {
            out += "\n\(t.date) * \(clean(description(t)))\n"
            let width = max(40, t.postings.map(\.account.count).max() ?? 0)
            for p in t.postings {
                let account = pad(p.account, width)
                let amount = p.amount.plain
                out += "    \(account)  \(String(repeating: " ", count: max(0, 14 - amount.count)))\(amount) \(p.amount.currency.code)\n"
            }
        }
        return out
    }

    /// One line without what would end a description (`;` starts a comment, a line break a new entry).
    static func clean(_ text: String) -> String {
        String(text.map { $0 == ";" ? "," : ($0.isNewline || $0 == "\t" ? " " : $0) })
    }
}

func description(_ t: Transaction) -> String {
    let who = t.customerName.isEmpty ? t.customerID : "\(t.customerName) (\(t.customerID))"
    switch t.kind {
    case .invoice: return "Invoice \(t.document) | \(who)"
    case .credit: return "Credit note \(t.document) | \(who)"
    case .payment: return (t.document.isEmpty ? "Payment" : "Payment \(t.document)") + " | \(who)"
    case .writeoff: return "Write-off \(t.document) | \(who)"
    }
}

/// beancount: accounts opened first, then `DATE * "payee" "narration"` transactions with metadata.
enum BeancountText {
    static func write(_ transactions: [Transaction], books: Books, asOf: Day, title: String, accounts: ExportAccounts,
                      names: [String: String]) -> String {
        var out = "; \(LedgerText.clean(title)): receivables as of \(asOf), written by relance for beancount\n"
        out += "option \"title\" \"\(quoted(title))\"\n"
        // Every account is opened on the first day of the journal (or the as-of day when it is empty).
        let opening = transactions.first?.date ?? asOf
        var used: [String] = []
        var seen = Set<String>()
        for t in transactions { for p in t.postings where seen.insert(p.account).inserted { used.append(p.account) } }
        let byAccount = Dictionary(names.map { (accounts.receivable + ":" + $0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        out += "\n"
        for account in used.sorted() {
            out += "\(opening) open \(account)\n"
            if let id = byAccount[account] { out += "  customer: \"\(quoted(id))\"\n" }
        }
        for t in transactions {
            let payee = t.customerName.isEmpty ? t.customerID : t.customerName
            let narration: String = switch t.kind {
            case .invoice: "Invoice \(t.document)"
            case .credit: "Credit note \(t.document)"
            case .payment: t.document.isEmpty ? "Payment" : "Payment \(t.document)"
            case .writeoff: "Write-off \(t.document)"
            }
            out += "\n\(t.date) * \"\(quoted(payee))\" \"\(quoted(narration))\"\n"
            out += "  customer: \"\(quoted(t.customerID))\"\n"
            for p in t.postings {
                let amount = p.amount.plain
                out += "  \(pad(p.account, 40))  \(String(repeating: " ", count: max(0, 14 - amount.count)))\(amount) \(p.amount.currency.code)\n"
            }
        }
        return out
    }

    /// Text inside double quotes: `\` and `"` escaped, one line.
    static func quoted(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.append(c.isNewline || c == "\t" ? " " : c)
            }
        }
        return out
    }
}

/// One CSV line per posting (RFC 4180), for spreadsheets and other tools.
enum CSVText {
    static func write(_ transactions: [Transaction]) -> String {
        var out = line(["date", "kind", "document", "customer", "account", "amount", "currency"])
        for t in transactions {
            for p in t.postings {
                out += line(["\(t.date)", t.kind.rawValue, t.document, t.customerID, p.account, p.amount.plain, p.amount.currency.code])
            }
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + String(f.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\"" : f
        }.joined(separator: ",") + "\r\n"
    }
}

/// `text` followed by spaces up to `width` characters.
func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
