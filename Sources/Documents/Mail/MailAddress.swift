/// A mailbox: optional display name and a plain ASCII address (`jean@example.fr`).
/// Rendered as `Jean Dupont <jean@example.fr>`, `"Dupont, Jean" <…>` when the name has
/// specials, or `=?UTF-8?Q?…?= <…>` when it is not plain ASCII.
public struct MailAddress: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// True for `local@domain` where both sides are RFC 5322 dot-atoms of ASCII characters
    /// (no spaces, quotes, brackets, CR or LF) and the whole is at most 254 bytes.
    public static func isValidAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        return MIME.isDotAtom(bytes[..<at]) && MIME.isDotAtom(bytes[(at + 1)...])
    }
}

/// An extra header line such as `X-Relance-Reminder: R2026-0007`. The name must be printable
/// ASCII and not one the writer sets itself; the value is free text (sanitised, encoded if needed).
public struct MailHeader: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A file attached to a message, sent as base64.
public struct MailAttachment: Sendable, Equatable, Hashable {
    /// Any Unicode name; non-ASCII names are sent as RFC 2231 `filename*` plus an ASCII fallback.
    public var filename: String
    /// `type/subtype`, e.g. `application/pdf`.
    public var contentType: String
    public var bytes: [UInt8]

    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
