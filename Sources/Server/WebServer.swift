import Dispatch
import FlyingFox
import FlyingSocks
import Foundation

/// The site on a socket: FlyingFox (a small server on plain sockets, no SwiftNIO) hands each request to `Site`.
// @unchecked: every stored property is a `let` of a Sendable type except `running`, read and written only under `lock`.
public final class WebServer: @unchecked Sendable {
    public let site: Site
    public let host: String
    private let server: HTTPServer
    private let lock = NSLock()
    private var running: Task<Void, Error>?

    /// `host`: an IPv4 or IPv6 address to bind (`localhost` is 127.0.0.1); `port` 0 picks a free port.
    public init(site: Site, host: String, port: UInt16) throws {
        self.site = site
        let bound = host == "localhost" ? "127.0.0.1" : host
        self.host = bound
        let handler = SiteHandler(site: site)
        if bound.contains(":") {
            server = HTTPServer(address: try sockaddr_in6.inet6(ip6: bound, port: port), timeout: 60, logger: .disabled, handler: handler)
        } else {
            server = HTTPServer(address: try sockaddr_in.inet(ip4: bound, port: port), timeout: 60, logger: .disabled, handler: handler)
        }
    }

    /// Starts listening; returns the port (the one the system picked for port 0).
    public func start() async throws -> Int {
        let server = self.server
        let task = Task { try await server.run() }
        lock.withLock { running = task }
        try await server.waitUntilListening(timeout: 10)
        var port = 0
        switch await server.listeningAddress {
        case .ip4(_, let p)?, .ip6(_, let p)?: port = Int(p)
        default: break
        }
        site.listening(host: host, port: port)
        return port
    }

    /// Serves until the process ends (or the task is cancelled).
    public func wait() async throws {
        try await lock.withLock { running }?.value
    }

    public func stop() async {
        await server.stop()
        lock.withLock { running }?.cancel()
    }

    /// `http://HOST:PORT/?token=…`, the address printed on the first line.
    public func url(port: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)/?token=\(site.token)"
    }
}

/// Every request to the site, off the server's loop (the commands read files and may take a moment).
struct SiteHandler: HTTPHandler {
    let site: Site

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = request.method == .POST ? try await request.bodyData : Data()
        var headers: [String: String] = [:]
        for (k, v) in request.headers { headers[k.rawValue] = v }
        let query = request.target.query()
        let target = request.target.path() + (query.isEmpty ? "" : "?" + query)
        let r = Request(method: request.method.rawValue, target: target, headers: headers, body: body)
        let site = self.site
        let response: Response = await withCheckedContinuation { c in
            DispatchQueue.global().async { c.resume(returning: site.respond(r)) }
        }
        var out = HTTPHeaders()
        for (k, v) in response.headers { out.addValue(v, for: HTTPHeader(k)) }
        out.addValue("no-store", for: HTTPHeader("Cache-Control"))
        out.addValue("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'",
                     for: HTTPHeader("Content-Security-Policy"))
        out.addValue("same-origin", for: HTTPHeader("Referrer-Policy"))
        out.addValue("SAMEORIGIN", for: HTTPHeader("X-Frame-Options"))
        return HTTPResponse(statusCode: HTTPStatusCode(response.status, phrase: phrase(response.status)), headers: out,
                            body: request.method == .HEAD ? Data() : response.body)
    }

    func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: "Error"
        }
    }
}
