// LetterPDF
