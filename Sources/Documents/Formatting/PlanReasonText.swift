import Dunning

extension PlanReason {
    /// The reason in `language`, for a reader of the books (the web screen): English is `english`, as `relance plan`
    /// prints it; dates stay in ISO form (2026-08-05), as the tables around them write dates.
    public func text(_ language: Language) -> String {
        switch language {
        case .en: return english
        case .fr: return french
        }
    }

    var french: String {
        let fr = Language.fr
        /// "134 jours de retard", "échue ce jour" on the due date.
        func late(_ days: Int) -> String { days == 0 ? "échue ce jour" : fr.formatDays(days) + " de retard" }
        switch self {
        case .dunningOff(let customer):
            return "relances désactivées pour le client \(customer)"
        case .held(let customer, let since, let until, let note):
            let what = customer.map { "client \($0) suspendu" } ?? "facture suspendue"
            return "\(what) depuis le \(since)" + (until.map { " jusqu'au \($0)" } ?? "") + (note.map { " : \($0)" } ?? "")
        case .noLevelApplies:
            return "aucun niveau de relance ne s'applique"
        case .lastLevelReached(let level):
            return "dernier niveau (\(level)) atteint : plus de relance"
        case .courtesyDue(let on):
            return "rappel de courtoisie prévu le \(on)"
        case .levelDue(let level, let on, let offset):
            return "niveau \(level) prévu le \(on) (échéance \(offset >= 0 ? "+" : "")\(fr.formatDays(offset)))"
        case .waitForGap(let customer, let last, let gap, let until):
            return "dernière relance à \(customer) le \(last) : attendre \(fr.formatDays(gap)), jusqu'au \(until)"
        case .courtesyNow(let days):
            return "échéance dans \(fr.formatDays(days)) : rappel de courtoisie"
        case .lateNeverReminded(let days):
            return "\(late(days)), jamais relancée"
        case .lateReminded(let days, let level, let sentOn):
            return "\(late(days)), niveau \(level) envoyé" + (sentOn.map { " le \($0)" } ?? "")
        case .leftOutOfFormalNotice(let due):
            return "pas encore échue (échéance le \(due)) : laissée hors de la mise en demeure du jour, qui ne réclame que les factures de son niveau"
        }
    }
}
