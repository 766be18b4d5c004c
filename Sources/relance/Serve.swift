import ArgumentParser
import Dispatch
import Foundation
import RelanceCommands
import Server

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The books in a browser: who owes what, the reminders due with a box per invoice, the history.",
        discussion: """
        Starts a local web server and prints its address on the first line, with a secret token for this process (like a notebook server): open it in your browser. The pages read the books on every request, so an edit made in your editor shows on reload; errors in the books are shown located, as `relance check` prints them.

        Pages: overview (owed, overdue, DSO, the aged balance as a chart, the last reminders), open invoices (filters, sortable, CSV downloads), one page per customer (contact, invoices, payments, every reminder with its e-mail and letter), reminders due (tick the invoices, then "write and send": the same as `relance run --only …`, the same commit and the same refusals), history (and the print batch as a PDF).

        Safe by default: bound to 127.0.0.1; every page needs the token; what writes is a POST carrying the token from the server's own page (its Origin is checked); no file outside the books is served.

        Examples:
          relance serve
          relance serve --as-of 2026-11-22 --port 8080 --open
          relance serve --port 0          # any free port; read the address on the first line
        """)

    @OptionGroup var books: BooksArguments

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "n"))
    var port: Int = 8765

    @Option(help: ArgumentHelp("The address to listen on. Anything but 127.0.0.1, ::1 or localhost lets other machines reach the books (a warning says so).", valueName: "address"))
    var host: String = "127.0.0.1"

    @Flag(help: "Open the page in the default browser (xdg-open or open).")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port): a port is a number from 0 to 65535 (0 picks a free one)") }
    }

    func run() throws {
        let context = CommandContext.live()
        var root: String
        do {
            root = try BooksLocation.findRoot(explicit: books.books, context: context)
            if let asOf = books.asOf, !isDay(asOf) {
                throw CommandFailure(.usage, "--as-of \(asOf): not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("relance: \(failure.message)\n".utf8))
            throw ExitCode(failure.status.rawValue)
        }
        root = URL(fileURLWithPath: root).standardizedFileURL.path
        let site = Site(runner: CommandRunner(books: BooksOptions(books: root, asOf: books.asOf), base: context))
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        let server: WebServer
        do {
            server = try WebServer(site: site, host: host, port: UInt16(port))
        } catch {
            FileHandle.standardError.write(Data("relance: --host \(host): not an IP address this machine can listen on; write 127.0.0.1 (the default) or ::1\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        final class Outcome: @unchecked Sendable { var port: Int?; var error: String? }
        let outcome = Outcome()
        let started = DispatchSemaphore(value: 0)
        Task {
            do { outcome.port = try await server.start() } catch { outcome.error = "cannot listen on \(host) port \(port): the port is taken or not allowed (try --port 0)" }
            started.signal()
            if outcome.port != nil { try? await server.wait() }
        }
        started.wait()
        guard let bound = outcome.port else {
            FileHandle.standardError.write(Data("relance: \(outcome.error ?? "cannot start the server")\n".utf8))
            throw ExitCode(ExitStatus.temporaryFailure.rawValue)
        }
        let url = server.url(port: bound)
        // The first line of standard output is the address (tests and scripts read it).
        FileHandle.standardOutput.write(Data((url + "\n").utf8))
        if !loopback {
            FileHandle.standardError.write(Data("relance: warning: --host \(host): the books are served to every machine that can reach this address; anyone with the token can write reminders\n".utf8))
        }
        FileHandle.standardError.write(Data("relance: serving \(root) — open the address above; Ctrl-C stops\n".utf8))
        if open {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [FileManager.default.isExecutableFile(atPath: "/usr/bin/open") ? "open" : "xdg-open", url]
            try? p.run()
        }
        // Serves until the process is stopped.
        dispatchMain()
    }

    func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts.allSatisfy { Int($0) != nil }
    }
}
