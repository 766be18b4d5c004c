import Books
import Receivables
import Testing

@Suite("Allocation trail")
struct TrailTests {
    @Test func eachApplyLineWithWhatItTookAndTheWriteOffs() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-02 invoice F2 bob 80 EUR
            2026-01-05 payment bob 30 EUR
            2026-01-10 payment acme 110 EUR
              apply F2
              apply F1 60
            2026-01-12 credit AV1 acme 10 EUR
              apply F1
            2026-02-01 writeoff F1
            """)
        let t = Allocation.trail(b, asOf: day("2026-12-31"))
        // acme's payment: what was left on bob's F2 (80 - 30), then 60 on F1; the credit note: 10 on F1.
        #expect(t.applied.map { "\(b.invoices[Int($0.invoice)].number) \($0.amount) \($0.date)" }
                == ["F2 5000 2026-01-10", "F1 6000 2026-01-10", "F1 1000 2026-01-12"])
        // F1: 100 - 60 - 10 = 30 written off on 2026-02-01.
        #expect(t.writtenOff == [3000, 0])
        // As of the 11th, the credit note is not there yet.
        #expect(Allocation.trail(b, asOf: day("2026-01-11")).applied.count == 2)
    }

    @Test func theWriteOffIsWhatIsLeftOnItsDay() {
        let b = books(customers + """
            2026-01-01 invoice F1 acme 100 EUR
            2026-01-05 payment acme 30 EUR
            2026-02-01 writeoff F1
            """)
        let t = Allocation.trail(b, asOf: day("2026-12-31"))
        #expect(t.writtenOff == [7000])
        #expect(t.applied.isEmpty)
    }
}
