"""How figures reach the reader: Danish number formats, labels, charts, figures and glue."""
