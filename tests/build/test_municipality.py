"""The municipality is configuration: the same code builds another municipality's book."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import REPO_ROOT, copy_project, page_text, run_jobbook


def test_no_module_or_template_names_the_municipality():
    for folder in ("src/jobbook", "notebooks"):
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".ipynb", ".md"):
                assert "kalundborg" not in path.read_text(encoding="utf-8").lower(), path
    for page in (REPO_ROOT / "book").glob("*.md"):
        assert "kalundborg" not in page.read_text(encoding="utf-8").lower(), page


def rename_municipality(data_dir, old_name: str, new_name: str, old_code: str, new_code: str) -> None:
    """Another municipality's data, made from ours: its name everywhere, its own geography code."""
    code_columns = {"geography_code", "parent_geography_code"}
    for path in data_dir.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for column in header:
                value = row[column].replace(old_name, new_name)
                if column in code_columns:
                    value = re.sub(rf"^{old_code}(?=$|-)", new_code, value)
                row[column] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.slow
def test_another_municipality_s_data_gives_its_book(tmp_path):
    project = copy_project(tmp_path)
    rename_municipality(project / "data", "Kalundborg", "Testrup", "326", "999")
    settings = (project / "jobbook.toml").read_text(encoding="utf-8")
    settings = settings.replace('"Kalundborg Kommune"', '"Testrup Kommune"').replace('"Kalundborg"', '"Testrup"')
    (project / "jobbook.toml").write_text(settings.replace('geography_code = "326"', 'geography_code = "999"'),
                                          encoding="utf-8")
    assert run_jobbook(project, "validate").returncode == 0
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "_build" / "html"
    front = page_text(site / "book" / "index.html")
    assert "Testrup Kommune s egne dokumenter" in front and "ca. 23,1 mio. kr." in front
    for page in site.rglob("*.html"):
        if "_static" not in page.parts:
            assert "Kalundborg" not in page.read_text(encoding="utf-8"), page
