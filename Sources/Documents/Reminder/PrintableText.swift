import LetterPDF

/// What a letter can show, for `check` (the fonts are the letter writer's business).
public enum PrintableText {
    /// The first character of `text` the letter's fonts cannot show (it would be missing), if any.
    public static func firstUnprintable(_ text: String) -> Character? { LetterCharacters.firstUnprintable(text) }
}
