/// The words of the pages, in the books' language (`[company] language`, fr or en).
struct Words {
    let language: String
    var french: Bool { language == "fr" }

    private static let table: [String: (fr: String, en: String)] = [
        "overview": ("Vue d'ensemble", "Overview"),
        "invoices": ("Factures ouvertes", "Open invoices"),
        "reminders": ("Relances à faire", "Reminders due"),
        "history": ("Historique", "History"),
        "owed": ("Reste dû", "Owed"),
        "overdue": ("En retard", "Overdue"),
        "dso": ("DSO", "DSO"),
        "days": ("jours", "days"),
        "items": ("pièces", "items"),
        "aging": ("Balance âgée", "Aged balance"),
        "lastReminders": ("Dernières relances", "Last reminders"),
        "noReminder": ("Aucune relance pour l'instant.", "No reminder yet."),
        "invoice": ("Facture", "Invoice"),
        "invoiceList": ("Factures", "Invoices"),
        "customer": ("Client", "Customer"),
        "date": ("Date", "Date"),
        "due": ("Échéance", "Due"),
        "amount": ("Montant", "Amount"),
        "outstanding": ("Reste dû", "Outstanding"),
        "currency": ("Devise", "Currency"),
        "late": ("Retard", "Late"),
        "state": ("État", "State"),
        "lastReminder": ("Dernière relance", "Last reminder"),
        "group": ("Groupe", "Group"),
        "minAmount": ("Montant min.", "Min. amount"),
        "level": ("Niveau", "Level"),
        "filter": ("Filtrer", "Filter"),
        "reset": ("Tout voir", "Show all"),
        "download": ("Télécharger", "Download"),
        "csvMachine": ("CSV (programmes)", "CSV (programs)"),
        "csvFrench": ("CSV tableur français", "CSV French spreadsheet"),
        "statusTable": ("Factures ouvertes", "Open invoices"),
        "agingTable": ("Balance âgée", "Aged balance"),
        "total": ("Total", "Total"),
        "nothingOpen": ("Rien d'ouvert à cette date.", "Nothing open as of this date."),
        "contact": ("Contact", "Contact"),
        "payments": ("Paiements et lettrage", "Payments and allocations"),
        "timeline": ("Relances", "Reminders"),
        "email": ("e-mail", "e-mail"),
        "letter": ("courrier", "letter"),
        "channel": ("Canal", "Channel"),
        "note": ("Note", "Note"),
        "proposed": ("Niveau proposé", "Proposed level"),
        "why": ("Pourquoi", "Why"),
        "noEmail": ("pas d'adresse e-mail : courrier seulement", "no e-mail address: letter only"),
        "writeButton": ("Écrire et envoyer les relances cochées", "Write and send the ticked reminders"),
        "nothingDue": ("Aucune relance à faire à cette date.", "No reminder is due as of this date."),
        "wouldWrite": ("Relances que l'écriture produira, aux niveaux et canaux proposés", "Reminders the button will write, at the levels and channels proposed"),
        "preview": ("Aperçu", "Preview"),
        "asOf": ("au", "as of"),
        "appliedTo": ("affecté à", "applied to"),
        "unapplied": ("non affecté (lettrage automatique)", "not applied (automatic allocation)"),
        "noPayment": ("Aucun paiement.", "No payment."),
        "booksErrors": ("Les livres ont des erreurs", "The books have errors"),
        "booksErrorsHint": ("Corrigez-les dans votre éditeur puis rechargez la page. Voici ce que dit `relance check` :",
                            "Fix them in your editor, then reload this page. This is what `relance check` says:"),
        "forbidden": ("Accès refusé", "Forbidden"),
        "notFound": ("Introuvable", "Not found"),
        "delivery": ("Envoi", "Delivery"),
        "documents": ("Documents", "Documents"),
        "phone": ("Téléphone", "Phone"),
        "address": ("Adresse", "Address"),
        "credits": ("Avoirs", "Credit notes"),
        "printBatch": ("Lot d'impression (PDF)", "Print batch (PDF)"),
        "printButton": ("Imprimer les courriers non imprimés", "Print the letters not yet printed"),
        "exports": ("Exports", "Exports"),
        "others": ("autres", "others"),
        "levelByHandNote": ("Le niveau proposé est celui de la politique ; un autre niveau choisi à la main suit les règles de `remind --level N --force` (des niveaux peuvent être sautés, jamais repris) : la facture a alors sa propre relance, notée « manual level » dans l'historique.",
                            "The level proposed is the policy's; another level chosen by hand follows the rules of `remind --level N --force` (levels may be skipped, never repeated): the invoice then has a reminder of its own, recorded as \"manual level\" in history."),
        "channelNote": ("Une relance part par un seul canal : celui choisi pour l'une de ses factures vaut pour toute la relance. ✉ ✕ : pas d'adresse e-mail, courrier seulement.",
                        "A reminder goes by one channel: the one chosen for one of its invoices holds for the whole reminder. ✉ ✕: no e-mail address, letter only."),
        "levelByHand": ("niveau choisi à la main", "level chosen by hand"),
        "allByEmail": ("Tout par e-mail", "All by e-mail"),
        "allByLetter": ("Tout par courrier", "All by letter"),
        "ticked": ("cochées", "ticked"),
        "all": ("tout", "all"),
        "none": ("rien", "none"),
        "result": ("Résultat", "Result"),
        "refused": ("Refusé", "Refused"),
        "reminder": ("Relance", "Reminder"),
        "printed": ("imprimé", "printed"),
        "posted": ("posté", "posted"),
    ]

    subscript(_ key: String) -> String {
        guard let w = Words.table[key] else { return key }
        return french ? w.fr : w.en
    }

    /// Every word, for the templates (`{{w.owed}}`).
    var all: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in Words.table { out[k] = french ? v.fr : v.en }
        return out
    }

    /// An exact decimal amount as written by the commands ("12345.60") as a reader of the language writes it:
    /// "12 345,60 €" in French, "€12,345.60"-like "12,345.60 EUR" in English. Text in, text out: never a float.
    func money(_ decimal: String, _ currency: String) -> String {
        var text = decimal
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(french ? "\u{202F}" : ",") }
            grouped.append(ch)
        }
        grouped = String(grouped.reversed())
        let number = (negative ? "−" : "") + grouped + (fraction.isEmpty ? "" : (french ? "," : ".") + fraction)
        let symbol = ["EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥"][currency] ?? currency
        return french ? number + "\u{00A0}" + symbol : (symbol.count == 1 ? symbol + number : number + " " + symbol)
    }

    /// A state of the status table in words.
    func state(_ raw: String) -> String {
        switch raw {
        case "late": return french ? "en retard" : "late"
        case "due": return french ? "échue ce jour" : "due today"
        case "held": return french ? "suspendue" : "held"
        case "credit": return french ? "crédit" : "credit"
        case "notDue", "not due": return french ? "à venir" : "not due"
        default: return raw
        }
    }

    func channel(_ raw: String) -> String {
        switch raw {
        case "email": return self["email"]
        case "letter": return self["letter"]
        case "both": return french ? "e-mail et courrier" : "e-mail and letter"
        case "phone": return french ? "téléphone" : "phone"
        default: return raw
        }
    }
}
