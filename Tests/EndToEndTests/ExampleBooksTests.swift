import Foundation
import Testing

/// The README's books, `ledger-example/`, as a user first meets them.
@Suite("ledger-example as of 2026-11-22") struct ExampleBooksTests {
    let books = Relance.packageRoot.appendingPathComponent("ledger-example")

    @Test func checkPasses() throws {
        let r = try Relance.run(["check", "--books", books.path], in: books)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("15 customers, 83 invoices, 68 payments, 1 credit note, 3 reminders: 0 errors, 0 warnings"), "\(r.stderr)")
    }

    @Test(arguments: ["status", "aging"]) func jsonMatchesGolden(command: String) throws {
        let r = try Relance.run([command, "--books", books.path, "--as-of", "2026-11-22", "--format", "json"], in: books)
        #expect(r.status == 0, "\(r.stderr)")
        try expectGolden(r.stdout, "example.\(command).json")
    }

    /// An independent implementation of docs/format.md's allocation rules (bench/check_example.py, in Python)
    /// must find the same open invoices, outstanding amounts, credits and totals.
    @Test func statusAgreesWithTheIndependentPythonAllocation() throws {
        let r = try Relance.run(["status", "--books", books.path, "--as-of", "2026-11-22", "--format", "json"], in: books)
        #expect(r.status == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relance-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("status.json")
        try Data(r.stdout.utf8).write(to: json)
        let script = Relance.packageRoot.appendingPathComponent("bench/check_example.py").path
        let check = try runTool("python3", [script, books.path, "--as-of", "2026-11-22", "--compare", json.path], in: dir)
        #expect(check.status == 0, "relance and the Python allocation disagree:\n\(check.stdout)\(check.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])["items"] as? [[String: Any]]
        #expect(items?.count == 19)
    }
}
