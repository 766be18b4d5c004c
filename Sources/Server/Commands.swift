import Books
import Foundation
import RelanceCommands

/// What a command said when the page ran it: its status, its standard output and error, or its refusal.
struct Captured {
    var status: ExitStatus
    var out: String
    var err: String
    /// The message `relance` would print after `relance:` when the command refused.
    var failure: String?

    var ok: Bool { failure == nil && status == .ok }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(out.utf8)) }
}

/// The server's way to the commands: each page runs the same library call as the command line,
/// with the books and date of the server, and reads what it prints (JSON for tables, text for messages).
public struct CommandRunner: Sendable {
    /// The books folder (absolute) and `--as-of`, as given to `relance serve`.
    public var books: BooksOptions
    /// The context of the process (environment, clock); each call gets its own output buffers.
    public var base: CommandContext

    public init(books: BooksOptions, base: CommandContext) {
        self.books = books
        self.base = base
        // A long-running server frees what each request loaded.
        self.base.keepsBooksUntilExit = false
    }

    func context() -> CommandContext {
        var c = base
        c.out = OutputSink()
        c.err = OutputSink()
        return c
    }

    func capture(_ body: (CommandContext) throws -> ExitStatus) -> Captured {
        let c = context()
        do {
            let status = try body(c)
            return Captured(status: status, out: c.out.text, err: c.err.text, failure: nil)
        } catch let failure as CommandFailure {
            return Captured(status: failure.status, out: c.out.text, err: c.err.text, failure: failure.message)
        } catch {
            return Captured(status: .software, out: c.out.text, err: c.err.text, failure: "the command failed unexpectedly")
        }
    }

    /// The books as they are on disk now (read on every request, so that an edit shows on reload).
    func load() throws -> LoadedBooks {
        let root = try BooksLocation.findRoot(explicit: books.books, context: context())
        return try BooksLocation.load(root: root)
    }
}
