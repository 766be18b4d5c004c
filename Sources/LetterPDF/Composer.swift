/// A rectangle in PDF points, origin at the bottom left of the page.
struct Rect: Equatable {
    var x, y, width, height: Double
}

/// Something to paint on a page, in PDF coordinates (points, origin bottom left).
enum DrawOp: Equatable {
    case text(String, x: Double, y: Double, style: FontStyle, size: Double, gray: Double)
    case fill(Rect, gray: Double)
    case rule(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, gray: Double)
}

/// The operations of one page, footer included.
struct PageContent: Equatable {
    var number: Int
    var operations: [DrawOp]
}

/// Page geometry (A4 portrait, in points) and type sizes.
enum Geometry {
    static let mm = 72.0 / 25.4
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let left = 20 * mm
    static let right = pageWidth - 20 * mm
    static let textWidth = right - left
    static let firstPageTop = 15 * mm
    static let nextPageTop = 20 * mm

    /// Window of a DL/C5 right-hand window envelope (French standard), measured from the top-left corner:
    /// x 110–200 mm, y 45–80 mm. The address is kept inside it with a few millimetres of play on each side,
    /// and never goes past the right text margin.
    static let windowLeft = 110 * mm
    static let windowTop = 45 * mm
    static let windowBottom = 80 * mm
    static let addressLeft = windowLeft + 4 * mm
    static let addressTop = windowTop + 4 * mm
    static let addressMaxWidth = right - addressLeft
    static let addressMaxHeight = windowBottom - 3 * mm - addressTop

    static let bodySize = 10.0
    static let bodyLeading = 13.5
    static let paragraphGap = 5.0
    static let smallSize = 8.5
    static let smallLeading = 11.0
    static let tableSize = 9.0
    static let tableLeading = 11.5
    static let cellPadX = 4.0
    static let cellPadY = 3.5
    static let footerSize = 7.0
    static let footerLeading = 9.0
    static let footerBaseline = 10 * mm
    static let footerGray = 0.35
}

/// Lays a letter out into pages of drawing operations. Pure: measuring is injected.
struct Composer {
    typealias Measure = (_ text: String, _ style: FontStyle, _ size: Double) -> Double
    typealias G = Geometry

    let measure: Measure
    private var pages: [[DrawOp]] = [[]]
    /// Distance from the top of the current page to the next free line, in points.
    private var top = G.firstPageTop
    private var footerLines: [String] = []
    /// Lowest position (from the top) body content may reach.
    private var bottomLimit = G.pageHeight
    /// How far below `bottomLimit` content may go: `endSlack` for the end of the letter, else 0.
    private var slack = 0.0
    /// The end of a letter (the last paragraphs and the signature) may run this much into the air above the
    /// footer, so that a letter which nearly fits takes one page rather than carrying its end alone to a second.
    static let endSlack = 3 * Geometry.mm

    init(measure: @escaping Measure) {
        self.measure = measure
    }

    static func compose(_ letter: LetterLayout, measure: @escaping Measure) -> [PageContent] {
        var composer = Composer(measure: measure)
        return composer.compose(letter)
    }

    private mutating func compose(_ letter: LetterLayout) -> [PageContent] {
        footerLines = letter.footer.flatMap { wrap($0, .regular, G.footerSize, G.textWidth) }
        // Room for the legal lines plus one line for "page N / M" (kept even for a single page so
        // that the layout does not depend on the page count), a rule and some air.
        let footerTop = G.pageHeight - G.footerBaseline - Double(footerLines.count) * G.footerLeading - G.footerSize
        bottomLimit = footerTop - 6 * G.mm

        header(letter)
        flow(letter.paragraphs)
        if let table = letter.table, !table.columns.isEmpty { self.table(table) }
        let signatureLines = letter.signature.flatMap { wrap($0, .regular, G.bodySize, G.textWidth / 2) }
        let signatureHeight = signatureLines.isEmpty ? 0 : signatureGap + Double(signatureLines.count) * G.bodyLeading
        flow(letter.closingParagraphs, keepLastWith: signatureHeight)
        signature(signatureLines)
        slack = 0

        let count = pages.count
        return pages.enumerated().map { index, operations in
            PageContent(number: index + 1, operations: operations + footer(page: index + 1, of: count))
        }
    }

    // MARK: - Blocks

