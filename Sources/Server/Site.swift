import Books
import Documents
import Foundation
import Receivables
import RelanceCommands

/// The web screen: requests in, pages out. Every page is a command run in-process (the same library call as
/// the command line) whose output is shown; nothing here computes what a command computes.
// @unchecked: every stored property is a `let` of a Sendable type except `listener`, read and written only under `lock`.
public final class Site: @unchecked Sendable {
    /// The per-process secret printed with the URL; required (cookie or query) for every page, and as a form field or
    /// `X-Relance-Token` header for every POST.
    public let token: String
    let runner: CommandRunner
    /// Where the server listens (set once it has a port): the origins allowed to POST and the cookie's name.
    private let lock = NSLock()
    private var listener = Listener(origins: [], cookieName: "relance_token")

    struct Listener {
        var origins: [String]
        var cookieName: String
    }

    public init(runner: CommandRunner, token: String = Site.makeToken()) {
        self.runner = runner
        self.token = token
    }

    /// The one place where the page writes and sends reminders: the library call of `relance run --only IDS --send`
    /// with the levels and channels chosen on the page (the same code path, commit and refusals). Books whose
    /// relance.toml has neither `[smtp]` nor `[sendmail]` get what `relance run --only IDS` does, and the page says
    /// that nothing was sent.
    func writeAndSend(_ options: RunCommand.Options, _ context: CommandContext) throws -> ExitStatus {
        let config = try context.loadBooks(options.books).config
        guard config.smtp != nil || config.sendmail != nil else {
            let written = try RunCommand.run(options, context)
            if written == .ok {
                context.err.write("Nothing was sent: relance.toml has neither [smtp] nor [sendmail] (docs/policy.md); `relance send` delivers once one is set.\n")
            }
            return written
        }
        return try RunCommand.runAndSend(options, context)
    }

    /// 32 hex characters from the system's random source.
    public static func makeToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// Tells the site where it listens: its own origin is the only one allowed to POST.
    public func listening(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        var origins = ["http://\(shown):\(port)"]
        if host == "127.0.0.1" || host == "::1" || host == "localhost" {
            origins += ["http://localhost:\(port)", "http://127.0.0.1:\(port)", "http://[::1]:\(port)"]
        }
        lock.withLock { listener = Listener(origins: origins, cookieName: "relance_token_\(port)") }
    }

    var allowedOrigins: [String] { lock.withLock { listener.origins } }
    var cookie: String { lock.withLock { listener.cookieName } }

    // MARK: - Routing

    public func respond(_ request: Request) -> Response {
        // The token: from the URL printed at start (then kept in a cookie), or the cookie.
        if request.method == "GET", request.first("token") == token {
            var query = request.query
            query["token"] = nil
            let rest = query.flatMap { k, vs in vs.map { "\(urlEncode(k))=\(urlEncode($0))" } }.sorted().joined(separator: "&")
            return .redirect(request.path + (rest.isEmpty ? "" : "?" + rest),
                             headers: [("Set-Cookie", "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Strict")])
        }
        guard constantTimeEqual(request.cookie(cookie), token) || constantTimeEqual(request.first("token"), token) else {
            return forbidden("open the address printed by `relance serve` (it carries the token), or give the token as ?token=…")
        }
        if request.method == "POST" {
            let origin = request.headers["origin"]
            guard let origin, allowedOrigins.contains(origin) else {
                return forbidden("this request does not come from this page (Origin \(origin ?? "missing")); nothing was done")
            }
            let fieldToken = request.formFields["token"]?.first ?? request.headers["x-relance-token"]
            guard constantTimeEqual(fieldToken, token) else {
                return forbidden("the form carries no valid token; reload the page and try again; nothing was done")
            }
            switch request.path {
            case "/run": return run(request)
            case "/print": return print(request)
            default: return notFound()
            }
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return Response(status: 405, headers: [("Allow", "GET, POST")], body: Data("method not allowed\n".utf8))
        }
        let path = request.path
        let segments = path.split(separator: "/").map(String.init)
        switch (segments.first, segments.count) {
        case (nil, _): return page(request, "overview", overview)
        case ("style.css", 1): return Response(headers: [("Content-Type", "text/css; charset=utf-8")], body: Data(Templates.css.utf8))
        case ("invoices", 1): return page(request, "invoices", invoices)
        case ("customers", 2): return page(request, "", { try self.customer(segments[1], $0, &$1) })
        case ("reminders", 1): return page(request, "reminders", { try self.reminders($0, &$1, form: nil, messages: []) })
        case ("history", 1): return page(request, "history", history)
        case ("reminder", 2): return page(request, "history", { try self.reminder(segments[1], $0, &$1) })
        case ("preview", 1): return preview(request)
        case ("file", 1): return file(request)
        case ("export", 2): return export(segments[1], request)
        default: return notFound()
        }
    }

