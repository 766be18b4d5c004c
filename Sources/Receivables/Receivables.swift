// Receivables
