"""The page "Nyt i denne udgave": the documents newest first and the revised figures, from the data."""

from __future__ import annotations

import csv

from conftest import REPO_ROOT
from ingest.test_vintages import import_documents
from jobbook.data.dataset import load_dataset
from jobbook.site.edition_page import render_edition_page


def test_the_shipped_data_lists_its_documents_newest_first_and_no_revision(shipped):
    page = render_edition_page(shipped)
    assert page.startswith("# Nyt i denne udgave\n")
    assert "Bogen fører ikke en liste over ændringer fra udgave til udgave." in page
    titles = ["Introduktion til kommunalbestyrelsens temadrøftelse", "Bemærkninger – Unge- og Beskæftigelsesudvalget",
              "Budgetnotat nr. 19", "Bemærkninger – Arbejdsmarked og Borgerservice", "Beskæftigelsesplan 2021",
              "Budget- og regnskabssystem for kommuner"]  # the chart of accounts has no date: last
    places = [page.index(title) for title in titles]
    assert places == sorted(places)
    assert ('<a href="kilder.html#kilde-budgetnotat-19-2023">Budgetnotat nr. 19 – Jobcentrets indsatser</a> '
            "(budgetår 2023, dateret 30. august 2022)</li>") in page
    assert "(budgetår 2026, mødedato 21. august 2025)" in page
    assert "<p>Ingen af dokumenterne retter et tal, som et tidligere dokument har trykt.</p>" in page


def test_a_revised_figure_is_listed_with_both_documents(data_copy, settings, capsys):
    import_documents(data_copy, "2010", "2011")
    page = render_edition_page(load_dataset(data_copy, settings)).replace("\u00a0", " ")
    revised = page[page.index("## Reviderede tal"):]
    assert "<strong>Budget 2010 for Sygedagpenge (5.57.71)</strong>" in revised
    assert ("Budget 2011 (Kalundborg Kommune, 2010) angiver 61.250.000 kr., mens Budget 2010 (Kalundborg Kommune, "
            "2009) angav 58.400.000 kr.") in revised
    assert "Ingen af dokumenterne retter" not in revised
    documents = page[:page.index("## Reviderede tal")]
    newer, older = "(budgetår 2011, dato 5. oktober 2010)", "(budgetår 2010, dato oktober 2009)"
    assert documents.index(newer) < documents.index(older)


def test_a_document_title_is_shown_as_text(data_copy, settings):
    path = data_copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["title"] = "Plan <script>alert(1)</script> & mere"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    page = render_edition_page(load_dataset(data_copy, settings))
    assert "<script>" not in page
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in page


def test_the_front_page_and_the_table_of_contents_link_the_page():
    assert "[Nyt i denne udgave](generated/nyt.md)" in (REPO_ROOT / "book" / "index.md").read_text(encoding="utf-8")
    assert "- file: book/generated/nyt\n" in (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")