    func constantTimeEqual(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    func forbidden(_ why: String) -> Response {
        Response(status: 403, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("relance: forbidden: \(why)\n".utf8))
    }

    func notFound() -> Response {
        Response(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("relance: no such page\n".utf8))
    }

    // MARK: - Pages

    /// What every page needs: the books as they are now and the words of their language.
    struct Page {
        var loaded: LoadedBooks
        var words: Words
        var title: String
        var messages: [[String: Any]] = []
    }

    typealias Body = (Request, inout Page) throws -> String

    /// Loads the books (every request: an edit shows on reload); books errors become a page that locates them.
    func page(_ request: Request, _ current: String, _ body: Body) -> Response {
        let loaded: LoadedBooks
        do { loaded = try runner.load() } catch let failure as CommandFailure {
            return .html(layout(words: Words(language: "en"), title: "relance", current: current, body:
                Templates.render("problem", ["heading": "relance", "text": failure.message]), asOf: runner.books.asOf ?? "", company: "", root: ""), status: 500)
        } catch {
            return .html("relance: cannot read the books", status: 500)
        }
        let words = Words(language: loaded.config.company.language)
        if loaded.hasErrors {
            let check = runner.capture { try CheckCommand.run(CheckCommand.Options(books: self.runner.books), $0) }
            let text = [check.out, check.err].filter { !$0.isEmpty }.joined(separator: "\n")
            let body = Templates.render("problem", ["heading": words["booksErrors"], "hint": words["booksErrorsHint"], "text": text])
            return .html(layout(words: words, title: words["booksErrors"], current: current, body: body, asOf: asOfText(loaded),
                                company: loaded.config.company.name, root: loaded.root), status: 200)
        }
        var p = Page(loaded: loaded, words: words, title: words[current.isEmpty ? "overview" : current])
        do {
            let body = try body(request, &p)
            return .html(layout(words: words, title: p.title, current: current, body: body, asOf: asOfText(loaded),
                                company: loaded.config.company.name, root: loaded.root, messages: p.messages))
        } catch let failure as PageFailure {
            return .html(layout(words: words, title: words["notFound"], current: current, body:
                Templates.render("problem", ["heading": words["notFound"], "text": failure.message]), asOf: asOfText(loaded),
                company: loaded.config.company.name, root: loaded.root), status: failure.status)
        } catch {
            return .html("relance: the page failed", status: 500)
        }
    }

    struct PageFailure: Error {
        var status: Int
        var message: String
    }

    /// A command's refusal shown on the page, as `relance` prints it.
    func commandProblem(_ c: Captured) -> PageFailure {
        PageFailure(status: 400, message: ([c.err] + (c.failure.map { ["relance: " + $0] } ?? [])).filter { !$0.isEmpty }.joined(separator: "\n"))
    }

    func asOfText(_ loaded: LoadedBooks) -> String {
        if let a = runner.books.asOf { return a }
        return "\(runner.base.today(loaded.config.company.timeZone))"
    }

    func layout(words: Words, title: String, current: String, body: String, asOf: String, company: String, root: String,
                messages: [[String: Any]] = []) -> String {
        let nav: [[String: Any]] = [("overview", "/"), ("invoices", "/invoices"), ("reminders", "/reminders"), ("history", "/history")].map {
            ["label": words[$0.0], "href": $0.1, "current": $0.0 == current]
        }
        return Templates.render("layout", ["lang": words.language, "title": title, "nav": nav, "w": words.all, "asOf": asOf,
                                           "company": company, "body": body, "messages": messages, "root": URL(fileURLWithPath: root).lastPathComponent])
    }

    var books: BooksOptions { runner.books }

    func json(_ body: (CommandContext) throws -> ExitStatus) throws -> Any {
        let c = runner.capture(body)
        guard c.ok, let value = c.json else { throw commandProblem(c) }
        return value
    }

    func status(_ filter: StatusFilter) throws -> [String: Any] {
        try json { try StatusCommand.run(.init(books: self.books, filter: filter, format: .json), $0) } as? [String: Any] ?? [:]
    }

    func historyRecords(_ subject: String? = nil) throws -> [[String: Any]] {
        // The history as recorded in history/*.books (`relance history`): every reminder written so far,
        // whatever --as-of the server shows (the records are the truth of what was sent).
        try json { try HistoryCommand.run(.init(books: BooksOptions(books: self.books.books), subject: subject, format: .json), $0) } as? [[String: Any]] ?? []
    }

    func money(_ w: Words, _ any: Any?, _ currency: Any?) -> String {
        w.money(any as? String ?? "0", currency as? String ?? "")
    }

    func levelText(_ w: Words, _ level: Any?) -> String {
        (level as? Int).map { (w.french ? "niv. " : "L") + String($0) } ?? (w.french ? "à la main" : "by hand")
    }

    /// Links to a reminder's documents: the e-mail page, and each PDF inline.
    func fileLinks(_ files: [String], id: String) -> [[String: Any]] {
        files.map { f in
            f.hasSuffix(".eml") ? ["href": "/reminder/\(urlEncode(id))", "label": "e-mail"]
                : ["href": "/file?path=\(urlEncode(f))", "label": "PDF"]
        }
    }

    func overview(_ request: Request, _ p: inout Page) throws -> String {
        let w = p.words
        let all = try status(StatusFilter())
        let late = try status(StatusFilter(lateOnly: true))
        let aging = try json { try AgingCommand.run(.init(books: self.books, format: .json), $0) } as? [String: Any] ?? [:]
        let dso = aging["dso"] as? [String: Any] ?? [:]
        let lateTotals = (late["totals"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) { $0[$1["currency"] as? String ?? ""] = $1 }
        let totals: [[String: Any]] = (all["totals"] as? [[String: Any]] ?? []).map { t in
            let cur = t["currency"] as? String ?? ""
            let l = lateTotals[cur]
            return ["currency": cur, "outstanding": t["outstanding"] ?? "", "outstandingText": money(w, t["outstanding"], cur),
                    "count": t["count"] ?? 0, "overdue": l?["outstanding"] ?? "0", "overdueText": money(w, l?["outstanding"] ?? "0", cur),
                    "overdueCount": l?["count"] ?? 0, "dso": dso[cur].map { "\($0)" } ?? "—"]
        }
        let rows = aging["rows"] as? [[String: Any]] ?? []
        let currencies = Array(Set(rows.compactMap { $0["currency"] as? String })).sorted()
        let charts: [[String: Any]] = currencies.map { cur in ["svg": AgingChart.svg(rows: rows.filter { ($0["currency"] as? String) == cur }, currency: cur, words: w)] }
        let records = try historyRecords()
        let last: [[String: Any]] = records.suffix(8).reversed().map { r in
            ["date": r["date"] ?? "", "customer": r["customer"] ?? "", "customerURL": urlEncode(r["customer"] as? String ?? ""),
             "level": r["level"] as? Int ?? 0, "levelText": levelText(w, r["level"]), "id": r["id"] ?? "", "idURL": urlEncode(r["id"] as? String ?? ""),
             "invoices": ((r["invoices"] as? [[String: Any]]) ?? []).compactMap { $0["number"] as? String }.joined(separator: ", ")]
        }
        let plan = try json { try PlanCommand.run(.init(books: self.books, format: .json), $0) } as? [String: Any] ?? [:]
        let dueCount = (plan["lines"] as? [Any])?.count ?? 0
        var context: [String: Any] = ["w": w.all, "totals": totals, "charts": charts, "asOf": asOfText(p.loaded)]
        if !last.isEmpty { context["last"] = ["items": last] }
        if dueCount > 0 { context["due"] = ["count": dueCount] }
        return Templates.render("overview", context)
    }

    /// The status table, filtered and sorted server-side by the column links.
    func invoices(_ request: Request, _ p: inout Page) throws -> String {
        let w = p.words
        let (filter, filterQuery) = try statusFilter(request, p.loaded)
        var report = try status(filter)
        var items = report["items"] as? [[String: Any]] ?? []
        let columns: [(key: String, label: String, align: String)] = [
            ("number", w["invoice"], ""), ("customer", w["customer"], ""), ("date", w["date"], ""), ("due", w["due"], ""),
            ("amount", w["amount"], "num"), ("outstanding", w["outstanding"], "num"), ("daysLate", w["late"], "num"),
            ("state", w["state"], ""), ("lastReminder", w["lastReminder"], "")]
        let sort = request.first("sort").flatMap { s in columns.contains { $0.key == s } ? s : nil }
        let descending = request.first("dir") == "desc"
        if let sort {
            func key(_ item: [String: Any]) -> SortKey {
                switch sort {
                case "amount", "outstanding": return .amount(item["currency"] as? String ?? "", Decimal(string: item[sort] as? String ?? "0") ?? 0)
                case "daysLate": return .number(item["daysLate"] as? Int ?? 0)
                case "lastReminder": return .text(((item["lastReminder"] as? [String: Any])?["date"] as? String) ?? "")
                default: return .text(item[sort].map { "\($0)" } ?? "")
                }
            }
            items = items.enumerated().sorted { a, b in
                let ka = key(a.element), kb = key(b.element)
                if ka == kb { return a.offset < b.offset }
                return descending ? kb < ka : ka < kb
            }.map(\.element)
        }
        let rows: [[String: Any]] = items.map { i in
            let cur = i["currency"] as? String ?? ""
            let last = i["lastReminder"] as? [String: Any]
            return ["number": i["number"] ?? "", "customer": i["customer"] ?? "", "customerURL": urlEncode(i["customer"] as? String ?? ""),
                    "date": i["date"] ?? "", "due": i["due"] as? String ?? "", "amountText": money(w, i["amount"], cur),
                    "outstandingText": money(w, i["outstanding"], cur), "late": (i["daysLate"] as? Int ?? 0) > 0 ? "\(i["daysLate"]!)" : "",
                    "state": i["state"] ?? "", "stateText": w.state(i["state"] as? String ?? ""),
                    "lastText": last.map { "\($0["date"] ?? "") \(levelText(w, $0["level"])) \($0["id"] ?? "")" } ?? ""]
        }
        let totals: [[String: Any]] = (report["totals"] as? [[String: Any]] ?? []).map { t in
            let cur = t["currency"] as? String ?? ""
            return ["currency": cur, "count": t["count"] ?? 0, "amountText": money(w, t["amount"], cur), "outstandingText": money(w, t["outstanding"], cur)]
        }
        report = [:]
        let header: [[String: Any]] = columns.map { c in
            let next = sort == c.key && !descending ? "desc" : "asc"
            var h: [String: Any] = ["label": c.label, "align": c.align, "href": "/invoices?" + [filterQuery, "sort=\(c.key)&dir=\(next)"].filter { !$0.isEmpty }.joined(separator: "&")]
            if sort == c.key { h["arrow"] = descending ? "▼" : "▲" }
            return h
        }
        let books = p.loaded.books
        let groups = Set(books.customers.compactMap(\.group)).sorted()
        let currencies = Set(books.invoices.map(\.amount.currency.code)).sorted()
        return Templates.render("invoices", [
            "w": w.all, "columns": header, "rows": rows, "totals": totals, "filterQuery": filterQuery,
            "customers": books.customers.map { ["id": $0.id, "selected": $0.id == filter.customer] },
            "groups": groups.map { ["name": $0, "selected": $0 == filter.group] },
            "currencies": currencies.map { ["code": $0, "selected": $0 == filter.currency?.code] },
            "min": request.first("min") ?? "", "sort": sort ?? "", "dir": descending ? "desc" : "asc",
        ])
    }

    enum SortKey: Comparable {
        case text(String), number(Int), amount(String, Decimal)
    }

    /// The status filters from the query (`customer`, `group`, `currency`, `min`), refused as the command refuses them.
    func statusFilter(_ request: Request, _ loaded: LoadedBooks) throws -> (StatusFilter, String) {
        var filter = StatusFilter()
        var query: [String] = []
        if let c = request.first("customer") { filter.customer = c; query.append("customer=\(urlEncode(c))") }
        if let g = request.first("group") { filter.group = g; query.append("group=\(urlEncode(g))") }
        if let code = request.first("currency") {
            guard let c = Currency(code: code.uppercased()) else { throw PageFailure(status: 400, message: "currency \(code): not an ISO 4217 code") }
            filter.currency = c
            query.append("currency=\(urlEncode(code))")
        }
        if let m = request.first("min") {
            guard let t = AmountThreshold(m) else { throw PageFailure(status: 400, message: "min \(m): write a plain amount such as 1000 or 99.50") }
            filter.minAmount = t
            query.append("min=\(urlEncode(m))")
        }
        return (filter, query.joined(separator: "&"))
    }

    func customer(_ id: String, _ request: Request, _ p: inout Page) throws -> String {
        let w = p.words
        let books = p.loaded.books
        guard let c = books.customer(id) else { throw PageFailure(status: 404, message: "no customer \"\(id)\"") }
        p.title = c.name
        let report = try status(StatusFilter(customer: id))
        let open: [[String: Any]] = (report["items"] as? [[String: Any]] ?? []).map { i in
            let cur = i["currency"] as? String ?? ""
            var row: [String: Any] = ["number": i["number"] ?? "", "date": i["date"] ?? "", "due": i["due"] as? String ?? "",
                                      "amountText": money(w, i["amount"], cur), "outstandingText": money(w, i["outstanding"], cur),
                                      "late": (i["daysLate"] as? Int ?? 0) > 0 ? "\(i["daysLate"]!)" : "", "state": i["state"] ?? "",
                                      "stateText": w.state(i["state"] as? String ?? "")]
            if let file = books.invoice(i["number"] as? String ?? "")?.file { row["file"] = true; row["fileURL"] = urlEncode(file) }
            return row
        }
        let totals: [[String: Any]] = (report["totals"] as? [[String: Any]] ?? []).map {
            ["outstandingText": money(w, $0["outstanding"], $0["currency"])]
        }
        let payments: [[String: Any]] = books.payments.filter { $0.customerID == id }.map { pay in
            var item: [String: Any] = ["date": "\(pay.date)", "amountText": w.money(pay.amount.plain, pay.amount.currency.code)]
            if let ref = pay.ref { item["ref"] = ref }
            if !pay.applications.isEmpty {
                item["applied"] = ["lines": pay.applications.map { a -> [String: Any] in
                    var l: [String: Any] = ["invoice": a.invoiceNumber]
                    if let m = a.amount { l["amountText"] = w.money(Money(minor: m, currency: pay.amount.currency).plain, pay.amount.currency.code) }
                    return l
                }]
            }
            return item
        }
        let credits: [[String: Any]] = books.credits.filter { $0.customerID == id }.map {
            ["date": "\($0.date)", "number": $0.number, "amountText": w.money($0.amount.plain, $0.amount.currency.code)]
        }
        let reminders: [[String: Any]] = try historyRecords(id).reversed().map { r in historyItem(w, r) }
        var context: [String: Any] = ["w": w.all, "id": c.id, "name": c.name, "emails": c.emails, "open": open, "totals": totals]
        if let phone = c.phone { context["phone"] = phone }
        if !c.address.isEmpty { context["address"] = ["lines": c.address] }
        if let g = c.group { context["group"] = g }
        if let n = c.note { context["note"] = n }
        if !payments.isEmpty { context["payments"] = ["items": payments] }
        if !credits.isEmpty { context["credits"] = ["items": credits] }
        if !reminders.isEmpty { context["reminders"] = ["items": reminders] }
        return Templates.render("customer", context)
    }

    func historyItem(_ w: Words, _ r: [String: Any]) -> [String: Any] {
        let id = r["id"] as? String ?? ""
        var deliveries = ((r["deliveries"] as? [[String: Any]]) ?? []).map { "\($0["outcome"] ?? "") \($0["timestamp"] ?? "")" }
        if let letter = r["letter"] as? [String: Any] {
            if let d = letter["printed"] as? String { deliveries.append("\(w["printed"]) \(d)") }
            if let d = letter["posted"] as? String { deliveries.append("\(w["posted"]) \(d)" + ((letter["tracking"] as? String).map { " (\($0))" } ?? "")) }
        }
        var item: [String: Any] = [
            "id": id, "idURL": urlEncode(id), "date": r["date"] ?? "", "customer": r["customer"] ?? "",
            "customerURL": urlEncode(r["customer"] as? String ?? ""), "level": r["level"] as? Int ?? 0, "levelText": levelText(w, r["level"]),
            "channelText": (r["channel"] as? String).map(w.channel) ?? "",
            "invoices": ((r["invoices"] as? [[String: Any]]) ?? []).map { "\($0["number"] ?? "") " + money(w, $0["outstanding"], $0["currency"]) }.joined(separator: ", "),
            "files": fileLinks(r["files"] as? [String] ?? [], id: id), "delivery": deliveries.joined(separator: ", "),
        ]
        if let note = r["note"] as? String { item["note"] = note }
        return item
    }

    func history(_ request: Request, _ p: inout Page) throws -> String {
        let items = try historyRecords().reversed().map { historyItem(p.words, $0) }
        return Templates.render("history", ["w": p.words.all, "items": items, "token": token])
    }

    /// A reminder's e-mail as `relance show` prints it, and its letters inline.
    func reminder(_ id: String, _ request: Request, _ p: inout Page) throws -> String {
        guard let r = p.loaded.books.reminders.first(where: { $0.id == id }) else { throw PageFailure(status: 404, message: "no reminder \"\(id)\"") }
        p.title = id
        var context: [String: Any] = ["w": p.words.all, "id": id, "date": "\(r.date)", "customer": r.customerID, "customerURL": urlEncode(r.customerID)]
        if r.files.contains(where: { $0.hasSuffix(".eml") }) {
            let shown = runner.capture { try ShowCommand.run(.init(books: self.books, id: id), $0) }
            guard shown.ok else { throw commandProblem(shown) }
            context["email"] = shown.out.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Letter: ") }.joined(separator: "\n")
        }
        context["letters"] = r.files.filter { $0.hasSuffix(".pdf") }.map { ["href": "/file?path=\(urlEncode($0))", "label": $0] }
        return Templates.render("reminder", context)
    }

    // MARK: - Reminders due and the run

    func planFilter(_ request: Request, _ loaded: LoadedBooks) throws -> PlanFilter {
        var filter = PlanFilter()
        if let c = request.first("customer") { filter.customers = [c] }
        filter.group = request.first("group")
        if let l = request.first("level") {
            guard let n = Int(l) else { throw PageFailure(status: 400, message: "level \(l): not a number") }
            filter.level = n
        }
        if let m = request.first("min") {
            guard let t = AmountThreshold(m) else { throw PageFailure(status: 400, message: "min \(m): write a plain amount such as 1000 or 99.50") }
            filter.minAmount = t
        }
        return filter
    }

    /// What the reminders screen sends: the invoices ticked and, for each, the level and channel shown or chosen.
    struct RunForm {
        var ticked: [String] = []
        var levels: [String: Int] = [:]
        var channels: [String: Channel] = [:]

        /// The form's fields, or why they cannot be used (a level or channel the page never offers).
        static func parse(_ fields: [String: [String]], words w: Words) -> Result<RunForm, PageFailure> {
            var form = RunForm(ticked: fields["invoice"] ?? [])
            for number in form.ticked {
                if let text = fields["level-" + number]?.first {
                    guard let n = Int(text), n > 0 else {
                        return .failure(PageFailure(status: 400, message: w.french
                            ? "\(number) : « \(text) » n'est pas un niveau de la politique ; rien n'a été écrit."
                            : "\(number): \"\(text)\" is not a level of the policy; nothing was written."))
                    }
                    form.levels[number] = n
                }
                if let text = fields["channel-" + number]?.first {
                    guard let c = Channel(rawValue: text), c != .phone else {
                        return .failure(PageFailure(status: 400, message: w.french
                            ? "\(number) : « \(text) » n'est ni e-mail ni courrier ; rien n'a été écrit."
                            : "\(number): \"\(text)\" is neither e-mail nor letter; nothing was written."))
                    }
                    form.channels[number] = c
                }
            }
            return .success(form)
        }
    }

    /// The `plan` table with a box per invoice, a level and a channel to choose. `form`: what was sent (nil on first
    /// view: all ticked, the levels and channels of the plan).
    func reminders(_ request: Request, _ p: inout Page, form: RunForm?, messages: [[String: Any]]) throws -> String {
        let w = p.words
        p.messages = messages
        let books = p.loaded.books
        let filter = try planFilter(request, p.loaded)
        let plan = try json {
            try PlanCommand.run(.init(books: self.books, filter: filter, format: .json, reasons: Language(rawValue: w.language) ?? .en), $0)
        } as? [String: Any] ?? [:]
        let policy = p.loaded.config.dunning
        let asOf = Day(asOfText(p.loaded))
        let ticked = form.map { Set($0.ticked) }
        // Each invoice's reminder in the plan: one reminder goes by one channel.
        var reminderOf: [String: (id: String, channel: String)] = [:]
        for r in plan["reminders"] as? [[String: Any]] ?? [] {
            for n in (r["invoices"] as? [String] ?? []) + (r["forInformation"] as? [String] ?? []) {
                reminderOf[n] = (r["id"] as? String ?? "", r["channel"] as? String ?? "")
            }
        }
        let lines: [[String: Any]] = (plan["lines"] as? [[String: Any]] ?? []).map { l in
            let number = l["invoice"] as? String ?? ""
            let customer = l["customer"] as? String ?? ""
            let channel = reminderOf[number]?.channel ?? l["channel"] as? String ?? ""
            let noEmail = books.customer(customer)?.emails.isEmpty ?? true
            let proposed = l["proposedLevel"] as? Int ?? 0
            // The levels of the policy; those `remind --level N --force` would refuse are shown, not offered: never
            // back, never again, a courtesy level only before the due date and no other level before it.
            let due = books.invoice(number)?.due
            let isDue = due.flatMap { d in asOf.map { $0 >= d } } ?? true
            let offered = Set(policy.levels.filter { $0.number == proposed || ($0.number > proposed && !$0.isCourtesy && isDue) }.map(\.number))
            let level = form?.levels[number].flatMap { offered.contains($0) ? $0 : nil } ?? proposed
            let chosenChannel = form?.channels[number]?.rawValue ?? channel
            var channels: [[String: Any]] = [
                ["value": "email", "label": w.channel("email"), "selected": chosenChannel == "email", "disabled": noEmail],
                ["value": "letter", "label": w.channel("letter"), "selected": chosenChannel == "letter", "disabled": false]]
            if !["email", "letter"].contains(channel) && !channel.isEmpty {
                channels.append(["value": channel, "label": w.channel(channel), "selected": chosenChannel == channel, "disabled": false])
            }
            var row: [String: Any] = [
                "number": number, "customer": customer, "customerURL": urlEncode(customer),
                "outstandingText": money(w, l["outstanding"], l["currency"]), "due": l["due"] ?? "", "daysLate": l["daysLate"] ?? 0,
                "proposed": proposed, "byHand": level != proposed, "reminder": reminderOf[number]?.id ?? "",
                "levels": policy.levels.map { l -> [String: Any] in
                    // The channel of a reminder at that level, as the plan chooses it (the customer's, else the level's; a letter without an address).
                    let wanted = books.customer(customer)?.channel ?? l.channel
                    let channel = noEmail && (wanted == .email || wanted == .both) ? "letter" : wanted.rawValue
                    return ["number": l.number, "name": l.name, "selected": l.number == level, "disabled": !offered.contains(l.number),
                            "channel": l.number == proposed ? reminderOf[number]?.channel ?? channel : channel]
                },
                "channels": channels, "reason": l["reason"] ?? "", "ticked": ticked.map { $0.contains(number) } ?? true,
            ]
            if let last = l["lastReminder"] as? [String: Any] {
                row["last"] = ["date": last["date"] ?? "", "level": last["level"] as? Int ?? 0, "levelText": (last["level"] as? Int).map(String.init) ?? "✎", "note": last["note"] as? String ?? last["id"] ?? ""]
            }
            if noEmail { row["noEmail"] = true }
            return row
        }
        let planned: [[String: Any]] = (plan["reminders"] as? [[String: Any]] ?? []).map { r in
            let customer = r["customer"] as? String ?? ""
            let ids = (r["invoices"] as? [String] ?? [])
            let previewQuery = ids.map { "invoice=\(urlEncode($0))" }.joined(separator: "&")
            return ["id": r["id"] ?? "", "customer": customer, "customerURL": urlEncode(customer), "level": r["level"] ?? 0,
                    "channelText": w.channel(r["channel"] as? String ?? ""), "totalText": money(w, r["total"], r["currency"]),
                    "invoices": ids.joined(separator: ", "), "warnings": r["warnings"] as? [String] ?? [],
                    "previewHref": "/preview?\(previewQuery)"]
        }
        let groups = Set(books.customers.compactMap(\.group)).sorted()
        return Templates.render("reminders", [
            "w": w.all, "token": token, "lines": lines, "hasLines": !lines.isEmpty, "planned": planned,
            "allTicked": lines.allSatisfy { $0["ticked"] as? Bool ?? false },
            "customers": books.customers.map { ["id": $0.id, "selected": filter.customers.first == $0.id] },
            "groups": groups.map { ["name": $0, "selected": $0 == filter.group] },
            "levels": policy.levels.map { ["number": $0.number, "name": $0.name, "selected": $0.number == filter.level] },
            "min": request.first("min") ?? "",
        ])
    }

    /// POST /run: what `relance run --only IDS --send` does with the levels and channels chosen, through
    /// `writeAndSend`; its output and refusals shown on the page.
    func run(_ request: Request) -> Response {
        var messages: [[String: Any]] = []
        let words = (try? runner.load()).map { Words(language: $0.config.company.language) } ?? Words(language: "en")
        let refused: (String) -> [String: Any] = { ["kind": "refused", "heading": words["refused"], "text": $0] }
        var form: RunForm?
        switch RunForm.parse(request.formFields, words: words) {
        case .failure(let failure):
            messages.append(refused(failure.message))
        case .success(let sent):
            form = sent
            if sent.ticked.isEmpty {
                messages.append(refused(words.french ? "Aucune facture cochée : rien n'a été écrit." : "No invoice ticked: nothing was written."))
            } else {
                let options = RunCommand.Options(books: books, only: sent.ticked, levels: sent.levels, channels: sent.channels)
                let result = runner.capture { try self.writeAndSend(options, $0) }
                let text = [result.out, result.err, result.failure.map { "relance: " + $0 } ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
                messages.append(result.ok ? ["kind": "ok", "heading": words["result"], "text": text] : refused(text))
            }
        }
        var get = request
        get.method = "GET"
        get.query = [:]
        // The page again, with the same boxes ticked and choices made: a second press sends the same selection (and
        // finds nothing more due); a refused one can be corrected.
        return page(get, "reminders") { try self.reminders($0, &$1, form: form ?? RunForm(ticked: request.formFields["invoice"] ?? []), messages: messages) }
    }

    /// POST /print: `relance print` into a temporary file, sent as a download (the letters are recorded as printed and committed).
    func print(_ request: Request) -> Response {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relance-print-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("letters.pdf").path
        let result = runner.capture { try PrintCommand.run(.init(books: self.books, out: out), $0) }
        if result.ok, let data = FileManager.default.contents(atPath: out) {
            return Response(headers: [("Content-Type", "application/pdf"),
                                      ("Content-Disposition", "attachment; filename=\"letters-\(books.asOf ?? "today").pdf\"")], body: data)
        }
        let text = [result.out, result.err, result.failure.map { "relance: " + $0 } ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
        var get = request
        get.method = "GET"
        return page(get, "history") { r, p in
            p.messages = [["kind": result.ok ? "ok" : "refused", "heading": p.words[result.ok ? "result" : "refused"], "text": text]]
            return try self.history(r, &p)
        }
    }

    // MARK: - Files and exports

    /// GET /file?path=REL: a PDF or e-mail of the books, inline. Only regular files inside the books root, reached without
    /// `..`, hidden folders or a symbolic link anywhere on the way.
    func file(_ request: Request) -> Response {
        guard let rel = request.first("path"), let root = try? runner.load().root else { return notFound() }
        guard let bytes = Site.readInsideBooks(root: root, relative: rel) else {
            return forbidden("\(rel) is not a document of the books")
        }
        let type = rel.hasSuffix(".pdf") ? "application/pdf" : rel.hasSuffix(".eml") ? "message/rfc822" : "text/plain; charset=utf-8"
        let name = rel.split(separator: "/").last.map(String.init) ?? "file"
        return Response(headers: [("Content-Type", type), ("Content-Disposition", "inline; filename=\"\(name)\""),
                                  ("X-Content-Type-Options", "nosniff")], body: bytes)
    }

    static func readInsideBooks(root: String, relative: String) -> Data? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !parts.isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") && !$0.contains("\0") }),
              relative.hasSuffix(".pdf") || relative.hasSuffix(".eml") else { return nil }
        var path = root
        for part in parts {
            path += "/" + part
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            let type = info.st_mode & S_IFMT
            if part == parts.last { guard type == S_IFREG else { return nil } } else { guard type == S_IFDIR else { return nil } }
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        return try? handle.readToEnd() ?? Data()
    }

    /// GET /export/status.csv and /export/aging.csv (`format=csv-fr` for a French spreadsheet): the commands' own CSV.
    func export(_ name: String, _ request: Request) -> Response {
        guard let loaded = try? runner.load(), !loaded.hasErrors else { return page(request, "invoices") { _, _ in "" } }
        let format: ReportFormat = request.first("format") == "csv-fr" ? .csvFr : .csv
        let filter: StatusFilter
        do { filter = try statusFilter(request, loaded).0 } catch { return notFound() }
        let result: Captured
        switch name {
        case "status.csv": result = runner.capture { try StatusCommand.run(.init(books: self.books, filter: filter, format: format), $0) }
        case "aging.csv": result = runner.capture { try AgingCommand.run(.init(books: self.books, filter: filter, format: format), $0) }
        default: return notFound()
        }
        guard result.ok else {
            return Response(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(("relance: " + (result.failure ?? "") + "\n" + result.err).utf8))
        }
        let file = name.replacingOccurrences(of: ".csv", with: "") + "-" + asOfText(loaded) + (format == .csvFr ? "-fr" : "") + ".csv"
        return Response(headers: [("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", "attachment; filename=\"\(file)\"")],
                        body: Data(result.out.utf8))
    }

    /// GET /preview?invoice=…: the documents the button would write for these invoices, rendered in memory
    /// (`doc=N` gives the N-th document itself, the PDF inline).
    func preview(_ request: Request) -> Response {
        let ids = request.query["invoice"] ?? []
        var documents: [PreviewCommand.Document] = []
        let result = runner.capture { context in
            documents = try PreviewCommand.documents(.init(books: self.books, only: ids), context)
            return .ok
        }
        if let n = request.first("doc").flatMap(Int.init) {
            guard result.ok, documents.indices.contains(n) else { return notFound() }
            let d = documents[n]
            return Response(headers: [("Content-Type", d.path.hasSuffix(".pdf") ? "application/pdf" : "message/rfc822"),
                                      ("Content-Disposition", "inline; filename=\"\(d.path.split(separator: "/").last ?? "")\"")], body: Data(d.bytes))
        }
        return page(request, "reminders") { _, p in
            guard result.ok else { throw self.commandProblem(result) }
            p.title = p.words["preview"]
            let query = ids.map { "invoice=\(urlEncode($0))" }.joined(separator: "&")
            let items: [[String: Any]] = documents.enumerated().map { k, d in
                var item: [String: Any] = ["path": d.path]
                if let text = d.readable { item["email"] = text } else { item["pdf"] = "/preview?\(query)&doc=\(k)" }
                return item
            }
            return Templates.render("preview", ["w": p.words.all, "items": items, "invoices": ids.joined(separator: ", ")])
        }
    }
}
