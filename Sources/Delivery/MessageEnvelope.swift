import Foundation

/// Reads the envelope of a committed .eml from its own headers, so that what goes is what git holds.
public enum MessageEnvelope {
    /// The unfolded header fields (name, value) of a message, up to the first empty line.
    static func headers(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(String, String)] = []
        var start = 0
        var lines: [String] = []
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            var line = bytes[start..<end]
            if line.last == 13 { line = line.dropLast() }
            if line.isEmpty { break }
            lines.append(String(decoding: line, as: UTF8.self))
            start = end + 1
        }
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }

    /// The bare addresses of an address list ("Name" <a@b>, c@d).
    static func addresses(_ value: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in value {
            if escaped { escaped = false; current.append(c); continue }
            if c == "\\" && quoted { escaped = true; current.append(c); continue }
            if c == "\"" { quoted.toggle() }
            if c == "," && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        out.append(current)
        return out.compactMap { part -> String? in
            let p = part.trimmingCharacters(in: .whitespaces)
            guard !p.isEmpty else { return nil }
            if let open = p.lastIndex(of: "<"), let close = p.lastIndex(of: ">"), open < close {
                return String(p[p.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            }
            return p
        }.filter { $0.contains("@") }
    }

    static func field(_ name: String, in fields: [(name: String, value: String)]) -> [String] {
        fields.filter { $0.name.lowercased() == name }.flatMap { addresses($0.value) }
    }

    /// Every To and Cc address of the message, in header order, without repeats.
    public static func headerRecipients(_ bytes: [UInt8]) -> [String] {
        let fields = headers(bytes)
        var seen = Set<String>()
        return (field("to", in: fields) + field("cc", in: fields)).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The From address.
    public static func sender(_ bytes: [UInt8]) -> String? { field("from", in: headers(bytes)).first }

    /// The Reply-To address.
    public static func replyTo(_ bytes: [UInt8]) -> String? { field("reply-to", in: headers(bytes)).first }

    /// The message to hand over: From as the envelope sender, To and Cc as recipients, plus `copyTo`
    /// (the copy to self: in the envelope only, never in the headers). Nil when the message names no sender or no recipient.
    public static func outgoing(id: String, bytes: [UInt8], copyTo: String?) -> OutgoingMessage? {
        guard let from = sender(bytes) else { return nil }
        var recipients = headerRecipients(bytes)
        guard !recipients.isEmpty else { return nil }
        if let copyTo, !recipients.contains(where: { $0.lowercased() == copyTo.lowercased() }) { recipients.append(copyTo) }
        return OutgoingMessage(id: id, sender: from, recipients: recipients, bytes: bytes)
    }
}
