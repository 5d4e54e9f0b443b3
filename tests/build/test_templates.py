"""Notebook templates are thin sources: no outputs, typed parameters, no numbers typed into prose."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from jobbook.build.registry import load_registry

TEMPLATES = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
PROSE_PAGES = sorted((REPO_ROOT / "book").glob("*.md"))
REQUIRED_PARAMETERS = {"budget_year", "data_dir", "settings_file"}


def test_every_template_is_a_chapter_of_the_registry():
    """A template the registry does not name would never be built."""
    assert {p.stem for p in TEMPLATES} == {c.template for c in load_registry(REPO_ROOT).notebooks}


def template_parameters(template: Path) -> dict[str, dict]:
    """The parameters a template declares, as papermill reads them (name -> type, default, help)."""
    import papermill

    return papermill.inspect_notebook(str(template))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and not any(c.get("outputs") for c in code)
    assert all(c.get("execution_count") is None for c in code)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_has_kernel_metadata_and_a_typed_parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"]["language_info"]["name"] == "python"
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    declared = template_parameters(path)
    assert set(declared) >= REQUIRED_PARAMETERS
    for name, info in declared.items():
        assert info["inferred_type_name"] not in ("None", ""), f"{name} has no type"
        assert info["help"], f"{name} has no help comment"
    # primitives only: every default is a literal
    for statement in ast.parse("".join(tagged[0]["source"])).body:
        assert isinstance(statement, ast.AnnAssign), ast.dump(statement)
        ast.literal_eval(statement.value)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_code_is_thin(path):
    """Logic lives in the package: no function definitions, no long cells."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source
        assert len(source.splitlines()) <= 14, source


# Numbers allowed in prose: years, list and section numbers. Glue roles, inline code and link
# targets are not prose. "covid-19" is a name, not a quantity.
_STRIP = [re.compile(p) for p in (r"\{glue:[a-z]+\}`[^`]*`", r"`[^`]*`", r"\]\([^)]*\)", r"covid-19")]
_LIST_NUMBER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
_SECTION_NUMBER = re.compile(r"^#+\s+\d+(\.\d+)*\s", re.MULTILINE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def typed_numbers(markdown: str) -> list[str]:
    text = markdown
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    text = _LIST_NUMBER.sub(" ", _SECTION_NUMBER.sub(" ", text))
    return [n for n in _NUMBER.findall(text) if not re.fullmatch(r"(19|20)\d\d", n)]


def test_the_number_rule_itself():
    assert typed_numbers("I alt 23,1 mio. kr. i 2021.") == ["23,1"]
    assert typed_numbers("1. Første punkt\n## 2.1 Afsnit\nÅr 2020–2025 og covid-19") == []
    assert typed_numbers("Beløbet er {glue:text}`gross` og `data_2021.csv`") == []
    assert typed_numbers("hovedkonto 6") == ["6"]


@pytest.mark.parametrize("path", TEMPLATES + PROSE_PAGES, ids=lambda p: p.name)
def test_prose_numbers_are_glued_not_typed(path: Path):
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    else:
        texts = [path.read_text(encoding="utf-8")]
    found = [n for text in texts for n in typed_numbers(text)]
    assert not found, f"numbers typed into the prose of {path.name}: {found}"
