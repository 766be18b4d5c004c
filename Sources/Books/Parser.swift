#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records of one books file, before cross-references are resolved.
public struct ParsedFile: Sendable {
    public var customers: [Customer] = []
    public var invoices: [Invoice] = []
    public var credits: [CreditNote] = []
    public var payments: [Payment] = []
    public var holds: [HoldEvent] = []
    public var writeOffs: [WriteOff] = []
    public var reminders: [ReminderRecord] = []
    public var deliveries: [DeliveryRecord] = []
    public var letters: [LetterRecord] = []
    public var diagnostics: [Diagnostic] = []
}

/// Reads the text of one books file into records, reporting every syntax problem.
public struct BooksParser {
    public static let recordKinds = ["customer", "invoice", "credit", "payment", "hold", "release",
                                     "writeoff", "reminder", "delivered", "failed", "printed", "posted"]

    /// The keys of each kind of record, in the order their names are listed in messages.
    enum CustomerKey: Int, RecordKey {
        case name, email, cc, address, lang, terms, kind, group, phone, vat, channel, dunning, note, payer, iban
        case salutation
        static let names = table()
    }
    enum InvoiceKey: Int, RecordKey {
        case amount, due, file, department, ref, note
        static let names = table()
    }
    enum CreditKey: Int, RecordKey {
        case apply, note
        static let names = table()
    }
    enum PaymentKey: Int, RecordKey {
        case apply, ref, method, note
        static let names = table()
    }
    enum ReminderKey: Int, RecordKey {
        case level, channel, invoice, file, fee, interest, note
        case manual
        static let names = table()
    }
    enum NoteKey: Int, RecordKey {
        case note
        static let names = table()
    }

    /// Parses `file`, whose index in the books' file list is `fileIndex`.
    public static func parse(_ file: SourceFile, fileIndex: Int) -> ParsedFile {
        file.bytes.withUnsafeBufferPointer { bytes in
            var parser = BooksParser(file: file, bytes: bytes, fileIndex: Int32(fileIndex))
            parser.run()
            return parser.out
        }
    }

    // MARK: - State

    struct Token {
        var start: Int
        var end: Int
        var quoted: Bool
        var escaped: Bool
    }

    enum Current {
        case none, customer, invoice, credit, payment, hold, writeOff, reminder, delivery, letter, skipped
    }

    /// The file's bytes, valid while `parse` runs.
    let bytes: UnsafeBufferPointer<UInt8>
    let file: SourceFile
    let fileIndex: Int32
    var out = ParsedFile()
    /// The tokens of the current line, in an array reused for every line.
    var tokens: [Token] = []

    mutating func addToken(_ t: Token) { tokens.append(t) }

    var lineNumber: Int32 = 0
    var lineStart = 0
    var lineEnd = 0
    var current: Current = .none
    var seenKeys: UInt32 = 0
    var invoiceHasHeaderAmount = false
    /// The invoice's `amount` line was wrong (and reported).
    var invoiceAmountLineFailed = false

    // The record being read is the last of its array, mutated in place.
    var customer: Customer {
        get { out.customers[out.customers.count - 1] }
        _modify { yield &out.customers[out.customers.count - 1] }
    }
    var invoice: Invoice {
        get { out.invoices[out.invoices.count - 1] }
        _modify { yield &out.invoices[out.invoices.count - 1] }
    }
    var credit: CreditNote {
        get { out.credits[out.credits.count - 1] }
        _modify { yield &out.credits[out.credits.count - 1] }
    }
    var payment: Payment {
        get { out.payments[out.payments.count - 1] }
        _modify { yield &out.payments[out.payments.count - 1] }
    }
    var reminder: ReminderRecord {
        get { out.reminders[out.reminders.count - 1] }
        _modify { yield &out.reminders[out.reminders.count - 1] }
    }

