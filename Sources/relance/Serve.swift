import Dispatch
import Foundation
import RelanceCommands
import Server

/// `relance serve`: starts the web screen on the books and serves until the process is stopped (never returns on success).
func serve(_ options: ServeOptions, _ context: CommandContext) throws -> ExitStatus {
    var root = try BooksLocation.findRoot(explicit: options.books.books, context: context)
    if let asOf = options.books.asOf, !isDay(asOf) {
        throw CommandFailure(.usage, "--as-of \(asOf): not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
    }
    root = URL(fileURLWithPath: root).standardizedFileURL.path
    let site = Site(runner: CommandRunner(books: BooksOptions(books: root, asOf: options.books.asOf), base: context))
    let host = options.host, port = options.port
    let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
    let server: WebServer
    do {
        server = try WebServer(site: site, host: host, port: UInt16(port))
    } catch {
        throw CommandFailure(.usage, "--host \(host): not an IP address this machine can listen on; write 127.0.0.1 (the default) or ::1")
    }
    // Written once by the starting task before `started` is signalled, read after the wait: the semaphore orders them.
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
        throw CommandFailure(.temporaryFailure, outcome.error ?? "cannot start the server")
    }
    let url = server.url(port: bound)
    // The first line of standard output is the address (tests and scripts read it).
    context.out.write(url + "\n")
    context.out.flush()
    if !loopback {
        context.err.write("relance: warning: --host \(host): the books are served to every machine that can reach this address; anyone with the token can write reminders\n")
    }
    context.err.write("relance: serving \(root) — open the address above; Ctrl-C stops\n")
    context.err.flush()
    if options.open {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [FileManager.default.isExecutableFile(atPath: "/usr/bin/open") ? "open" : "xdg-open", url]
        try? p.run()
    }
    // Serves until the process is stopped.
    dispatchMain()
}

private func isDay(_ text: String) -> Bool {
    let parts = text.split(separator: "-")
    return parts.count == 3 && parts[0].count == 4 && parts.allSatisfy { Int($0) != nil }
}
