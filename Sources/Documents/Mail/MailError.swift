/// Why a message cannot be rendered. Free text (subject, display names, extra header values,
/// file names) is sanitised instead; structured values (addresses, ids, header names, media
/// types) are rejected, so no input can add a header line or a MIME part.
public enum MailError: Error, Equatable, Sendable {
    /// Not a plain ASCII `local@domain` (dot-atoms only, at most 254 bytes).
    case invalidAddress(String)
    /// The id must look like an address (`left@right`, without angle brackets).
    case invalidMessageID(String)
    /// An extra header name that is empty, too long or has characters outside `!`...`~` or `:`.
    case invalidHeaderName(String)
    /// An extra header that the writer sets itself (Date, From, To, Content-Type...).
    case reservedHeaderName(String)
    /// An attachment media type that is not `type/subtype` made of RFC 2045 tokens.
    case invalidContentType(String)
    /// A message needs at least one `To` address.
    case noRecipient
}
