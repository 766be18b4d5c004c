import Books
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// Copies `ledger-example/` into a temporary folder.
func exampleCopy() throws -> TempFolder {
    let folder = try TempFolder()
    try FileManager.default.removeItem(at: folder.url)
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("ledger-example"), to: folder.url)
    return folder
}

/// A balance key: a customer id and a currency code.
struct Key: Hashable, Comparable, CustomStringConvertible {
    var customer: String
    var currency: String
    static func < (a: Key, b: Key) -> Bool { (a.customer, a.currency) < (b.customer, b.currency) }
    var description: String { "\(customer) \(currency)" }
}

/// An exact decimal text ("-1200.50", "1500") as minor units with `decimals` digits.
func minor(_ text: Substring, decimals: Int) -> Int64? {
    var s = text.trimmingCharacters(in: .whitespaces)
    var negative = false
    if s.hasPrefix("-") { negative = true; s.removeFirst() }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
    var fraction = parts.count == 2 ? String(parts[1]) : ""
    guard fraction.count <= decimals else { return nil }
    fraction += String(repeating: "0", count: decimals - fraction.count)
    var value = whole
    for _ in 0..<decimals { value *= 10 }
    value += Int64(fraction.isEmpty ? "0" : fraction)!
    return negative ? -value : value
}

func decimals(_ code: String) -> Int { Currency(code: code)!.minorUnits }

/// relance's own figures: `relance status --format json --as-of DAY`, summed per customer and currency
/// (open invoices, less customer credits, which status shows negative).
func relanceBalances(_ root: String, asOf: String) throws -> [Key: Int64] {
    let context = testContext(root)
    let status = try StatusCommand.run(.init(books: BooksOptions(books: root, asOf: asOf), format: .json), context)
    #expect(status == .ok, "\(context.err.text)")
    let json = try JSONSerialization.jsonObject(with: Data(context.out.text.utf8)) as! [String: Any]
    var out: [Key: Int64] = [:]
    for item in json["items"] as! [[String: Any]] {
        let code = item["currency"] as! String
        let k = Key(customer: item["customer"] as! String, currency: code)
        out[k, default: 0] += minor((item["outstanding"] as! String)[...], decimals: decimals(code))!
    }
    return out.filter { $0.value != 0 }
}

/// `relance export` in-process; the journal text.
func exportText(_ root: String, format: String, asOf: String? = nil) throws -> String {
    let context = testContext(root)
    let status = try ExportCommand.run(.init(books: BooksOptions(books: root, asOf: asOf), format: .init(rawValue: format)!), context)
    #expect(status == .ok, "\(context.err.text)")
    return context.out.text
}

/// The day after `day` (the tools' `--end` is exclusive).
func next(_ day: String) -> String { "\(Day(day)!.adding(days: 1))" }

/// hledger's balances of the customers' accounts on `day` (`bal --end` the next day), per customer and currency.
func hledgerBalances(_ journal: String, asOf day: String, prefix: String = "Assets:Receivable:") throws -> [Key: Int64] {
    let r = try runTool("hledger", ["-f", journal, "bal", "^" + prefix, "--end", next(day), "--flat", "--no-total",
                                    "-O", "csv", "--layout=bare"], in: "/")
    #expect(r.status == 0, "hledger: \(r.stderr)")
    var out: [Key: Int64] = [:]
    for line in r.stdout.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        guard f.count == 3, f[0].hasPrefix(prefix) else { Issue.record("hledger line \(line)"); continue }
        out[Key(customer: String(f[0].dropFirst(prefix.count)), currency: f[1]), default: 0] += minor(f[2][...], decimals: decimals(f[1]))!
    }
    return out.filter { $0.value != 0 }
}

/// ledger's balances: `ledger bal --flat --end` the next day; a multi-currency account continues on lines without a tab.
func ledgerBalances(_ journal: String, asOf day: String, prefix: String = "Assets:Receivable:") throws -> [Key: Int64] {
    let r = try runTool("ledger", ["-f", journal, "bal", "^" + prefix, "--end", next(day), "--flat", "--no-total",
                                   "-F", "%(account)\t%(scrub(display_total))\n"], in: "/")
    #expect(r.status == 0, "ledger: \(r.stderr)")
    var out: [Key: Int64] = [:]
    var account = ""
    for line in r.stdout.split(separator: "\n") {
        var amount = line
        if let tab = line.firstIndex(of: "\t") {
            account = String(line[..<tab])
            amount = line[line.index(after: tab)...]
        }
        let parts = amount.split(separator: " ")
        guard account.hasPrefix(prefix), parts.count == 2 else { Issue.record("ledger line \(line)"); continue }
        let code = String(parts[1])
        out[Key(customer: String(account.dropFirst(prefix.count)), currency: code), default: 0] += minor(parts[0], decimals: decimals(code))!
    }
    return out.filter { $0.value != 0 }
}

/// beancount's balances, read by beancount's own loader (which checks and books the file): for each day, the postings
/// dated on or before it, per customer (the `customer` metadata of each account's `open`) and currency. One Python for all days.
func beancountBalances(_ journal: String, asOf days: [String], prefix: String = "Assets:Receivable:") throws -> [String: [Key: Int64]] {
    let script = """
    import sys, collections, datetime
    from decimal import Decimal
    from beancount import loader
    from beancount.core import data
    entries, errors, options = loader.load_file(sys.argv[1])
    if errors:
        for e in errors: print(e, file=sys.stderr)
        sys.exit(1)
    customers = {e.account: e.meta['customer'] for e in entries if isinstance(e, data.Open) and 'customer' in e.meta}
    for text in sys.argv[3:]:
        day = datetime.date.fromisoformat(text)
        total = collections.defaultdict(Decimal)
        for e in entries:
            if isinstance(e, data.Transaction) and e.date <= day:
                for p in e.postings:
                    if p.account.startswith(sys.argv[2]):
                        total[(customers[p.account], p.units.currency)] += p.units.number
        for (c, cur), v in sorted(total.items()):
            print(text, c, cur, v)
    """
    let r = try runTool("python3", ["-c", script, journal, prefix] + days, in: "/")
    #expect(r.status == 0, "beancount: \(r.stderr)")
    var out: [String: [Key: Int64]] = [:]
    for day in days { out[day] = [:] }
    for line in r.stdout.split(separator: "\n") {
        let f = line.split(separator: " ")
        guard f.count == 4 else { Issue.record("beancount line \(line)"); continue }
        out[String(f[0]), default: [:]][Key(customer: String(f[1]), currency: String(f[2])), default: 0] += minor(f[3], decimals: decimals(String(f[2])))!
    }
    return out.mapValues { $0.filter { $0.value != 0 } }
}
