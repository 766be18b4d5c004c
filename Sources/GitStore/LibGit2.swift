import CGit2

/// Initialises libgit2 once per process, lazily, on first use. It is never shut down.
private let libgit2Initialized: Bool = {
    git_libgit2_init() > 0
}()

/// Makes sure libgit2 is initialised; every entry point of this module calls it first.
func ensureLibgit2() {
    _ = libgit2Initialized
}

/// A failure reported by libgit2: its error code, error class and message, plus what we were doing.
public struct GitError: Error, Equatable, CustomStringConvertible {
    /// The negative return code (a `git_error_code`, e.g. -3 for "not found").
    public let code: Int32
    /// The libgit2 error class (`git_error_t`), 0 when libgit2 gave none.
    public let errorClass: Int32
    /// libgit2's own message (`git_error_last()`).
    public let message: String
    /// What this module was trying to do.
    public let what: String

    public var description: String {
        message.isEmpty ? "\(what) failed (libgit2 error \(code))" : "\(what): \(message)"
    }
}

/// Turns a negative libgit2 return code into a `GitError`; returns non-negative codes unchanged.
@discardableResult
func check(_ code: Int32, _ what: String) throws -> Int32 {
    guard code < 0 else { return code }
    if let last = git_error_last() {
        let message = last.pointee.message.map { String(cString: $0) } ?? ""
        throw GitError(code: code, errorClass: last.pointee.klass, message: message, what: what)
    }
    throw GitError(code: code, errorClass: 0, message: "", what: what)
}

/// Owns one libgit2 object pointer and frees it in `deinit`.
/// `owner` keeps the object it depends on (usually the repository) alive at least as long.
final class GitHandle {
    let pointer: OpaquePointer
    private let free: (OpaquePointer?) -> Void
    private let owner: AnyObject?

    init(_ pointer: OpaquePointer, owner: AnyObject? = nil, free: @escaping (OpaquePointer?) -> Void) {
        self.pointer = pointer
        self.owner = owner
        self.free = free
    }

    deinit { free(pointer) }
}

/// Owns a `git_signature*` and frees it in `deinit`.
final class GitSignatureHandle {
    let pointer: UnsafeMutablePointer<git_signature>

    init(_ signature: Signature) throws {
        ensureLibgit2()
        var out: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&out, signature.name, signature.email,
                                    git_time_t(signature.time), Int32(signature.offsetMinutes)),
                  "making the signature \(signature.name) <\(signature.email)>")
        pointer = out!
    }

    deinit { git_signature_free(pointer) }
}

/// Owns a `git_buf`'s memory and disposes of it in `deinit`.
final class GitBuffer {
    var buf = git_buf()

    var string: String {
        guard let ptr = buf.ptr else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: buf.size), as: UTF8.self)
    }

    deinit { git_buf_dispose(&buf) }
}

extension git_oid {
    /// The 40-character lowercase hex form.
    var hex: String {
        var copy = self
        var chars = [CChar](repeating: 0, count: 40)
        git_oid_fmt(&chars, &copy)
        return String(decoding: chars.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
