import Foundation

/// Turns an .eml written by relance back into what its reader sees: the main headers and the text part.
enum EmailReader {
    static func readable(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let (headers, body) = split(text)
        var out = ""
        for name in ["Date", "From", "To", "Cc", "Subject"] {
            if let v = headers[name.lowercased()] { out += "\(name): \(decodeWords(v))\n" }
        }
        let contentType = headers["content-type"] ?? "text/plain"
        let part = textPart(contentType: contentType, encoding: headers["content-transfer-encoding"], body: body)
        out += "\n" + (part ?? body)
        while out.hasSuffix("\n\n") { out.removeLast() }
        if !out.hasSuffix("\n") { out += "\n" }
        let names = attachmentNames(text)
        if !names.isEmpty { out += "\nAttachments: " + names.joined(separator: ", ") + "\n" }
        return out
    }

    /// Unfolded headers (lower-cased names) and the body.
    static func split(_ text: String) -> ([String: String], String) {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts.first ?? ""
        let body = parts.dropFirst().joined(separator: "\n\n")
        var headers: [String: String] = [:]
        var lastName: String?
        for line in head.components(separatedBy: "\n") {
            if let first = line.first, first == " " || first == "\t", let n = lastName {
                headers[n, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                lastName = name
            }
        }
        return (headers, body)
    }

    static func textPart(contentType: String, encoding: String?, body: String) -> String? {
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let range = contentType.range(of: "boundary=") else { return nil }
            let boundary = contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"; "))
            for chunk in body.components(separatedBy: "--" + boundary).dropFirst() {
                let (h, b) = split(chunk.hasPrefix("\n") ? String(chunk.dropFirst()) : chunk)
                if let found = textPart(contentType: h["content-type"] ?? "text/plain", encoding: h["content-transfer-encoding"], body: b),
                   (h["content-type"] ?? "").lowercased().contains("text/plain") || (h["content-type"] ?? "").lowercased().hasPrefix("multipart/") {
                    return found
                }
            }
            return nil
        }
        guard contentType.lowercased().hasPrefix("text/plain") else { return nil }
        return encoding?.lowercased() == "quoted-printable" ? quotedPrintable(body) : body
    }

    static func quotedPrintable(_ s: String) -> String {
        var bytes: [UInt8] = []
        let lines = s.components(separatedBy: "\n")
        for (k, line) in lines.enumerated() {
            var b = Array(line.utf8)
            var soft = false
            if b.last == UInt8(ascii: "=") { b.removeLast(); soft = true }
            var i = 0
            while i < b.count {
                if b[i] == UInt8(ascii: "="), i + 2 < b.count + 0, i + 2 <= b.count - 1,
                   let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(v)
                    i += 3
                } else {
                    bytes.append(b[i])
                    i += 1
                }
            }
            if !soft && k < lines.count - 1 { bytes.append(10) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 2047 encoded words (Q and B) in a header value.
    static func decodeWords(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.range(of: "=?") {
            let between = rest[..<start.lowerBound]
            guard let q1 = rest[start.upperBound...].firstIndex(of: "?"),
                  let q2 = rest[rest.index(after: q1)...].firstIndex(of: "?"),
                  let end = rest[rest.index(after: q2)...].range(of: "?=") else { break }
            if !(lastWasWord && between.allSatisfy(\.isWhitespace)) { result += between }
            let encoding = rest[rest.index(after: q1)..<q2].uppercased()
            let payload = String(rest[rest.index(after: q2)..<end.lowerBound])
            if encoding == "B", let data = Data(base64Encoded: payload) {
                result += String(decoding: data, as: UTF8.self)
            } else {
                result += quotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
            }
            rest = rest[end.upperBound...]
            lastWasWord = true
        }
        return result + rest
    }

    static func attachmentNames(_ text: String) -> [String] {
        var names: [String] = []
        for line in text.components(separatedBy: "\n") where line.lowercased().contains("name=\"") && line.lowercased().contains("content-type") == false {
            if let r = line.range(of: "name=\"") {
                let rest = line[r.upperBound...]
                if let q = rest.firstIndex(of: "\"") { names.append(String(rest[..<q])) }
            }
        }
        return names
    }
}