    init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, fileIndex: Int32) {
        self.file = file
        self.bytes = bytes
        self.fileIndex = fileIndex
    }

    // MARK: - Lines and tokens

    mutating func run() {
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < n {
            lineNumber += 1
            lineStart = i
            let e = BooksParser.lineEnd(bytes, from: i)
            lineEnd = e > i && bytes[e - 1] == 13 ? e - 1 : e
            processLine()
            i = e + 1
        }
        finishRecord()
    }

    /// The index of the next LF at or after `from` (or the end), found with memchr.
    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = b.count - from
        guard n > 0, let hit = memchr(b.baseAddress! + from, 10, n) else { return b.count }
        return b.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    mutating func processLine() {
        guard tokenize() else { return }
        if tokens.isEmpty { return }
        let first = bytes[lineStart]
        if first == 32 || first == 9 {
            processKeyLine()
        } else {
            finishRecord()
            processHeader()
        }
    }

    /// Splits the line into tokens; false when the line is malformed (reported).
    mutating func tokenize() -> Bool {
        tokens.removeAll(keepingCapacity: true)
        var i = lineStart
        let end = lineEnd
        var afterSpace = true
        while i < end {
            let c = bytes[i]
            if c == 32 || c == 9 { i += 1; afterSpace = true; continue }
            if c == 59 && afterSpace { break }  // ';' comment
            if c == 34 {  // '"'
                var j = i + 1
                var escaped = false
                while j < end && bytes[j] != 34 {
                    if bytes[j] == 92 { escaped = true; j += 1 }
                    if j < end && BooksParser.isControl(bytes, j, end) { return controlCharacter(at: j) }
                    j += 1
                }
                if j >= end {
                    error(at: i, length: end - i, "this quote is never closed",
                          fix: "add a closing \" at the end of the text")
                    return false
                }
                addToken(Token(start: i + 1, end: j, quoted: true, escaped: escaped))
                i = j + 1
                if i < end, bytes[i] != 32, bytes[i] != 9 {
                    error(at: i, length: 1, "text right after a closing quote",
                          fix: "put a space after the closing quote")
                    return false
                }
            } else {
                var j = i
                while j < end && bytes[j] != 32 && bytes[j] != 9 {
                    if BooksParser.isControl(bytes, j, end) { return controlCharacter(at: j) }
                    j += 1
                }
                addToken(Token(start: i, end: j, quoted: false, escaped: false))
                i = j
            }
            afterSpace = false
        }
        return true
    }

    /// A control character at `j` (C0 but tab, DEL, or C1 as UTF-8 C2 80…9F): it would reach e-mails and letters.
    @inline(__always) static func isControl(_ b: UnsafeBufferPointer<UInt8>, _ j: Int, _ end: Int) -> Bool {
        let c = b[j]
        return (c < 32 && c != 9) || c == 127 || (c == 0xC2 && j + 1 < end && b[j + 1] >= 0x80 && b[j + 1] <= 0x9F)
    }

    mutating func controlCharacter(at j: Int) -> Bool {
        let code = bytes[j] == 0xC2 ? Int(bytes[j + 1]) : Int(bytes[j])
        let hex = String(code, radix: 16, uppercase: true)
        error(at: j, length: bytes[j] == 0xC2 ? 2 : 1, "a control character (U+\(String(repeating: "0", count: 4 - hex.count))\(hex)) in the text",
              fix: "remove it: control characters would reach the e-mails and letters")
        return false
    }

    /// The longest text of one field (a name, an address line, a reference, a phone number) and of a note, in characters.
    public static let maxFieldLength = 200
    public static let maxNoteLength = 1000

    /// The rest of the line from token 1, refused (located) when longer than `limit` characters.
    mutating func boundedText(_ what: String, limit: Int = BooksParser.maxFieldLength) -> String? {
        let value = restText(from: 1)
        if value.utf8.count > limit, value.count > limit {
            let first = tokens[1], last = tokens[tokens.count - 1]
            let s = first.quoted ? first.start - 1 : first.start
            let e = last.quoted ? last.end + 1 : last.end
            report(.error, Span(file: fileIndex, line: lineNumber, column: Int32(s - lineStart + 1), length: Int32(max(1, e - s))),
                   "\(what) of \(value.count) characters is too long (at most \(limit))", fix: "shorten it")
            return nil
        }
        return value
    }

    /// Bytes start..<end of the file as a string (invalid UTF-8 repaired, as `String(decoding:as:)` does).
    @inline(__always) func string(_ start: Int, _ end: Int) -> String {
        // Building short strings straight from their bytes by a bit-cast saved nothing measurable at 1M invoices (bench/README.md).
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func text(_ t: Token) -> String {
        if !t.escaped { return string(t.start, t.end) }
        var out: [UInt8] = []
        var i = t.start
        while i < t.end {
            if bytes[i] == 92, i + 1 < t.end { i += 1 }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rest of the line from token `index` on: one quoted token unquoted, else the raw text.
    func restText(from index: Int) -> String {
        if index == tokens.count - 1 { return text(tokens[index]) }
        let s = tokens[index].quoted ? tokens[index].start - 1 : tokens[index].start
        let last = tokens[tokens.count - 1]
        let e = last.quoted ? last.end + 1 : last.end
        return string(s, e)
    }

    @inline(__always) func equals(_ t: Token, _ s: StaticString) -> Bool {
        let len = t.end - t.start
        guard len == s.utf8CodeUnitCount, !t.quoted else { return false }
        let p = s.utf8Start
        for k in 0..<len where bytes[t.start + k] != p[k] { return false }
        return true
    }

    @inline(__always) func span(_ t: Token) -> Span {
        let s = t.quoted ? t.start - 1 : t.start
        let e = t.quoted ? t.end + 1 : t.end
        return Span(file: fileIndex, line: lineNumber, column: Int32(s - lineStart + 1), length: Int32(max(1, e - s)))
    }

    func lineSpan() -> Span {
        Span(file: fileIndex, line: lineNumber, column: 1, length: Int32(max(1, lineEnd - lineStart)))
    }

    // MARK: - Diagnostics

    mutating func report(_ severity: Diagnostic.Severity, _ span: Span, _ message: String, fix: String?) {
        let line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let prefix = bytes[lineStart..<min(lineEnd, lineStart + Int(span.column) - 1)]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        let s = lineStart + Int(span.column) - 1
        let e = min(lineEnd, s + Int(span.length))
        let width = s < e ? String(decoding: bytes[s..<e], as: UTF8.self).count : 1
        out.diagnostics.append(Diagnostic(severity, SourceLocation(file: file.path, line: Int(lineNumber), column: column),
                                          message, fix: fix, sourceLine: line, length: width))
    }

    mutating func error(_ t: Token, _ message: String, fix: String?) {
        report(.error, span(t), message, fix: fix)
    }

    mutating func error(at offset: Int, length: Int, _ message: String, fix: String?) {
        report(.error, Span(file: fileIndex, line: lineNumber, column: Int32(offset - lineStart + 1), length: Int32(max(1, length))),
               message, fix: fix)
    }

    mutating func errorAtEnd(_ message: String, fix: String?) {
        report(.error, Span(file: fileIndex, line: lineNumber, column: Int32(lineEnd - lineStart + 2), length: 1), message, fix: fix)
    }

    // MARK: - Values

    mutating func date(_ t: Token) -> Day? {
        // Remembering the last dates read (by their bytes) saved nothing measurable at 1M invoices (bench/README.md).
        if !t.quoted, t.end - t.start == 10, let d = Day.parse(bytes[t.start..<t.end]) {
            guard Day.supported.contains(d) else {
                error(t, "\(text(t)) is outside the dates relance handles (\(Day.supportedText))", fix: "check the year")
                return nil
            }
            return d
        }
        let s = text(t)
        let parts = s.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
            if (1...12).contains(m) {
                error(t, "\(s) is not a day of the calendar",
                      fix: "\(Day.monthNames[m - 1]) \(y) has \(Day.daysIn(month: m, year: y)) days; write a real date")
            } else {
                error(t, "\(s) is not a date: there is no month \(m)", fix: "write the date as YYYY-MM-DD, month 01 to 12")
            }
            _ = d
        } else {
            error(t, "expected a date, found \"\(s)\"", fix: "write the date as YYYY-MM-DD, e.g. 2026-11-22")
        }
        return nil
    }

    mutating func currency(_ t: Token) -> Currency? {
        if let c = Currency.parse(bytes[t.start..<t.end]), !t.quoted { return c }
        let s = text(t)
        if let c = Currency(code: s.uppercased()) {
            error(t, "currency codes are written in capitals", fix: "write \(c.code)")
        } else {
            error(t, "unknown currency \"\(s)\"",
                  fix: "write an ISO 4217 code such as EUR or USD" + Suggestion.hint(for: s.uppercased(), among: Currency.allCodes))
        }
        return nil
    }

    mutating func amount(_ t: Token, _ currency: Currency) -> Int64? {
        let b = bytes[t.start..<t.end]
        if !t.quoted, let v = Money.parseAmount(b, currency: currency) {
            if v == 0 {
                error(t, "the amount is zero", fix: "write the real amount, or remove the record")
                return nil
            }
            if v > Money.maxAmount(currency) {
                error(t, "\(text(t)) \(currency.code) is more than relance accepts (\(Money.maxAmountText) \(currency.code))",
                      fix: "check the amount for a typing mistake")
                return nil
            }
            return v
        }
        let s = text(t)
        if s.hasPrefix("-") {
            error(t, "amounts are positive here: \(s)",
                  fix: "write the amount without a sign; a refund is a credit note (credit), a loss a writeoff")
        } else if let plain = BooksParser.plainAmount(s),
                  s.contains("'") || (s.contains(",") && (s.contains(".") || s.filter({ $0 == "," }).count > 1)) {
            error(t, "\(s) is written \(plain)", fix: "write amounts without thousands separators, with a dot before the decimals: \(plain)")
        } else if s.contains(",") {
            error(t, "\"\(s)\" uses a comma", fix: "write the decimal point as a dot and no thousands separator, e.g. 1234.56")
        } else if let decimals = BooksParser.fractionDigits(b), decimals > currency.minorUnits {
            let units = currency.minorUnits
            error(t, "\(currency.code) has \(units) decimal\(units == 1 ? "" : "s"), \"\(s)\" has more",
                  fix: units == 0 ? "write a whole number of \(currency.code)" : "round to \(units) decimals")
        } else {
            error(t, "expected an amount, found \"\(s)\"", fix: "write digits with an optional decimal point, e.g. 1200.00")
        }
        return nil
    }

    /// When the amount at token `k` is written in groups (`1 200,50`, `12 000`), reports it and returns true.
    mutating func separatedAmount(at k: Int) -> Bool {
        guard tokens.count > k + 1, !tokens[k].quoted else { return false }
        var parts: [String] = []
        var j = k
        while j < tokens.count, !tokens[j].quoted, tokens[j].end > tokens[j].start, bytes[tokens[j].start] >= 48, bytes[tokens[j].start] <= 57 {
            parts.append(text(tokens[j]))
            j += 1
        }
        guard parts.count >= 2 else { return false }
        let written = parts.joined(separator: " ")
        guard let plain = BooksParser.plainAmount(written) else { return false }
        error(at: tokens[k].start, length: tokens[j - 1].end - tokens[k].start, "\(written) is written \(plain)",
              fix: "write amounts without thousands separators, with a dot before the decimals: \(plain)")
        return true
    }

    /// `1 200,50`, `1.200,50`, `1,200.50`, `12 000` → `1200.50`, `1200.50`, `1200.50`, `12000`: an amount written with
    /// thousands separators (space, no-break spaces, apostrophe, comma or dot) and a decimal comma or point; nil otherwise.
    static func plainAmount(_ s: String) -> String? {
        let spaces: Set<Character> = [" ", "\u{A0}", "\u{202F}", "'"]
        let chars = Array(s)
        guard let first = chars.first, first.isASCII, first.isNumber,
              chars.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." || spaces.contains($0) }) else { return nil }
        // The decimal mark: the last comma or point, unless it only separates thousands (`12,000`, `1.200.000`).
        var decimal: Int?
        if let m = chars.lastIndex(where: { $0 == "," || $0 == "." }) {
            let before = chars[..<m]
            let otherKind = before.contains { ($0 == "," || $0 == ".") && $0 != chars[m] }
            let sameKind = before.contains(chars[m])
            let grouped = before.contains(where: spaces.contains)
            if otherKind || grouped || (!sameKind && chars.count - m - 1 != 3) { decimal = m }
        }
        let whole = decimal.map { Array(chars[..<$0]) } ?? chars
        let fraction = decimal.map { Array(chars[($0 + 1)...]) } ?? []
        if decimal != nil && (fraction.isEmpty || !fraction.allSatisfy(\.isNumber)) { return nil }
        let groups = whole.split(omittingEmptySubsequences: false) { !$0.isNumber }
        guard let head = groups.first, (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        guard groups.count > 1 || decimal != nil else { return nil }
        return String(groups.joined()) + (fraction.isEmpty ? "" : "." + String(fraction))
    }

    /// The number of digits after the point of a plain decimal (`12.345` → 3), nil when `b` is not one.
    static func fractionDigits(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard let point = b.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let whole = b[..<point], fraction = b[(point + 1)...]
        func digits(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool { !s.isEmpty && s.allSatisfy { $0 >= 48 && $0 <= 57 } }
        return digits(whole) && digits(fraction) ? fraction.count : nil
    }

    mutating func identifier(_ t: Token, what: String) -> String? {
        var ok = !t.quoted && t.end > t.start
        if ok {
            let c0 = bytes[t.start]
            ok = isAlnum(c0)
            if ok {
                for k in t.start..<t.end where !(isAlnum(bytes[k]) || bytes[k] == 46 || bytes[k] == 95 || bytes[k] == 45) {
                    ok = false
                    break
                }
            }
        }
        if !ok {
            error(t, "\"\(text(t))\" is not a valid \(what)",
                  fix: "use letters, digits, '.', '_' and '-' only, starting with a letter or digit")
            return nil
        }
        return string(t.start, t.end)
    }

    @inline(__always) func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    mutating func expectCount(_ range: ClosedRange<Int>, usage: @autoclosure () -> String) -> Bool {
        if tokens.count > range.upperBound {
            let t = tokens[range.upperBound]
            error(at: t.quoted ? t.start - 1 : t.start, length: lineEnd - t.start + 1,
                  "unexpected text at the end of the line", fix: "the line reads: \(usage()); remove the extra text or start a comment with ';'")
            return false
        }
        if tokens.count < range.lowerBound {
            errorAtEnd("this line is incomplete", fix: "write it as: \(usage())")
            return false
        }
        return true
    }

    // MARK: - Headers

    mutating func processHeader() {
        let t0 = tokens[0]
        let c0 = bytes[t0.start]
        if !t0.quoted, c0 >= 48, c0 <= 57 {
            guard let day = date(t0) else { current = .skipped; return }
            guard tokens.count >= 2 else {
                errorAtEnd("a date alone is not a record", fix: "write the kind of record after the date, e.g. \"2026-11-22 invoice F2026-014 acme 1200.00 EUR\"")
                current = .skipped
                return
            }
            let kind = tokens[1]
            if equals(kind, "invoice") { headerInvoice(day) }
            else if equals(kind, "payment") { headerPayment(day) }
            else if equals(kind, "credit") { headerCredit(day) }
            else if equals(kind, "hold") { headerHold(day, kind: .hold) }
            else if equals(kind, "release") { headerHold(day, kind: .release) }
            else if equals(kind, "writeoff") { headerWriteOff(day) }
            else if equals(kind, "reminder") { headerReminder(day) }
            else if equals(kind, "delivered") { headerDelivery(day, .delivered) }
            else if equals(kind, "failed") { headerDelivery(day, .failed) }
            else if equals(kind, "printed") { headerLetter(day, .printed) }
            else if equals(kind, "posted") { headerLetter(day, .posted) }
            else if equals(kind, "customer") {
                error(kind, "a customer record has no date", fix: "write it as \"customer ID\" at the start of the line")
                current = .skipped
            } else {
                unknownKind(kind)
            }
        } else if equals(t0, "customer") {
            headerCustomer()
        } else {
            let word = text(t0)
            if BooksParser.recordKinds.contains(word) {
                error(t0, "\(word.first == "i" ? "an" : "a") \(word) record starts with its date", fix: "write it as \"YYYY-MM-DD \(word) …\"")
                current = .skipped
            } else {
                unknownKind(t0)
            }
        }
    }

    mutating func unknownKind(_ t: Token) {
        let word = text(t)
        error(t, "unknown record kind \"\(word)\"",
              fix: "a record is one of: \(BooksParser.recordKinds.joined(separator: ", "))" + Suggestion.hint(for: word, among: BooksParser.recordKinds)
              + "; a line that continues a record must be indented")
        current = .skipped
    }

    /// Room for the records of one kind when the first one is met: what the rest of the file could hold,
    /// at 40 bytes a record (an invoice or payment takes 60 or more), so that big files rarely grow their arrays.
    /// Room never written to costs no memory.
    var expectedRecords: Int { (bytes.count - lineStart) / 40 + 16 }

    mutating func headerCustomer() {
        current = .skipped
        guard expectCount(2...2, usage: "customer ID"), let id = identifier(tokens[1], what: "customer id") else { return }
        out.customers.append(Customer(id: id, name: "", span: span(tokens[1])))
        current = .customer
        seenKeys = 0
    }

    mutating func headerInvoice(_ day: Day) {
        current = .skipped
        let usage = "DATE invoice NUMBER CUSTOMER [AMOUNT CURRENCY]"
        if separatedAmount(at: 4) { return }
        guard expectCount(4...6, usage: usage) else { return }
        if tokens.count == 5 { errorAtEnd("an amount needs its currency", fix: "add the currency code after the amount, e.g. 1200.00 EUR"); return }
        guard let number = identifier(tokens[2], what: "invoice number"),
              let customerID = identifier(tokens[3], what: "customer id") else { return }
        var money = Money.zero(.EUR)
        invoiceHasHeaderAmount = tokens.count == 6
        invoiceAmountLineFailed = false
        if invoiceHasHeaderAmount {
            guard let cur = currency(tokens[5]), let v = amount(tokens[4], cur) else { return }
            money = Money(minor: v, currency: cur)
        }
        if out.invoices.isEmpty { out.invoices.reserveCapacity(expectedRecords) }
        out.invoices.append(Invoice(number: number, customerID: customerID, date: day, amount: money, span: span(tokens[2]), customerSpan: span(tokens[3])))
        current = .invoice
        seenKeys = 0
    }

    mutating func headerPayment(_ day: Day) {
        current = .skipped
        if separatedAmount(at: 3) { return }
        guard expectCount(5...5, usage: "DATE payment CUSTOMER AMOUNT CURRENCY"),
              let customerID = identifier(tokens[2], what: "customer id"),
              let cur = currency(tokens[4]), let v = amount(tokens[3], cur) else { return }
        if out.payments.isEmpty { out.payments.reserveCapacity(expectedRecords) }
        out.payments.append(Payment(date: day, customerID: customerID, amount: Money(minor: v, currency: cur),
                                    span: span(tokens[1]), customerSpan: span(tokens[2])))
        current = .payment
        seenKeys = 0
    }

    mutating func headerCredit(_ day: Day) {
        current = .skipped
        if separatedAmount(at: 4) { return }
        guard expectCount(6...6, usage: "DATE credit NUMBER CUSTOMER AMOUNT CURRENCY"),
              let number = identifier(tokens[2], what: "credit note number"),
              let customerID = identifier(tokens[3], what: "customer id"),
              let cur = currency(tokens[5]), let v = amount(tokens[4], cur) else { return }
        out.credits.append(CreditNote(number: number, date: day, customerID: customerID, amount: Money(minor: v, currency: cur),
                                      span: span(tokens[2]), customerSpan: span(tokens[3])))
        current = .credit
        seenKeys = 0
    }

    mutating func headerHold(_ day: Day, kind: HoldEvent.Kind) {
        current = .skipped
        let usage = kind == .hold ? "DATE hold INVOICE|CUSTOMER [until DATE] [\"reason\"]" : "DATE release INVOICE|CUSTOMER [\"reason\"]"
        guard tokens.count >= 3 else { errorAtEnd("this line is incomplete", fix: "write it as: \(usage)"); return }
        guard let target = identifier(tokens[2], what: "invoice number or customer id") else { return }
        var index = 3
        var until: Day?
        if kind == .hold, index < tokens.count, equals(tokens[index], "until") {
            guard index + 1 < tokens.count else { errorAtEnd("\"until\" needs a date", fix: "write \"until YYYY-MM-DD\""); return }
            guard let d = date(tokens[index + 1]) else { return }
            if d <= day {
                error(tokens[index + 1], "the hold ends on or before the day it starts",
                      fix: "write an \"until\" date after \(day), or remove \"until\"")
                return
            }
            until = d
            index += 2
        }
        var reason: String?
        if index < tokens.count {
            let t = tokens[index]
            if !t.quoted, Day.parse(bytes[t.start..<t.end]) != nil {
                error(t, "a date here must follow \"until\"", fix: kind == .hold ? "write \"until \(text(t))\"" : "a release takes no end date; remove it")
                return
            }
            reason = restText(from: index)
        }
        out.holds.append(HoldEvent(kind: kind, date: day, targetName: target, until: until, reason: reason,
                                   span: span(tokens[1]), targetSpan: span(tokens[2])))
        current = .hold
        seenKeys = 0
    }

    mutating func headerWriteOff(_ day: Day) {
        current = .skipped
        guard tokens.count >= 3 else { errorAtEnd("this line is incomplete", fix: "write it as: DATE writeoff INVOICE [\"reason\"]"); return }
        guard let number = identifier(tokens[2], what: "invoice number") else { return }
        let reason = tokens.count > 3 ? restText(from: 3) : nil
        out.writeOffs.append(WriteOff(date: day, invoiceNumber: number, reason: reason, span: span(tokens[1]), invoiceSpan: span(tokens[2])))
        current = .writeOff
        seenKeys = 0
    }

    mutating func headerReminder(_ day: Day) {
        current = .skipped
        guard expectCount(4...4, usage: "DATE reminder ID CUSTOMER"),
              let id = identifier(tokens[2], what: "reminder id"),
              let customerID = identifier(tokens[3], what: "customer id") else { return }
        out.reminders.append(ReminderRecord(id: id, date: day, customerID: customerID, span: span(tokens[2]), customerSpan: span(tokens[3])))
        current = .reminder
        seenKeys = 0
    }

    mutating func headerDelivery(_ day: Day, _ outcome: DeliveryRecord.Outcome) {
        current = .skipped
        let usage = "DATE \(outcome.rawValue) REMINDER-ID YYYY-MM-DDTHH:MM:SSZ [\"server reply\"]"
        guard tokens.count >= 4 else { errorAtEnd("this line is incomplete", fix: "write it as: \(usage)"); return }
        guard let id = identifier(tokens[2], what: "reminder id") else { return }
        let stamp = text(tokens[3])
        guard BooksParser.isTimestamp(stamp) else {
            error(tokens[3], "expected a UTC timestamp, found \"\(stamp)\"", fix: "write it as YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-11-22T09:12:04Z")
            return
        }
        let detail = tokens.count > 4 ? restText(from: 4) : nil
        out.deliveries.append(DeliveryRecord(outcome: outcome, date: day, reminderID: id, timestamp: stamp, detail: detail,
                                             span: span(tokens[1]), reminderSpan: span(tokens[2])))
        current = .delivery
        seenKeys = 0
    }

    mutating func headerLetter(_ day: Day, _ event: LetterRecord.Event) {
        current = .skipped
        let usage = event == .printed ? "DATE printed REMINDER-ID" : "DATE posted REMINDER-ID TRACKING-NUMBER"
        guard expectCount(event == .printed ? 3...3 : 4...4, usage: usage),
              let id = identifier(tokens[2], what: "reminder id") else { return }
        var tracking: String?
        if event == .posted {
            guard let number = identifier(tokens[3], what: "tracking number") else { return }
            tracking = number
        }
        out.letters.append(LetterRecord(event: event, date: day, reminderID: id, tracking: tracking,
                                        span: span(tokens[1]), reminderSpan: span(tokens[2])))
        current = .letter
        seenKeys = 0
    }

    static func isTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z"),
              Day.parse(b[0..<10]) != nil, b[13] == 58, b[16] == 58 else { return false }
        func two(_ i: Int) -> Int? {
            guard (48...57).contains(b[i]), (48...57).contains(b[i + 1]) else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let h = two(11), let m = two(14), let sec = two(17) else { return false }
        return h < 24 && m < 60 && sec < 61
    }

    // MARK: - Keys

    mutating func processKeyLine() {
        switch current {
        case .none:
            error(tokens[0], "this indented line belongs to no record",
                  fix: "start a record first (e.g. \"customer acme\"), or remove the indentation if this is a header")
        case .skipped:
            return  // the header was already reported
        case .invoice: invoiceKey()
        case .payment: paymentKey()
        case .customer: customerKey()
        case .credit: creditKey()
        case .reminder: reminderKey()
        case .hold, .writeOff, .delivery, .letter: noteKey()
        }
    }

    /// Checks the key is known and not repeated (unless it is in `repeatable`); returns it.
    mutating func key<Key: RecordKey>(_: Key.Type, repeatable: [Key] = [], record: String) -> Key? {
        let k = tokens[0]
        let name = k.quoted ? nil : string(k.start, k.end)
        guard let name, let index = Key.names.firstIndex(of: name), let key = Key(rawValue: index) else {
            let name = text(k)
            let names = Key.allCases.map { "\($0)" }
            let a = record.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            error(k, "unknown key \"\(name)\" in \(a) \(record) record",
                  fix: "the keys of \(a) \(record) are: \(names.joined(separator: ", "))" + Suggestion.hint(for: name, among: names))
            return nil
        }
        let bit = UInt32(1) << UInt32(index)
        if !repeatable.contains(key) {
            if seenKeys & bit != 0 {
                error(k, "\"\(key)\" is given twice in this \(record)", fix: "keep only one \"\(key)\" line")
                return nil
            }
            seenKeys |= bit
        }
        if tokens.count < 2 {
            errorAtEnd("\"\(key)\" needs a value", fix: "write a value after \"\(key)\", or remove the line")
            return nil
        }
        return key
    }

    mutating func single(_ usage: @autoclosure () -> String) -> Bool { expectCount(2...2, usage: usage()) }

    mutating func customerKey() {
        guard let k = key(CustomerKey.self, repeatable: [.email, .cc, .address, .payer], record: "customer") else { return }
        switch k {
        case .name: if let v = boundedText("a name") { customer.name = v }
        case .address: if let v = boundedText("an address line") { customer.address.append(v) }
        case .email, .cc:
            guard single("\(k) ADDRESS (one per line)") else { return }
            let a = text(tokens[1])
            guard BooksParser.isEmail(a) else {
                error(tokens[1], "\"\(a)\" is not an e-mail address", fix: "write one address per line, like compta@acme.example")
                return
            }
            // An e-mail goes out with plain ASCII addresses: an internationalised domain in its ASCII (IDNA) form.
            if let at = a.lastIndex(of: "@"), !a.unicodeScalars.allSatisfy(\.isASCII) {
                let local = a[..<at], domain = a[a.index(after: at)...]
                if local.unicodeScalars.allSatisfy(\.isASCII), let ascii = BooksParser.asciiDomain(domain) {
                    error(tokens[1], "\(a) cannot be sent to as written: its domain is not ASCII",
                          fix: "write the domain in its ASCII (IDNA) form: \(local)@\(ascii)")
                } else {
                    error(tokens[1], "the part of \(a) before the @ is not ASCII",
                          fix: "relance sends e-mails to plain ASCII addresses only: ask the customer for an ASCII address")
                }
                return
            }
            guard BooksParser.isDotAtomAddress(a) else {
                error(tokens[1], "\(a) is not an address an e-mail can be sent to",
                      fix: "each side of the @ is made of words of letters, digits and !#$%&'*+-/=?^_`{|}~ separated by single dots")
                return
            }
            if k == .email { customer.emails.append(a) } else { customer.cc.append(a) }
        case .lang:
            guard single("lang fr|en") else { return }
            let v = text(tokens[1])
            guard v == "fr" || v == "en" else {
                error(tokens[1], "unknown language \"\(v)\"", fix: "write fr or en")
                return
            }
            customer.language = v
        case .terms:
            guard single("terms DAYS") else { return }
            guard let v = Int(text(tokens[1])), (0...3650).contains(v) else {
                error(tokens[1], "payment terms are a number of days, found \"\(text(tokens[1]))\"", fix: "write a whole number of days, e.g. terms 30")
                return
            }
            customer.terms = v
        case .kind:
            guard single("kind business|consumer") else { return }
            guard let v = CustomerKind(rawValue: text(tokens[1])) else {
                error(tokens[1], "unknown customer kind \"\(text(tokens[1]))\"", fix: "write business or consumer")
                return
            }
            customer.kind = v
        case .group:
            guard single("group NAME"), let g = identifier(tokens[1], what: "group name") else { return }
            customer.group = g
        case .phone: if let v = boundedText("a phone number") { customer.phone = v }
        case .vat: customer.vat = restText(from: 1)
        case .note: if let v = boundedText("a note", limit: BooksParser.maxNoteLength) { customer.note = v }
        case .channel:
            guard single("channel email|letter|both") else { return }
            guard let c = Channel(rawValue: text(tokens[1])), c != .phone else {
                error(tokens[1], "unknown channel \"\(text(tokens[1]))\"", fix: "write email, letter or both")
                return
            }
            customer.channel = c
        case .dunning:
            guard single("dunning on|off") else { return }
            let v = text(tokens[1])
            guard v == "on" || v == "off" else {
                error(tokens[1], "expected on or off, found \"\(v)\"", fix: "write \"dunning off\" to never remind this customer")
                return
            }
            customer.dunning = v == "on"
        case .salutation:
            let words = restText(from: 1)
            guard words.contains(where: { $0 != " " && $0 != "," }), words.count <= 100, words.hasSuffix(","),
                  !words.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                error(tokens[1], "a salutation is the line that opens a letter, with its comma, found \"\(words)\"",
                      fix: "write it as it is printed, comma included (at most 100 characters), e.g. salutation \"Monsieur Dupont,\" or \"Dear Ms Leroy,\"")
                return
            }
            customer.salutation = words
        case .payer: customer.payers.append(restText(from: 1))
        case .iban:
            let v = String(restText(from: 1).filter { $0 != " " && $0 != "\"" }).uppercased()
            guard BooksParser.isIBAN(v) else {
                error(tokens[1], "\"\(restText(from: 1))\" is not an IBAN", fix: "write the account as the bank gives it, e.g. iban FR76 3000 6000 0112 3456 7890 189 (its check digits must be right)")
                return
            }
            customer.iban = v
        }
    }

    /// Two letters, two check digits, up to 30 letters or digits, and the ISO 13616 check (mod 97 = 1).
    static func isIBAN(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard (15...34).contains(b.count), b[0...1].allSatisfy({ (65...90).contains($0) }), b[2...3].allSatisfy({ (48...57).contains($0) }),
              b.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) }) else { return false }
        var rest = 0
        for c in b[4...] + b[..<4] {
            if c <= 57 { rest = (rest * 10 + Int(c - 48)) % 97 } else { rest = (rest * 100 + Int(c - 55)) % 97 }
        }
        return rest == 1
    }

    /// local@domain.tld, ASCII or UTF-8, no spaces, commas, angle brackets, quotes or semicolons.
    static func isEmail(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isEmail($0) }
    }

    /// `café.example` → `xn--caf-dma.example` (each label that is not ASCII in Punycode, RFC 3492), nil when a
    /// label cannot be written so (empty, or with spaces or symbols).
    static func asciiDomain(_ domain: Substring) -> String? {
        var labels: [String] = []
        for label in domain.lowercased().split(separator: ".", omittingEmptySubsequences: false) {
            let scalars = label.unicodeScalars.map(\.value)
            guard !scalars.isEmpty, !scalars.contains(where: { $0 < 0x80 && !(isAlnumScalar($0) || $0 == 45) }) else { return nil }
            if scalars.allSatisfy({ $0 < 0x80 }) { labels.append(String(label)); continue }
            guard let code = punycode(scalars) else { return nil }
            labels.append("xn--" + code)
        }
        return labels.joined(separator: ".")
    }

    /// `local@domain` where both sides are RFC 5322 dot-atoms of ASCII (what an e-mail header can carry as it is).
    static func isDotAtomAddress(_ a: String) -> Bool {
        let b = Array(a.utf8)
        guard b.count <= 254, let at = b.lastIndex(of: UInt8(ascii: "@")) else { return false }
        func dotAtom(_ s: ArraySlice<UInt8>) -> Bool {
            guard let first = s.first, let last = s.last, first != 46, last != 46 else { return false }
            var previousDot = false
            for c in s {
                if c == 46 {
                    if previousDot { return false }
                    previousDot = true
                } else {
                    guard isAlnumScalar(UInt32(c)) || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(c) else { return false }
                    previousDot = false
                }
            }
            return true
        }
        return dotAtom(b[..<at]) && dotAtom(b[(at + 1)...])
    }

    static func isAlnumScalar(_ c: UInt32) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }

    /// Punycode (RFC 3492 §6.3) of a label's scalars; nil on overflow.
    static func punycode(_ input: [UInt32]) -> String? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        func digit(_ d: Int) -> Character { Character(UnicodeScalar(UInt8(d < 26 ? 97 + d : 22 + d))) }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        var output = ""
        for c in input where c < 0x80 { output.append(Character(UnicodeScalar(UInt8(c)))) }
        let basic = output.count
        var handled = basic
        if basic > 0 { output.append("-") }
        var n = 128, delta = 0, bias = 72
        while handled < input.count {
            guard let m = input.filter({ Int($0) >= n }).min().map(Int.init) else { return nil }
            let (step, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            if overflow || delta > Int.max - step { return nil }
            delta += step
            n = m
            for c in input.map(Int.init) {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta, k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basic)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }

    static func isEmail(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = -1
        var count = 0
        var lastDot = -1
        for i in utf8.indices {
            let c = utf8[i]
            switch c {
            case UInt8(ascii: "@"):
                if at >= 0 { return false }
                at = i
            case UInt8(ascii: "."):
                if at >= 0 && i == at + 1 { return false }
                lastDot = i
            case 0...32, UInt8(ascii: ","), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "\""):
                return false
            default: break
            }
            count = i + 1
        }
        return at > 0 && lastDot > at + 1 && lastDot < count - 1
    }

    mutating func invoiceKey() {
        guard let k = key(InvoiceKey.self, record: "invoice") else { return }
        switch k {
        case .amount:
            // A wrong amount line is reported once: the record's "has no amount" would only repeat it.
            invoiceAmountLineFailed = true
            if separatedAmount(at: 1) { return }
            guard expectCount(3...3, usage: "amount AMOUNT CURRENCY") else { return }
            if invoiceHasHeaderAmount {
                error(tokens[0], "the amount is already on the header line", fix: "keep the amount in one place only")
                return
            }
            guard let cur = currency(tokens[2]), let v = amount(tokens[1], cur) else { return }
            invoice.amount = Money(minor: v, currency: cur)
            invoiceHasHeaderAmount = true
            invoiceAmountLineFailed = false
        case .due:
            guard single("due DATE"), let d = date(tokens[1]) else { return }
            let date = out.invoices[out.invoices.count - 1].date
            if d < date {
                error(tokens[1], "the due date \(d) is before the invoice date \(date)",
                      fix: "write a due date on or after \(date)")
                return
            }
            invoice.explicitDue = d
        case .file: invoice.file = restText(from: 1)
        case .department:
            guard single("department NAME"), let d = identifier(tokens[1], what: "department name") else { return }
            invoice.department = d
        case .ref: if let v = boundedText("a reference") { invoice.ref = v }
        case .note: if let v = boundedText("a note", limit: BooksParser.maxNoteLength) { invoice.note = v }
        }
    }

    mutating func application(_ currency: Currency) -> Application? {
        if separatedAmount(at: 2) { return nil }
        guard expectCount(2...4, usage: "apply INVOICE [AMOUNT]"),
              let number = identifier(tokens[1], what: "invoice number") else { return nil }
        var value: Int64?
        if tokens.count >= 3 {
            if tokens.count == 4 {
                guard let c = self.currency(tokens[3]) else { return nil }
                if c != currency {
                    error(tokens[3], "this apply is in \(c.code) but the record is in \(currency.code)",
                          fix: "apply amounts are in the record's currency; write \(currency.code) or remove the code")
                    return nil
                }
            }
            guard let v = amount(tokens[2], currency) else { return nil }
            value = v
        }
        return Application(invoiceNumber: number, amount: value, span: span(tokens[1]))
    }

    mutating func paymentKey() {
        guard let k = key(PaymentKey.self, repeatable: [.apply], record: "payment") else { return }
        switch k {
        case .apply:
            if let a = application(out.payments[out.payments.count - 1].amount.currency) { payment.applications.append(a) }
        case .ref: if let v = boundedText("a reference") { payment.ref = v }
        case .method: payment.method = restText(from: 1)
        case .note: if let v = boundedText("a note", limit: BooksParser.maxNoteLength) { payment.note = v }
        }
    }

    mutating func creditKey() {
        guard let k = key(CreditKey.self, repeatable: [.apply], record: "credit note") else { return }
        switch k {
        case .apply:
            if let a = application(out.credits[out.credits.count - 1].amount.currency) { credit.applications.append(a) }
        case .note: if let v = boundedText("a note", limit: BooksParser.maxNoteLength) { credit.note = v }
        }
    }

    mutating func reminderKey() {
        guard let k = key(ReminderKey.self, repeatable: [.invoice, .file], record: "reminder") else { return }
        switch k {
        case .level:
            guard single("level N") else { return }
            guard let v = Int(text(tokens[1])), v >= 1, v <= 99 else {
                error(tokens[1], "a level is a number from 1, found \"\(text(tokens[1]))\"", fix: "write the level number, e.g. level 2")
                return
            }
            reminder.level = v
        case .channel:
            guard single("channel email|letter|both|phone") else { return }
            guard let c = Channel(rawValue: text(tokens[1])) else {
                error(tokens[1], "unknown channel \"\(text(tokens[1]))\"", fix: "write email, letter, both or phone")
                return
            }
            reminder.channel = c
        case .invoice:
            let usage = "invoice NUMBER AMOUNT CURRENCY [level N]"
            guard expectCount(4...6, usage: usage),
                  let number = identifier(tokens[1], what: "invoice number"),
                  let cur = currency(tokens[3]), let v = amount(tokens[2], cur) else { return }
            var level: Int?
            if tokens.count > 4 {
                guard tokens.count == 6, equals(tokens[4], "level"), let n = Int(text(tokens[5])), n >= 1, n <= 99 else {
                    error(tokens[4], "expected \"level N\" after the amount", fix: "write it as: \(usage)")
                    return
                }
                level = n
            }
            reminder.invoices.append(RemindedInvoice(number: number, outstanding: Money(minor: v, currency: cur), level: level, span: span(tokens[1])))
        case .file: reminder.files.append(restText(from: 1))
        case .fee, .interest:
            guard expectCount(3...3, usage: "\(k) AMOUNT CURRENCY"),
                  let cur = currency(tokens[2]), let v = amount(tokens[1], cur) else { return }
            if k == .fee { reminder.fee = Money(minor: v, currency: cur) } else { reminder.interest = Money(minor: v, currency: cur) }
        case .note: reminder.note = restText(from: 1)
        case .manual:
            for t in tokens.dropFirst() {
                guard let choice = ManualChoice(rawValue: text(t)), !t.quoted else {
                    error(t, "unknown manual choice \"\(text(t))\"",
                          fix: "write level (the level was chosen by hand) and/or gap (sent before the policy's gap), e.g. manual level")
                    return
                }
                if !reminder.manual.contains(choice) { reminder.manual.append(choice) }
            }
        }
    }

    mutating func noteKey() {
        guard let _ = key(NoteKey.self, record: "\(current)") else { return }
        let note = restText(from: 1)
        switch current {
        case .hold: if out.holds.count > 0, out.holds[out.holds.count - 1].reason == nil { out.holds[out.holds.count - 1].reason = note }
        case .writeOff: if out.writeOffs.count > 0, out.writeOffs[out.writeOffs.count - 1].reason == nil { out.writeOffs[out.writeOffs.count - 1].reason = note }
        case .delivery: if out.deliveries.count > 0, out.deliveries[out.deliveries.count - 1].detail == nil { out.deliveries[out.deliveries.count - 1].detail = note }
        case .letter: if out.letters.count > 0 { out.letters[out.letters.count - 1].note = note }
        default: break
        }
    }

    // MARK: - Records

    mutating func finishRecord() {
        switch current {
        case .customer:
            let c = customer
            if c.name.isEmpty {
                out.customers.removeLast()
                out.diagnostics.append(Diagnostic.at(c.span, in: file, .error, "customer \(c.id) has no name",
                                                     fix: "add an indented line \"name …\" under \"customer \(c.id)\""))
            }
        case .invoice:
            if !invoiceHasHeaderAmount {
                let inv = out.invoices.removeLast()
                if !invoiceAmountLineFailed { out.diagnostics.append(Diagnostic.at(inv.span, in: file, .error, "invoice \(inv.number) has no amount",
                                                     fix: "write the amount and currency on the header line, or an indented \"amount 1200.00 EUR\" line")) }
            }
        default: break
        }
        current = .none
    }
}

extension Day {
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]
}

/// The keys of one kind of record: their names are the case names.
protocol RecordKey: RawRepresentable<Int>, CaseIterable, Equatable {
    /// The names, by raw value.
    static var names: [String] { get }
}

extension RecordKey {
    /// The names of `Key`'s cases, for its `names`. Compared as strings: packing them into integers
    /// saved nothing measurable at 1M invoices (bench/README.md).
    static func table() -> [String] { allCases.map { "\($0)" } }
}
