// Dunning
