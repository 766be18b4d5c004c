import Books
import Configuration

extension FuzzEntries {
    /// One relance.toml: read and checked as every command does. Returns its diagnostics.
    public static func toml(_ bytes: [UInt8]) -> [Diagnostic] {
        ConfigParser.parse(String(decoding: bytes, as: UTF8.self)).1
    }
}
