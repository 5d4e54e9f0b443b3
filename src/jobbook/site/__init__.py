"""The site around the chapters: sources page, data dictionary, build report, Sphinx extension, chart library."""
