/// An e-mail ready to be written as an `.eml` file (RFC 5322 + MIME), byte-for-byte
/// deterministic: the same value always renders to the same bytes.
///
/// Structure: a `text/plain` part; `multipart/alternative` (text then HTML) when `htmlBody` is
/// set; `multipart/mixed` around that when there are attachments. Bodies are UTF-8 in
/// quoted-printable, attachments base64. Header order is fixed: Date, From, To, Cc, Reply-To,
/// Subject, Message-ID, MIME-Version, the extra `headers` in their order, then Content-*.
/// There is no Bcc: blind copies are a matter for the SMTP envelope, not the message.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    public var date: MailDate
    /// The id without angle brackets, e.g. `R2026-0007.acme@relance.example`.
    public var messageID: String
    /// Extra headers such as `X-Relance-Reminder`, written after MIME-Version.
    public var headers: [MailHeader]
    /// Plain text; LF, CR or CRLF line breaks are all sent as CRLF.
    public var textBody: String
    /// Optional HTML alternative to `textBody`.
    public var htmlBody: String?
    public var attachments: [MailAttachment]

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: MailAddress? = nil,
        subject: String, date: MailDate, messageID: String, headers: [MailHeader] = [],
        textBody: String, htmlBody: String? = nil, attachments: [MailAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.headers = headers
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
    }

    /// Headers that `headers` may not set, because the writer sets them (compared case-insensitively;
    /// any `Content-*` name is reserved too).
    public static let reservedHeaderNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id", "mime-version",
    ]

    /// The complete `.eml` bytes, CRLF line endings, ending with CRLF.
    ///
    /// Throws for structured values that cannot be made safe (addresses, message id, extra
    /// header names, attachment media types). Free text is sanitised instead: in the subject,
    /// display names, extra header values and file names, CR, LF and other control characters
    /// become spaces and runs of spaces collapse, so no input can start a new header line.
    public func render() throws(MailError) -> [UInt8] {
        try validate()
        var out: [UInt8] = []
        var field = HeaderField("Date")
        field.append(date.rfc5322)
        out += field.finished
        out += addressField("From", [from])
        out += addressField("To", to)
        if !cc.isEmpty { out += addressField("Cc", cc) }
        if let replyTo { out += addressField("Reply-To", [replyTo]) }
        field = HeaderField("Subject")
        field.appendUnstructured(MIME.sanitize(subject))
        out += field.finished
        field = HeaderField("Message-ID")
        field.append("<" + messageID + ">")
        out += field.finished
        out += Array("MIME-Version: 1.0".utf8) + MIME.crlf
        for header in headers {
            field = HeaderField(header.name)
            field.appendUnstructured(MIME.sanitize(header.value))
            out += field.finished
        }
        var boundaries = BoundaryMaker(messageID: messageID)
        out += entity(&boundaries)
        if out.last != 10 { out += MIME.crlf }
        return out
    }

    /// Checks every structured value; see `MailError`.
    public func validate() throws(MailError) {
        guard !to.isEmpty else { throw .noRecipient }
        for mailbox in [from] + to + cc + (replyTo.map { [$0] } ?? []) {
            guard MailAddress.isValidAddress(mailbox.address) else { throw .invalidAddress(mailbox.address) }
        }
        guard MailAddress.isValidAddress(messageID) else { throw .invalidMessageID(messageID) }
        for header in headers {
            let name = header.name
            guard !name.isEmpty, name.utf8.count <= 76,
                  name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") })
            else { throw .invalidHeaderName(name) }
            let lower = name.lowercased()
            guard !MailMessage.reservedHeaderNames.contains(lower), !lower.hasPrefix("content-")
            else { throw .reservedHeaderName(name) }
        }
        for attachment in attachments {
            let parts = attachment.contentType.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(MIME.isTokenChar) })
            else { throw .invalidContentType(attachment.contentType) }
        }
    }

    // MARK: Rendering

    private func addressField(_ name: String, _ mailboxes: [MailAddress]) -> [UInt8] {
        var field = HeaderField(name)
        for (i, mailbox) in mailboxes.enumerated() {
            let separator = i == mailboxes.count - 1 ? "" : ","
            let displayName = MIME.sanitize(mailbox.name ?? "")
            if displayName.isEmpty {
                field.append(mailbox.address + separator)
            } else {
                field.appendPhrase(displayName)
                field.append("<" + mailbox.address + ">" + separator)
            }
        }
        return field.finished
    }

    /// Content-* headers, a blank line and the body of the top-level entity.
    private func entity(_ boundaries: inout BoundaryMaker) -> [UInt8] {
        var body = htmlBody == nil
            ? Part.text(textBody, subtype: "plain")
            : Part.multipart("alternative", [.text(textBody, subtype: "plain"), .text(htmlBody!, subtype: "html")])
        if !attachments.isEmpty {
            body = .multipart("mixed", [body] + attachments.map { Part.attachment($0) })
        }
        var out = body.render(&boundaries)
        // A single text part that does not end with a line break gets a soft line break, which
        // decodes to nothing, so that the file still ends with CRLF and the text is unchanged.
        if case .text = body, out.last != 10 { out += [UInt8(ascii: "=")] }
        return out
    }
}