    private mutating func header(_ letter: LetterLayout) {
        // Sender, top left, kept clear of the envelope window.
        let senderWidth = G.windowLeft - 6 * G.mm - G.left
        for (index, line) in letter.sender.enumerated() {
            let isName = index == 0
            let size = isName ? 11.5 : 9.0
            let leading = isName ? 15.0 : 11.5
            let style: FontStyle = isName ? .bold : .regular
            for wrapped in wrap(line, style, size, senderWidth) {
                text(wrapped, x: G.left, top: top, style: style, size: size, leading: leading, gray: isName ? 0 : 0.2)
                top += leading
            }
        }
        let senderBottom = top

        // Recipient, inside the window: the largest size (10.5 down to 7.5 pt) at which it fits.
        var size = 10.5
        var lines: [String] = []
        while true {
            lines = letter.recipient.flatMap { wrap($0, .regular, size, G.addressMaxWidth) }
            if Double(lines.count) * size * 1.25 <= G.addressMaxHeight || size <= 7.5 { break }
            size -= 0.5
        }
        var addressTop = G.addressTop
        for line in lines {
            text(line, x: G.addressLeft, top: addressTop, style: .regular, size: size, leading: size * 1.25)
            addressTop += size * 1.25
        }

        // Place and date on the right, references on the left (side by side when they fit).
        top = max(senderBottom, G.windowBottom) + 6 * G.mm
        let dateLines = wrap(letter.placeAndDate, .regular, G.bodySize, G.textWidth)
        let dateWidth = dateLines.map { measure($0, .regular, G.bodySize) }.max() ?? 0
        let refs = letter.references.map { Text.clean($0) }
        let refsWidth = refs.map { measure($0, .regular, G.smallSize) }.max() ?? 0
        var dateTop = top
        for line in dateLines where !line.isEmpty {
            text(line, x: G.right - measure(line, .regular, G.bodySize), top: dateTop, style: .regular,
                 size: G.bodySize, leading: G.bodyLeading)
            dateTop += G.bodyLeading
        }
        var refsTop = refsWidth + dateWidth + 10 * G.mm <= G.textWidth ? top : dateTop + 4
        for ref in refs {
            for line in wrap(ref, .regular, G.smallSize, G.textWidth) {
                text(line, x: G.left, top: refsTop, style: .regular, size: G.smallSize, leading: G.smallLeading, gray: 0.25)
                refsTop += G.smallLeading
            }
        }
        top = max(dateTop, refsTop) + 4.5 * G.mm

        if !letter.subject.isEmpty {
            for line in wrap(letter.subject, .bold, 10.5, G.textWidth) {
                text(line, x: G.left, top: top, style: .bold, size: 10.5, leading: 14)
                top += 14
            }
            top += 4 * G.mm
        }
    }

    /// Paragraphs flowing over pages; "" is a blank line. A paragraph is never split with fewer than two
    /// lines on either side of a page break. The last paragraph moves to the next page whole, together with
    /// `keepLastWith` points of what follows (the signature), when they do not fit, and at least two lines of
    /// the paragraph before it go along (all of it when shorter): the end of a letter never stands alone on a
    /// page. From the paragraph before the last on, content may use `endSlack` below the usual limit.
    private mutating func flow(_ paragraphs: [String], keepLastWith following: Double = 0) {
        let wrapped = paragraphs.map { $0.trimmingSpaces.isEmpty ? nil : wrap($0, .regular, G.bodySize, G.textWidth) }
        let filled = wrapped.indices.filter { wrapped[$0] != nil }
        let last = following > 0 ? filled.last : nil
        let beforeLast = last.flatMap { _ in filled.count >= 2 ? filled[filled.count - 2] : nil }
        if following > 0 && wrapped.isEmpty { slack = Composer.endSlack }
        /// The height of paragraphs[from...] plus what follows them.
        func height(from start: Int) -> Double {
            wrapped[start...].reduce(following) { $0 + ($1.map { Double($0.count) * G.bodyLeading + G.paragraphGap } ?? G.bodyLeading) }
        }
        for (index, lines) in wrapped.enumerated() {
            guard let lines else {
                top += G.bodyLeading
                continue
            }
            if index == (beforeLast ?? last) { slack = Composer.endSlack }
            if index == last {
                // Whole, with the signature, unless that block is taller than a page.
                let block = height(from: index)
                if block <= bottomLimit - G.nextPageTop { ensureRoom(block) }
                place(lines, before: 0)
            } else if index == beforeLast {
                place(lines, before: height(from: index) - Double(lines.count) * G.bodyLeading)
            } else {
                place(lines, before: 0)
            }
            top += G.paragraphGap
        }
    }

