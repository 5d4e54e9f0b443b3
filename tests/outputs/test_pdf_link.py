"""A plain `jobbook build` makes the pages, not the PDF the front page links to: the build says so."""

from jobbook.outputs.pdf import PDF_NAME, missing_pdf_note


def test_the_build_says_when_the_front_page_links_to_a_pdf_the_site_does_not_have(tmp_path):
    (tmp_path / "index.html").write_text(f'<p>Den kan også <a href="{PDF_NAME}">hentes som PDF</a>.</p>',
                                         encoding="utf-8")
    note = missing_pdf_note(tmp_path)
    assert note is not None and PDF_NAME in note and "`jobbook pdf`" in note and "not on the site" in note
    (tmp_path / PDF_NAME).write_bytes(b"%PDF-1.7\n")
    assert missing_pdf_note(tmp_path) is None  # printed: nothing to say


def test_a_site_without_a_link_to_the_pdf_needs_no_note(tmp_path):
    assert missing_pdf_note(tmp_path) is None  # no site at all
    (tmp_path / "index.html").write_text("<p>Forsiden</p>", encoding="utf-8")
    assert missing_pdf_note(tmp_path) is None
