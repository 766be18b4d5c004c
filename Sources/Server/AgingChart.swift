import Foundation

/// The aged balance as an SVG drawn by relance: one bar per bucket, stacked by the top customers (and "others").
/// Amounts are the aging command's exact decimals; floating point is used only to place the shapes.
enum AgingChart {
    static let buckets = ["notDue", "d1_30", "d31_60", "d61_90", "over90"]
    static let colors = ["#2455d6", "#0e9f6e", "#d97706", "#db2777", "#7c3aed", "#94a3b8"]

    static func svg(rows: [[String: Any]], currency: String, words: Words, top: Int = 5) -> String {
        func value(_ row: [String: Any], _ key: String) -> Double { Double(row[key] as? String ?? "0") ?? 0 }
        let titles = words.french ? ["à venir", "1–30 j", "31–60 j", "61–90 j", "+90 j"] : ["not due", "1–30 d", "31–60 d", "61–90 d", "90+ d"]
        // Customers by what they owe in the buckets, largest first; the rest together.
        var owing: [(row: [String: Any], values: [Double], sum: Double)] = []
        for r in rows {
            let values: [Double] = buckets.map { value(r, $0) }
            let sum: Double = values.reduce(0, +)
            if sum > 0 { owing.append((r, values, sum)) }
        }
        owing.sort { $0.sum > $1.sum }
        var series: [(label: String, values: [Double])] = []
        for o in owing.prefix(top) {
            let name = o.row["name"] as? String ?? ""
            series.append((name.isEmpty ? (o.row["customer"] as? String ?? "") : name, o.values))
        }
        if owing.count > top {
            var rest = [Double](repeating: 0, count: buckets.count)
            for o in owing.dropFirst(top) { for i in rest.indices { rest[i] += o.values[i] } }
            series.append(("\(owing.count - top) \(words["others"])", rest))
        }
        let width = 620.0, height = 250.0, left = 70.0, bottom = 34.0, top = 16.0
        let sums = buckets.indices.map { i in series.reduce(0) { $0 + $1.values[i] } }
        let maxValue = max(sums.max() ?? 0, 1)
        let scale = niceCeiling(maxValue / 4) * 4
        let plotHeight = height - bottom - top
        let slot = (width - left - 10) / Double(buckets.count)
        var s = "<svg class=\"aging\" viewBox=\"0 0 \(Int(width)) \(Int(height) + 22 * ((series.count + 2) / 3))\" width=\"100%\" role=\"img\" aria-label=\"\(escapeHTML(words["aging"])) \(currency)\">"
        for k in 0...4 {
            let v = scale * Double(k) / 4
            let y = top + plotHeight - plotHeight * Double(k) / 4
            s += "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e5e7eb\"/>"
            s += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(escapeHTML(short(v, currency, words)))</text>"
        }
        for (i, title) in titles.enumerated() {
            let x = left + slot * Double(i) + slot * 0.18
            let w = slot * 0.64
            var y = top + plotHeight
            for (k, serie) in series.enumerated() where serie.values[i] > 0 {
                let h = plotHeight * serie.values[i] / scale
                y -= h
                s += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"\(fmt(h))\" fill=\"\(colors[k % colors.count])\" rx=\"2\"><title>\(escapeHTML(serie.label)): \(escapeHTML(words.money(String(format: "%.2f", serie.values[i]), currency)))</title></rect>"
            }
            if sums[i] > 0 {
                s += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(y - 4))\" text-anchor=\"middle\" font-weight=\"600\">\(escapeHTML(short(sums[i], currency, words)))</text>"
            }
            s += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(height - bottom + 18))\" text-anchor=\"middle\"\(i >= 3 ? " fill=\"#b91c1c\"" : "")>\(escapeHTML(title))</text>"
        }
        for (k, serie) in series.enumerated() {
            let x = left + Double(k % 3) * 180, y = height + Double(k / 3) * 22
            s += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 10))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(colors[k % colors.count])\"/>"
            s += "<text x=\"\(fmt(x + 18))\" y=\"\(fmt(y))\">\(escapeHTML(String(serie.label.prefix(24))))</text>"
        }
        return s + "</svg>"
    }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    /// 1, 2, 2.5, 5 × 10ⁿ at or above `v`: round axis steps.
    static func niceCeiling(_ v: Double) -> Double {
        let p = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    /// An axis label: "12 k€", "1,5 M€".
    static func short(_ v: Double, _ currency: String, _ words: Words) -> String {
        let symbol = currency == "EUR" ? "€" : " " + currency
        let (n, unit) = v >= 1_000_000 ? (v / 1_000_000, "M") : v >= 1000 ? (v / 1000, "k") : (v, "")
        var text = n == n.rounded() ? String(Int(n)) : String(format: "%.1f", n)
        if words.french { text = text.replacingOccurrences(of: ".", with: ",") }
        return text + (unit.isEmpty ? "" : "\u{202F}" + unit) + symbol
    }
}
