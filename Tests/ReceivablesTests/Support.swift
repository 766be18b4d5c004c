import Books
import Receivables
import Testing

func load(_ files: [(String, String)], defaultTerms: Int = 30) -> Books {
    Books.load(files.map { SourceFile(path: $0.0, text: $0.1) }, defaultTerms: defaultTerms)
}

/// Books from one text; records a test issue when they do not load cleanly.
func books(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Books {
    let b = load([("main.books", text)])
    #expect(!b.hasErrors, "\(b.diagnostics.map { "\($0.location) \($0.message)" })", sourceLocation: sourceLocation)
    return b
}

func day(_ s: String) -> Day { Day(s)! }

func eur(_ s: String) -> Int64 { Money.parseAmount(Array(s.utf8)[...], currency: .EUR)! }

extension Outstanding {
    /// Minor units left on invoice `number`.
    func left(_ books: Books, _ number: String) -> Int64 {
        outstanding(books, Int(books.invoiceIndex[number]!))
    }
}

/// The outstanding of every invoice, by number, as of a day.
func lefts(_ books: Books, asOf: String) -> [String: Int64] {
    let o = Allocation.compute(books, asOf: day(asOf))
    var out: [String: Int64] = [:]
    for (i, inv) in books.invoices.enumerated() { out[inv.number] = o.outstanding(books, i) }
    return out
}

let customers = """
customer acme
  name ACME SARL
  group grands-comptes
customer bob
  name Bob
  terms 10

"""
