import Books
import Foundation
import FuzzEntries
import Testing

/// Every input a fuzz run found crashing is kept in Fuzz/Regressions/<target>/ and replayed here through the
/// harnesses' own entry points: each must give diagnostics (it was a bad input) and never crash again.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = folder.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    @Test("books inputs that crashed give diagnostics")
    func books() throws {
        let inputs = try Self.inputs("books")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let diagnostics = FuzzEntries.books(input.bytes)
            #expect(diagnostics.contains { $0.severity == .error }, "\(input.name): no error")
        }
    }

    @Test("relance.toml inputs that crashed give diagnostics")
    func toml() throws {
        let inputs = try Self.inputs("toml")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let diagnostics = FuzzEntries.toml(input.bytes)
            #expect(diagnostics.contains { $0.severity == .error }, "\(input.name): no error")
        }
    }

    @Test("templates that crashed give diagnostics")
    func template() throws {
        let inputs = try Self.inputs("template")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let diagnostics = FuzzEntries.template(input.bytes)
            #expect(diagnostics.contains { $0.severity == .error }, "\(input.name): no error")
            // `run` refuses it too (rendering it used to exhaust the stack).
            #expect(diagnostics.contains { $0.message.contains("nested more than") && $0.location.file.hasPrefix("templates/fr/") && $0.location.line == 1 },
                    "\(input.name): \(diagnostics.map(\.message))")
        }
    }
}
