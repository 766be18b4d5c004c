import Books
import Configuration
import Delivery
import CommandTestSupport
import Foundation
import RelanceCommands
import Testing

/// `relance send` against a real SMTP server (aiosmtpd) on 127.0.0.1: STARTTLS on a certificate made
/// here, AUTH required; implicit TLS; a plain server; refusals; crashes.
@Suite struct SendTests {
    @Test func eachCommittedEmailGoesOnceByteForByteWithItsEnvelope() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let password = "pw-Zq81-not-in-any-file"
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: password, outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 3, password: password,
                                      smtp: smtpSection(port: server.port, certificate: cert, extra: "bcc_self = true\n"),
                                      extraCustomerLines: [2: "  email    boss2@client2.example\n  cc       direction2@client2.example"])
        #expect(books.run().status == .ok)
        let emails = try books.emails()
        #expect(emails.count == 3)
        #expect(try books.states().values.sorted() == ["queued", "queued", "queued"])

        let dry = books.send(dryRun: true)
        #expect(dry.status == .ok)
        #expect(dry.out.contains("compta2@client2.example, boss2@client2.example, direction2@client2.example; copy to claire@claire-martin.example"))
        #expect(try server.received().isEmpty)

        let sent = books.send()
        #expect(sent.status == .ok, "\(sent.all)")
        let received = try server.received()
        #expect(received.count == 3)
        for (id, bytes) in emails {
            let got = received.filter { reminderID($0.bytes) == id }
            #expect(got.count == 1, "\(id) received \(got.count) times")
            guard let message = got.first else { continue }
            #expect(message.bytes == bytes, "\(id): what the server got differs from the committed .eml")
            #expect(message.from == "claire@claire-martin.example")
            #expect(message.to.contains("claire@claire-martin.example"), "the copy to self is in the envelope")
            #expect(!String(decoding: message.bytes, as: UTF8.self).lowercased().contains("bcc"), "the copy to self is not in the headers")
        }
        let second = try #require(received.first { reminderID($0.bytes) == emails[1].id })
        #expect(second.to == ["compta2@client2.example", "boss2@client2.example", "direction2@client2.example", "claire@claire-martin.example"])
        #expect(try books.states().values.sorted() == ["delivered", "delivered", "delivered"])

        // One commit with the records and the trailers.
        let message = try books.gitOut(["log", "-1", "--format=%B"])
        for (id, _) in emails { #expect(message.contains("Delivered: \(id)")) }
        let history = String(decoding: try books.committed("history/2026.books"), as: UTF8.self)
        #expect(history.contains("2026-11-22 delivered \(emails[0].id) 2026-11-22T10:00:00Z \"250 2.0.0 Ok: queued as"))
        #expect(try books.gitOut(["status", "--porcelain"]) == "")
        #expect(!FileManager.default.fileExists(atPath: books.root + "/.git/relance-send.journal"))

        // Status shows the state beside the last reminder.
        let status = books.command { try StatusCommand.run(.init(books: BooksOptions(books: books.root, asOf: DeliveryBooks.asOf)), $0) }
        #expect(status.out.contains("\(emails[0].id) (delivered)"))

        // Again: nothing goes twice.
        let again = books.send()
        #expect(again.status == .ok)
        #expect(again.out.contains("Nothing to send"))
        #expect(try server.received().count == 3)
    }

    @Test func thePolicysCcAddressesAreInTheHeadersAndTheEnvelope() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pcc", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 1, password: "pcc",
                                      smtp: "[dunning]\ncc = [\"compta@claire-martin.example\"]\n\n" + smtpSection(port: server.port, certificate: cert),
                                      extraCustomerLines: [1: "  cc       dg1@client1.example"])
        #expect(books.run().status == .ok)
        #expect(books.send().status == .ok)
        let got = try #require(try server.received().first)
        #expect(got.to == ["compta1@client1.example", "dg1@client1.example", "compta@claire-martin.example"])
        #expect(String(decoding: got.bytes, as: UTF8.self).contains("Cc: dg1@client1.example, compta@claire-martin.example\r\n"))
        #expect(try got.bytes == books.emails()[0].bytes)
    }

    @Test func anAttachedInvoiceCopyArrivesDecodedAsCommitted() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "patt", outdir: tmp.path + "/out")
        let policy = "[dunning]\n[[dunning.level]]\nname = \"Première relance\"\noffset = 7\nchannel = \"email\"\ntemplate = \"first\"\nattach_invoices = true\n\n"
        let books = try DeliveryBooks(count: 1, password: "patt", smtp: policy + smtpSection(port: server.port, certificate: cert))
        var pdf = Array("%PDF-1.4\n% invoice copy\n".utf8)
        for k in 0..<3000 { pdf.append(UInt8(truncatingIfNeeded: k &* 131 &+ 7)) }
        try FileManager.default.createDirectory(atPath: books.root + "/documents", withIntermediateDirectories: true)
        try Data(pdf).write(to: URL(fileURLWithPath: books.root + "/documents/F2026-001.pdf"))
        try books.write("invoices/2026.books", "2026-10-13 invoice F2026-001 c1 101.00 EUR\n  due 2026-11-12\n  file documents/F2026-001.pdf\n")
        try books.git(["add", "-A"])
        try books.git(["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "copy"])
        #expect(books.run().status == .ok)
        #expect(books.send().status == .ok)
        let got = try #require(try server.received().first)
        #expect(try got.bytes == books.emails()[0].bytes)
        // The attachment, decoded by Python's e-mail parser, is the invoice file.
        let saved = tmp.path + "/received.eml"
        try Data(got.bytes).write(to: URL(fileURLWithPath: saved))
        let script = "import email,email.policy,sys,hashlib\nm=email.message_from_binary_file(open(sys.argv[1],'rb'),policy=email.policy.default)\n"
            + "print([(p.get_filename(), hashlib.sha256(p.get_content()).hexdigest()) for p in m.iter_attachments()])"
        let r = try tool("python3", ["-c", script, saved])
        let digest = try tool("sha256sum", [books.root + "/documents/F2026-001.pdf"]).stdout.prefix(64)
        #expect(r.stdout.contains("'F2026-001.pdf', '\(digest)'"), "\(r.stdout) \(r.stderr)")
    }

    @Test func wrongPasswordStopsAtOnceAndALaterRightOneSendsEachOnce() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "the-right-one-77", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 3, password: "the-right-one-77", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let head = try books.gitOut(["rev-parse", "HEAD"])
        let wrong = books.send(environment: ["SMTP_TEST_PASSWORD": "a-wrong-pass-31"])
        #expect(wrong.status == .temporaryFailure)
        #expect(wrong.err.contains("refused the login of claire"), "\(wrong.all)")
        #expect(wrong.err.contains("3 messages still queued"), "\(wrong.all)")
        #expect(!wrong.all.contains("a-wrong-pass-31"))
        #expect(try server.received().isEmpty)
        #expect(try books.states().values.sorted() == ["queued", "queued", "queued"])
        #expect(try books.gitOut(["rev-parse", "HEAD"]) == head, "nothing to commit")

        let right = books.send()
        #expect(right.status == .ok, "\(right.all)")
        #expect(try server.receivedIDs().sorted() == books.emails().map(\.id))
        #expect(try books.states().values.sorted() == ["delivered", "delivered", "delivered"])
    }

    @Test func serverDownLeavesEverythingQueuedAndALaterSendDeliversEachOnce() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let port = try unusedPort()
        let books = try DeliveryBooks(count: 2, smtp: smtpSection(port: port, certificate: cert))
        #expect(books.run().status == .ok)
        let down = books.send()
        #expect(down.status == .temporaryFailure)
        #expect(down.err.contains("cannot reach 127.0.0.1:\(port)"), "\(down.all)")
        #expect(try books.states().values.sorted() == ["queued", "queued"])

        let server = try SMTPServer(mode: .starttls, certificate: cert, password: books.password, outdir: tmp.path + "/out", port: port)
        let up = books.send()
        #expect(up.status == .ok, "\(up.all)")
        #expect(try server.receivedIDs().sorted() == books.emails().map(\.id))
        #expect(books.send().status == .ok)
        #expect(try server.received().count == 2)
    }

    @Test func aServerThatNeverAnswersTimesOutAndLeavesEverythingQueued() throws {
        // A listener that accepts the connection and says nothing.
        let silent = Process()
        silent.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        silent.arguments = ["python3", "-c", "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(5)\n"
                            + "print(s.getsockname()[1],flush=True)\nc=[]\nwhile True:\n  c.append(s.accept())"]
        let out = Pipe()
        silent.standardOutput = out
        try silent.run()
        defer { kill(silent.processIdentifier, SIGKILL); silent.waitUntilExit() }
        var line = Data()
        while true {
            let b = out.fileHandleForReading.readData(ofLength: 1)
            if b.isEmpty || b.first == 10 { break }
            line.append(b)
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self)))
        let books = try DeliveryBooks(count: 2, smtp: smtpSection(port: port, certificate: nil).replacingOccurrences(of: "timeout = 10", with: "timeout = 1"))
        #expect(books.run().status == .ok)
        let started = Date()
        let r = books.send()
        #expect(r.status == .temporaryFailure, "\(r.all)")
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(try books.states().values.sorted() == ["queued", "queued"])
    }

    @Test func aServerWithoutStartTLSReceivesNothing() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let server = try SMTPServer(mode: .plain, certificate: nil, password: "x", outdir: tmp.path + "/out", noAuth: true)
        let books = try DeliveryBooks(count: 2, smtp: smtpSection(port: server.port, certificate: nil))
        #expect(books.run().status == .ok)
        let r = books.send()
        #expect(r.status == .temporaryFailure)
        #expect(r.err.contains("does not offer STARTTLS"), "\(r.all)")
        #expect(try server.received().isEmpty)
        #expect(try books.states().values.sorted() == ["queued", "queued"])
    }

    @Test func securityNoneWhenWrittenSendsInClear() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let server = try SMTPServer(mode: .plain, certificate: nil, password: "x", outdir: tmp.path + "/out", noAuth: true)
        let books = try DeliveryBooks(count: 1, smtp: "[smtp]\nhost = \"127.0.0.1\"\nport = \(server.port)\nsecurity = \"none\"\n")
        #expect(books.run().status == .ok)
        #expect(books.send().status == .ok)
        #expect(try server.received().map(\.bytes) == books.emails().map(\.bytes))
    }

    @Test func implicitTLS() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .tls, certificate: cert, password: "tls-pass-5", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 2, password: "tls-pass-5", smtp: smtpSection(port: server.port, security: "tls", certificate: cert))
        #expect(books.run().status == .ok)
        let r = books.send()
        #expect(r.status == .ok, "\(r.all)")
        #expect(try server.received().map(\.bytes) == books.emails().map(\.bytes))
    }

    @Test func anUntrustedCertificateSendsNothing() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "p", outdir: tmp.path + "/out")
        // No ca_file: the self-signed certificate is not trusted.
        let books = try DeliveryBooks(count: 1, password: "p", smtp: smtpSection(port: server.port, certificate: nil))
        #expect(books.run().status == .ok)
        let r = books.send()
        #expect(r.status == .temporaryFailure)
        #expect(r.err.contains("TLS with 127.0.0.1"), "\(r.all)")
        #expect(try server.received().isEmpty)
    }

    @Test func a550ForOneRecipientFailsThatReminderAndTheOthersGo() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "p550", outdir: tmp.path + "/out",
                                    reject: ["compta2@client2.example"])
        let books = try DeliveryBooks(count: 3, password: "p550", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let r = books.send()
        #expect(r.status == .findings)
        #expect(r.out.contains("\(ids[1]) failed: 550"), "\(r.all)")
        #expect(try server.receivedIDs().sorted() == [ids[0], ids[2]])
        let states = try books.states()
        #expect(states[ids[1]] == "failed")
        #expect(states[ids[0]] == "delivered" && states[ids[2]] == "delivered")
        let history = String(decoding: try books.committed("history/2026.books"), as: UTF8.self)
        #expect(history.contains("failed \(ids[1]) 2026-11-22T10:00:00Z \"550 5.1.1 <compta2@client2.example>: Recipient address rejected: User unknown\""))
        let message = try books.gitOut(["log", "-1", "--format=%B"])
        #expect(message.contains("Failed: \(ids[1])") && message.contains("Delivered: \(ids[0])"))
        let status = books.command { try StatusCommand.run(.init(books: BooksOptions(books: books.root, asOf: DeliveryBooks.asOf)), $0) }
        #expect(status.out.contains("\(ids[1]) (failed)"))
        let check = books.command { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(check.err.contains("history/2026.books:"), "\(check.err)")
        #expect(check.err.contains("warning: the e-mail of \(ids[1]) was refused by the server: 550 5.1.1"), "\(check.err)")
        // A failed message is not retried on its own.
        #expect(books.send().status == .ok)
        #expect(try server.received().count == 2)
    }

    @Test func a4xxLeavesTheMessageQueuedAndExits75() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "p451", outdir: tmp.path + "/out",
                                    defer: ["compta1@client1.example"])
        let books = try DeliveryBooks(count: 2, password: "p451", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let r = books.send()
        #expect(r.status == .temporaryFailure, "\(r.all)")
        #expect(try server.receivedIDs() == [ids[1]])
        #expect(try books.states() == [ids[0]: "queued", ids[1]: "delivered"])
    }

    @Test func theServerKilledMidBatchLosesNothingAndSendsNothingTwice() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let out = tmp.path + "/out"
        // The server stores the second message and dies before its 250.
        var server = try SMTPServer(mode: .starttls, certificate: cert, password: "pk", outdir: out, dieAfter: 2)
        let port = server.port
        let books = try DeliveryBooks(count: 4, password: "pk", smtp: smtpSection(port: port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let first = books.send()
        server.waitForExit()
        #expect(first.status == .temporaryFailure, "\(first.all)")
        #expect(try server.receivedIDs() == [ids[0], ids[1]])
        #expect(try books.states() == [ids[0]: "delivered", ids[1]: "uncertain", ids[2]: "queued", ids[3]: "queued"])
        #expect(first.err.contains("relance send --confirm"))

        server = try SMTPServer(mode: .starttls, certificate: cert, password: "pk", outdir: out, port: port)
        let second = books.send()
        #expect(second.status == .findings, "the uncertain one is listed: \(second.all)")
        #expect(second.err.contains(ids[1]))
        let check = books.command { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(check.err.contains("warning: the e-mail of \(ids[1]) was being handed to the server when a send stopped"), "\(check.err)")
        #expect(try server.receivedIDs() == [ids[0], ids[1], ids[2], ids[3]], "the uncertain message is not resent on its own")
        let confirmed = books.send(confirm: [ids[1]])
        #expect(confirmed.status == .ok, "\(confirmed.all)")
        #expect(try books.states().values.sorted() == ["delivered", "delivered", "delivered", "delivered"])
        #expect(try server.receivedIDs() == [ids[0], ids[1], ids[2], ids[3]])
        let history = String(decoding: try books.committed("history/2026.books"), as: UTF8.self)
        #expect(history.contains("delivered \(ids[1]) 2026-11-22T10:00:00Z \"confirmed by hand\""))
    }

    @Test func sendmailThroughARealMsmtp() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "msmtp-pw-2", outdir: tmp.path + "/out")
        let command = "msmtp -t --read-envelope-from --host=127.0.0.1 --port=\(server.port) --tls=on --tls-starttls=on "
            + "--tls-trust-file=\(cert.cert) --auth=on --user=claire --passwordeval='printf %s \"$SMTP_TEST_PASSWORD\"'"
        let books = try DeliveryBooks(count: 2, password: "msmtp-pw-2",
                                      smtp: "[sendmail]\ncommand = \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\"\nbcc_self = true\n",
                                      extraCustomerLines: [1: "  cc       direction1@client1.example"])
        #expect(books.run().status == .ok)
        let r = books.send()
        #expect(r.status == .ok, "\(r.all)")
        let received = try server.received()
        #expect(try received.map(\.bytes) == books.emails().map(\.bytes))
        #expect(Set(received[0].to) == ["compta1@client1.example", "direction1@client1.example", "claire@claire-martin.example"])
        #expect(try books.states().values.sorted() == ["delivered", "delivered"])
    }

    @Test func thePasswordIsInNoOutputFileOrCommit() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let secret = "Sekr1t-Pa55-9f3c"
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: secret, outdir: tmp.path + "/out", reject: ["compta2@client2.example"])
        let books = try DeliveryBooks(count: 2, password: secret,
                                      smtp: smtpSection(port: server.port, certificate: cert).replacingOccurrences(
                                        of: "password_env = \"SMTP_TEST_PASSWORD\"", with: "password_command = \"printf '%s\\\\n' \\\"$SMTP_TEST_PASSWORD\\\"\""))
        var outputs = books.run().all
        outputs += books.send(dryRun: true).all
        outputs += books.send(environment: ["SMTP_TEST_PASSWORD": secret + "x"]).all
        let sent = books.send()
        #expect(sent.status == .findings, "\(sent.all)")
        outputs += sent.all
        outputs += try books.binary(["history"]).stdout + books.binary(["status", "--as-of", DeliveryBooks.asOf]).stdout
        #expect(try server.received().count == 1)
        #expect(!outputs.contains(secret))
        // Every file of the books and of .git (objects read back through git), and the whole history.
        let grep = try tool("grep", ["-r", "-l", "-a", secret, books.root])
        #expect(grep.stdout.isEmpty, "found in \(grep.stdout)")
        let log = try books.git(["log", "-p", "--all", "--format=%H %an %B"]).stdout
        #expect(!log.contains(secret))
        #expect(log.contains("Failed:"))
    }

    @Test func runSendWritesCommitsAndDeliversAndLaterRunsDeliverWhatWasLeft() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let port = try unusedPort()
        let books = try DeliveryBooks(count: 2, password: "prs", smtp: smtpSection(port: port, certificate: cert))
        let runSend = { books.command { try RunCommand.runAndSend(.init(books: BooksOptions(books: books.root, asOf: DeliveryBooks.asOf)), $0) } }
        // Server down: the reminders are written and committed, the e-mails stay queued.
        let first = runSend()
        #expect(first.status == .temporaryFailure, "\(first.all)")
        let ids = try books.emails().map(\.id)
        #expect(ids.count == 2)
        #expect(try books.states().values.sorted() == ["queued", "queued"])
        // Later (cron): nothing new is due, the queued ones go.
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "prs", outdir: tmp.path + "/out", port: port)
        let second = runSend()
        #expect(second.status == .ok, "\(second.all)")
        #expect(second.out.contains("Nothing is due"))
        #expect(try server.receivedIDs() == ids)
        #expect(runSend().status == .ok)
        #expect(try server.receivedIDs() == ids)
    }

    @Test func confirmAndRetryAreOnlyForWhatNeedsThem() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pc", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 1, password: "pc", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let id = try books.emails()[0].id
        let r = books.send(confirm: [id])
        #expect(r.status == .usage)
        #expect(r.err.contains("is queued, not uncertain"))
        #expect(books.send(retry: ["R-nope"]).status == .usage)
        #expect(try server.received().isEmpty)
    }
}

