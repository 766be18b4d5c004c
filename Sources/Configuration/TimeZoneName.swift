import Foundation

/// IANA time zone names, as the system knows them.
enum TimeZoneName {
    static func isValid(_ name: String) -> Bool { TimeZone(identifier: name) != nil }
}
