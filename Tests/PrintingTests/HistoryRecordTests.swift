import Books
import CommandTestSupport
import Testing

/// Parses `text` as history/2026.books next to a customer and a reminder by letter and one by e-mail.
private func load(_ history: String) -> Books {
    let base = """
        customer acme
          name  "Acme"
          address "1 rue A"

        2026-09-01 invoice F2026-001 acme 100.00 EUR

        2026-11-01 reminder R2026-0001 acme
          level    1
          channel  letter
          invoice  F2026-001 100.00 EUR
          file     reminders/2026/R2026-0001.pdf

        2026-11-01 reminder R2026-0002 acme
          level    1
          channel  email
          invoice  F2026-001 100.00 EUR

        """
    return Books.load([SourceFile(path: "base.books", bytes: Array(base.utf8)),
                       SourceFile(path: "history/2026.books", bytes: Array(history.utf8))])
}

@Suite("printed and posted history records")
struct HistoryRecordTests {
    @Test func printedAndPostedAreRead() {
        let books = load("""
            2026-11-03 posted R2026-0001 1A00123456789
              note  "guichet de la Croix-Rousse"
            2026-11-02 printed R2026-0001

            """)
        #expect(books.diagnostics.isEmpty)
        #expect(books.letters.map(\.event) == [.printed, .posted])
        #expect(books.letters[0].date == Day("2026-11-02"))
        #expect(books.letters[1].tracking == "1A00123456789")
        #expect(books.letters[1].note == "guichet de la Croix-Rousse")
        #expect(books.letters[1].span.line == 1)
    }

    @Test func writtenRecordsReadBackTheSame() {
        let span = Span(file: 0, line: 0, column: 0, length: 0)
        let printed = LetterRecord(event: .printed, date: Day("2026-11-02")!, reminderID: "R2026-0001", span: span, reminderSpan: span)
        let posted = LetterRecord(event: .posted, date: Day("2026-11-03")!, reminderID: "R2026-0001", tracking: "1A00123456789",
                                  note: "au guichet", span: span, reminderSpan: span)
        let text = HistoryWriter.text(of: printed) + HistoryWriter.text(of: posted)
        #expect(text == "2026-11-02 printed R2026-0001\n2026-11-03 posted R2026-0001 1A00123456789\n  note     \"au guichet\"\n")
        let books = load(text)
        #expect(books.diagnostics.isEmpty)
        #expect(books.letters.map { [$0.event.rawValue, "\($0.date)", $0.reminderID, $0.tracking ?? "", $0.note ?? ""] }
                == [["printed", "2026-11-02", "R2026-0001", "", ""], ["posted", "2026-11-03", "R2026-0001", "1A00123456789", "au guichet"]])
    }

    /// Each error is located on the word at fault (the caret's column) and says how to write the line.
    @Test(arguments: [
        ("2026-11-03 posted R2026-0001\n", 1, 29, "this line is incomplete", "DATE posted REMINDER-ID TRACKING-NUMBER"),
        ("2026-11-03 printed R2026-0001 1A00123\n", 1, 31, "unexpected text at the end of the line", "DATE printed REMINDER-ID"),
        ("2026-11-03 printed R2026-0009\n", 1, 20, "unknown reminder \"R2026-0009\"", "did you mean R2026-0001"),
        ("2026-11-03 posted R2026-0002 1A00123\n", 1, 19, "reminder R2026-0002 has no letter (channel email)", "channel letter or both"),
        ("2026-11-03 posted R2026-0001 \"1A 001\"\n", 1, 30, "is not a valid tracking number", "letters, digits"),
    ])
    func errorsAreLocated(_ text: String, _ line: Int, _ column: Int, _ message: String, _ fix: String) {
        let books = load(text)
        let errors = books.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.message))")
        guard let e = errors.first else { return }
        #expect(e.message.contains(message), "\(e.message)")
        #expect((e.fix ?? "").contains(fix), "\(e.fix ?? "")")
        #expect(e.location.file == "history/2026.books")
        #expect(e.location.line == line)
        #expect(e.location.column == column, "\(e.location.column)")
        #expect(books.letters.isEmpty)
    }
}
