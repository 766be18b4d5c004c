import Books
import Export
import CommandTestSupport
import Foundation
import Receivables
import RelanceCommands
import Testing

let customers = """
customer acme
  name "ACME; SARL"
customer bob
  name Bob
customer dupont_sa
  name "Dupont \\"SA\\""

"""

func books(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Books {
    let b = Books.load([SourceFile(path: "main.books", text: text)])
    #expect(!b.hasErrors, "\(b.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return b
}

/// What the transactions leave on each customer's account on `asOf`, per currency (summed here, not by a tool).
func sums(_ t: [Transaction], asOf: Day, prefix: String = "Assets:Receivable:") -> [Key: Int64] {
    var out: [Key: Int64] = [:]
    for tx in t where tx.date <= asOf {
        #expect(Dictionary(grouping: tx.postings, by: \.amount.currency).values.allSatisfy { $0.reduce(0) { $0 + $1.amount.minor } == 0 },
                "unbalanced \(tx)")
        for p in tx.postings where p.account.hasPrefix(prefix) {
            out[Key(customer: String(p.account.dropFirst(prefix.count)), currency: p.amount.currency.code), default: 0] += p.amount.minor
        }
    }
    return out.filter { $0.value != 0 }
}

/// Open invoices less unused credits, per customer and currency, from the allocation itself.
func outstanding(_ b: Books, asOf: Day) -> [Key: Int64] {
    let o = Allocation.compute(b, asOf: asOf)
    var out: [Key: Int64] = [:]
    for (i, inv) in b.invoices.enumerated() { out[Key(customer: inv.customerID, currency: inv.amount.currency.code), default: 0] += o.outstanding(b, i) }
    for c in o.credits { out[Key(customer: b.customers[Int(c.customer)].id, currency: c.remaining.currency.code), default: 0] -= c.remaining.minor }
    return out.filter { $0.value != 0 }
}

@Suite("Export: the journal")
struct JournalTests {
    let b = books(customers + """
        2026-01-05 invoice F1 acme 1200.00 EUR
        2026-01-10 invoice F2 bob 500.00 EUR
        2026-01-12 invoice F3 bob 300 JPY
        2026-01-20 payment acme 1000.00 EUR
          apply F2
          ref "VIR 1"
        2026-01-25 credit AV1 acme 100.00 EUR
        2026-02-01 writeoff F1
        2026-02-03 payment bob 450 JPY
        2026-02-10 invoice F4 bob 100 JPY
        2026-02-11 invoice F5 dupont_sa 80.000 KWD
        """)

