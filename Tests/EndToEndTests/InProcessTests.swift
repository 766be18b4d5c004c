import CommandTestSupport
import Dispatch
import Foundation
import RelanceCommands
import Testing

@Suite("the command line in-process: what the test runner relies on")
struct InProcessTests {
    /// A crash point ends the live process only: in-process, the run goes on to its end (the test runner survives).
    @Test func aCrashPointDoesNotEndTheTestRunner() throws {
        let books = try GitBooks()
        let r = try books.relance(["run", "--as-of", "2026-11-22"], environment: ["RELANCE_FAIL_AFTER": "committed"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("simulated crash"))
        #expect(try books.commitCount == 2)
    }

    /// A command with subcommands only shows its help (0), as the program does.
    @Test func aGroupWithoutItsSubcommandShowsItsHelp() throws {
        let temp = try TempBooks([:])
        let r = try Relance.run(["hooks"], in: temp.root)
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: relance hooks <subcommand>"), "\(r.stdout)")
        #expect(r.stderr.isEmpty)
    }

    /// `serve` blocks and needs the web screen: in-process it is refused as a usage error, after its own checks.
    @Test func serveIsTheProgramsOnly() throws {
        let temp = try TempBooks([:])
        let badPort = try Relance.run(["serve", "--port", "70000"], in: temp.root)
        #expect(badPort.status == 64)
        #expect(badPort.stderr.contains("--port 70000: a port is a number from 0 to 65535"), "\(badPort.stderr)")
        let r = try Relance.run(["serve"], in: temp.root)
        #expect(r.status == 64)
        #expect(r.stderr.contains("serve: the web screen runs only from the relance program"), "\(r.stderr)")
    }

    /// A sink is Sendable, so several threads may write to it: every write is kept, none torn.
    @Test func anOutputSinkKeepsEveryConcurrentWrite() {
        let sink = OutputSink()
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            for _ in 0..<2_000 { sink.write("line \(k)\n") }
        }
        let lines = sink.text.split(separator: "\n")
        #expect(lines.count == 16_000)
        for k in 0..<8 { #expect(lines.filter { $0 == "line \(k)" }.count == 2_000) }
    }
}
