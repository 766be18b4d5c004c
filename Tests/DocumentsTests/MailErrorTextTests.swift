import Documents
import Testing

@Suite("Mail errors read as sentences")
struct MailErrorTextTests {
    @Test func anInvalidAddressIsExplainedNotDumped() {
        let text = "\(ReminderDocumentError.mail(.invalidAddress("contact@café.example")))"
        #expect(!text.contains("invalidAddress("), "\(text)")
        #expect(text.contains("\"contact@café.example\" is not an address an e-mail can be sent to"), "\(text)")
        #expect(text.contains("xn--"))
    }

    @Test(arguments: [MailError.invalidAddress("a b"), .invalidMessageID("<x>"), .invalidHeaderName("a:b"),
                      .reservedHeaderName("From"), .invalidContentType("pdf"), .noRecipient])
    func everyCaseHasASentence(_ error: MailError) {
        let text = "\(error)"
        #expect(!text.contains("("), "\(text)" ) // no enum case with its payload
        #expect(text.count > 15)
    }
}
