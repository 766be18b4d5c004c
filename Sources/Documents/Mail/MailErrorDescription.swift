/// Readable texts of the mail errors: a user never sees a Swift enum.
extension MailError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidAddress(a):
            let ascii = a.unicodeScalars.allSatisfy(\.isASCII)
            return "\"\(a)\" is not an address an e-mail can be sent to"
                + (ascii ? "" : " (it is not plain ASCII: write an internationalised domain in its ASCII form, xn--…)")
        case let .invalidMessageID(id):
            return "\"\(id)\" cannot be a Message-ID: it must look like left@right, without angle brackets"
        case let .invalidHeaderName(name):
            return "\"\(name)\" cannot be a header name: printable ASCII without spaces or a colon"
        case let .reservedHeaderName(name):
            return "the header \(name) is written by relance itself and cannot be set"
        case let .invalidContentType(type):
            return "\"\(type)\" is not a media type such as application/pdf"
        case .noRecipient:
            return "the e-mail has no recipient"
        }
    }
}
