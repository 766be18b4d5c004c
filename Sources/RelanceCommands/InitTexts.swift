import Books
import Configuration

/// The files of a new books repository, in French or English. Pure: the date and language in, texts out.
enum InitTexts {
    /// Path → text, in the order they are written.
    static func files(language: String, today: Day) -> [(path: String, text: String)] {
        let fr = language == "fr"
        let year = today.year
        return [
            ("relance.toml", relanceToml(fr: fr)),
            ("customers.books", fr ? customersFR : customersEN),
            ("invoices/\(year).books", invoices(fr: fr, today: today)),
            ("templates/README.md", fr ? templatesFR : templatesEN),
            (".gitattributes", gitattributes),
            (".gitignore", gitignore),
        ]
    }

    static let englishLevelNames = ["Courtesy reminder", "First reminder", "Second reminder", "Statement of unpaid invoices", "Formal notice"]

    /// relance.toml: the company to fill in, relance's default policy written out (so it can be read and changed), [smtp] commented.
    static func relanceToml(fr: Bool) -> String {
        let policy = DunningPolicy.french
        var s = fr ? """
        # relance.toml — les réglages de vos relances. Référence complète : docs/policy.md de relance.
        # Les lignes commençant par # sont des commentaires.

        [company]
        name = "Votre Nom EI"                         # à remplacer : votre nom ou votre société
        address = ["1 rue de l'Exemple", "69001 Lyon", "France"]
        city = "Lyon"                                 # « Lyon, le 22 novembre 2026 » dans les lettres
        email = "vous@exemple.example"
        # phone = "+33 4 00 00 00 00"
        # siret = "123 456 789 00012"
        # vat = "FR00123456789"
        # iban = "FR76 0000 0000 0000 0000 0000 000"
        # bic = "XXXXFRPPXXX"
        language = "fr"                               # fr | en : la langue par défaut des clients
        timezone = "Europe/Paris"                     # « aujourd'hui » est calculé dans ce fuseau
        currency = "EUR"
        terms = 30                                    # délai de paiement par défaut, en jours
        # legal = ["Pénalités de retard : taux BCE + 10 points ; indemnité forfaitaire de 40 € (art. L441-10 du Code de commerce)"]

        # La politique de relance : les valeurs par défaut de relance, écrites ici pour être lues et changées.
        # Niveaux dans l'ordre ; offset = jours après l'échéance (négatif = avant).
        [dunning]

        """ : """
        # relance.toml — the settings of your reminders. Full reference: docs/policy.md in relance.
        # Lines starting with # are comments.

        [company]
        name = "Your Name Ltd"                        # replace with your name or your company's
        address = ["1 Example Street", "London EC1A 1AA", "United Kingdom"]
        city = "London"                               # where letters are written from
        email = "you@example.example"
        # phone = "+44 20 0000 0000"
        # vat = "GB000000000"
        # iban = "GB00 XXXX 0000 0000 0000 00"
        # bic = "XXXXGB2LXXX"
        language = "en"                               # fr | en: the customers' default language
        timezone = "Europe/London"                    # "today" is computed in this time zone
        currency = "EUR"
        terms = 30                                    # default payment terms, in days
        # legal = ["Late payment interest: ECB rate + 10 points; fixed recovery indemnity EUR 40"]

        # The reminder policy: relance's defaults, written out here to be read and changed.
        # Levels in order; offset = days after the due date (negative = before it).
        [dunning]

        """
        func line(_ setting: String, _ comment: String) -> String {
            setting + String(repeating: " ", count: max(1, 47 - setting.count)) + "# " + comment + "\n"
        }
        s += line("grouping = \"\(policy.grouping.rawValue)\"", fr ? "une relance par client, listant toutes ses factures dues"
                                                                   : "one reminder per customer, listing all its invoices due")
        s += line("minimum = \"\(policy.minimumAmount)\"", fr ? "pas de relance en dessous (dans la devise de la facture)"
                                                            : "no reminder below this (in the invoice's currency)")
        s += line("gap = \(policy.minimumGapDays)", fr ? "jours au moins entre deux relances au même client"
                                                      : "days at least between two reminders to one customer")
        s += line("interest_margin = \"\(Money.decimalText(Int64(policy.interestMarginBasisPoints), decimals: 2))\"",
                  fr ? "taux BCE + ces points" : "ECB rate + these points")
        s += line("indemnity = \"\(policy.indemnity.plain)\"", fr ? "indemnité forfaitaire par facture en retard (B2B)"
                                                                  : "fixed recovery indemnity per late invoice (B2B)")
        s += "id_prefix = \"\(policy.idPrefix)\"\n"
        for (k, level) in policy.levels.enumerated() {
            s += "\n[[dunning.level]]\n"
            s += "name = \"\(fr ? level.name : englishLevelNames[k])\"\n"
            s += "offset = \(level.offset)\n"
            s += "channel = \"\(level.channel.rawValue)\"\n"
            s += "template = \"\(level.template)\"\n"
            if level.attachInvoices { s += "attach_invoices = true\n" }
            if level.attachLetter { s += "attach_letter = true\n" }
            if level.showFee { s += "fee = true\n" }
            if level.showInterest { s += "interest = true\n" }
            if let d = level.deadlineDays { s += "deadline = \(d)\n" }
        }
        s += fr ? "\n# Taux de refinancement de la BCE (opérations principales), à tenir à jour.\n"
                : "\n# ECB main refinancing rate, to be kept up to date.\n"
        for rate in policy.rates {
            s += "\n[[dunning.rate]]\nfrom = \(rate.from)\nrate = \"\(Money.decimalText(Int64(rate.basisPoints), decimals: 2))\"\n"
        }
        s += fr ? """

        # L'auteur des commits de relance (sinon : user.name et user.email de git).
        # [git]
        # author_name = "Votre Nom"
        # author_email = "vous@exemple.example"

        # Le serveur d'envoi des e-mails (le mot de passe n'est jamais dans ce fichier).
        # [smtp]
        # host = "smtp.exemple.example"
        # port = 587
        # security = "starttls"                       # starttls | tls | none
        # username = "vous@exemple.example"
        # password_env = "RELANCE_SMTP_PASSWORD"      # ou : password_command = "pass show smtp"

        # Les comptes de `relance export` (hledger, ledger, beancount) ; voir docs/export.md.
        # [export]
        # account = "Assets:Receivable"

        """ : """

        # The author of relance's commits (else git's user.name and user.email).
        # [git]
        # author_name = "Your Name"
        # author_email = "you@example.example"

        # The outgoing mail server (the password is never in this file).
        # [smtp]
        # host = "smtp.example.example"
        # port = 587
        # security = "starttls"                       # starttls | tls | none
        # username = "you@example.example"
        # password_env = "RELANCE_SMTP_PASSWORD"      # or: password_command = "pass show smtp"

        # The accounts of `relance export` (hledger, ledger, beancount); see docs/export.md.
        # [export]
        # account = "Assets:Receivable"

        """
        return s
    }

