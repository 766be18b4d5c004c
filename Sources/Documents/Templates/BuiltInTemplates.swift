/// The reminder templates that ship with relance, for every built-in level and language.
///
/// Keys are `LANG/NAME.PART` (`fr/first.email`, `en/formal-notice.letter`), the same keys the books
/// use to override them (`templates/fr/first.email.mustache`). See docs/templates.md.
public enum BuiltInTemplates {
    /// The built-in level templates, in ladder order.
    public static let names = ["courtesy", "first", "second", "statement", "formal-notice"]

    /// Every built-in template by key.
    public static let all: [String: String] = {
        var out: [String: String] = [:]
        for (key, text) in FrenchTemplates.all { out["fr/" + key] = text }
        for (key, text) in EnglishTemplates.all { out["en/" + key] = text }
        return out
    }()
}
