import Books
import Foundation
import ZIPFoundation

/// A failure while building the zip of a print batch.
public struct ZipBundleError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The documents of a print batch as a .zip, the same bytes for the same documents and date.
public enum ZipBundle {
    /// One deflated entry per document, in order, each dated `date` at 12:00 UTC, mode 0644.
    public static func archive(_ documents: [PrintDocument], date: Day) throws -> [UInt8] {
        let c = date.components
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let stamp = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
        do {
            let archive = try Archive(accessMode: .create)
            for d in documents {
                let data = Data(d.bytes)
                try archive.addEntry(with: d.name, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw ZipBundleError(description: "the archive was not written") }
            return [UInt8](data)
        } catch let error as ZipBundleError {
            throw error
        } catch {
            throw ZipBundleError(description: "the zip could not be made (\(error.localizedDescription))")
        }
    }
}
