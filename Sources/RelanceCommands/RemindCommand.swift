import Books
import Configuration
import Documents
import Dunning
import Foundation

/// `relance remind INVOICE`: one reminder by hand, now, at the next level (or the one given).
public enum RemindCommand {
    public struct Options: Sendable {
        public var books: BooksOptions
        public var invoice: String
        public var level: Int?
        public var channel: Channel?
        /// A paragraph of the e-mail and letter, also the history note.
        public var message: String?
        /// Skip levels (with `level`) and the policy's minimum gap; recorded in history (`manual`).
        public var force: Bool
        /// Open `$VISUAL` or `$EDITOR` on the rendered text before anything is written.
        public var edit: Bool

        public init(books: BooksOptions, invoice: String, level: Int? = nil, channel: Channel? = nil, message: String? = nil,
                    force: Bool = false, edit: Bool = false) {
            self.books = books
            self.invoice = invoice
            self.level = level
            self.channel = channel
            self.message = message
            self.force = force
            self.edit = edit
        }
    }

    public static func run(_ options: Options, _ context: CommandContext) throws -> ExitStatus {
        let (repository, loaded, asOf) = try context.openForWriting(options.books)
        defer { repository.release() }
        try refuseBackdating(loaded, asOf: asOf, command: "remind")
        let books = loaded.books
        guard let index = books.invoiceIndex[options.invoice] else {
            throw CommandFailure(.usage, "no invoice \"\(options.invoice)\"" + Suggestion.hint(for: options.invoice, among: books.invoiceIndex.keys.sorted()))
        }
        let planner = Planner(books: books, config: loaded.config, asOf: asOf)
        let outstanding = try context.outstanding(loaded, asOf: asOf)
        let made: ManualReminder.Made
        do {
            made = try ManualReminder.prepare(planner: planner, invoice: Int(index), outstanding: outstanding,
                                              level: options.level, channel: options.channel, force: options.force)
        } catch let refusal as ManualReminderRefusal {
            throw CommandFailure(.usage, refusal.description + "; nothing was done")
        }
        let reminder = made.reminder
        let phone = reminder.channel == .phone
        if phone && options.edit {
            throw CommandFailure(.usage, "--edit: a phone call has no document to edit; write what was said with --message; nothing was done")
        }
        let french = loaded.config.company.language != "en"
        var extras = ReminderExtras(manual: made.manual, message: phone ? nil : options.message)
        if options.edit {
            let builder = BatchBuilder.make(loaded: loaded, asOf: asOf)
            var edited = reminder
            let input = builder.documentInput(edited, copies: try builder.copies(for: &edited), extras: extras)
            let texts: [(part: String, text: String)]
            do {
                texts = try ReminderDocuments.texts(input)
            } catch {
                throw CommandFailure(.badData, "reminder \(reminder.id): \(error); nothing was written")
            }
            extras.editedTexts = try ReminderEditor.edit(texts, reminder: reminder.id, customer: books.customers[Int(reminder.customer)].id,
                                                         context: context)
        }
        var notes: [String: String] = [:]
        notes[reminder.id] = options.message ?? (phone ? (french ? "appel téléphonique" : "phone call")
                                                        : (french ? "relance manuelle" : "manual reminder"))
        return try RunCommand.commit([reminder], loaded: loaded, asOf: asOf, repository: repository, notes: notes,
                                     extras: [reminder.id: extras], context: context)
    }
}

/// `remind --edit`: the rendered texts in a temporary file, opened in the user's editor, read back.
enum ReminderEditor {
    static let marker = "# ==== "

    /// The file the editor opens: a few comment lines, then each part under its marker line.
    static func file(_ texts: [(part: String, text: String)], reminder: String, customer: String) -> String {
        var s = """
            # relance remind: reminder \(reminder) to \(customer). Edit the text, save and quit:
            # what you save is what is written and committed. Lines starting with # are left out.
            # The first line of each part is its subject. In the letter, the line --- marks where the
            # invoice table goes. Empty the file (or quit the editor with an error) to cancel: nothing is written.

            """
        for (part, text) in texts {
            s += "\(marker)\(part == "email" ? "e-mail" : part) ====\n" + text
            if !text.hasSuffix("\n") { s += "\n" }
        }
        return s
    }

    /// The parts of an edited file (by part name), or a message saying why it cannot be used.
    static func parse(_ text: String, parts: [String]) -> Result<[String: String], CommandFailure> {
        var out: [String: [String]] = [:]
        var current: String? = parts.count == 1 ? parts[0] : nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(marker) {
                let name = line.dropFirst(marker.count).split(separator: " ").first.map(String.init) ?? ""
                current = name == "e-mail" ? "email" : name
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let current else { continue }
            out[current, default: []].append(String(line))
        }
        let edited = out.mapValues { $0.joined(separator: "\n") }
        if edited.values.allSatisfy({ !$0.contains { !$0.isWhitespace } }) {
            return .failure(CommandFailure(.usage, "--edit: the text is empty: the reminder was cancelled; nothing was written"))
        }
        var result: [String: String] = [:]
        for part in parts {
            let name = part == "email" ? "e-mail" : part
            guard let t = edited[part], t.contains(where: { !$0.isWhitespace }) else {
                return .failure(CommandFailure(.usage, "--edit: the \(name) is empty: the reminder was cancelled; nothing was written"))
            }
            let first = t.split(separator: "\n").first { $0.contains { !$0.isWhitespace } }.map(String.init) ?? ""
            guard ["Subject:", "Objet :", "Objet:", "Objet\u{00A0}:"].contains(where: { first.hasPrefix($0) && first.count > $0.count + 1 }) else {
                return .failure(CommandFailure(.usage, "--edit: the \(name) must start with its subject line (Subject: … or Objet : …), found \"\(first)\"; nothing was written"))
            }
            result[part] = t
        }
        return .success(result)
    }

    /// Opens `$VISUAL` (else `$EDITOR`) on the texts through `/bin/sh`, as git does; returns the edited parts.
    static func edit(_ texts: [(part: String, text: String)], reminder: String, customer: String,
                     context: CommandContext) throws -> [String: String] {
        let env = context.environment
        guard let editor = [env["VISUAL"], env["EDITOR"]].compactMap({ $0 }).first(where: { $0.contains { !$0.isWhitespace } }) else {
            throw CommandFailure(.usage, "--edit: set VISUAL or EDITOR to your editor (e.g. export EDITOR=nano); nothing was written")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("relance-\(reminder)-\(UUID().uuidString).txt").path
        guard FileManager.default.createFile(atPath: path, contents: Data(file(texts, reminder: reminder, customer: customer).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure(.ioError, "--edit: cannot write the temporary file \(path); nothing was written")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        context.out.flush()
        context.err.flush()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$@\"", editor, path]
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: context.currentDirectory)
        do {
            try process.run()
        } catch {
            throw CommandFailure(.ioError, "--edit: cannot start the editor \(editor): \(error.localizedDescription); nothing was written")
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            throw CommandFailure(.ioError, "--edit: the editor \(editor) \(how): the reminder was cancelled; nothing was written")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.ioError, "--edit: the edited file \(path) is gone: the reminder was cancelled; nothing was written")
        }
        switch parse(String(decoding: data, as: UTF8.self), parts: texts.map(\.part)) {
        case .success(let parts): return parts
        case .failure(let failure): throw failure
        }
    }
}
