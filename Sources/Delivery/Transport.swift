/// One e-mail to hand to the server: the committed .eml as it is, and its envelope.
public struct OutgoingMessage: Sendable {
    /// The reminder id (R2026-0007).
    public var id: String
    /// MAIL FROM: the From address of the message.
    public var sender: String
    /// RCPT TO: every To and Cc address, and the copy to self when asked.
    public var recipients: [String]
    /// The message, byte for byte the committed .eml.
    public var bytes: [UInt8]

    public init(id: String, sender: String, recipients: [String], bytes: [UInt8]) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.bytes = bytes
    }
}

/// What became of one message handed to a transport.
public enum DeliveryResult: Equatable, Sendable {
    /// The server took it (its 250 reply, or the command's success).
    case delivered(reply: String)
    /// Refused for good (5xx, e.g. an unknown recipient): marked failed, never retried on its own.
    case rejected(reply: String)
    /// Refused for now (4xx): stays queued, the next send tries again.
    case deferred(reply: String)
    /// The connection broke after the whole message was handed over, before the server answered:
    /// it may have gone. Left as `sending`, so uncertain, and the batch stops.
    case unknown(reason: String)
}

/// A failure that stops the whole batch before the current message could go (nothing of it reached
/// the server): login refused, no connection, time-out, no STARTTLS, a sendmail command that cannot run.
public struct TransportFailure: Error, Equatable, Sendable {
    public enum Kind: Sendable, Equatable { case login, connection, security, configuration }
    public var kind: Kind
    /// For the user; never holds the password.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Hands messages to a mail server, one connection for the batch.
public protocol MailTransport: AnyObject {
    func send(_ message: OutgoingMessage) throws(TransportFailure) -> DeliveryResult
    /// Says goodbye to the server (QUIT); nothing more is sent afterwards.
    func close()
}
