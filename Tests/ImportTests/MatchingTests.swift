import Books
@testable import Import
import Receivables
import Testing

/// Each matching rule of docs/import.md, on books text and transactions made in the test.
@Suite struct MatchingTests {
    let books = loadBooks(matchingBooks)

    func credit(_ date: String, _ amount: Int64, _ label: String, payer: String? = nil, id: String? = nil, iban: String? = nil) -> BankTransaction {
        var t = BankTransaction(file: "releve.csv", line: 2, date: day(date), amount: amount, currency: .EUR, label: label)
        t.payer = payer
        t.bankID = id
        t.iban = iban
        return t
    }

    func propose(_ ts: [BankTransaction], force: Bool = false) -> ImportProposals {
        PaymentMatcher.propose(ts, books: books, outstanding: Allocation.computeAll(books), force: force)
    }

    @Test func names_ignore_case_accents_punctuation_and_ampersand() {
        #expect(NameKey.key("DUPONT ET FILS") == NameKey.key("Dupont & Fils"))
        #expect(NameKey.key("ATELIER LUMIERE") == NameKey.key("Atelier Lumière"))
        #expect(NameKey.key("l'Atelier-Lumière, S.A.") == "l atelier lumiere s a")
        #expect(NameKey.key("Smith and Co") == NameKey.key("SMITH & CO"))
        #expect(NameKey.key("Dupont") != NameKey.key("Dupond"))
    }

    @Test func rule1_a_ref_already_in_the_books_is_skipped() {
        let r = propose([credit("2026-11-03", 9000, "VIR ATELIER LUMIERE", id: "FITID-0042")])
        #expect(r.proposals[0].rule == .alreadyImported)
        #expect(!r.proposals[0].accepted)
        #expect(r.proposals[0].why.contains("books.books:25"))
    }

    @Test func rule1_the_same_ref_twice_in_one_import_is_written_once() {
        let t = credit("2026-11-05", 20000, "VIR ACME F2026-020", id: "X1")
        let r = propose([t, t])
        #expect(r.proposals.map(\.rule) == [.invoiceNumber, .alreadyImported])
        #expect(r.accepted.count == 1)
    }

    @Test func rule2_invoice_numbers_in_the_label_apply_up_to_what_is_left_and_leave_the_excess() {
        let r = propose([credit("2026-11-05", 160_000, "VIR SEPA DUPONT ET FILS FACT. F2026-014/F2026-015.")])
        let p = r.proposals[0]
        #expect(p.rule == .invoiceNumber)
        #expect(p.customer == "dupont")
        #expect(p.applications == [ProposedApplication(invoice: "F2026-014", amount: 120_000), ProposedApplication(invoice: "F2026-015", amount: 30_000)])
        #expect(p.unapplied == 10_000)
        #expect(p.accepted && !p.review)
        #expect(p.why.contains("100.00 left unapplied"))
    }

    @Test func rule2_the_invoice_number_wins_over_the_payer_and_a_paid_invoice_gets_nothing_twice() {
        // Someone else pays acme's invoice: the invoice's customer is the payment's.
        let first = credit("2026-11-05", 50_000, "VIR DUPONT F. pour F2026-020")
        let second = credit("2026-11-06", 50_000, "VIR F2026-020 encore", id: "other")
        let r = propose([first, second])
        #expect(r.proposals[0].customer == "acme")
        #expect(r.proposals[0].applications == [ProposedApplication(invoice: "F2026-020", amount: 50_000)])
        #expect(r.proposals[1].rule == .invoiceNumber)
        #expect(r.proposals[1].applications.isEmpty)
        #expect(r.proposals[1].review)
        #expect(r.proposals[1].why.contains("F2026-020 has nothing left to pay"))
    }

    @Test func rule3_payer_and_the_amount_of_one_open_invoice() {
        // "DUPONT ET FILS" is "Dupont & Fils"; 300.00 is what is left on F2026-015 (not the oldest).
        let r = propose([credit("2026-11-05", 30_000, "VIREMENT RECU", payer: "DUPONT ET FILS")])
        let p = r.proposals[0]
        #expect(p.rule == .payerAndAmount)
        #expect(p.customer == "dupont")
        #expect(p.applications == [ProposedApplication(invoice: "F2026-015", amount: 30_000)])
    }

    @Test func rule3_payer_and_the_sum_of_all_open_invoices() {
        let r = propose([credit("2026-11-05", 75_000, "VIR SEPA ACME")])
        let p = r.proposals[0]
        #expect(p.rule == .payerAndAmount)
        #expect(p.customer == "acme")
        #expect(p.applications.map(\.invoice) == ["F2026-020", "F2026-021"])
        #expect(p.unapplied == 0)
    }

    @Test func rule3_a_payer_alias_and_an_iban_find_the_customer() {
        let byAlias = propose([credit("2026-11-05", 120_000, "VIR", payer: "DUPONT F.")]).proposals[0]
        #expect(byAlias.customer == "dupont")
        #expect(byAlias.applications == [ProposedApplication(invoice: "F2026-014", amount: 120_000)])
        let byIBAN = propose([credit("2026-11-05", 120_000, "VIR SEPA", payer: "M. OU MME X", iban: "FR7630006000011234567890189")]).proposals[0]
        #expect(byIBAN.customer == "dupont")
        #expect(byIBAN.why.contains("IBAN"))
    }

