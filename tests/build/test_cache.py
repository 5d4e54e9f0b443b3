"""Cache invalidation rules: a notebook runs again exactly when something it reads has changed."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import DATA_DIR, REPO_ROOT, SETTINGS_FILE, replace_once
from jobbook import digest as digest_module
from jobbook.build.cache import KeyMaker, NotebookCache
from jobbook.build.layout import BookLayout
from jobbook.build.plan import Job, plan_jobs, template_code
from jobbook.build.registry import load_registry
from jobbook.build.run import discard_kernel, execute_job
from jobbook.data.dataset import TRACE_ENV, load_dataset
from jobbook.digest import code_files, digest
from jobbook.settings import load_settings

REGISTRY = load_registry(REPO_ROOT)
NOTEBOOKS = REPO_ROOT / "notebooks"


def job(template: str, year: int, output: Path = Path("never-written.ipynb"), **extra) -> Job:
    """A job of ``template``; a test that executes it must give an ``output`` in its tmp_path."""
    parameters = {"budget_year": year, "data_dir": "../data", "settings_file": "../jobbook.toml", **extra}
    return Job(REGISTRY.chapter(template), NOTEBOOKS / f"{template}.ipynb", output, parameters, f"{template} {year}")


def key(ds, j: Job, root: Path = REPO_ROOT) -> str:
    return KeyMaker(ds, root, SETTINGS_FILE).key(j)


def with_row_changed(data_copy: Path, settings, file: str, old: str, new: str):
    replace_once(data_copy / file, old, new)
    return load_dataset(data_copy, settings)


ROW = "{year},budget,5.68.98,Beskæftigelsesordninger,{amount},"
ACCOUNT_2021 = (ROW.format(year=2021, amount=2538), ROW.format(year=2021, amount=2539))
ACCOUNT_2020 = (ROW.format(year=2020, amount=2393), ROW.format(year=2020, amount=2394))


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_same_inputs_give_the_same_key(ds):
    assert key(ds, job("budgetaar", 2021)) == key(ds, job("budgetaar", 2021))


def test_parameters_and_templates_are_part_of_the_key(ds):
    base = key(ds, job("budgetaar", 2021))
    assert key(ds, job("budgetaar", 2022)) != base
    assert key(ds, job("reform", 2026)) != key(ds, job("reform", 2026, benefit_volume_change_pct=2.0))
    assert key(ds, job("udvikling", 2026)) != key(ds, job("bdo", 2026))


@pytest.fixture
def root(tmp_path) -> Path:
    """What a key is made from outside the data: the registry, the templates, the pages, the lock."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("chapters.toml", "jobbook.toml", "requirements.lock"):
        shutil.copy(REPO_ROOT / name, root / name)
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    shutil.copytree(REPO_ROOT / "book", root / "book", ignore=shutil.ignore_patterns("budgetaar", "temaer"))
    return root


def test_a_theme_s_title_is_part_of_every_key(ds, root):
    """A year's page links to the themes by their titles: a new title runs the year's pages again."""
    before = key(ds, job("budgetaar", 2021), root)
    template = root / "notebooks" / "opgaver.ipynb"
    template.write_text(template.read_text(encoding="utf-8").replace("# Jobcentrets opgaver", "# Opgaverne"),
                        encoding="utf-8")
    assert key(ds, job("budgetaar", 2021), root) != before


def test_a_year_s_data_changes_its_chapter_and_the_chapters_reading_it(ds, data_copy, settings):
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", *ACCOUNT_2021)
    differs = {name: key(ds, j) != key(changed, j) for name, j in {
        "budgetaar 2021": job("budgetaar", 2021), "budgetaar 2020": job("budgetaar", 2020),
        "budgetaar 2022": job("budgetaar", 2022), "budgetaar 2024": job("budgetaar", 2024),
        "bdo": job("bdo", 2026), "udvikling": job("udvikling", 2026),
        "reform": job("reform", 2026), "opgaver": job("opgaver", 2026)}.items()}
    assert differs == {"budgetaar 2021": True, "budgetaar 2020": False,
                       "budgetaar 2022": False,  # 2022 has no account rows to compare with 2021's
                       "budgetaar 2024": False, "bdo": True,
                       "udvikling": True,  # it says which year the newest account budget is
                       "reform": False, "opgaver": False}


def test_the_previous_year_counts_when_the_year_has_rows_of_its_own(ds, data_copy, settings):
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", *ACCOUNT_2020)
    assert key(ds, job("budgetaar", 2021)) != key(changed, job("budgetaar", 2021))
    assert key(ds, job("budgetaar", 2020)) != key(changed, job("budgetaar", 2020))


def test_formatting_of_the_data_files_does_not_matter(ds, data_copy, settings):
    """Keys come from the checked values: writing 055771 instead of 5.57.71 changes nothing."""
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", ",5.57.71,", ",055771,")
    assert key(ds, job("budgetaar", 2021)) == key(changed, job("budgetaar", 2021))


def test_the_environment_is_part_of_the_key(ds, root):
    before = key(ds, job("opgaver", 2026), root)
    (root / "requirements.lock").write_text("pandas==0.0\n")
    assert key(ds, job("opgaver", 2026), root) != before