    static let customersFR = """
    ; Vos clients, un bloc par client (référence : docs/format.md de relance).
    ; Ce client est un exemple : remplacez-le par les vôtres.

    customer exemple
      name     "Exemple SARL"
      email    compta@exemple.example
      address  "12 rue de la Paix"
      address  "75002 Paris"
      lang     fr
      terms    30

    """

    static let customersEN = """
    ; Your customers, one block each (reference: docs/format.md in relance).
    ; This customer is an example: replace it with your own.

    customer example
      name     "Example Ltd"
      email    accounts@example.example
      address  "12 High Street"
      address  "Bristol BS1 1AA"
      lang     en
      terms    30

    """

    static func invoices(fr: Bool, today: Day) -> String {
        fr ? """
        ; Vos factures de \(today.year) : DATE invoice NUMÉRO CLIENT MONTANT DEVISE (montant TTC).
        ; Les paiements s'écrivent de même : DATE payment CLIENT MONTANT DEVISE (voir docs/format.md).
        ; Cette facture est un exemple : remplacez-la par les vôtres.

        \(today) invoice F\(today.year)-001 exemple 1200.00 EUR
          due   \(today.adding(days: 30))
          note  "exemple"

        """ : """
        ; Your invoices of \(today.year): DATE invoice NUMBER CUSTOMER AMOUNT CURRENCY (the total to be paid).
        ; Payments are written the same way: DATE payment CUSTOMER AMOUNT CURRENCY (see docs/format.md).
        ; This invoice is an example: replace it with your own.

        \(today) invoice INV\(today.year)-001 example 1200.00 EUR
          due   \(today.adding(days: 30))
          note  "example"

        """
    }

    static let templatesFR = """
    # Vos modèles de relance

    relance écrit chaque relance (e-mail et lettre PDF) avec ses modèles intégrés, en
    français et en anglais. Pour changer un texte, créez ici le fichier du même nom ; il
    remplace le modèle intégré :

    ```
    templates/fr/first.email.mustache        l'e-mail de la première relance
    templates/fr/formal-notice.letter.mustache   la lettre de mise en demeure
    templates/en/first.email.mustache        la même chose, en anglais
    ```

    Les modèles : `courtesy`, `first`, `second`, `statement`, `formal-notice` ; les parties :
    `email` (première ligne `Subject: …`, une ligne vide, le texte), `letter` (`Objet : …`,
    une ligne vide, les paragraphes avant le tableau des factures, une ligne `---`, ceux
    d'après) et `html` (facultatif). Les variables (`{{customer.name}}`, `{{total}}`…) sont
    décrites dans docs/templates.md de relance. `relance check` signale un modèle qui ne
    se lit pas ; `relance plan` puis `relance show` montrent le résultat.

    """

    static let templatesEN = """
    # Your reminder templates

    relance writes each reminder (e-mail and PDF letter) with its built-in templates, in
    French and English. To change a text, create the file of the same name here; it
    replaces the built-in template:

    ```
    templates/en/first.email.mustache            the e-mail of the first reminder
    templates/en/formal-notice.letter.mustache   the formal notice letter
    templates/fr/first.email.mustache            the same, in French
    ```

    Templates: `courtesy`, `first`, `second`, `statement`, `formal-notice`; parts: `email`
    (first line `Subject: …`, a blank line, the text), `letter` (`Subject: …`, a blank line,
    the paragraphs before the invoice table, a line `---`, those after it) and `html`
    (optional). The variables (`{{customer.name}}`, `{{total}}`…) are described in
    docs/templates.md of relance. `relance check` reports a template that does not read;
    `relance plan` then `relance show` show the result.

    """

    static let gitattributes = """
    # Books are text with LF line endings on every machine; PDFs are never diffed or merged as text.
    *.books      text eol=lf
    *.toml       text eol=lf
    *.mustache   text eol=lf
    *.md         text eol=lf
    # E-mails keep their bytes (CRLF line endings).
    *.eml        -text
    *.pdf        binary

    """

    static let gitignore = """
    # Print batches written by `relance print` in the books folder.
    /letters-*.pdf
    /letters-*.zip
    # Exports (`relance export --out`).
    *.journal
    *.beancount
    # Editors and systems.
    *~
    *.swp
    .DS_Store

    """
}