    @Test func rule4_payer_without_an_amount_match_is_written_for_review_without_apply() {
        let r = propose([credit("2026-11-05", 10_000, "VIR ATELIER LUMIERE ACOMPTE")])
        let p = r.proposals[0]
        #expect(p.rule == .payerOnly)
        #expect(p.customer == "lumiere")
        #expect(p.applications.isEmpty && p.review && p.accepted)
        #expect(PaymentRecords.text(of: p).contains("  ; relance import: to review"))
        #expect(!PaymentRecords.text(of: p).contains("apply"))
    }

    @Test func rule5_a_payment_typed_by_hand_is_probably_the_same_one() {
        let t = credit("2026-11-05", 8_000, "VIR TRANSPORTS BERGER")
        let p = propose([t]).proposals[0]
        #expect(p.rule == .probablyRecorded)
        #expect(p.customer == "berger")
        #expect(!p.accepted)
        #expect(p.why.contains("2026-11-02"))
        #expect(propose([t], force: true).proposals[0].accepted)
        // More than 5 days apart: a new payment (F2026-030 is paid by the hand payment: nothing fits the amount).
        #expect(propose([credit("2026-11-08", 8_000, "VIR TRANSPORTS BERGER")]).proposals[0].rule == .payerOnly)
    }

    @Test func rule6_anything_else_is_unmatched_and_never_written() {
        let r = propose([credit("2026-11-05", 12_345, "VIR INCONNU SA"), credit("2026-11-05", -4_500, "PRLV EDF")])
        #expect(r.proposals.count == 1)
        #expect(r.debits == 1)
        #expect(r.proposals[0].rule == .unmatched)
        #expect(!r.proposals[0].accepted)
        #expect(PaymentRecords.files(r.proposals, existing: { _ in nil }).isEmpty)
    }

    @Test func a_line_without_bank_id_gets_a_stable_sha_ref_and_twins_differ() {
        let t = credit("2026-11-05", 10_000, "VIR ATELIER LUMIERE")
        let a = propose([t, t]).proposals
        let b = propose([t]).proposals
        #expect(a[0].ref == b[0].ref)
        #expect(a[0].ref.hasPrefix("sha:") && a[0].ref.count == 20)
        #expect(a[1].ref != a[0].ref)
        #expect(a[1].rule == .payerOnly)
    }

    @Test func sha256_is_the_standard_one() {
        // FIPS 180-4 test vector.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array(String(repeating: "a", count: 1000).utf8)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func the_records_written_pass_check() {
        let r = propose([credit("2026-11-05", 160_000, "VIR F2026-014 F2026-015"), credit("2026-11-06", 10_000, "VIR ATELIER LUMIERE")])
        let files = PaymentRecords.files(r.proposals, existing: { _ in nil })
        #expect(files.map(\.path) == ["payments/2026.books"])
        let after = Books.load([SourceFile(path: "books.books", text: matchingBooks), SourceFile(path: files[0].path, bytes: files[0].bytes)])
        #expect(after.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(after.payments.count == 4)
        let o = Allocation.computeAll(after)
        #expect(o.diagnostics.isEmpty)
        #expect(o.outstanding(after, Int(after.invoiceIndex["F2026-014"]!)) == 0)
    }

    @Test func what_a_credit_leaves_unapplied_is_counted_as_the_books_allocate_it() {
        // The statement lists the later credit first; the books replay the 5 November one first, and allocate
        // its 100.00 to the oldest invoice: the 6 November credit can only apply 400.00 to it.
        let later = credit("2026-11-06", 50_000, "VIR SEPA F2026-020")
        let earlier = credit("2026-11-05", 10_000, "VIR ACME")
        let r = propose([later, earlier])
        #expect(r.proposals[1].rule == .payerOnly)
        #expect(r.proposals[0].applications == [ProposedApplication(invoice: "F2026-020", amount: 40_000)])
        #expect(r.proposals[0].unapplied == 10_000)
        let files = PaymentRecords.files(r.proposals, existing: { _ in nil })
        let after = Books.load([SourceFile(path: "books.books", text: matchingBooks), SourceFile(path: files[0].path, bytes: files[0].bytes)])
        #expect(Allocation.computeAll(after).diagnostics.isEmpty)
    }

    @Test func payer_is_repeatable_and_a_wrong_iban_is_an_error_where_it_is() {
        let ok = loadBooks("customer a\n  name A\n  payer \"A ONE\"\n  payer A1\n  iban \"fr76 3000 6000 0112 3456 7890 189\"\n")
        #expect(ok.customers[0].payers == ["A ONE", "A1"])
        #expect(ok.customers[0].iban == "FR7630006000011234567890189")
        let bad = Books.load([SourceFile(path: "customers.books", text: "customer a\n  name A\n  iban FR76 3000 6000 0112 3456 7890 188\n")])
        #expect(bad.diagnostics.map(\.location.description) == ["customers.books:3:8"])
        #expect(bad.diagnostics.first?.message == "\"FR76 3000 6000 0112 3456 7890 188\" is not an IBAN")
    }
}
