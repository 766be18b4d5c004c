/// Account names each tool accepts, and one account component per customer (distinct for distinct customers).
enum AccountNames {
    static let beancountRoots: Set<Substring> = ["Assets", "Liabilities", "Equity", "Income", "Expenses"]

    /// hledger and ledger: the configured accounts are checked; customer ids (letters, digits, `.`, `_`, `-`) are used as they are.
    static func plain(_ ids: [String], accounts: ExportAccounts) throws(ExportError) -> [String: String] {
        for (key, account) in keyed(accounts) {
            let parts = account.split(separator: ":", omittingEmptySubsequences: false)
            if parts.contains(where: \.isEmpty) || account.contains(where: { $0 == " " || $0 == "\t" || $0 == ";" || $0.isNewline }) {
                throw ExportError(message: "[export] \(key) = \"\(account)\" is not an account name",
                                  fix: "write parts separated by colons, without spaces, e.g. Assets:Receivable")
            }
        }
        return Dictionary(uniqueKeysWithValues: ids.map { ($0, $0) })
    }

    /// beancount: accounts start with Assets, Liabilities, Equity, Income or Expenses, and each part with a capital
    /// letter or a digit, followed by letters, digits and dashes. A customer id is capitalised, `.` and `_` become `-`;
    /// ids that would meet get `-2`, `-3`… in id order, so the names stay distinct and the same for the same books.
    static func beancount(_ ids: [String], accounts: ExportAccounts) throws(ExportError) -> [String: String] {
        for (key, account) in keyed(accounts) {
            let parts = account.split(separator: ":", omittingEmptySubsequences: false)
            guard let root = parts.first, beancountRoots.contains(root), parts.dropFirst().allSatisfy(isBeancountPart) else {
                throw ExportError(message: "[export] \(key) = \"\(account)\" is not a beancount account",
                                  fix: "start with Assets, Liabilities, Equity, Income or Expenses; each part starts with a capital letter or a digit, then letters, digits or dashes (e.g. Assets:Receivable)")
            }
        }
        var natural: [String: String] = [:]
        for id in ids { natural[id] = component(id) }
        var taken = Set<String>()
        var out: [String: String] = [:]
        // Ids whose natural name is unique keep it; the others get a suffix, in id order.
        var counts: [String: Int] = [:]
        for id in ids { counts[natural[id]!, default: 0] += 1 }
        for id in ids where counts[natural[id]!] == 1 {
            out[id] = natural[id]!
            taken.insert(natural[id]!)
        }
        for id in ids.sorted() where out[id] == nil {
            var n = 1
            var name = natural[id]!
            while taken.contains(name) {
                n += 1
                name = natural[id]! + "-\(n)"
            }
            out[id] = name
            taken.insert(name)
        }
        return out
    }

    static func component(_ id: String) -> String {
        var chars: [Character] = []
        for c in id {
            if c.isASCII && (c.isLetter || c.isNumber) { chars.append(c) } else { chars.append("-") }
        }
        if let first = chars.first, first.isLetter { chars[0] = Character(first.uppercased()) }
        if chars.isEmpty || !(chars[0].isUppercase || chars[0].isNumber) { chars.insert("C", at: 0) }
        return String(chars)
    }

    static func isBeancountPart(_ part: Substring) -> Bool {
        guard let first = part.first, first.isASCII, first.isUppercase || first.isNumber else { return false }
        return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    static func keyed(_ a: ExportAccounts) -> [(String, String)] {
        [("account", a.receivable), ("income", a.income), ("bank", a.bank), ("credit_notes", a.creditNotes), ("writeoffs", a.writeOffs)]
    }
}