/// The crash points of a send, on the real executable: killed between `sending` and `delivered`.
@Suite(.serialized) struct SendCrashTests {
    @Test func stoppedAfterTheMarkBeforeHandingOverThenRetried() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pcrash", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 3, password: "pcrash", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let crashed = try books.binary(["send"], environment: ["RELANCE_FAIL_AFTER": "sending"])
        #expect(crashed.status == 99, "\(crashed.stderr)")
        #expect(try server.received().isEmpty)
        #expect(try books.states()[ids[0]] == "uncertain")
        let next = try books.binary(["send"])
        #expect(next.status == 1, "\(next.stderr)")
        #expect(next.stderr.contains("relance send --confirm ID"))
        #expect(try server.receivedIDs() == [ids[1], ids[2]])
        let retried = try books.binary(["send", "--retry", ids[0]])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try server.receivedIDs().sorted() == ids)
        #expect(try books.states().values.sorted() == ["delivered", "delivered", "delivered"])
    }

    @Test func stoppedAfterTheServerTookItThenConfirmed() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pcrash2", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 3, password: "pcrash2", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let crashed = try books.binary(["send"], environment: ["RELANCE_FAIL_AFTER": "handed"])
        #expect(crashed.status == 99)
        #expect(try server.receivedIDs() == [ids[0]])
        // The next message's mark was already on disk (it is flushed while the server answers): uncertain too, though it never left.
        #expect(try books.states() == [ids[0]: "uncertain", ids[1]: "uncertain", ids[2]: "queued"])
        #expect(try books.binary(["history"]).stdout.contains("uncertain"))
        let next = try books.binary(["send"])
        #expect(next.status == 1)
        #expect(next.stderr.contains(ids[0]) && next.stderr.contains(ids[1]))
        #expect(try server.receivedIDs() == [ids[0], ids[2]])
        #expect(try books.binary(["send", "--confirm", ids[0], "--retry", ids[1]]).status == 0)
        #expect(try server.receivedIDs().sorted() == ids, "each once")
        #expect(try books.states().values.sorted() == ["delivered", "delivered", "delivered"])
    }

    @Test func stoppedWhileCommittingTheRecords() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pcrash3", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 2, password: "pcrash3", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let crashed = try books.binary(["send"], environment: ["RELANCE_FAIL_AFTER": "delivery-files"])
        #expect(crashed.status == 99)
        #expect(try server.received().count == 2)
        let next = try books.binary(["send"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try server.received().count == 2)
        #expect(try books.states().values.sorted() == ["delivered", "delivered"])
        #expect(try books.gitOut(["status", "--porcelain"]) == "")
        let history = String(decoding: try books.committed("history/2026.books"), as: UTF8.self)
        #expect(history.components(separatedBy: " delivered ").count == 3, "each record once: \(history)")
    }

    @Test func killedForRealInTheMiddleOfABatch() throws {
        let tmp = try TempFolder(prefix: "relance-srv")
        let cert = try Certificate(in: tmp)
        let server = try SMTPServer(mode: .starttls, certificate: cert, password: "pkill", outdir: tmp.path + "/out")
        let books = try DeliveryBooks(count: 60, password: "pkill", smtp: smtpSection(port: server.port, certificate: cert))
        #expect(books.run().status == .ok)
        let ids = try books.emails().map(\.id)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DeliveryBooks.executable)
        // As of the books' day: on the real clock their reminders would be older than send_within, and stale.
        p.arguments = ["send", "--as-of", DeliveryBooks.asOf]
        p.currentDirectoryURL = books.rootURL
        p.environment = books.environment.merging(gitIsolation) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while try server.received().count < 5 && Date() < deadline { usleep(2000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let before = try server.receivedIDs()
        #expect(before.count >= 5 && before.count < 60, "killed mid-batch: \(before.count) received")
        let states = try books.states()
        let uncertain = states.filter { $0.value == "uncertain" }.map(\.key)
        #expect(uncertain.count <= 2, "the message in flight and the next one, marked while the server answered")
        let next = try books.binary(["send"])
        #expect(next.status == (uncertain.isEmpty ? 0 : 1), "\(next.stderr)")
        if !uncertain.isEmpty {
            let got = Set(try server.receivedIDs())
            let resolve = uncertain.flatMap { [got.contains($0) ? "--confirm" : "--retry", $0] }
            let r = try books.binary(["send"] + resolve)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try server.receivedIDs().sorted() == ids, "each reminder received exactly once")
        #expect(Set(try books.states().values) == ["delivered"])
    }
}

