/// The French built-in templates (keys without the `fr/` prefix).
enum FrenchTemplates {
    static let all: [String: String] = [
        "courtesy.email": courtesyEmail, "courtesy.letter": courtesyLetter,
        "first.email": firstEmail, "first.letter": firstLetter,
        "second.email": secondEmail, "second.letter": secondLetter,
        "statement.email": statementEmail, "statement.letter": statementLetter,
        "formal-notice.email": formalNoticeEmail, "formal-notice.letter": formalNoticeLetter,
    ]

    static let courtesyEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Rappel : {{#single}}facture {{invoiceNumbers}} à échéance le {{#invoices}}{{due}}{{/invoices}}{{/single}}{{#multiple}}{{count}} factures arrivent à échéance{{/multiple}}

        {{salutation}}{{^salutation}}Bonjour,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#single}}
        {{#invoices}}
        Nous nous permettons de vous rappeler que la facture {{number}} du {{date}}, d'un montant de {{outstanding}}, arrive à échéance le {{due}}.
        {{/invoices}}
        {{/single}}
        {{#multiple}}
        Nous nous permettons de vous rappeler que les factures suivantes arrivent prochainement à échéance :

        {{#invoices}}
        - Facture {{number}} du {{date}}, à échéance le {{due}} : {{outstanding}}
        {{/invoices}}

        Total : {{total}}
        {{/multiple}}

        {{#company.iban}}
        Pour un règlement par virement : IBAN {{company.iban}}{{#company.bic}}, BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement est déjà en cours, merci de ne pas tenir compte de ce message.

        Bien cordialement,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let courtesyLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Objet : Rappel d'échéance – {{#single}}facture{{/single}}{{#multiple}}factures{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        Nous nous permettons de vous rappeler que {{#single}}la facture ci-dessous arrive{{/single}}{{#multiple}}les factures ci-dessous arrivent{{/multiple}} prochainement à échéance.
        ---
        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement est déjà en cours, nous vous remercions de ne pas tenir compte de ce courrier.

        Nous vous prions d'agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        """

    static let firstEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Relance : {{#single}}facture {{invoiceNumbers}} en attente de règlement{{/single}}{{#multiple}}{{count}} factures en attente de règlement{{/multiple}}

        {{salutation}}{{^salutation}}Bonjour,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        Sauf erreur ou omission de notre part, {{#single}}la facture suivante n'a pas encore été réglée{{/single}}{{#multiple}}les factures suivantes n'ont pas encore été réglées{{/multiple}} :

        {{#invoices}}
        - Facture {{number}} du {{date}}, échue le {{due}} ({{daysLateText}} de retard) : {{outstanding}}{{#partlyPaid}} restant dû sur {{amount}}{{/partlyPaid}}{{#ref}} – votre référence {{ref}}{{/ref}}
        {{/invoices}}
        {{#multiple}}

        Total dû : {{total}}
        {{/multiple}}

        Il s'agit sans doute d'un simple oubli : nous vous remercions de bien vouloir procéder au règlement dans les meilleurs délais.
        {{#invoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#single}}la facture{{/single}}{{#multiple}}chaque facture{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#attachedSingle}}la facture{{/attachedSingle}}{{^attachedSingle}}des factures{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        - Facture {{number}} du {{date}}, à échéance le {{due}} : {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de ce message. Nous restons à votre disposition pour toute question.

        Bien cordialement,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let firstLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Objet : Relance – {{#single}}facture{{/single}}{{#multiple}}factures{{/multiple}} {{invoiceNumbers}} en attente de règlement

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        Sauf erreur ou omission de notre part, {{#single}}la facture ci-dessous n'a pas encore été réglée{{/single}}{{#multiple}}les factures ci-dessous n'ont pas encore été réglées{{/multiple}} à ce jour.

        Il s'agit sans doute d'un simple oubli : nous vous remercions de bien vouloir procéder au règlement de la somme de {{total}} dans les meilleurs délais.
        ---
        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        – Facture {{number}} du {{dateShort}}, à échéance le {{dueShort}} : {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement a été effectué entre-temps, nous vous remercions de ne pas tenir compte de ce courrier.

        Nous vous prions d'agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        """

    static let secondEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: 2e relance : {{#single}}facture {{invoiceNumbers}} impayée{{/single}}{{#multiple}}{{count}} factures impayées{{/multiple}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#lastReminder}}Malgré notre précédente relance du {{date}}, nous constatons que{{/lastReminder}}{{^lastReminder}}Nous constatons que{{/lastReminder}} {{#single}}la facture suivante reste impayée{{/single}}{{#multiple}}les factures suivantes restent impayées{{/multiple}} à ce jour :

        {{#invoices}}
        - Facture {{number}} du {{date}}, échue le {{due}} ({{daysLateText}} de retard) : {{outstanding}}{{#partlyPaid}} restant dû sur {{amount}}{{/partlyPaid}}{{#ref}} – votre référence {{ref}}{{/ref}}{{^lastReminder}}{{#wasReminded}} – relancée le {{lastReminded}}{{/wasReminded}}{{/lastReminder}}
        {{/invoices}}

        Total dû : {{total}}

        Nous vous remercions de bien vouloir procéder au règlement {{#deadline}}au plus tard le {{deadline}}{{/deadline}}{{^deadline}}sous huitaine{{/deadline}}. En cas de difficulté ou de désaccord sur {{#single}}cette facture{{/single}}{{#multiple}}ces factures{{/multiple}}, merci de nous en faire part sans tarder.
        {{#invoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#single}}la facture{{/single}}{{#multiple}}chaque facture{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#attachedSingle}}la facture{{/attachedSingle}}{{^attachedSingle}}des factures{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        - Facture {{number}} du {{date}}, à échéance le {{due}} : {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de ce message.

        Cordialement,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let secondLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Objet : 2e relance – {{#single}}facture{{/single}}{{#multiple}}factures{{/multiple}} {{invoiceNumbers}} impayée{{#multiple}}s{{/multiple}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#lastReminder}}Malgré notre précédente relance du {{date}}, nous constatons que{{/lastReminder}}{{^lastReminder}}Nous constatons que{{/lastReminder}} {{#single}}la facture ci-dessous reste impayée{{/single}}{{#multiple}}les factures ci-dessous restent impayées{{/multiple}} à ce jour.

        Nous vous remercions de bien vouloir nous régler la somme de {{total}} {{#deadline}}au plus tard le {{deadline}}{{/deadline}}{{^deadline}}sous huitaine{{/deadline}}. En cas de difficulté ou de désaccord, merci de nous en faire part sans tarder.
        ---
        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        – Facture {{number}} du {{dateShort}}, à échéance le {{dueShort}} : {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Si votre règlement a été effectué entre-temps, nous vous remercions de ne pas tenir compte de ce courrier.

        Nous vous prions d'agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        """

    static let statementEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Relevé de factures impayées au {{reminder.date}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#allReminded}}Malgré nos relances, {{#single}}la facture suivante reste impayée{{/single}}{{#multiple}}les factures suivantes restent impayées{{/multiple}}{{/allReminded}}{{^allReminded}}{{#single}}La facture suivante reste impayée{{/single}}{{#multiple}}Les factures suivantes restent impayées{{/multiple}}{{/allReminded}} au {{reminder.date}} :

        {{#invoices}}
        - Facture {{number}} du {{date}}, échue le {{due}} ({{daysLateText}} de retard) : {{outstanding}}{{#partlyPaid}} restant dû sur {{amount}}{{/partlyPaid}}{{#ref}} – votre référence {{ref}}{{/ref}}{{^lastReminder}}{{#wasReminded}} – relancée le {{lastReminded}}{{/wasReminded}}{{/lastReminder}}
        {{/invoices}}

        Total dû : {{total}}
        {{#hasFee}}
        Indemnité forfaitaire pour frais de recouvrement ({{indemnity}} par facture) : {{fee}}
        {{/hasFee}}
        {{#hasInterest}}
        Pénalités de retard au {{reminder.date}} : {{interest}}
        {{/hasInterest}}
        {{#hasExtras}}
        Total à régler : {{grandTotal}}
        {{/hasExtras}}
        {{#hasInterest}}

        Les pénalités de retard sont calculées au taux de refinancement de la Banque centrale européenne majoré de {{margin}} ({{rate}} pour le semestre en cours), sur le nombre de jours de retard :
        {{#invoices}}
        {{#hasInterest}}
        - {{number}} : {{interestDetail}}, soit {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}

        L'indemnité forfaitaire pour frais de recouvrement est due pour chaque facture payée en retard (article L441-10 du Code de commerce).
        {{/hasFee}}

        Nous vous demandons de régulariser cette situation {{#deadline}}au plus tard le {{deadline}}{{/deadline}}{{^deadline}}sous huitaine{{/deadline}}.
        {{#invoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#single}}la facture{{/single}}{{#multiple}}chaque facture{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#attachedSingle}}la facture{{/attachedSingle}}{{^attachedSingle}}des factures{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}

        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        - Facture {{number}} du {{date}}, à échéance le {{due}} : {{outstanding}}
        {{/upcoming}}
        {{/hasUpcoming}}

        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Cordialement,
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let statementLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Objet : Relevé de factures impayées au {{reminder.date}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#allReminded}}Malgré nos relances, {{#single}}la facture ci-dessous reste impayée{{/single}}{{#multiple}}les factures ci-dessous restent impayées{{/multiple}}{{/allReminded}}{{^allReminded}}{{#single}}La facture ci-dessous reste impayée{{/single}}{{#multiple}}Les factures ci-dessous restent impayées{{/multiple}}{{/allReminded}} à ce jour.
        ---
        {{#hasInterest}}
        Les pénalités de retard sont calculées au taux de refinancement de la Banque centrale européenne majoré de {{margin}} ({{rate}} pour le semestre en cours), sur le nombre de jours de retard :
        {{#invoices}}
        {{#hasInterest}}
        – {{number}} : {{interestDetail}}, soit {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}

        {{#hasFee}}
        L'indemnité forfaitaire pour frais de recouvrement de {{indemnity}} est due pour chaque facture payée en retard (article L441-10 du Code de commerce).
        {{/hasFee}}

        Nous vous demandons de nous régler la somme de {{grandTotal}} {{#deadline}}au plus tard le {{deadline}}{{/deadline}}{{^deadline}}sous huitaine{{/deadline}}.

        {{#hasUpcoming}}
        Pour information, non encore échue{{#upcomingMultiple}}s{{/upcomingMultiple}} :
        {{#upcoming}}
        – Facture {{number}} du {{dateShort}}, à échéance le {{dueShort}} : {{outstanding}}
        {{/upcoming}}

        {{/hasUpcoming}}
        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Nous vous prions d'agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        """

    static let formalNoticeEmail = """
        {{% CONTENT_TYPE: TEXT }}
        Subject: Mise en demeure de payer – {{#single}}facture{{/single}}{{#multiple}}factures{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#hasPreviousReminders}}
        Nos précédentes relances sont restées sans effet :
        {{#previousReminders}}
        - {{label}} du {{date}} (réf. {{id}})
        {{/previousReminders}}

        {{/hasPreviousReminders}}
        Nous constatons que {{#single}}la facture suivante reste impayée{{/single}}{{#multiple}}les factures suivantes restent impayées{{/multiple}} à ce jour :

        {{#invoices}}
        - Facture {{number}} du {{date}}, échue le {{due}} ({{daysLateText}} de retard) : {{outstanding}}{{#partlyPaid}} restant dû sur {{amount}}{{/partlyPaid}}
        {{/invoices}}

        Total dû : {{total}}
        {{#hasFee}}
        Indemnité forfaitaire pour frais de recouvrement ({{indemnity}} par facture) : {{fee}}
        {{/hasFee}}
        {{#hasInterest}}
        Pénalités de retard au {{reminder.date}} : {{interest}}
        {{/hasInterest}}
        {{#hasExtras}}
        Total à régler : {{grandTotal}}
        {{/hasExtras}}

        Par la présente, qui vaut mise en demeure de payer au sens de l'article 1344 du Code civil, nous vous demandons de nous régler la somme de {{grandTotal}} au plus tard le {{deadline}}.
        {{#hasInterest}}

        Conformément à l'article L441-10 du Code de commerce, les pénalités de retard courent de plein droit au taux de refinancement de la Banque centrale européenne majoré de {{margin}} ({{rate}} pour le semestre en cours), taux fixé pour chaque semestre civil, appliqué au nombre de jours de retard sur 365 :
        {{#invoices}}
        {{#hasInterest}}
        - {{number}} : {{interestDetail}}, soit {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}

        S'y ajoute l'indemnité forfaitaire pour frais de recouvrement de {{indemnity}} par facture (article L441-10 du Code de commerce).
        {{/hasFee}}

        À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure de recouvrement judiciaire (injonction de payer), dont les frais resteront à votre charge.
        {{#letterAttached}}

        Vous trouverez ci-joint notre lettre de mise en demeure{{#invoicesAttached}} et une copie de {{#single}}la facture{{/single}}{{#multiple}}chaque facture{{/multiple}}{{/invoicesAttached}}{{#someInvoicesAttached}} et une copie de {{#attachedSingle}}la facture{{/attachedSingle}}{{^attachedSingle}}des factures{{/attachedSingle}} {{attachedInvoiceNumbers}}{{/someInvoicesAttached}}.
        {{/letterAttached}}
        {{^letterAttached}}
        {{#invoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#single}}la facture{{/single}}{{#multiple}}chaque facture{{/multiple}}.
        {{/invoicesAttached}}
        {{#someInvoicesAttached}}

        Vous trouverez en pièce jointe une copie de {{#attachedSingle}}la facture{{/attachedSingle}}{{^attachedSingle}}des factures{{/attachedSingle}} {{attachedInvoiceNumbers}}.
        {{/someInvoicesAttached}}
        {{/letterAttached}}

        {{#company.iban}}
        Règlement par virement : IBAN {{company.iban}}{{#company.bic}} – BIC {{company.bic}}{{/company.bic}}, en rappelant {{#single}}le numéro de la facture{{/single}}{{#multiple}}les numéros des factures{{/multiple}}.
        {{/company.iban}}

        Veuillez agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        {{#signature}}
        {{.}}
        {{/signature}}
        """

    static let formalNoticeLetter = """
        {{% CONTENT_TYPE: TEXT }}
        Objet : Mise en demeure de payer – {{#single}}facture{{/single}}{{#multiple}}factures{{/multiple}} {{invoiceNumbers}}

        {{salutation}}{{^salutation}}Madame, Monsieur,{{/salutation}}

        {{#message}}
        {{message}}

        {{/message}}

        {{#hasPreviousReminders}}
        Nos précédentes relances sont restées sans effet :
        {{#previousReminders}}
        – {{label}} du {{date}} (réf. {{id}})
        {{/previousReminders}}

        {{/hasPreviousReminders}}
        {{#single}}La facture détaillée ci-dessous reste impayée{{/single}}{{#multiple}}Les factures détaillées ci-dessous restent impayées{{/multiple}} à ce jour. Par la présente, qui vaut mise en demeure de payer au sens de l'article 1344 du Code civil, nous vous demandons de nous régler la somme de {{grandTotal}} au plus tard le {{deadline}}{{#company.iban}}, par virement sur le compte IBAN {{company.iban}}{{#company.bic}} (BIC {{company.bic}}){{/company.bic}}{{/company.iban}}.
        ---
        {{#hasInterest}}
        Conformément à l'article L441-10 du Code de commerce, des pénalités de retard sont dues au taux BCE majoré de {{margin}} ({{rate}} ce semestre), fixé par semestre civil, sur 365 jours :
        {{#invoices}}
        {{#hasInterest}}
        – {{number}} : {{interestDetail}}, soit {{interest}}
        {{/hasInterest}}
        {{/invoices}}
        {{/hasInterest}}
        {{#hasFee}}
        S'y ajoute l'indemnité forfaitaire pour frais de recouvrement de {{indemnity}} par facture{{#hasInterest}} (même article){{/hasInterest}}{{^hasInterest}} (article L441-10 du Code de commerce){{/hasInterest}}.
        {{/hasFee}}

        À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure de recouvrement judiciaire (injonction de payer), dont les frais resteront à votre charge.
        Veuillez agréer{{^salutation}}, Madame, Monsieur,{{/salutation}} nos salutations distinguées.
        """
}