/// Names the boundaries of one message: `=_relance_<n>_<hash of the message id>`.
/// "=_" can never occur in the encoded content: in quoted-printable "=" is always followed by two
/// hex digits or a line break, and base64 has no "_" while its "=" appears only as final padding.
struct BoundaryMaker {
    let hash: String
    var counter = 0

    init(messageID: String) {
        var h = String(MIME.fnv1a(messageID.utf8), radix: 16)
        while h.count < 16 { h = "0" + h }
        hash = h
    }

    mutating func next() -> String {
        counter += 1
        return "=_relance_" + String(counter) + "_" + hash
    }
}

/// One MIME entity: Content-* header fields, a blank line, then the encoded body.
private indirect enum Part {
    case text(String, subtype: String)
    case attachment(MailAttachment)
    case multipart(String, [Part])

    /// Header fields, blank line and body; the body does not end with a line break of its own.
    func render(_ boundaries: inout BoundaryMaker) -> [UInt8] {
        var out: [UInt8] = []
        switch self {
        case let .text(text, subtype):
            out += Array("Content-Type: text/\(subtype); charset=UTF-8".utf8) + MIME.crlf
            out += Array("Content-Transfer-Encoding: quoted-printable".utf8) + MIME.crlf
            out += MIME.crlf
            out += MIME.quotedPrintable(text)
        case let .attachment(attachment):
            // The exact name goes in Content-Disposition; an ASCII stand-in goes in the Content-Type
            // `name` parameter for old readers. Both `filename` and `filename*` in one field would
            // be duplicates to some parsers (Python keeps the first), so only one of them is sent.
            let name = MIME.sanitize(attachment.filename)
            let fallback = MIME.shortened(MIME.asciiFallback(name), to: 60)
            var type = HeaderField("Content-Type")
            type.append(attachment.contentType + ";")
            type.append("name=" + MIME.quoted(fallback))
            out += type.finished
            var disposition = HeaderField("Content-Disposition")
            disposition.append("attachment;")
            if fallback == name {
                disposition.append("filename=" + MIME.quoted(name))
            } else {
                disposition.appendExtendedParameter("filename", name)
            }
            out += disposition.finished
            out += Array("Content-Transfer-Encoding: base64".utf8) + MIME.crlf
            out += MIME.crlf
            out += MIME.base64(attachment.bytes)
        case let .multipart(subtype, parts):
            let boundary = boundaries.next()
            var type = HeaderField("Content-Type")
            type.append("multipart/" + subtype + ";")
            type.append("boundary=\"" + boundary + "\"")
            out += type.finished
            out += MIME.crlf
            out += Array("This is a multi-part message in MIME format.".utf8) + MIME.crlf
            for part in parts {
                out += Array(("--" + boundary).utf8) + MIME.crlf
                out += part.render(&boundaries)
                out += MIME.crlf
            }
            out += Array(("--" + boundary + "--").utf8)
        }
        return out
    }
}
