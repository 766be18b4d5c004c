/// One PDF of a print batch: a letter or an invoice copy, with the name it has in the zip.
public struct PrintDocument: Sendable {
    /// The entry name in the zip, e.g. `R2026-0004-0-letter.pdf`.
    public var name: String
    /// Where it comes from, for messages (`reminders/2026/R2026-0004.pdf`).
    public var source: String
    public var bytes: [UInt8]

    public init(name: String, source: String, bytes: [UInt8]) {
        self.name = name
        self.source = source
        self.bytes = bytes
    }
}

/// The merged PDF and how many pages each document gave, in order.
public struct MergedPDF: Sendable {
    public var bytes: [UInt8]
    public var pageCounts: [Int]
    public var pageCount: Int { pageCounts.reduce(0, +) }
}

/// Merges PDFs page by page through libqpdf.
public enum PDFMerger {
    /// Every page of every document, in order, in one PDF. The output depends only on the inputs
    /// (the /ID is computed from the content, no date is added).
    public static func merge(_ documents: [PrintDocument]) throws -> MergedPDF {
        let output = try QPDFDocument.empty()
        // The sources stay alive until the output is written: libqpdf copies their pages lazily.
        var sources: [QPDFDocument] = []
        var counts: [Int] = []
        for d in documents {
            let source = try QPDFDocument.read(d.bytes, name: d.source)
            let n = try source.pageCount
            guard n > 0 else { throw QPDFError(operation: "reading \(d.source)", message: "the PDF has no page") }
            try output.appendPages(of: source)
            sources.append(source)
            counts.append(n)
        }
        let bytes = try output.write()
        withExtendedLifetime(sources) {}
        return MergedPDF(bytes: bytes, pageCounts: counts)
    }
}
