import Books
@testable import Documents
import Foundation
import Testing

// MARK: Fixtures

/// PDF-looking bytes with every byte value in them, generated (not random) so goldens are stable.
private func pdfLikeBytes() -> [UInt8] {
    var bytes = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    bytes += (0...255).map { UInt8($0) }
    var x: UInt32 = 2026
    for _ in 0..<301 {
        x = x &* 1_103_515_245 &+ 12345
        bytes.append(UInt8(truncatingIfNeeded: x >> 16))
    }
    return bytes + Array("\n%%EOF\n".utf8)
}

private func date(_ iso: String, _ hour: Int, _ minute: Int, offset: Int) -> MailDate {
    MailDate(day: Day(iso)!, hour: hour, minute: minute, second: 0, utcOffsetMinutes: offset)!
}

private let frText = """
    Bonjour Madame Dupont,

    Sauf erreur de notre part, la facture F2026-014 du 1er octobre 2026, d'un montant de 1\u{202F}234,56\u{00A0}€, est échue depuis le 22 octobre 2026 et reste impayée à ce jour malgré notre précédent courriel.
    Des pénalités de retard au taux de 12,15\u{00A0}% sont applicables, ainsi que l'indemnité forfaitaire de 40\u{00A0}€ (art. L441-10 du Code de commerce).
    Ligne avec espaces finales  \u{20}
    .ligne commençant par un point
    From the desk of: =?égal?= = 3
    Merci de régulariser ce règlement sous huit jours.

    Cordialement,
    Élodie Martin — Studio Brume

    """

private let frHTML = """
    <!DOCTYPE html>
    <html lang="fr"><body>
    <p>Bonjour Madame Dupont,</p>
    <p>La facture <strong>F2026-014</strong> d'un montant de 1\u{202F}234,56\u{00A0}€ est échue depuis le 22 octobre 2026.</p>
    <p>Cordialement,<br>Élodie Martin — Studio Brume</p>
    </body></html>

    """

/// A French reminder using every feature: accents everywhere, Cc, Reply-To, an extra header,
/// an HTML alternative and a binary attachment with a non-ASCII file name.
private func frenchReminder() -> MailMessage {
    MailMessage(
        from: MailAddress(name: "Élodie Martin — Studio Brume", address: "elodie@studio-brume.example"),
        to: [MailAddress(name: "Société Dupont & Fils", address: "compta@dupont.example")],
        cc: [MailAddress(name: "Dupont, Jean", address: "jean@dupont.example"),
             MailAddress(address: "archives@studio-brume.example")],
        replyTo: MailAddress(address: "factures@studio-brume.example"),
        subject: "Relance : facture F2026-014 échue",
        date: date("2026-11-22", 9, 0, offset: 60),
        messageID: "R2026-0007.acme@relance.example",
        headers: [MailHeader("X-Relance-Reminder", "R2026-0007")],
        textBody: frText,
        htmlBody: frHTML,
        attachments: [MailAttachment(filename: "relance-F2026-014-échue.pdf", contentType: "application/pdf",
                                     bytes: pdfLikeBytes())]
    )
}

/// The smallest form: one English text part whose last line has no line break.
private func englishReminder() -> MailMessage {
    MailMessage(
        from: MailAddress(name: "Studio Brume Ltd.", address: "billing@studio-brume.example"),
        to: [MailAddress(name: "Acme Corp", address: "ap@acme.example")],
        subject: "Reminder: invoice F2026-015 is overdue",
        date: date("2026-02-03", 17, 45, offset: -300),
        messageID: "R2026-0008.acme@relance.example",
        textBody: "Hello,\n\nInvoice F2026-015 of €1,234.56 was due on 3 January 2026.\nKind regards,\nStudio Brume"
    )
}

// MARK: Goldens (read and written through #filePath, next to this file)

private func checkGolden(_ bytes: [UInt8], _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try GoldenFile.check(bytes, folder: "mail", name: name, sourceLocation: sourceLocation)
}