/// Reading the settings of relance.toml.
@Suite struct DeliverySettingsTests {
    @Test func smtpKeys() {
        let (config, diagnostics) = ConfigParser.parse("""
            [company]
            name = "X"
            [smtp]
            host = "smtp.example.com"
            username = "me"
            password_command = "pass show smtp"
            ca_file = "certs/private.pem"
            timeout = 20
            bcc_self = true
            """)
        #expect(diagnostics.isEmpty)
        let s = config?.smtp
        #expect(s?.port == 587 && s?.security == "starttls" && s?.caFile == "certs/private.pem" && s?.timeout == 20 && s?.bccSelf == true)
    }

    @Test func bothTablesAreRefusedWhereTheyAre() {
        let text = "[company]\nname = \"X\"\n[smtp]\nhost = \"h\"\n[sendmail]\ncommand = \"msmtp -t\"\n"
        let (config, diagnostics) = ConfigParser.parse(text)
        #expect(config == nil)
        #expect(diagnostics.map(\.message) == ["relance.toml has both [smtp] and [sendmail]: relance would not know which one sends"])
        #expect(diagnostics.first?.location.line == 5)
    }

    @Test func badValuesAreLocated() {
        let (_, diagnostics) = ConfigParser.parse("[company]\nname = \"X\"\n[smtp]\nhost = \"h\"\ntimeout = 0\npassword_env = \"A\"\npassword_command = \"b\"\n")
        #expect(diagnostics.map(\.location.line).sorted() == [5, 7])
    }

