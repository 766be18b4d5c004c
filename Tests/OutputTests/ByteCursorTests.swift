import Books
import Foundation
@testable import RelanceCommands
import Receivables
import Testing

/// The bytes `body` writes through a cursor over `capacity` bytes of reserved room.
func written(atMost capacity: Int, _ body: (inout ByteCursor) -> Void) -> String {
    var bytes: [UInt8] = []
    bytes.write(atMost: capacity, body)
    return String(decoding: bytes, as: UTF8.self)
}

#if DEBUG
let isDebugBuild = true
#else
let isDebugBuild = false
#endif

@Suite("Byte cursor")
struct ByteCursorTests {
    @Test func decimalsAsTheirPlainText() {
        var random = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 5, -5, 9, 10, 99, 100, 1_000_000_000_000_00, Int64.max, Int64.min, Int64.min + 1]
        for _ in 0..<2_000 { values.append(Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...62, using: &random)) }
        for value in values {
            for units in [0, 1, 2, 3, 4] {
                let fast = written(atMost: ByteCursor.maxDecimal) { $0.decimal(value, minorUnits: units) }
                #expect(fast == Money.decimalText(value, minorUnits: units), "\(value) with \(units) minor units")
                #expect(fast.utf8.count <= ByteCursor.maxDecimal)
            }
        }
    }

    @Test func jsonStringsReadBackAsWritten() throws {
        var texts = ["", "plain", "quote \" and \\ backslash", "tab\tnew\nline\rreturn", "é€𝄞", String(decoding: (0..<32).map { UInt8($0) }, as: UTF8.self)]
        texts.append(String(repeating: "\u{1}", count: 200))
        for text in texts {
            var utf8 = Array(text.utf8)
            let json = utf8.withUnsafeMutableBufferPointer { buffer in
                written(atMost: ByteCursor.maxJSONString(buffer.count)) { $0.jsonString(UnsafeBufferPointer(buffer)) }
            }
            let back = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
            #expect(back == text)
        }
    }

    @Test func everyDayWrittenAsItsDescription() {
        // Eight years, leap days included, and the first and last days a date can have.
        let start = Day("2023-01-01")!.ordinal
        let days = (0..<(366 * 8)).map { Day(ordinal: start + Int32($0)) } + [Day("0001-01-01")!, Day("9999-12-31")!]
        for day in days {
            #expect(written(atMost: 12) { $0.day(day, quoted: true) } == "\"\(day)\"")
            #expect(written(atMost: 10) { $0.day(day) } == day.description)
        }
    }

    @Test(.enabled(if: isDebugBuild, "the check is an assert: debug builds only"))
    func writingPastTheRoomReservedStops() async {
        await #expect(processExitsWith: .failure) {
            var bytes: [UInt8] = []
            bytes.write(atMost: 4) { $0.raw("12345") }
        }
        await #expect(processExitsWith: .failure) {
            var bytes: [UInt8] = []
            bytes.write(atMost: 2000) { c in for _ in 0..<2001 { c.byte(65) } }
        }
    }
}

@Suite("Status lines in JSON")
struct StatusLineBudgetTests {
    /// The longest line the writer can be asked for: every byte of the number and customer escaped to six,
    /// the longest state, the longest decimals, a reminder and a hold reason; it must fit in its budget and read back.
    @Test(arguments: [Int64.min, Int64.max, -1_000_000_000_000_00, 0])
    func longestLineFitsItsBudgetAndReadsBack(amount: Int64) throws {
        let number = String(repeating: "\u{1}", count: 64)
        let customer = String(repeating: "\u{1f}", count: 200)
        let day = Day("9999-12-31")!
        var w = JSONWriter()
        // Each state twice: the first line of all opens with one byte less than the others.
        let states = ItemState.allCases + ItemState.allCases
        for state in states {
            StatusCommand.line(number: number, customer: customer, date: day, due: day, amount: Money(minor: amount, currency: Currency(code: "EUR")!),
                               outstanding: amount, daysLate: Int.min, state: state, lastReminder: nil, holdReason: nil,
                               first: w.bytes.isEmpty, into: &w)
        }
        let json = try JSONSerialization.jsonObject(with: Data(("[" + w.string + "]").utf8)) as? [[String: Any]]
        #expect(json?.count == states.count)
        for (line, state) in zip(json ?? [], states) {
            #expect(line["number"] as? String == number)
            #expect(line["customer"] as? String == customer)
            #expect(line["amount"] as? String == Money.decimalText(amount, minorUnits: 2))
            #expect(line["outstanding"] as? String == Money.decimalText(amount, minorUnits: 2))
            #expect((line["daysLate"] as? NSNumber)?.int64Value == Int64(Int.min))
            #expect(line["state"] as? String == state.rawValue)
            #expect(line["due"] as? String == "9999-12-31")
        }
    }
}
