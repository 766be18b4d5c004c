import Books
import Parallel
import Testing

/// Small random books, read in 1, 2 and 3 parts: every part count gives what the sequential
/// reading gives (records, indexes, diagnostics, in order).
@Suite("Books read in parts")
struct ParallelLoadTests {
    @Test(arguments: 0..<40)
    func partsGiveTheSequentialResult(seed: UInt64) {
        var random = RandomBooks(seed: seed)
        let files = random.files()
        let reference = Books.load(files, parallel: .sequential)
        for parts in [1, 2, 3] {
            let books = Books.load(files, parallel: Parallel(parts: parts))
            let context = "seed \(seed), \(parts) parts"
            #expect(books.customers == reference.customers, "\(context)")
            #expect(books.invoices == reference.invoices, "\(context)")
            #expect(books.credits == reference.credits, "\(context)")
            #expect(books.payments == reference.payments, "\(context)")
            #expect(books.holds == reference.holds, "\(context)")
            #expect(books.writeOffs == reference.writeOffs, "\(context)")
            #expect(books.diagnostics == reference.diagnostics, "\(context)")
            #expect(books.customerIndex.keys == reference.customerIndex.keys, "\(context)")
            #expect(books.invoiceIndex.keys == reference.invoiceIndex.keys, "\(context)")
            for (k, number) in reference.invoiceIndex.keys.enumerated() {
                #expect(books.invoiceIndex[number] == Int32(k), "\(context): \(number)")
            }
        }
    }

    /// The random books are what the test claims: all kinds of records, resolved apply lines, third
    /// parties, several currencies, and errors.
    @Test func theRandomBooksHoldEveryCase() {
        let all = (0..<40).map { (seed: UInt64) -> Books in
            var random = RandomBooks(seed: seed)
            return Books.load(random.files())
        }
        #expect(all.contains { $0.credits.contains { !$0.applications.isEmpty } })
        #expect(all.contains { $0.payments.contains { $0.applications.contains { $0.invoice >= 0 } } })
        #expect(all.contains { $0.holds.contains { $0.kind == .release } })
        #expect(all.contains { !$0.writeOffs.isEmpty })
        #expect(all.contains { Set($0.invoices.map(\.amount.currency)).count > 1 })
        #expect(all.contains { $0.sources.count > 1 })
        for message in ["belongs to customer", "unknown invoice", "unknown customer", "is used twice", "is in ", "after this payment", "is defined twice"] {
            #expect(all.contains { $0.diagnostics.contains { $0.message.contains(message) } }, "\(message)")
        }
    }

    @Test(arguments: [0, 1, 2, 5, 100, 1000])
    func identifierIndexInPartsIsTheSequentialOne(count: Int) {
        // Every third key repeats an earlier one.
        let keys = (0..<count).map { $0 % 3 == 2 ? "F-\($0 / 2)" : "F-\($0)" }
        let reference = IdentifierIndex(keys: keys)
        for parts in [2, 3] {
            let index = IdentifierIndex(keys: keys, parallel: Parallel(parts: parts))
            #expect(index.duplicates.map(\.position) == reference.duplicates.map(\.position))
            #expect(index.duplicates.map(\.first) == reference.duplicates.map(\.first))
            for key in keys + ["missing"] { #expect(index[key] == reference[key], "\(key)") }
        }
    }
}

/// Books text made from a seed: customers, invoices, credit notes, payments with apply lines (some to
/// another customer's invoice, some wrong), holds and releases, writeoffs, in EUR, USD and CHF, cut
/// into one to four files at record boundaries.
struct RandomBooks {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    /// SplitMix64.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }

    func date(_ day: Int) -> String {
        let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var d = day, m = 0
        while d >= months[m] { d -= months[m]; m += 1 }
        return "2026-\(m + 1 < 10 ? "0" : "")\(m + 1)-\(d + 1 < 10 ? "0" : "")\(d + 1)"
    }

    mutating func amount() -> String { "\(1 + next(2000)).\(next(10))\(next(10))" }

    mutating func files() -> [SourceFile] {
        var records: [String] = []
        let customerCount = 2 + next(6)
        let currencies = ["EUR", "USD", "CHF"]
        var currencyOf: [String] = []
        for c in 0..<customerCount {
            currencyOf.append(next(3) == 0 ? pick(currencies) : "EUR")
            records.append("customer c\(c)\n  name Customer \(c)" + (next(3) == 0 ? "\n  terms \(15 + next(45))" : ""))
        }
        if next(4) == 0 { records.append("customer c0\n  name Again") }
        // Invoices, mostly in date order; some out of order, some numbers twice, some for nobody.
        var invoices: [(number: String, customer: Int, day: Int, currency: String)] = []
        let invoiceCount = next(25)
        var day = next(30)
        for k in 0..<invoiceCount {
            day += next(4)
            let c = next(customerCount)
            let d = next(8) == 0 ? max(0, day - 20) : day
            let number = next(15) == 0 && k > 0 ? invoices[next(invoices.count)].number : "F-\(1000 + k)"
            let customer = next(20) == 0 ? "ghost" : "c\(c)"
            invoices.append((number, c, d, currencyOf[c]))
            records.append("\(date(d)) invoice \(number) \(customer) \(amount()) \(currencyOf[c])")
        }
        func applies(for customer: Int, on day: Int) -> String {
            var lines = ""
            for _ in 0..<next(4) {
                let target: String
                switch next(10) {
                case 0: target = "F-9999"  // unknown
                case 1, 2: target = invoices.isEmpty ? "F-1000" : invoices[next(invoices.count)].number  // any customer's
                default: target = invoices.last { $0.customer == customer && $0.day <= day }?.number ?? "F-1000"
                }
                lines += "\n  apply \(target)" + (next(2) == 0 ? " \(amount())" : "")
            }
            return lines
        }
        for k in 0..<next(5) {
            let c = next(customerCount), d = 60 + next(60)
            records.append("\(date(d)) credit AV-\(k) c\(c) \(amount()) \(currencyOf[c])" + applies(for: c, on: d))
        }
        for _ in 0..<next(20) {
            let c = next(customerCount), d = next(8) == 0 ? next(30) : 30 + next(90)
            let currency = next(10) == 0 ? pick(currencies) : currencyOf[c]
            let customer = next(25) == 0 ? "nobody" : "c\(c)"
            records.append("\(date(d)) payment \(customer) \(amount()) \(currency)" + applies(for: c, on: d)
                           + (next(3) == 0 ? "\n  ref \"VIR \(next(10_000))\"" : ""))
        }
        for _ in 0..<next(5) {
            let target = next(3) == 0 ? "c\(next(customerCount))" : (invoices.isEmpty || next(6) == 0 ? "X-1" : invoices[next(invoices.count)].number)
            records.append("\(date(40 + next(60))) \(next(3) == 0 ? "release" : "hold") \(target)")
        }
        if next(3) == 0, let invoice = invoices.last {
            records.append("\(date(invoice.day + next(10))) writeoff \(invoice.number) \"faillite\"")
        }
        // One to four files, cut at record boundaries.
        let fileCount = 1 + next(4)
        var texts = [String](repeating: "", count: fileCount)
        var file = 0
        for record in records {
            texts[file] += record + "\n"
            if next(records.count / fileCount + 1) == 0 { file = min(fileCount - 1, file + 1) }
        }
        return texts.enumerated().map { SourceFile(path: "part\($0.offset).books", text: $0.element) }
    }
}
