import CCurl

/// Initialises libcurl once per process, before the first handle (curl_global_init is not thread-safe).
private let curlInitialized: Bool = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}()

/// A failure reported by libcurl: its code and message (never an option's value, so never a password).
struct CurlError: Error {
    let code: CURLcode
    let message: String
}

/// Owns one `CURL*` easy handle (and its connection, kept open between transfers) and frees it in `deinit`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// libcurl writes its last error message here.
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() throws {
        _ = curlInitialized
        guard let h = curl_easy_init() else { throw CurlError(code: CURLE_FAILED_INIT, message: "libcurl could not start") }
        handle = h
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try check(relance_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
    }

    deinit {
        curl_easy_cleanup(handle)
        freeLists()
        errorBuffer.deallocate()
    }

    /// Turns a libcurl return code into a `CurlError` carrying libcurl's message.
    func check(_ code: CURLcode) throws {
        guard code != CURLE_OK else { return }
        throw CurlError(code: code, message: lastMessage(code))
    }

    func lastMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func set(_ option: CURLoption, _ value: Int) throws { try check(relance_curl_setopt_long(handle, option, value)) }
    func set(_ option: CURLoption, _ value: String) throws { try check(relance_curl_setopt_string(handle, option, value)) }
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws { try check(relance_curl_setopt_pointer(handle, option, pointer)) }
    func set(_ option: CURLoption, callback: relance_curl_io_callback) throws { try check(relance_curl_setopt_callback(handle, option, callback)) }

    /// Sets a list option; the list lives until the next `freeLists()` or the handle's end.
    func set(_ option: CURLoption, list: [String]) throws {
        var l: UnsafeMutablePointer<curl_slist>?
        for item in list {
            guard let next = curl_slist_append(l, item) else { throw CurlError(code: CURLE_OUT_OF_MEMORY, message: "out of memory") }
            l = next
        }
        if let l { lists.append(l) }
        try check(relance_curl_setopt_slist(handle, option, l))
    }

    func freeLists() {
        for l in lists { curl_slist_free_all(l) }
        lists.removeAll()
    }

    func info(_ what: CURLINFO) -> Int {
        var value = 0
        _ = relance_curl_getinfo_long(handle, what, &value)
        return value
    }

    /// Runs one transfer; returns libcurl's code (the caller sorts out what it means).
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }
}
