"""Bringing new budget documents into the data directory: the year scaffold and the importer."""
