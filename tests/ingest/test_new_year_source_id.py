"""`jobbook new-year --source-id` takes only the ids `import-budget --source` and `validate` take:
the source_id field's own rule, checked before anything is written."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT, SETTINGS_FILE
from jobbook.cli import main

ACCOUNTS = REPO_ROOT / "tests" / "ingest" / "fixtures" / "indsats_og_ydelsesbudget_2027.txt"


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def snapshot(data_dir) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir()) if p.is_file()}


@pytest.mark.parametrize("source_id", ["../x", "budget 2027", "Budget-2027", "-budget", "budget/2027"])
def test_new_year_refuses_an_id_the_import_refuses(data_copy, capsys, source_id):
    before = snapshot(data_copy)
    assert cli("new-year", "2027", f"--source-id={source_id}", "--data", str(data_copy)) == 2
    err = capsys.readouterr().err
    assert err == (f"jobbook new-year: --source-id {source_id!r}: a code of lower-case letters a-z, digits, "
                   "'_' or '-'; nothing was added\n")
    assert snapshot(data_copy) == before
    # The same id given to an import is refused by the same rule, in the same words.
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", f"--source={source_id}", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert f"column 'source_id' value {source_id!r} — a code of lower-case letters a-z, digits, '_' or '-'" in err
    assert snapshot(data_copy) == before


def test_new_year_takes_an_id_the_rule_allows(data_copy, capsys):
    assert cli("new-year", "2027", "--source-id", "budget-2027_forslag", "--data", str(data_copy)) == 0
    assert "Added rows for 2027 with source id 'budget-2027_forslag'" in capsys.readouterr().out
    sources = (data_copy / "sources.csv").read_text(encoding="utf-8")
    assert "\nbudget-2027_forslag,,Kalundborg Kommune,,,2027," in sources