@Test("French reminder with HTML and attachment matches its golden .eml")
func frenchGolden() throws {
    try checkGolden(try frenchReminder().render(), "reminder-fr-html-attachment.eml")
}

@Test("English single-part reminder matches its golden .eml")
func englishGolden() throws {
    try checkGolden(try englishReminder().render(), "reminder-en-plain.eml")
}

// MARK: Independent parser (Python's email package)

private struct Parsed: Decodable {
    struct Mailbox: Decodable, Equatable { var name: String; var address: String }
    struct Attachment: Decodable { var filename: String?; var contentType: String; var hex: String }
    var headerNames: [String]
    /// From then To display names through `email.header.decode_header`, the RFC 2047 decoder.
    var legacyNames: [String]
    var subject: String?
    var from: [Mailbox]
    var to: [Mailbox]
    var cc: [Mailbox]
    var replyTo: [Mailbox]
    var messageID: String
    var date: String
    var extra: [String: String]
    var contentTypes: [String]
    var defects: [String]
    var text: String?
    var html: String?
    var attachments: [Attachment]
}

private let parserScript = #"""
import sys, json, email
from email import policy
from email.header import decode_header, make_header
from email.utils import getaddresses
data = sys.stdin.buffer.read()
msg = email.message_from_bytes(data, policy=policy.default)
raw = email.message_from_bytes(data)  # compat32: raw header values for the RFC 2047 decoder
def legacy(h):
    return [str(make_header(decode_header(n))) for n, a in getaddresses(raw.get_all(h) or [])]
defects = []
for part in msg.walk():
    defects += [type(d).__name__ for d in part.defects]
    for k, v in part.items():
        defects += [k + ': ' + type(d).__name__ for d in getattr(v, 'defects', ())]
def addrs(h):
    v = msg[h]
    return [{'name': a.display_name, 'address': a.addr_spec} for a in v.addresses] if v is not None else []