    @Test func timestampsAreUTC() {
        #expect(Deliverer.timestamp(DeliveryBooks.now) == "2026-11-22T10:00:00Z")
        #expect(Deliverer.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(Deliverer.timestamp(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test func envelopeFromTheHeaders() {
        let eml = Array("From: \"Claire\" <c@x.example>\r\nTo: \"A, B\" <a@y.example>,\r\n b@y.example\r\nCc: c@z.example\r\nReply-To: c@x.example\r\nSubject: s\r\n\r\nTo: not@header.example\r\n".utf8)
        let m = MessageEnvelope.outgoing(id: "R1", bytes: eml, copyTo: "c@x.example")
        #expect(m?.sender == "c@x.example")
        #expect(m?.recipients == ["a@y.example", "b@y.example", "c@z.example", "c@x.example"])
        #expect(MessageEnvelope.replyTo(eml) == "c@x.example")
    }
}

/// `relance check` reports first what `relance send` would trip on.
@Suite struct DeliveryCheckTests {
    @Test func checkReportsAnUnreadableCAFileAndAMissingPasswordVariable() throws {
        let books = try DeliveryBooks(count: 1, smtp: "[smtp]\nhost = \"127.0.0.1\"\nca_file = \"certs/none.pem\"\npassword_env = \"NOT_SET_HERE\"\n")
        let r = books.command { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(r.status == .badData)
        #expect(r.err.contains("relance.toml:13:11: error: ca_file certs/none.pem cannot be read"), "\(r.err)")
        #expect(r.err.contains("relance.toml:14:16: warning: the environment variable NOT_SET_HERE is not set here"), "\(r.err)")
    }

    /// What `send` would skip or stop on, `check` says first: an e-mail that is not committed (send sends what git
    /// holds), a sending journal it cannot read.
    @Test func checkReportsAnUncommittedEmailAndAnUnreadableJournal() throws {
        let books = try DeliveryBooks(count: 2, smtp: smtpSection(port: try unusedPort(), certificate: nil))
        #expect(books.run().status == .ok)
        let check = { books.command { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) } }
        #expect(!check().err.contains("relance send"), "\(check().err)")
        let file = try books.gitOut(["ls-files", "reminders"]).split(separator: "\n").map(String.init).first { $0.hasSuffix(".eml") } ?? "?"
        try books.git(["rm", "--cached", "--quiet", file])
        try books.git(["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "untrack"])
        let untracked = check()
        #expect(untracked.err.contains("is not committed: relance send sends only what is in git"), "\(untracked.err)")
        #expect(untracked.err.contains("history/2026.books:"), "located at the reminder: \(untracked.err)")
        try Data("garbage line\nsending R2026-0001\n".utf8).write(to: URL(fileURLWithPath: books.root + "/.git/relance-send.journal"))
        let damaged = check()
        #expect(damaged.status == .ok, "a warning: the journal is not the books")
        #expect(damaged.err.contains("warning: the sending journal cannot be read: relance send would stop there"), "\(damaged.err)")
        #expect(books.send().status == .ioError, "send does stop there")
    }

    @Test func checkReportsASendmailProgramThatIsNotThere() throws {
        let books = try DeliveryBooks(count: 1, smtp: "[sendmail]\ncommand = \"no-such-sendmail -t\"\n")
        let r = books.command { try CheckCommand.run(.init(books: BooksOptions(books: books.root)), $0) }
        #expect(r.status == .badData)
        #expect(r.err.contains("error: the sendmail command no-such-sendmail is not found"), "\(r.err)")
    }
}

/// The sending journal on disk.
@Suite struct SendJournalTests {
    @Test func aLastLineCutShortIsIgnoredAndOthersAreKept() throws {
        let tmp = try TempFolder(prefix: "relance-journal")
        let path = tmp.path + "/relance-send.journal"
        let journal = try SendJournal(path: path)
        try journal.append(.init(.sending, "R1"), durable: true)
        try journal.append(.init(.delivered, "R1", timestamp: "2026-11-22T10:00:00Z", detail: "250 2.0.0 Ok\tqueued"), durable: false)
        try journal.append(.init(.sending, "R2"), durable: true)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("deliv".utf8) + Data(repeating: 0, count: 8))
        try handle.close()
        let read = try SendJournal(path: path)
        #expect(read.entries == [.init(.sending, "R1"), .init(.delivered, "R1", timestamp: "2026-11-22T10:00:00Z", detail: "250 2.0.0 Ok queued"),
                                 .init(.sending, "R2")])
    }

    @Test func anUnreadableLineInTheMiddleIsAnError() throws {
        let tmp = try TempFolder(prefix: "relance-journal")
        let path = tmp.path + "/relance-send.journal"
        try Data("sending\tR1\t\t\ngarbage\nsending\tR2\t\t\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SendJournalError.self) { try SendJournal(path: path) }
    }
}
