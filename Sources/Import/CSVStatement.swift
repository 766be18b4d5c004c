import Books
import Configuration
import SwiftCSV

/// A bank's CSV statement read through a profile of relance.toml (SwiftCSV splits the fields).
public enum CSVStatement {
    /// The transactions of `bytes`, read as `profile` says; `currency` when the profile names none.
    public static func parse(_ bytes: [UInt8], file: String, profile: CSVImportProfile, currency: Currency) throws -> [BankTransaction] {
        let section = "[import.csv.\(profile.name)]"
        let text = try TextDecoding.decode(bytes, profile.encoding, file: file,
                                           fix: "this file is not UTF-8: set encoding = \"windows-1252\" (or iso-8859-1, iso-8859-15) in \(section)")
        // The header block before the columns: `skip` physical lines.
        var start = text.startIndex
        for n in 0..<profile.skip {
            guard let newline = text[start...].firstIndex(where: \.isNewline) else {
                throw StatementError.at(file, line: n + 1, sourceLine: nil, "the file has \(n + 1) line\(n == 0 ? "" : "s"), but \(section) skips \(profile.skip) before the header",
                                        fix: "check skip = \(profile.skip) in \(section) (the number of lines before the header row)")
            }
            start = text.index(after: newline)
        }
        let body = String(text[start...])
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let headerLine = profile.skip + 1
        func sourceLine(_ n: Int) -> String? {
            let k = n - headerLine
            return k >= 0 && k < lines.count ? String(lines[k]) : nil
        }
        let delimiter = CSVDelimiter(unicodeScalarLiteral: profile.delimiter)
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: body, delimiter: delimiter, loadColumns: false, rowLimit: 0)
        } catch {
            throw StatementError.at(file, line: headerLine, sourceLine: sourceLine(headerLine), "the header row is not valid CSV (a quote is not closed)",
                                    fix: "check the file is the bank's CSV and skip = \(profile.skip) in \(section)")
        }
        let header = csv.header.map { $0.trimmedOfSpaces }
        func column(_ name: String, key: String) throws -> Int {
            if let k = header.firstIndex(of: name) { return k }
            let folded = NameKey.fold(name)
            if let k = header.firstIndex(where: { NameKey.fold($0) == folded }) { return k }
            let line = sourceLine(headerLine)
            throw StatementError.at(file, line: headerLine, length: line?.count ?? 1, sourceLine: line,
                                    "the header row has no column \"\(name)\" (\(key) in \(section))",
                                    fix: "the columns are: \(header.map { "\"\($0)\"" }.joined(separator: ", ")); correct \(key) in \(section)"
                                    + " or skip = \(profile.skip) (lines before the header)" + Suggestion.hint(for: name, among: header))
        }
        let dateColumn = try column(profile.date, key: "date")
        let labelColumns = try profile.label.map { try column($0, key: "label") }
        let creditColumn = try profile.credit.map { try column($0, key: "credit") }
        let debitColumn = try profile.debit.map { try column($0, key: "debit") }
        let amountColumn = try profile.amount.map { try column($0, key: "amount") }
        let idColumn = try profile.id.map { try column($0, key: "id") }
        let cur = profile.currency ?? currency

        var out: [BankTransaction] = []
        var line = headerLine + 1 + csv.header.reduce(0) { $0 + $1.filter(\.isNewline).count }
        let numberFix = "write amounts as the bank does, e.g. 1 234,56 (decimal = \"\(profile.decimal)\" in \(section))"
        // SwiftCSV's row callback cannot throw: the first bad row is kept, the rest are passed over.
        var failure: StatementError?
        do {
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { (fields: [String]) in
                guard failure == nil else { return }
                let rowLine = line
                line += 1 + fields.reduce(0) { $0 + $1.filter(\.isNewline).count }
                if fields.allSatisfy({ $0.trimmedOfSpaces.isEmpty }) { return }
                func field(_ k: Int) -> String { k < fields.count ? fields[k].trimmedOfSpaces : "" }
                func fail(_ k: Int, _ message: String, _ fix: String) -> StatementError {
                    let src = sourceLine(rowLine)
                    var column = 1, length = 1
                    if let src, !field(k).isEmpty, let r = src.range(of: field(k)) {
                        column = src.distance(from: src.startIndex, to: r.lowerBound) + 1
                        length = field(k).count
                    }
                    return StatementError.at(file, line: rowLine, column: column, length: length, sourceLine: src, message, fix: fix)
                }
                guard let date = BankText.date(field(dateColumn), format: profile.dateFormat) else {
                    failure = fail(dateColumn, "\"\(field(dateColumn))\" is not a date in the format \(profile.dateFormat)",
                               "write date_format in \(section) as the bank writes dates (%d day, %m month, %Y year)")
                    return
                }
                var amount: Int64 = 0
                if let a = amountColumn {
                    guard let v = BankText.amount(field(a), decimal: profile.decimal, minorUnits: cur.minorUnits) else {
                        failure = fail(a, "\"\(field(a))\" is not an amount in \(cur.code)", numberFix)
                        return
                    }
                    amount = v
                } else {
                    if let c = creditColumn, !field(c).isEmpty {
                        guard let v = BankText.amount(field(c), decimal: profile.decimal, minorUnits: cur.minorUnits) else {
                            failure = fail(c, "\"\(field(c))\" is not an amount in \(cur.code)", numberFix)
                            return
                        }
                        amount = v
                    }
                    if amount == 0, let d = debitColumn, !field(d).isEmpty {
                        guard let v = BankText.amount(field(d), decimal: profile.decimal, minorUnits: cur.minorUnits) else {
                            failure = fail(d, "\"\(field(d))\" is not an amount in \(cur.code)", numberFix)
                            return
                        }
                        amount = -abs(v)
                    }
                }
                let label = labelColumns.map(field).filter { !$0.isEmpty }.joined(separator: " ").collapsingSpaces
                var t = BankTransaction(file: file, line: rowLine, date: date, amount: amount, currency: cur, label: label)
                if let i = idColumn, !field(i).isEmpty { t.bankID = field(i) }
                out.append(t)
            }
        } catch {
            throw StatementError.at(file, line: line, sourceLine: sourceLine(line), "this row is not valid CSV (a quote is not closed, or text follows a closing quote)",
                                    fix: "check the file is the bank's CSV export and that delimiter = \"\(profile.delimiter)\" in \(section)")
        }
        if let failure { throw failure }
        return out
    }
}