body = msg.get_body(preferencelist=('plain',))
html = msg.get_body(preferencelist=('html',))
print(json.dumps({
    'headerNames': [k for k, _ in msg.items()],
    'subject': None if msg['subject'] is None else str(msg['subject']),
    'legacyNames': legacy('from') + legacy('to'),
    'from': addrs('from'), 'to': addrs('to'), 'cc': addrs('cc'), 'replyTo': addrs('reply-to'),
    'messageID': str(msg['message-id']),
    'date': msg['date'].datetime.isoformat(),
    'extra': {k: str(v) for k, v in msg.items() if k.lower().startswith('x-')},
    'contentTypes': [p.get_content_type() for p in msg.walk()],
    'defects': defects,
    'text': None if body is None else body.get_content(),
    'html': None if html is None else html.get_content(),
    'attachments': [{'filename': p.get_filename(), 'contentType': p.get_content_type(),
                     'hex': p.get_payload(decode=True).hex()} for p in msg.iter_attachments()],
}))
"""#

private func python(_ script: String, input: [UInt8], arguments: [String] = []) throws -> Data {
    try run(["python3", "-c", script] + arguments, input: input)
}


private func parse(_ eml: [UInt8]) throws -> Parsed {
    try JSONDecoder().decode(Parsed.self, from: try python(parserScript, input: eml))
}

private func lf(_ s: String?) -> String? { s?.replacingOccurrences(of: "\r\n", with: "\n") }

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Test("Python's email parser reads back every field of the French reminder")
func frenchRoundTrip() throws {
    let message = frenchReminder()
    let p = try parse(try message.render())
    #expect(p.defects == [])
    #expect(p.headerNames == ["Date", "From", "To", "Cc", "Reply-To", "Subject", "Message-ID", "MIME-Version",
                              "X-Relance-Reminder", "Content-Type"])
    #expect(p.subject == "Relance : facture F2026-014 échue")
    #expect(p.from == [.init(name: "Élodie Martin — Studio Brume", address: "elodie@studio-brume.example")])
    #expect(p.to == [.init(name: "Société Dupont & Fils", address: "compta@dupont.example")])
    #expect(p.legacyNames == ["Élodie Martin — Studio Brume", "Société Dupont & Fils"])
    #expect(p.cc == [.init(name: "Dupont, Jean", address: "jean@dupont.example"),
                     .init(name: "", address: "archives@studio-brume.example")])
    #expect(p.replyTo == [.init(name: "", address: "factures@studio-brume.example")])
    #expect(p.messageID == "<R2026-0007.acme@relance.example>")
    #expect(p.date == "2026-11-22T09:00:00+01:00")
    #expect(p.extra == ["X-Relance-Reminder": "R2026-0007"])
    #expect(p.contentTypes == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
    #expect(lf(p.text) == frText)
    #expect(lf(p.html) == frHTML)
    #expect(p.attachments.count == 1)
    #expect(p.attachments.first?.filename == "relance-F2026-014-échue.pdf")
    #expect(p.attachments.first?.contentType == "application/pdf")
    #expect(p.attachments.first?.hex == hex(pdfLikeBytes()))
}

@Test("Python's email parser reads back the English single-part reminder")
func englishRoundTrip() throws {
    let p = try parse(try englishReminder().render())
    #expect(p.defects == [])
    #expect(p.subject == "Reminder: invoice F2026-015 is overdue")
    #expect(p.from == [.init(name: "Studio Brume Ltd.", address: "billing@studio-brume.example")])
    #expect(p.date == "2026-02-03T17:45:00-05:00")
    #expect(p.contentTypes == ["text/plain"])
    #expect(lf(p.text) == englishReminder().textBody)  // exact: the final soft break adds nothing
    #expect(p.html == nil)
    #expect(p.attachments.isEmpty)
}

/// Subjects and names that stress folding and encoded-word splitting.
private let trickyTexts = [
    "Relance : facture F2026-014 échue",
    String(repeating: "é", count: 200),
    String(repeating: "Relance très urgente ", count: 12),
    "Émoji 🧾💶 et drapeau 🇫🇷, famille 👨‍👩‍👧‍👦 — fin",
    "Looks like an encoded word =?UTF-8?Q?abc?= but is not",
    "Underscore_and ?question? and =equals= and \"quotes\" and \\backslash",
    "https://example.com/" + String(repeating: "a", count: 120) + " trailing",
    "x",
    "Dupont, Jean (comptabilité) <compta>",
    "Ünïcödé" + String(repeating: "-", count: 70) + "ascii tail",
    "\u{00A0}12,15\u{00A0}%\u{202F}",
]

@Test("tricky subjects and display names survive Python's parser", arguments: trickyTexts)
func trickyHeaders(_ text: String) throws {
    var message = englishReminder()
    message.subject = text
    message.from.name = text
    message.to = [MailAddress(name: text, address: "a@example.com"), MailAddress(name: text, address: "b@example.com")]
    message.headers = [MailHeader("X-Note", text)]
    let eml = try message.render()
    checkWireFormat(eml)
    let p = try parse(eml)
    let expected = MIME.sanitize(text)
    #expect(p.defects == [])
    #expect(p.subject == expected)
    #expect(p.extra["X-Note"] == expected)
    #expect(p.to.map(\.address) == ["a@example.com", "b@example.com"])
    // Display names, exactly, through Python's RFC 2047 decoder.
    #expect(p.legacyNames == [expected, expected, expected])
    // Python's modern address parser keeps the whitespace between two adjacent encoded-words in
    // a phrase, which RFC 2047 section 6.2 says to drop (its own output has the same problem),
    // so its reading is only compared with whitespace removed.
    let squeezed = { (s: String?) in s.map { String($0.unicodeScalars.filter { $0 != " " }) } }
    #expect(squeezed(p.from.first?.name) == squeezed(expected))
    #expect(p.to.map { squeezed($0.name) } == [squeezed(expected), squeezed(expected)])
}

/// CRLF only, 7-bit only, every line at most 78 characters, headers end at the first blank line.
private func checkWireFormat(_ eml: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var lineLength = 0
    for (i, b) in eml.enumerated() {
        #expect(b < 128, "non-ASCII byte at \(i)", sourceLocation: sourceLocation)
        if b == 13 {
            #expect(i + 1 < eml.count && eml[i + 1] == 10, "bare CR at \(i)", sourceLocation: sourceLocation)
        } else if b == 10 {
            #expect(i > 0 && eml[i - 1] == 13, "bare LF at \(i)", sourceLocation: sourceLocation)
            lineLength = 0
            continue
        } else {
            lineLength += 1
        }
        if lineLength > 78 {
            Issue.record("line longer than 78 at byte \(i)", sourceLocation: sourceLocation)
            return
        }
    }
    #expect(eml.suffix(2) == [13, 10], "message must end with CRLF", sourceLocation: sourceLocation)
}

@Test("goldens and tricky renders respect the wire format")
func wireFormat() throws {
    checkWireFormat(try frenchReminder().render())
    checkWireFormat(try englishReminder().render())
}

// MARK: Bodies

private let trickyBodies = [
    "",
    "no final line break",
    "ends with line break\n",
    "CRLF\r\nand lone CR\rand LF\n",
    String(repeating: "=", count: 200),
    String(repeating: "é", count: 100) + "\n" + String(repeating: "a", count: 75) + "é\n",
    String(repeating: "a", count: 75) + " \n" + String(repeating: "b", count: 76) + "\n" + String(repeating: "c", count: 77),
    "trailing tab\t\ntrailing spaces   \n   \n\t",
    ".\n..\nFrom here\nFrom\nFromage\n",
    "binary-ish \u{0}\u{1}\u{7F} controls",
    "🧾 " + String(repeating: "💶", count: 40),
]

@Test("text bodies round-trip through Python's parser", arguments: trickyBodies)
func trickyBodyRoundTrip(_ body: String) throws {
    for html in [false, true] {
        var message = englishReminder()
        message.textBody = body
        message.htmlBody = html ? "<p>" + body + "</p>" : nil
        let eml = try message.render()
        checkWireFormat(eml)
        let p = try parse(eml)
        #expect(p.defects == [])
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(lf(p.text) == normalized)
        if html { #expect(lf(p.html) == "<p>" + normalized + "</p>") }
    }
}

@Test("quoted-printable lines are strictly valid and decode with Python's quopri", arguments: trickyBodies)
func quotedPrintableStrict(_ body: String) throws {
    let encoded = MIME.quotedPrintable(body)
    for line in String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n") {
        let bytes = Array(line.utf8)
        #expect(bytes.count <= 76, "\(line.debugDescription)")
        #expect(bytes.last != 32 && bytes.last != 9, "trailing whitespace in \(line.debugDescription)")
        #expect(!line.hasPrefix(".") && !line.hasPrefix("From "))
        for (i, b) in bytes.enumerated() {
            #expect((b >= 33 && b <= 126) || b == 32 || b == 9, "raw byte \(b) in \(line.debugDescription)")
            if b == UInt8(ascii: "=") && i != bytes.count - 1 {
                let isHex = { (c: UInt8) in (48...57).contains(c) || (65...70).contains(c) }
                #expect(i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2]), "bad escape in \(line.debugDescription)")
            }
        }
    }
    let decoded = try python("import sys, quopri; sys.stdout.buffer.write(quopri.decodestring(sys.stdin.buffer.read()))",
                             input: encoded)
    let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    #expect(String(decoding: decoded, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") == normalized)
}

private let longAccented = String(repeating: "Relevé détaillé des échéances ", count: 12) + "fin.pdf"
private let longASCII = String(repeating: "statement-", count: 30) + ".txt"

@Test("attachments of every padding length round-trip, ASCII and non-ASCII names", arguments: [0, 1, 2, 3, 56, 57, 58, 1000])
func attachmentRoundTrip(_ size: Int) throws {
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    var message = englishReminder()
    message.attachments = [
        MailAttachment(filename: "invoice F2026-015.pdf", contentType: "application/pdf", bytes: bytes),
        MailAttachment(filename: "relevé « août » n°3 — 🧾.bin", contentType: "application/octet-stream", bytes: bytes.reversed()),
        MailAttachment(filename: longAccented, contentType: "application/pdf", bytes: bytes),
        MailAttachment(filename: longASCII, contentType: "text/plain", bytes: bytes),
    ]
    let eml = try message.render()
    checkWireFormat(eml)
    let p = try parse(eml)
    #expect(p.defects == [])
    #expect(p.attachments.map(\.filename) == ["invoice F2026-015.pdf", "relevé « août » n°3 — 🧾.bin", longAccented, longASCII])
    #expect(p.attachments.map(\.contentType) == ["application/pdf", "application/octet-stream", "application/pdf", "text/plain"])
    #expect(p.attachments.map(\.hex) == [hex(bytes), hex(bytes.reversed()), hex(bytes), hex(bytes)])
    #expect(lf(p.text) == message.textBody)
    // Base64 agrees with Foundation's independent encoder.
    let expected = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    #expect(String(decoding: MIME.base64(bytes), as: UTF8.self) == expected)
}

@Test("the ASCII fallback file name drops French accents")
func filenameFallback() {
    #expect(MIME.shortened(longASCII, to: 60) == String(longASCII.prefix(56)) + ".txt")
    #expect(MIME.asciiFallback("relancé-Œuvre-ça.pdf") == "relance-OEuvre-ca.pdf")
    #expect(MIME.asciiFallback("🧾 n°3.pdf") == "_ n_3.pdf")
}

// MARK: Safety

@Test("CR/LF in free text cannot create a header")
func headerInjectionInFreeText() throws {
    let evil = "Hello\r\nBcc: victim@example.com\nX-Evil: 1\r\n\r\nbody"
    var message = englishReminder()
    message.subject = evil
    message.from.name = evil
    message.to = [MailAddress(name: evil, address: "ap@acme.example")]
    message.headers = [MailHeader("X-Note", evil)]
    message.attachments = [MailAttachment(filename: evil, contentType: "text/plain", bytes: [65])]
    let eml = try message.render()
    checkWireFormat(eml)
    let text = String(decoding: eml, as: UTF8.self)
    for line in text.components(separatedBy: "\r\n") {
        #expect(!line.lowercased().hasPrefix("bcc:") && !line.lowercased().hasPrefix("x-evil:"), "\(line)")
    }
    let p = try parse(eml)
    #expect(p.headerNames == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "X-Note", "Content-Type"])
    let flattened = "Hello Bcc: victim@example.com X-Evil: 1 body"
    #expect(p.subject == flattened)
    #expect(p.from.first?.name == flattened)
    #expect(p.to == [.init(name: flattened, address: "ap@acme.example")])
    #expect(p.attachments.first?.filename == flattened)
}

@Test("structured values with CR/LF or bad syntax are rejected")
func structuredValuesRejected() {
    func renders(_ change: (inout MailMessage) -> Void) -> MailError? {
        var message = englishReminder()
        change(&message)
        do { _ = try message.render(); return nil } catch { return error }
    }
    #expect(renders { $0.to[0].address = "ap@acme.example\r\nBcc: x@y" } == .invalidAddress("ap@acme.example\r\nBcc: x@y"))
    #expect(renders { $0.from.address = "billing@studio-brume.example>" } == .invalidAddress("billing@studio-brume.example>"))
    #expect(renders { $0.cc = [MailAddress(address: "no-at-sign")] } == .invalidAddress("no-at-sign"))
    #expect(renders { $0.replyTo = MailAddress(address: "élodie@example.fr") } == .invalidAddress("élodie@example.fr"))
    #expect(renders { $0.to[0].address = "a..b@example.com" } == .invalidAddress("a..b@example.com"))
    #expect(renders { $0.to[0].address = "a b@example.com" } == .invalidAddress("a b@example.com"))
    #expect(renders { $0.messageID = "x@y>\r\nBcc: v@w" } == .invalidMessageID("x@y>\r\nBcc: v@w"))
    #expect(renders { $0.messageID = "<x@y>" } == .invalidMessageID("<x@y>"))
    #expect(renders { $0.headers = [MailHeader("X-A\r\nBcc", "v")] } == .invalidHeaderName("X-A\r\nBcc"))
    #expect(renders { $0.headers = [MailHeader("X A", "v")] } == .invalidHeaderName("X A"))
    #expect(renders { $0.headers = [MailHeader("", "v")] } == .invalidHeaderName(""))
    #expect(renders { $0.headers = [MailHeader("bcc", "v")] } == .reservedHeaderName("bcc"))
    #expect(renders { $0.headers = [MailHeader("Content-Type", "text/html")] } == .reservedHeaderName("Content-Type"))
    #expect(renders { $0.headers = [MailHeader("Subject", "v")] } == .reservedHeaderName("Subject"))
    #expect(renders { $0.to = [] } == .noRecipient)
    let badType = "application/pdf\r\nX-Evil: 1"
    #expect(renders { $0.attachments = [MailAttachment(filename: "a", contentType: badType, bytes: [])] }
            == .invalidContentType(badType))
    #expect(renders { $0.attachments = [MailAttachment(filename: "a", contentType: "pdf", bytes: [])] }
            == .invalidContentType("pdf"))
    #expect(renders { _ in } == nil)
}

@Test("address syntax check")
func addressCheck() {
    for ok in ["a@b", "jean.dupont@example.fr", "x+tag@sub.example.com", "o'brien@example.ie"] {
        #expect(MailAddress.isValidAddress(ok), "\(ok)")
    }
    for bad in ["", "@b", "a@", "a@b@c", ".a@b", "a.@b", "a@b.", "\"a b\"@c", "a@[1.2.3.4]", "a@b\n", "a\r@b",
                String(repeating: "a", count: 250) + "@b.fr"] {
        #expect(!MailAddress.isValidAddress(bad), "\(bad.debugDescription)")
    }
}

// MARK: Dates and determinism

@Test("RFC 5322 dates", arguments: [
    ("2026-11-22", 9, 0, 0, 60, "Sun, 22 Nov 2026 09:00:00 +0100"),
    ("2026-07-01", 23, 59, 60, 120, "Wed, 01 Jul 2026 23:59:60 +0200"),
    ("2028-02-29", 0, 5, 7, -330, "Tue, 29 Feb 2028 00:05:07 -0530"),
    ("1970-01-01", 12, 0, 0, 0, "Thu, 01 Jan 1970 12:00:00 +0000"),
])
func rfc5322Dates(_ iso: String, _ h: Int, _ m: Int, _ s: Int, _ offset: Int, _ expected: String) throws {
    let d = try #require(MailDate(day: Day(iso)!, hour: h, minute: m, second: s, utcOffsetMinutes: offset))
    #expect(d.rfc5322 == expected)
}

@Test("out-of-range date fields are refused")
func invalidDates() {
    let day = Day("2026-11-22")!
    #expect(MailDate(day: day, hour: 24, minute: 0, utcOffsetMinutes: 0) == nil)
    #expect(MailDate(day: day, hour: 0, minute: 60, utcOffsetMinutes: 0) == nil)
    #expect(MailDate(day: day, hour: 0, minute: 0, second: 61, utcOffsetMinutes: 0) == nil)
    #expect(MailDate(day: day, hour: 0, minute: 0, utcOffsetMinutes: 1440) == nil)
    #expect(MailDate(day: day, hour: 0, minute: 0, utcOffsetMinutes: -1440) == nil)
}

@Test("rendering is deterministic and depends on the content")
func determinism() throws {
    let a = try frenchReminder().render()
    let b = try frenchReminder().render()
    #expect(a == b)
    var other = frenchReminder()
    other.messageID = "R2026-0009.acme@relance.example"
    let c = try other.render()
    #expect(c != a)
    // Boundaries come from the message id, so two messages never share them.
    let boundary = { (eml: [UInt8]) in
        String(decoding: eml, as: UTF8.self).components(separatedBy: "boundary=\"")[1].prefix { $0 != "\"" }
    }
    #expect(boundary(a) != boundary(c))
    #expect(boundary(a).hasPrefix("=_relance_1_"))
}
