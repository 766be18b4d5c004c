import CCurl
import Foundation

/// Where and how to reach an SMTP server, with the password already resolved (in memory only).
public struct SMTPOptions: Sendable {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS, refused when the server does not offer it.
        case starttls
        /// TLS from the first byte (smtps://, port 465).
        case tls
        /// No encryption at all (only when written in relance.toml).
        case none
    }
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// Extra certificates to trust (PEM), besides the system's.
    public var caFile: String?
    /// Seconds to wait for the connection and for each reply of the server.
    public var timeout: Int

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                caFile: String? = nil, timeout: Int = 30) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeout = timeout
    }
}

/// SMTP through libcurl: one easy handle, so one connection, for the whole batch.
public final class SMTPTransport: MailTransport {
    let options: SMTPOptions
    let curl: CurlEasy
    /// The message being uploaded and how far libcurl has read it; the server's reply lines.
    final class Exchange {
        var bytes: [UInt8] = []
        var offset = 0
        var reachedEnd = false
        var replyLines: [String] = []
        var partial: [UInt8] = []
    }
    let exchange = Exchange()

    public init(_ options: SMTPOptions) throws(TransportFailure) {
        self.options = options
        do {
            curl = try CurlEasy()
            try configure()
        } catch let error as CurlError {
            throw TransportFailure(.configuration, "libcurl refused the SMTP settings: \(error.message)")
        } catch {
            throw TransportFailure(.configuration, "libcurl refused the SMTP settings")
        }
    }

    var url: String {
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        return (options.security == .tls ? "smtps://" : "smtp://") + host + ":" + String(options.port)
    }

    private func configure() throws {
        try curl.set(CURLOPT_URL, url)
        try curl.set(CURLOPT_NOSIGNAL, 1)
        try curl.set(CURLOPT_USE_SSL, Int(options.security == .none ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
        if let ca = options.caFile {
            // CAINFO adds this file; CAPATH keeps the system's certificates trusted as well.
            try curl.set(CURLOPT_CAINFO, ca)
            if FileManager.default.fileExists(atPath: "/etc/ssl/certs") { try curl.set(CURLOPT_CAPATH, "/etc/ssl/certs") }
        }
        if let user = options.username { try curl.set(CURLOPT_USERNAME, user) }
        if let password = options.password { try curl.set(CURLOPT_PASSWORD, password) }
        try curl.set(CURLOPT_CONNECTTIMEOUT, options.timeout)
        try curl.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, options.timeout)
        try curl.set(CURLOPT_UPLOAD, 1)
        let me = Unmanaged.passUnretained(exchange).toOpaque()
        try curl.set(CURLOPT_READDATA, pointer: me)
        try curl.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, userdata in
            let x = Unmanaged<SMTPTransport.Exchange>.fromOpaque(userdata!).takeUnretainedValue()
            let n = min(size * count, x.bytes.count - x.offset)
            if n == 0 { x.reachedEnd = true; return 0 }
            x.bytes.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer!).copyMemory(from: raw.baseAddress! + x.offset, byteCount: n)
            }
            x.offset += n
            return n
        })
        // libcurl hands the server's reply lines of mail protocols to the header callback.
        try curl.set(CURLOPT_HEADERDATA, pointer: me)
        try curl.set(CURLOPT_HEADERFUNCTION, callback: { buffer, size, count, userdata in
            let x = Unmanaged<SMTPTransport.Exchange>.fromOpaque(userdata!).takeUnretainedValue()
            let n = size * count
            let bytes = UnsafeRawBufferPointer(start: buffer, count: n)
            for b in bytes {
                if b == 10 {
                    var line = x.partial
                    if line.last == 13 { line.removeLast() }
                    x.replyLines.append(String(decoding: line, as: UTF8.self))
                    if x.replyLines.count > 64 { x.replyLines.removeFirst(32) }
                    x.partial.removeAll(keepingCapacity: true)
                } else {
                    x.partial.append(b)
                }
            }
            return n
        })
    }

    /// The server's last reply whose code satisfies `wanted` (all its lines), as one line; "" when none.
    func reply(where wanted: (Int) -> Bool) -> String {
        let lines = exchange.replyLines
        guard let end = lines.lastIndex(where: { line in Int(line.prefix(3)).map(wanted) ?? false }) else { return "" }
        let code = String(lines[end].prefix(3))
        var parts: [String] = []
        var k = end
        while k >= 0, lines[k].hasPrefix(code) {
            parts.insert(String(lines[k].dropFirst(4)).trimmingCharacters(in: .whitespaces), at: 0)
            k -= 1
        }
        return code + " " + parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public func send(_ message: OutgoingMessage) throws(TransportFailure) -> DeliveryResult {
        exchange.bytes = message.bytes
        exchange.offset = 0
        exchange.reachedEnd = false
        exchange.replyLines.removeAll()
        exchange.partial.removeAll()
        curl.freeLists()
        do {
            try curl.set(CURLOPT_MAIL_FROM, "<\(message.sender)>")
            try curl.set(CURLOPT_MAIL_RCPT, list: message.recipients.map { "<\($0)>" })
        } catch {
            throw TransportFailure(.configuration, "libcurl refused the envelope of \(message.id)")
        }
        let code = curl.perform()
        if code == CURLE_OK {
            let ok = reply(where: { $0 == 250 })
            return .delivered(reply: ok.isEmpty ? "250" : ok)
        }
        // After a refusal libcurl says QUIT: the refusal is the last reply with a 4xx or 5xx code.
        let reply = reply(where: { $0 >= 400 })
        let smtpCode = Int(reply.prefix(3)) ?? 0
        let where_ = "\(options.host):\(options.port)"
        switch code {
        case CURLE_LOGIN_DENIED:
            throw TransportFailure(.login, "the server \(where_) refused the login of \(options.username ?? "(no username)")"
                                   + (reply.isEmpty ? "" : " (\(reply))"))
        case CURLE_USE_SSL_FAILED:
            throw TransportFailure(.security, "the server \(where_) does not offer STARTTLS: nothing was sent in clear")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT:
            if code == CURLE_OPERATION_TIMEDOUT && exchange.reachedEnd {
                return .unknown(reason: "no reply from \(where_) after the message was handed over (\(curl.lastMessage(code)))")
            }
            throw TransportFailure(.connection, "cannot reach \(where_): \(curl.lastMessage(code))")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            throw TransportFailure(.security, "TLS with \(where_) failed: \(curl.lastMessage(code))")
        default:
            break
        }
        if smtpCode >= 500 && smtpCode < 600 {
            // A refusal of the whole session (e.g. 530 authentication required) is not about this message.
            if smtpCode == 530 || smtpCode == 535 || smtpCode == 534 {
                throw TransportFailure(.login, "the server \(where_) refused: \(reply)")
            }
            return .rejected(reply: reply)
        }
        if smtpCode >= 400 && smtpCode < 500 {
            if smtpCode == 454 && !exchange.reachedEnd && exchange.offset == 0 && reply.contains("TLS") {
                throw TransportFailure(.security, "the server \(where_) could not start TLS: \(reply)")
            }
            return .deferred(reply: reply)
        }
        if exchange.reachedEnd {
            return .unknown(reason: "the connection to \(where_) broke after the message was handed over (\(curl.lastMessage(code)))")
        }
        throw TransportFailure(.connection, "the connection to \(where_) failed: \(curl.lastMessage(code))")
    }

    public func close() {
        // Freeing the handle closes the connection with QUIT.
    }
}