    /// The lines of one paragraph, broken across pages with at least two lines on each side; `following`
    /// points must fit after its last line on the same page, else at least its last two lines move on.
    private mutating func place(_ lines: [String], before following: Double) {
        var k = 0
        while k < lines.count {
            let remaining = lines.count - k
            let fits = top + Double(remaining) * G.bodyLeading + following <= bottomLimit + slack
            if top <= G.nextPageTop || fits {
                // At the top of a page (nothing better to do) or everything fits.
                for line in lines[k...] {
                    if !fits { ensureRoom(G.bodyLeading) }
                    text(line, x: G.left, top: top, style: .regular, size: G.bodySize, leading: G.bodyLeading)
                    top += G.bodyLeading
                }
                return
            }
            let fit = max(0, Int(((bottomLimit - top) / G.bodyLeading).rounded(.down)))
            var take = min(fit, remaining)
            if remaining - take < 2 { take = remaining - 2 }
            if take >= 2 {
                for line in lines[k..<(k + take)] {
                    text(line, x: G.left, top: top, style: .regular, size: G.bodySize, leading: G.bodyLeading)
                    top += G.bodyLeading
                }
                k += take
            }
            newPage()
        }
    }

    private mutating func table(_ table: LetterTable) {
        let columns = table.columns
        let totalWeight = columns.map { max($0.width, 0) }.reduce(0, +)
        let widths = columns.map { totalWeight > 0 ? max($0.width, 0) / totalWeight * G.textWidth : G.textWidth / Double(columns.count) }
        var edges = [G.left]
        for width in widths { edges.append(edges.last! + width) }

        struct Cell { var lines: [String]; var x: Double; var width: Double; var alignment: LetterTable.Alignment }
        func cells(_ row: [String], style: FontStyle, spanLabel: Bool) -> [Cell] {
            var result: [Cell] = []
            if spanLabel && row.count < columns.count && !row.isEmpty {
                // Right-anchored: the label spans the leading columns, the others take the last columns.
                let labelEnd = columns.count - (row.count - 1)
                for (offset, value) in row.enumerated() {
                    let first = offset == 0 ? 0 : labelEnd + offset - 1
                    let last = offset == 0 ? labelEnd - 1 : first
                    let x = edges[first], width = edges[last + 1] - x
                    let lines = wrap(value, style, G.tableSize, width - 2 * G.cellPadX)
                    result.append(Cell(lines: lines, x: x, width: width, alignment: columns[first].alignment))
                }
                return result
            }
            for index in columns.indices {
                let value = index < row.count ? row[index] : ""
                let lines = wrap(value, style, G.tableSize, widths[index] - 2 * G.cellPadX)
                result.append(Cell(lines: lines, x: edges[index], width: widths[index], alignment: columns[index].alignment))
            }
            return result
        }
        func height(_ cells: [Cell]) -> Double {
            Double(cells.map(\.lines.count).max() ?? 1) * G.tableLeading + 2 * G.cellPadY
        }
        func draw(_ cells: [Cell], style: FontStyle, composer: inout Composer) {
            for cell in cells {
                var lineTop = composer.top + G.cellPadY
                for line in cell.lines {
                    let x = cell.alignment == .right
                        ? cell.x + cell.width - G.cellPadX - composer.measure(line, style, G.tableSize)
                        : cell.x + G.cellPadX
                    composer.text(line, x: x, top: lineTop, style: style, size: G.tableSize, leading: G.tableLeading)
                    lineTop += G.tableLeading
                }
            }
            composer.top += height(cells)
        }

        let headerCells = cells(columns.map(\.title), style: .bold, spanLabel: false)
        let headerHeight = height(headerCells)
        func drawHeader(composer: inout Composer) {
            let y = G.pageHeight - composer.top - headerHeight
            composer.pages[composer.pages.count - 1].append(.fill(Rect(x: G.left, y: y, width: G.textWidth, height: headerHeight), gray: 0.9))
            draw(headerCells, style: .bold, composer: &composer)
            composer.hRule(at: composer.top, width: 0.6, gray: 0.45)
        }

        let bodyRows = table.rows.map { cells($0, style: .regular, spanLabel: false) }
        let totalRows = table.totals.map { cells($0, style: .bold, spanLabel: true) }

        top += 2.5 * G.mm
        // Never leave the header alone at the bottom of a page.
        let firstHeight = bodyRows.first.map(height) ?? totalRows.first.map(height) ?? 0
        ensureRoom(headerHeight + firstHeight)
        drawHeader(composer: &self)
        for (index, row) in bodyRows.enumerated() {
            let rowHeight = height(row)
            if needsNewPage(rowHeight) {
                newPage()
                drawHeader(composer: &self)
            }
            draw(row, style: .regular, composer: &self)
            if index < bodyRows.count - 1 { hRule(at: top, width: 0.3, gray: 0.78) }
        }
        if !totalRows.isEmpty {
            // Totals stay together, with the header repeated if they start a page.
            let totalsHeight = totalRows.map(height).reduce(0, +) + 2
            if needsNewPage(totalsHeight) {
                newPage()
                drawHeader(composer: &self)
            }
            hRule(at: top, width: 0.9, gray: 0)
            top += 2
            for row in totalRows { draw(row, style: .bold, composer: &self) }
        } else {
            hRule(at: top, width: 0.6, gray: 0.45)
        }
        top += 4 * G.mm
    }

