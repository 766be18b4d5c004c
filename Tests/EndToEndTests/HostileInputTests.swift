import Foundation
import Testing

/// Inputs that crashed the release build (exit 132, 134, 139): each now gives a located message and a promised exit code.
@Suite("hostile inputs")
struct HostileInputTests {
    static let config = "[company]\nname = \"Atelier\"\nemail = \"a@atelier.example\"\n"
    static let customers = "customer acme\n  name \"ACME SARL\"\n  email compta@acme.example\n  address \"1 rue de la Paix\"\n  address \"75002 Paris\"\n"
    static let invoices = "2026-09-01 invoice F1 acme 1200.00 EUR\n"

    func books(config: String = config, customers: String = customers, invoices: String = invoices) throws -> TempBooks {
        try TempBooks(["relance.toml": config, "customers.books": customers, "invoices.books": invoices])
    }

    @Test(arguments: ["plan", "status", "aging", "check"])
    func anAsOfPastTheSupportedYearsExits64(_ command: String) throws {
        let b = try books()
        let r = try Relance.run([command, "--as-of", "9999-07-01"], in: b.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 64, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("--as-of 9999-07-01: outside the dates relance handles (1900-01-01 to 2999-12-31)"), "\(r.stderr)")
        let fine = try Relance.run([command, "--as-of", "2999-12-31"], in: b.root)
        #expect([0, 1].contains(fine.status), "\(fine.stderr)")
    }

    @Test(arguments: ["[!]", "[=]", "[[!]]", "[\u{01}]"])
    func aBrokenSectionNameInRelanceTomlIsALocatedError(_ header: String) throws {
        let b = try books(config: Self.config + header + "\n")
        let r = try Relance.run(["check"], in: b.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 65, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("relance.toml:4:"), "\(r.stderr)")
        #expect(r.stderr.contains("bad TOML: expected a key"), "\(r.stderr)")
    }

    @Test func amountsThatUsedToOverflowAreRefusedByCheckAndEveryCommand() throws {
        let huge = (1...93).map { "2026-01-01 invoice F\($0) acme 999999999999999.99 EUR\n" }.joined()
        let b = try books(invoices: huge)
        for command in ["check", "status", "aging", "plan"] {
            let r = try Relance.run([command, "--as-of", "2026-11-22"], in: b.root, environment: ["NO_COLOR": "1"])
            #expect(r.status == 65, "\(command): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("invoices.books:1:28: error: 999999999999999.99 EUR is more than relance accepts"), "\(command): \(r.stderr)")
        }
        let dso = try books(invoices: "2026-01-01 invoice F1 acme 126174720066412.81 EUR\n")
        let r = try Relance.run(["aging", "--as-of", "2026-11-22"], in: dso.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 65, "\(r.stderr)")
    }

    @Test func aTemplateNestedTooDeepIsReportedByCheck() throws {
        let b = try books()
        try b.write("templates/fr/first.email.mustache", "Objet : relance\n\n" + String(repeating: "{{#a}}", count: 3000) + String(repeating: "{{/a}}", count: 3000) + "\n")
        let r = try Relance.run(["check"], in: b.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("templates/fr/first.email.mustache:3:301: error: template sections nested more than 50 deep"), "\(r.stderr)")
    }

    @Test func controlCharactersLongNamesAndUnprintableCharactersAreReported() throws {
        let b = try books(customers: Self.customers + "customer esc\n  name \"Bad\u{1B}[31m\"\ncustomer long\n  name \"" + String(repeating: "x", count: 100_000) + "\"\n")
        let r = try Relance.run(["check"], in: b.root, environment: ["NO_COLOR": "1"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("customers.books:7:12: error: a control character (U+001B) in the text"), "\(r.stderr.prefix(2000))")
        #expect(r.stderr.contains("customers.books:9:8: error: a name of 100000 characters is too long (at most 200)"), "\(r.stderr.prefix(2000))")
        let emoji = try books(customers: Self.customers + "customer fete\n  name \"La Fête 🎉\"\n  address \"Ελλάδα ✓\"\n")
        let w = try Relance.run(["check"], in: emoji.root, environment: ["NO_COLOR": "1"])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stderr.contains("customers.books:7:17: warning: \"🎉\" (U+1F389) cannot be printed in a letter"), "\(w.stderr)")
        #expect(!w.stderr.contains("Ελλάδα"), "Greek prints in DejaVu Sans: \(w.stderr)")
    }
}
