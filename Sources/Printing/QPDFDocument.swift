import CQPDF

/// A failure reported by libqpdf, with the library's own message.
public struct QPDFError: Error, Sendable, CustomStringConvertible {
    /// What relance was doing ("reading R2026-0004.pdf").
    public var operation: String
    /// libqpdf's full error text.
    public var message: String

    public var description: String { "\(operation): \(message)" }
}

/// Owns one `qpdf_data` (and the bytes it reads from, which libqpdf does not copy); frees both in `deinit`.
final class QPDFDocument {
    private var handle: qpdf_data?
    /// The PDF bytes `qpdf_read_memory` reads lazily: they must outlive the handle.
    private var storage: UnsafeMutableRawBufferPointer?
    let name: String

    private init(name: String) {
        self.name = name
        handle = qpdf_init()
        qpdf_silence_errors(handle)
        qpdf_set_suppress_warnings(handle, QPDF_TRUE)
    }

    /// A new PDF with no page.
    static func empty() throws -> QPDFDocument {
        let doc = QPDFDocument(name: "the merged PDF")
        try doc.check(qpdf_empty_pdf(doc.handle), "creating")
        return doc
    }

    /// Reads `bytes` as a PDF; `name` appears in error messages.
    static func read(_ bytes: [UInt8], name: String) throws -> QPDFDocument {
        let doc = QPDFDocument(name: name)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        buffer.copyBytes(from: bytes)
        doc.storage = buffer
        try doc.check(qpdf_read_memory(doc.handle, name, buffer.baseAddress!.assumingMemoryBound(to: CChar.self),
                                       UInt64(bytes.count), nil), "reading")
        return doc
    }

    deinit {
        qpdf_cleanup(&handle)
        storage?.deallocate()
    }

    /// Turns a libqpdf result (or an error left pending by a call without a result code) into a Swift error.
    func check(_ code: QPDF_ERROR_CODE = 0, _ operation: String) throws {
        guard code & QPDF_ERRORS != 0 || qpdf_has_error(handle) != QPDF_FALSE else { return }
        let error = qpdf_get_error(handle)
        let text = error.flatMap { qpdf_get_error_full_text(handle, $0) }.map { String(cString: $0) } ?? "unknown error"
        throw QPDFError(operation: "\(operation) \(name)", message: text)
    }

    var pageCount: Int {
        get throws {
            let n = qpdf_get_num_pages(handle)
            try check(0, "counting the pages of")
            return Int(max(n, 0))
        }
    }

    /// Appends every page of `source` at the end; `source` must stay alive until this document is written.
    func appendPages(of source: QPDFDocument) throws {
        let count = try source.pageCount
        for k in 0..<count {
            let page = qpdf_get_page_n(source.handle, k)
            try source.check(0, "reading page \(k + 1) of")
            try check(qpdf_add_page(handle, source.handle, page, QPDF_FALSE), "adding page \(k + 1) of \(source.name) to")
        }
    }

    /// The document's bytes: compressed streams, and an /ID computed from the content (same pages, same bytes).
    func write() throws -> [UInt8] {
        try check(qpdf_init_write_memory(handle), "preparing to write")
        qpdf_set_deterministic_ID(handle, QPDF_TRUE)
        qpdf_set_compress_streams(handle, QPDF_TRUE)
        qpdf_set_object_stream_mode(handle, qpdf_o_preserve)
        try check(qpdf_write(handle), "writing")
        let length = qpdf_get_buffer_length(handle)
        guard let base = qpdf_get_buffer(handle) else { throw QPDFError(operation: "writing \(name)", message: "no output") }
        return Array(UnsafeBufferPointer(start: base, count: length))
    }
}
