import Books
import Printing

/// `relance posted R-ID --tracking NUMBER`: records that a reminder's letter went by registered post, and its number.
public enum PostedCommand {
    public struct Options: Sendable {
        /// `asOf` is the posting date (`--date`, default today).
        public var books: BooksOptions
        public var reminder: String
        public var tracking: String

        public init(books: BooksOptions, reminder: String, tracking: String) {
            self.books = books
            self.reminder = reminder
            self.tracking = tracking
        }
    }

    /// The number as written in history: spaces removed (`1A 001 234 5678 9` → `1A00123456789`).
    static func normalized(_ tracking: String) -> String? {
        let number = String(tracking.filter { $0 != " " })
        guard !number.isEmpty, number.count <= 64, let first = number.unicodeScalars.first,
              CharacterSetASCII.alnum(first),
              number.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSetASCII.alnum($0) || $0 == "." || $0 == "_" || $0 == "-") }) else {
            return nil
        }
        return number
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        guard let tracking = normalized(options.tracking) else {
            throw CommandFailure(.usage, "--tracking \(options.tracking): write the registered letter's number as printed on its receipt, "
                                 + "letters and digits (spaces are ignored), e.g. 1A00123456789")
        }
        if let text = options.books.asOf, Day(text) == nil {
            throw CommandFailure(.usage, "--date \(text): not a date; write it as YYYY-MM-DD, e.g. 2026-11-23")
        }
        let (repository, loaded, date) = try context.openForWriting(options.books)
        defer { repository.release() }
        let books = loaded.books
        guard let reminder = books.reminders.first(where: { $0.id == options.reminder }) else {
            throw CommandFailure(.usage, "no reminder \"\(options.reminder)\"" + Suggestion.hint(for: options.reminder, among: books.reminders.map(\.id))
                                 + "; nothing was recorded")
        }
        guard reminder.channel == .letter || reminder.channel == .both else {
            throw CommandFailure(.badData, "\(reminder.id) has no letter (it went by \(reminder.channel?.rawValue ?? "no channel")): "
                                 + "only a reminder sent by letter (channel letter or both) is posted; nothing was recorded")
        }
        guard date >= reminder.date else {
            throw CommandFailure(.usage, "--date \(date) is before \(reminder.id) was made (\(reminder.date)); nothing was recorded")
        }
        let today = context.today(loaded.config.company.timeZone)
        guard date <= today else {
            throw CommandFailure(.usage, "--date \(date) is after today (\(today)): record a letter once it is posted; nothing was recorded")
        }
        let earlier = books.letters.filter { $0.reminderID == reminder.id && $0.event == .posted }
        if earlier.contains(where: { $0.tracking == tracking }) {
            context.out.line("\(reminder.id) is already recorded as posted with \(tracking): nothing written, no commit.")
            return .ok
        }
        let record = LetterRecord(event: .posted, date: date, reminderID: reminder.id, tracking: tracking,
                                  span: Span(file: 0, line: 0, column: 0, length: 0), reminderSpan: Span(file: 0, line: 0, column: 0, length: 0))
        let subject = "relance: \(reminder.id) posted by registered letter \(tracking)"
        let message = subject + "\n\nPosted: \(reminder.id)\nTracking: \(tracking)\n"
        let result = try repository.commitHistory([HistoryWriter.text(of: record)], asOf: date, message: message,
                                                  config: loaded.config, context: context)
        for e in earlier {
            context.err.line("relance: note: \(reminder.id) was also posted on \(e.date) with \(e.tracking ?? "no number")")
        }
        if !books.letters.contains(where: { $0.reminderID == reminder.id && $0.event == .printed }) {
            context.err.line("relance: note: \(reminder.id) was never printed by `relance print`")
        }
        context.out.line("\(reminder.id) \(reminder.customerID): posted on \(date), registered letter \(tracking)")
        if let id = result.commitID { context.out.line("Committed \(id.prefix(12)): \(subject)") }
        return .ok
    }
}

/// ASCII letter-or-digit test on one scalar.
private enum CharacterSetASCII {
    static func alnum(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("A"..."Z").contains(s) || ("a"..."z").contains(s)
    }
}