def test_a_notebook_depends_on_the_modules_it_imports_and_no_others():
    files = code_files(template_code(NOTEBOOKS / "opgaver.ipynb"))
    assert "analysis/opgaver.py" in files and "present/fmt.py" in files  # fmt through the chapter module
    assert "data/dataset.py" in files and "__init__.py" in files and "analysis/__init__.py" in files
    assert not {"outputs/weight.py", "outputs/pdf.py", "build/book.py", "cli.py"} & set(files)


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package that the digests read instead of the installed one."""
    copy = tmp_path / "jobbook"
    shutil.copytree(digest_module.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(digest_module, "PACKAGE_DIR", copy)
    return copy


def test_editing_an_imported_module_reruns_the_notebook_and_an_unrelated_one_does_not(ds, package_copy):
    base = key(ds, job("opgaver", 2026))
    with (package_copy / "outputs" / "weight.py").open("a") as handle:
        handle.write("\n# an edit the chapter does not import\n")
    assert key(ds, job("opgaver", 2026)) == base
    with (package_copy / "present" / "fmt.py").open("a") as handle:
        handle.write("\n# an edit of a module the chapter imports through another\n")
    assert key(ds, job("opgaver", 2026)) != base


def test_the_cache_keeps_whole_entries_only(tmp_path):
    said = []
    cache = NotebookCache(tmp_path, say=said.append)
    cache.put("k1", "notebook", {"seconds": 1.0})
    text, record = cache.get("k1")
    assert (text, record["seconds"]) == ("notebook", 1.0)
    (tmp_path / "k1.json").write_text("{half")  # a damaged record is a miss, not an error
    assert cache.get("k1") is None
    assert len(said) == 1 and "entry k1 is damaged (its record is not readable JSON)" in said[0]
    cache.put("k2", "other", {})
    cache.keep_only({"k2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k2.ipynb", "k2.json"]


def test_digest_parts_cannot_run_together():
    assert digest("a", "bc") != digest("ab", "c")
    assert digest(["a", "b"], "c") != digest("a", ["b", "c"])
    assert digest("x") == digest(b"x")


def tables_read(j: Job, trace: Path, monkeypatch) -> set[str]:
    """Run the job's template code in this process as its kernel would (the template's folder as working
    directory, the job's parameters after the parameters cell) and name the tables its Dataset handed out.
    What the page shows is discarded: only what the code reads matters here."""
    monkeypatch.setenv(TRACE_ENV, str(trace))
    monkeypatch.chdir(j.template.parent)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):  # display() outside a kernel prints
        for cell in json.loads(j.template.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                exec("".join(cell["source"]), namespace)  # noqa: S102 - the project's own template
                if "parameters" in cell["metadata"].get("tags", []):
                    namespace.update(j.parameters)
    return set(trace.read_text(encoding="utf-8").split()) if trace.exists() else set()


# Every run of every chapter of the registry, on the shipped data: a chapter added to chapters.toml is
# checked here without a test naming it.
PLANNED = plan_jobs(REGISTRY, BookLayout(REPO_ROOT), load_settings(SETTINGS_FILE), DATA_DIR,
                    load_dataset(DATA_DIR, load_settings(SETTINGS_FILE)).budget_years(), 2026)


@pytest.mark.parametrize("planned", PLANNED, ids=lambda j: j.label)
def test_chapters_read_only_the_tables_the_registry_lists(planned, tmp_path, monkeypatch):
    """What a run reads must be declared in its registry entry, or a change to that table would leave
    its page stale in the cache (fast: the template's code runs in this process, not in a kernel)."""
    read = tables_read(planned, tmp_path / "trace.txt", monkeypatch)
    assert read, "the trace is empty: the template read no table"
    assert read <= set(planned.chapter.reads), (
        f"{planned.label} reads {', '.join(sorted(read - set(planned.chapter.reads)))}, which its entry in "
        "chapters.toml does not list")


def test_a_table_read_but_not_listed_is_found(tmp_path, monkeypatch):
    """The check above can fail: a year page reads tables that only the themes' entries list (2023's
    document is cited by a theme), so its own `reads`, typed by hand, would be stale."""
    [year_2023] = [j for j in PLANNED if j.chapter.links_to_themes and j.parameters["budget_year"] == 2023]
    raw = tomllib.loads(REGISTRY.path.read_text(encoding="utf-8"))
    [entry] = [c for part in raw["parts"] for c in part["chapters"] if c.get("template") == year_2023.chapter.template]
    read = tables_read(year_2023, tmp_path / "trace.txt", monkeypatch)
    assert read <= set(year_2023.chapter.reads) and not read <= set(entry["reads"])


def test_a_page_linking_to_the_themes_reads_every_table_a_theme_reads():
    """Derived when the registry is read: a theme's new table reaches the year pages' cache keys."""
    themes = {name for theme in REGISTRY.themes for name in theme.reads}
    linking = [c for c in REGISTRY.notebooks if c.links_to_themes]
    assert linking and all(themes <= set(c.reads) for c in linking)
    assert all(not c.links_to_themes for c in REGISTRY.themes)


@pytest.mark.slow
def test_a_warm_kernel_gives_the_same_notebook_as_a_new_one(tmp_path):
    try:
        fresh = execute_job(job("budgetaar", 2021), tmp_path / "s", tmp_path / "f", warm=False)
        execute_job(job("udvikling", 2026), tmp_path / "s", tmp_path / "f", warm=True)
        warm = execute_job(job("budgetaar", 2021), tmp_path / "s", tmp_path / "f", warm=True)
    finally:
        discard_kernel()
    assert fresh.ok and warm.ok
    assert fresh.text == warm.text
    counts = [c["execution_count"] for c in json.loads(warm.text)["cells"] if c["cell_type"] == "code"]
    # the kernel was reset: counting starts again at 1 (gaps are the empty sections the build removed)
    assert counts[0] == 1 and counts == sorted(set(counts))
