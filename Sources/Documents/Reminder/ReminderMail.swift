/// The e-mail of a reminder: template text in a `MailMessage`, with its attachments.
struct ReminderMail {
    var bytes: [UInt8]
    var subject: String
    var text: String

    init(facts: ReminderFacts, templates: ReminderTemplates, context: [String: Any], letterPDF: [UInt8]?) throws {
        let source = try templates.required("email")
        let lines = TemplateText.tidyLines(try facts.input.editedTexts["email"] ?? templates.render(source, part: "email", context: context, plain: true))
        guard let (_, subject, body) = TemplateText.splitSubject(lines) else {
            throw ReminderDocumentError.missingSubject(file: templates.origin("email"))
        }
        self.subject = subject
        text = body.joined(separator: "\n") + "\n"
        let html = try templates.source("html").map { try templates.render($0, part: "html", context: context, plain: false) }

        guard let senderAddress = facts.identity.email else { throw ReminderDocumentError.noSenderAddress }
        let customer = facts.customer
        guard !customer.emails.isEmpty else { throw ReminderDocumentError.noRecipient(customer: customer.id) }
        let domain = facts.company.mailDomain ?? (facts.company.email ?? senderAddress).split(separator: "@").last.map(String.init) ?? ""

        var attachments: [MailAttachment] = []
        if let letterPDF {
            attachments.append(MailAttachment(filename: facts.reminder.id + ".pdf", contentType: "application/pdf", bytes: letterPDF))
        }
        for (name, bytes) in facts.invoiceAttachments {
            let type = name.lowercased().hasSuffix(".pdf") ? "application/pdf" : "application/octet-stream"
            attachments.append(MailAttachment(filename: name, contentType: type, bytes: bytes))
        }
        let sender = MailAddress(name: facts.identity.name, address: senderAddress)
        let message = MailMessage(
            from: sender,
            to: customer.emails.map { MailAddress(name: customer.name, address: $0) },
            cc: (customer.cc + facts.policy.cc.filter { !customer.cc.contains($0) }).map { MailAddress(address: $0) },
            replyTo: MailAddress(address: senderAddress),
            subject: subject,
            date: facts.input.sentAt,
            messageID: "\(facts.reminder.id).\(customer.id)@\(domain)",
            headers: [MailHeader("X-Relance-Reminder", facts.reminder.id), MailHeader("X-Relance-Level", String(facts.level.number))],
            textBody: text,
            htmlBody: html,
            attachments: attachments)
        do {
            bytes = try message.render()
        } catch {
            throw ReminderDocumentError.mail(error)
        }
    }
}
