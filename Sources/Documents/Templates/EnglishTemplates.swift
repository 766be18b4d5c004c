/// The English built-in templates (keys without the `en/` prefix).
enum EnglishTemplates {
    static let all: [String: String] = [
        "courtesy.email": courtesyEmail, "courtesy.letter": courtesyLetter,
        "first.email": firstEmail, "first.letter": firstLetter,
        "second.email": secondEmail, "second.letter": secondLetter,
        "statement.email": statementEmail, "statement.letter": statementLetter,
        "formal-notice.email": formalNoticeEmail, "formal-notice.letter": formalNoticeLetter,
    ]

    static let courtesyEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Reminder: {{#single}}invoice {{invoiceNumbers}} falls due on {{#invoices}}{{due}}{{/invoices}}{{/single}}{{#multiple}}{{count}} invoices fall due soon{{/multiple}}

        {{salutation}}{{^salutation}}Hello,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#single}}
        {{#invoices}}
        This is a friendly reminder that invoice {{number}} of {{date}}, for {{outstanding}}, falls due on {{due}}.
        {{/invoices}}
        {{/single}}
        {{#multiple}}
        This is a friendly reminder that the following invoices fall due soon:

        {{#invoices}}
        - Invoice {{number}} of {{date}}, due {{due}}: {{outstanding}}
        {{/invoices}}

        Total: {{total}}
        {{/multiple}}

        {{#company.iban}}
        To pay by bank transfer: IBAN {{company.iban}}{{#company.bic}}, BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If payment is already on its way, please disregard this message.

        Kind regards,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let courtesyLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Payment reminder – invoice{{#multiple}}s{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        This is a friendly reminder that the invoice{{#multiple}}s{{/multiple}} listed below {{#single}}falls{{/single}}{{#multiple}}fall{{/multiple}} due soon.
        ---
        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If payment is already on its way, please disregard this letter.

        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        """

    static let firstEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Reminder: {{#single}}invoice {{invoiceNumbers}} is overdue{{/single}}{{#multiple}}{{count}} invoices are overdue{{/multiple}}

        {{salutation}}{{^salutation}}Hello,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        According to our records, the following invoice{{#multiple}}s have{{/multiple}}{{#single}} has{{/single}} not been paid yet:

        {{#invoices}}
        - Invoice {{number}} of {{date}}, due {{due}} ({{daysLateText}} overdue): {{outstanding}}{{#partlyPaid}} outstanding of {{amount}}{{/partlyPaid}}{{#ref}} – your reference {{ref}}{{/ref}}
        {{/invoices}}
        {{#multiple}}

        Total due: {{total}}
        {{/multiple}}

        This is probably an oversight: we would be grateful if you could arrange payment at your earliest convenience.
        {{#invoicesAttached}}

        Please find attached a copy of {{#single}}the invoice{{/single}}{{#multiple}}each invoice{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Please find attached a copy of {{#attachedSingle}}invoice{{/attachedSingle}}{{^attachedSingle}}invoices{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        - Invoice {{number}} of {{date}}, due on {{due}}: {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If you have paid in the meantime, please disregard this message. Do not hesitate to contact us with any question.

        Kind regards,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let firstLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Reminder – overdue invoice{{#multiple}}s{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        According to our records, the invoice{{#multiple}}s{{/multiple}} listed below {{#single}}has{{/single}}{{#multiple}}have{{/multiple}} not been paid yet.

        This is probably an oversight: we would be grateful if you could pay the sum of {{total}} at your earliest convenience.
        ---
        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        – Invoice {{number}} of {{dateShort}}, due on {{dueShort}}: {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If you have paid in the meantime, please disregard this letter.

        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        """

    static let secondEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Second reminder: {{#single}}invoice {{invoiceNumbers}} is still unpaid{{/single}}{{#multiple}}{{count}} invoices are still unpaid{{/multiple}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#lastReminder}}Despite our previous reminder of {{date}}, the{{/lastReminder}}{{^lastReminder}}The{{/lastReminder}} following invoice{{#single}} is{{/single}}{{#multiple}}s are{{/multiple}} still unpaid:

        {{#invoices}}
        - Invoice {{number}} of {{date}}, due {{due}} ({{daysLateText}} overdue): {{outstanding}}{{#partlyPaid}} outstanding of {{amount}}{{/partlyPaid}}{{#ref}} – your reference {{ref}}{{/ref}}{{^lastReminder}}{{#wasReminded}} – reminded on {{lastReminded}}{{/wasReminded}}{{/lastReminder}}
        {{/invoices}}

        Total due: {{total}}

        Please arrange payment {{#deadline}}by {{deadline}}{{/deadline}}{{^deadline}}within eight days{{/deadline}}. If there is any problem or disagreement about {{#single}}this invoice{{/single}}{{#multiple}}these invoices{{/multiple}}, please let us know without delay.
        {{#invoicesAttached}}

        Please find attached a copy of {{#single}}the invoice{{/single}}{{#multiple}}each invoice{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Please find attached a copy of {{#attachedSingle}}invoice{{/attachedSingle}}{{^attachedSingle}}invoices{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        - Invoice {{number}} of {{date}}, due on {{due}}: {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If you have paid in the meantime, please disregard this message.

        Regards,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let secondLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Second reminder – unpaid invoice{{#multiple}}s{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#lastReminder}}Despite our previous reminder of {{date}}, the{{/lastReminder}}{{^lastReminder}}The{{/lastReminder}} invoice{{#single}} listed below is{{/single}}{{#multiple}}s listed below are{{/multiple}} still unpaid.

        Please pay the sum of {{total}} {{#deadline}}by {{deadline}}{{/deadline}}{{^deadline}}within eight days{{/deadline}}. If there is any problem or disagreement, please let us know without delay.
        ---
        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        – Invoice {{number}} of {{dateShort}}, due on {{dueShort}}: {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        If you have paid in the meantime, please disregard this letter.

        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        """

    static let statementEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Statement of unpaid invoices as of {{reminder.date}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#allReminded}}Despite our reminders, the{{/allReminded}}{{^allReminded}}The{{/allReminded}} following invoice{{#single}} is{{/single}}{{#multiple}}s are{{/multiple}} still unpaid as of {{reminder.date}}:

        {{#invoices}}
        - Invoice {{number}} of {{date}}, due {{due}} ({{daysLateText}} overdue): {{outstanding}}{{#partlyPaid}} outstanding of {{amount}}{{/partlyPaid}}{{#ref}} – your reference {{ref}}{{/ref}}{{^lastReminder}}{{#wasReminded}} – reminded on {{lastReminded}}{{/wasReminded}}{{/lastReminder}}
        {{/invoices}}

        Total due: {{total}}
        {{#hasFee}}
        Fixed compensation for recovery costs ({{indemnity}} per invoice): {{fee}}
        {{/hasFee}}
        {{#hasInterest}}
        Late payment interest as of {{reminder.date}}: {{interest}}
        {{/hasInterest}}
        {{#hasExtras}}
        Total to pay: {{grandTotal}}
        {{/hasExtras}}
        {{#hasInterest}}

        Late payment interest is charged at the European Central Bank refinancing rate plus {{margin}} ({{rate}} for the current half-year), for each day of delay:
        {{#invoices}}
        {{#hasInterest}}
        - {{number}}: {{interestDetail}}, i.e. {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}

        The fixed compensation for recovery costs is due for each invoice paid late (article L441-10 of the French Commercial Code).
        {{/hasFee}}

        Please settle your account {{#deadline}}by {{deadline}}{{/deadline}}{{^deadline}}within eight days{{/deadline}}.
        {{#invoicesAttached}}

        Please find attached a copy of {{#single}}the invoice{{/single}}{{#multiple}}each invoice{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Please find attached a copy of {{#attachedSingle}}invoice{{/attachedSingle}}{{^attachedSingle}}invoices{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        - Invoice {{number}} of {{date}}, due on {{due}}: {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        Regards,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let statementLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Statement of unpaid invoices as of {{reminder.date}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#allReminded}}Despite our reminders, the{{/allReminded}}{{^allReminded}}The{{/allReminded}} invoice{{#single}} listed below is{{/single}}{{#multiple}}s listed below are{{/multiple}} still unpaid.
        ---
        {{#hasInterest}}
        Late payment interest is charged at the European Central Bank refinancing rate plus {{margin}} ({{rate}} for the current half-year), for each day of delay:
        {{#invoices}}
        {{#hasInterest}}
        – {{number}}: {{interestDetail}}, i.e. {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}

        {{#hasFee}}
        The fixed compensation for recovery costs of {{indemnity}} is due for each invoice paid late (article L441-10 of the French Commercial Code).
        {{/hasFee}}

        Please pay the sum of {{grandTotal}} {{#deadline}}by {{deadline}}{{/deadline}}{{^deadline}}within eight days{{/deadline}}.

        {{#hasUpcoming}}
        For information, not yet due:
        {{#upcoming}}
        – Invoice {{number}} of {{dateShort}}, due on {{dueShort}}: {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        """

    static let formalNoticeEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Formal notice to pay – invoice{{#multiple}}s{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#hasPreviousReminders}}
        Our previous reminders have remained unanswered:
        {{#previousReminders}}
        - {{label}} of {{date}} (ref. {{id}})
        {{/previousReminders}}

        {{/hasPreviousReminders}}
        The following invoice{{#single}} is{{/single}}{{#multiple}}s are{{/multiple}} still unpaid:

        {{#invoices}}
        - Invoice {{number}} of {{date}}, due {{due}} ({{daysLateText}} overdue): {{outstanding}}{{#partlyPaid}} outstanding of {{amount}}{{/partlyPaid}}
        {{/invoices}}

        Total due: {{total}}
        {{#hasFee}}
        Fixed compensation for recovery costs ({{indemnity}} per invoice): {{fee}}
        {{/hasFee}}
        {{#hasInterest}}
        Late payment interest as of {{reminder.date}}: {{interest}}
        {{/hasInterest}}
        {{#hasExtras}}
        Total to pay: {{grandTotal}}
        {{/hasExtras}}

        This message is a formal notice to pay: we require payment of {{grandTotal}} by {{deadline}} at the latest.
        {{#hasInterest}}

        Under article L441-10 of the French Commercial Code, late payment interest is due by law at the European Central Bank refinancing rate plus {{margin}} ({{rate}} for the current half-year), the rate being set for each calendar half-year and applied to the days of delay over 365:
        {{#invoices}}
        {{#hasInterest}}
        - {{number}}: {{interestDetail}}, i.e. {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}

        In addition, a fixed compensation for recovery costs of {{indemnity}} is due per invoice (article L441-10 of the French Commercial Code).
        {{/hasFee}}

        Failing payment by that date, we will start recovery proceedings (court order for payment) without further notice, at your expense.
        {{#letterAttached}}

        Please find attached our formal notice letter{{#invoicesAttached}} and a copy of {{#single}}the invoice{{/single}}{{#multiple}}each invoice{{/multiple}}{{/invoicesAttached}}{{#someInvoicesAttached}} and a copy of {{#attachedSingle}}invoice{{/attachedSingle}}{{^attachedSingle}}invoices{{/attachedSingle}} {{attachedInvoiceNumbers}}{{/someInvoicesAttached}}.
        {{/letterAttached}}
        {{^letterAttached}}
        {{#invoicesAttached}}

        Please find attached a copy of {{#single}}the invoice{{/single}}{{#multiple}}each invoice{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Please find attached a copy of {{#attachedSingle}}invoice{{/attachedSingle}}{{^attachedSingle}}invoices{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}
        {{/letterAttached}}

        {{#company.iban}}
        Payment by bank transfer: IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, quoting the invoice number{{#multiple}}s{{/multiple}}.
        {{/company.iban}}

        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let formalNoticeLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Formal notice to pay – invoice{{#multiple}}s{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Dear Sir or Madam,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#hasPreviousReminders}}
        Our previous reminders have remained unanswered:
        {{#previousReminders}}
        – {{label}} of {{date}} (ref. {{id}})
        {{/previousReminders}}

        {{/hasPreviousReminders}}
        The invoice{{#single}} listed below is{{/single}}{{#multiple}}s listed below are{{/multiple}} still unpaid. This letter is a formal notice to pay: we require payment of {{grandTotal}} by {{deadline}} at the latest{{#company.iban}}, by bank transfer to IBAN {{company.iban}}{{#company.bic}} (BIC {{company.bic}}){{/company.bic}}{{/company.iban}}.
        ---
        {{#hasInterest}}
        Under article L441-10 of the French Commercial Code, late payment interest is due by law at the ECB refinancing rate plus {{margin}} ({{rate}} for the current half-year), set for each calendar half-year and applied to the days of delay over 365:
        {{#invoices}}
        {{#hasInterest}}
        – {{number}}: {{interestDetail}}, i.e. {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}
        In addition, a fixed compensation for recovery costs of {{indemnity}} is due per invoice (article L441-10 of the French Commercial Code).
        {{/hasFee}}

        Failing payment by that date, we will start recovery proceedings (court order for payment) without further notice, at your expense.
        {{#salutation}}Yours sincerely,{{/salutation}}{{^salutation}}Yours faithfully,{{/salutation}}
        """
}