    @Test func aPaymentAppliedToAnotherCustomersInvoiceCreditsThatCustomer() throws {
        let t = Export.transactions(b, asOf: Day("2026-12-31")!, accounts: ExportAccounts(), names: [:])
        let payment = try #require(t.first { $0.kind == .payment && $0.customerID == "acme" })
        // 500 to bob's F2, the 500 left on acme's own account.
        #expect(payment.postings.map { "\($0.account) \($0.amount)" } == [
            "Assets:Bank 1000.00 EUR", "Assets:Receivable:acme -500.00 EUR", "Assets:Receivable:bob -500.00 EUR"])
        // F1: 1200 - 500 - 100 written off on 2026-02-01.
        let writeOff = try #require(t.first { $0.kind == .writeoff })
        #expect(writeOff.postings.map { "\($0.account) \($0.amount)" } == ["Expenses:Bad-Debts 600.00 EUR", "Assets:Receivable:acme -600.00 EUR"])
    }

    @Test(arguments: ["2026-01-04", "2026-01-10", "2026-01-20", "2026-01-25", "2026-02-01", "2026-02-03", "2026-02-10", "2026-12-31"])
    func balancesEqualOutstandingOnEveryDay(day: String) {
        let t = Export.transactions(b, asOf: Day("2026-12-31")!, accounts: ExportAccounts(), names: [:])
        #expect(sums(t, asOf: Day(day)!) == outstanding(b, asOf: Day(day)!))
        // Exporting as of the day gives the same balances.
        #expect(sums(Export.transactions(b, asOf: Day(day)!, accounts: ExportAccounts(), names: [:]), asOf: Day(day)!)
                == outstanding(b, asOf: Day(day)!))
    }

    @Test func hledgerTextHasExactDecimalsAndNoCommentInADescription() throws {
        let text = try Export.journal(b, asOf: Day("2026-12-31")!, format: .hledger, accounts: ExportAccounts(), title: "Claire")
        #expect(text.contains("\n2026-01-05 * Invoice F1 | ACME, SARL (acme)\n"))
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("Assets:Receivable:dupont_sa 80.000 KWD"))
        #expect(lines.contains("Assets:Receivable:bob 300 JPY"))
        #expect(lines.contains("Assets:Receivable:bob -450 JPY"))
    }

    @Test func beancountNamesAreValidAndDistinct() throws {
        let names = try AccountNamesProbe.beancount(["acme", "Acme", "a.b", "a_b", "a-b", "9lives", "Acme-2"])
        // Names that meet get -2, -3… in id order; a name of its own is kept, also when it looks like a suffixed one.
        #expect(names == ["Acme": "Acme", "acme": "Acme-3", "a-b": "A-b", "a.b": "A-b-2", "a_b": "A-b-3", "9lives": "9lives", "Acme-2": "Acme-2"])
        for n in names.values { #expect(n.first!.isUppercase || n.first!.isNumber, "\(n)") }
        let text = try Export.journal(b, asOf: Day("2026-12-31")!, format: .beancount, accounts: ExportAccounts(), title: "Claire \"C\"")
        #expect(text.contains("open Assets:Receivable:Dupont-sa\n  customer: \"dupont_sa\"\n"))
        #expect(text.contains("* \"Dupont \\\"SA\\\"\" \"Invoice F5\""))
    }

    @Test func anAccountBeancountRefusesIsAnErrorWithAFix() {
        var accounts = ExportAccounts()
        accounts.bank = "Bank:Main"
        #expect(throws: ExportError.self) { try Export.journal(b, asOf: Day("2026-12-31")!, format: .beancount, accounts: accounts, title: "") }
        #expect((try? Export.journal(b, asOf: Day("2026-12-31")!, format: .hledger, accounts: accounts, title: "")) != nil)
    }

    @Test func csvHasOneLinePerPosting() throws {
        let text = try Export.journal(b, asOf: Day("2026-01-20")!, format: .csv, accounts: ExportAccounts(), title: "")
        let lines = text.split(separator: "\r\n")
        #expect(lines.first == "date,kind,document,customer,account,amount,currency")
        #expect(lines.contains("2026-01-20,payment,VIR 1,acme,Assets:Receivable:bob,-500.00,EUR"))
        #expect(lines.count == 1 + 2 * 3 + 3)
    }
}

/// The beancount names through the public journal (the naming itself is internal).
enum AccountNamesProbe {
    static func beancount(_ ids: [String]) throws -> [String: String] {
        let text = ids.map { "customer \($0)\n  name N\n" }.joined() + ids.enumerated().map { "2026-01-01 invoice F\($0.offset) \($0.element) 1 EUR\n" }.joined()
        let b = books(text)
        let journal = try Export.journal(b, asOf: Day("2026-12-31")!, format: .beancount, accounts: ExportAccounts(), title: "")
        var out: [String: String] = [:]
        let lines = journal.split(separator: "\n").map(String.init)
        for (k, line) in lines.enumerated() where line.contains(" open Assets:Receivable:") && k + 1 < lines.count {
            let name = String(line.split(separator: ":").last!)
            let id = lines[k + 1].split(separator: "\"")[1]
            out[String(id)] = name
        }
        return out
    }
}
