"""Reading, validating and writing the tables of the data directory."""
