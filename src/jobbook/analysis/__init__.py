"""The analyses: one module per chapter of the book, plus the computations they share."""