    private let signatureGap = 6 * Geometry.mm

    /// Lines already wrapped to half the text width, as a block against the right margin.
    private mutating func signature(_ wrapped: [String]) {
        guard !wrapped.isEmpty else { return }
        let blockWidth = wrapped.map { measure($0, .regular, G.bodySize) }.max() ?? 0
        top += signatureGap
        ensureRoom(Double(wrapped.count) * G.bodyLeading)
        let x = G.right - blockWidth
        for line in wrapped {
            text(line, x: x, top: top, style: .regular, size: G.bodySize, leading: G.bodyLeading)
            top += G.bodyLeading
        }
    }

    private func footer(page: Int, of count: Int) -> [DrawOp] {
        var lines = footerLines
        if count > 1 { lines.append("page \(page) / \(count)") }
        guard !lines.isEmpty else { return [] }
        var operations: [DrawOp] = []
        // Lines are stacked upwards from the bottom baseline.
        var baseline = G.footerBaseline + Double(lines.count - 1) * G.footerLeading
        let ruleY = baseline + G.footerSize + 4
        operations.append(.rule(x1: G.left, y1: ruleY, x2: G.right, y2: ruleY, width: 0.3, gray: 0.7))
        for line in lines {
            let width = measure(line, .regular, G.footerSize)
            operations.append(.text(line, x: G.left + (G.textWidth - width) / 2, y: baseline, style: .regular,
                                    size: G.footerSize, gray: G.footerGray))
            baseline -= G.footerLeading
        }
        return operations
    }

    // MARK: - Primitives

    private func wrap(_ text: String, _ style: FontStyle, _ size: Double, _ width: Double) -> [String] {
        Text.wrap(text, maxWidth: width) { measure($0, style, size) }
    }

    private func needsNewPage(_ height: Double) -> Bool {
        top + height > bottomLimit + slack && top > G.nextPageTop
    }

    private mutating func ensureRoom(_ height: Double) {
        if needsNewPage(height) { newPage() }
    }

    private mutating func newPage() {
        pages.append([])
        top = G.nextPageTop
    }

    /// A line of text whose line box starts `top` points below the top of the page; the glyphs are
    /// centred vertically in a box of height `leading` (DejaVu ascent 0.93 em, descent 0.24 em).
    private mutating func text(_ string: String, x: Double, top: Double, style: FontStyle, size: Double,
                               leading: Double, gray: Double = 0) {
        let clean = Text.clean(string)
        guard !clean.isEmpty else { return }
        let baseline = top + (leading - 1.164 * size) / 2 + 0.928 * size
        pages[pages.count - 1].append(.text(clean, x: x, y: G.pageHeight - baseline, style: style, size: size, gray: gray))
    }

    private mutating func hRule(at top: Double, width: Double, gray: Double) {
        let y = G.pageHeight - top
        pages[pages.count - 1].append(.rule(x1: G.left, y1: y, x2: G.right, y2: y, width: width, gray: gray))
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        drop { $0 == " " }
    }
}
