"""Benchmark of the build, measured side by side in one run on the shipped data.

    .venv/bin/python benchmarks/build_speed.py

Four builds, each in a fresh copy of the project in a temporary folder:

1. cold: `jobbook build` with empty caches;
2. no change: `jobbook build` again;
3. one year changed: one 2021 account amount changed, then `jobbook build`;
4. Jupyter Book's own execution: the same notebooks, with the same parameters injected by
   papermill, executed by `jupyter-book build` itself (execute_notebooks: force, serial).

It prints wall-clock times, notebook executions, the ratios and the targets: cold at most 0.6
of Jupyter Book's own build; no change at most 10 % of cold with zero executions; one year
changed at most 50 % of cold. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobbook.dataset import load_dataset  # noqa: E402
from jobbook.pipeline import BookLayout, discover_years, plan_jobs, write_generated_pages, write_vendor_bundle  # noqa: E402
from jobbook.settings import load_settings  # noqa: E402
from jobbook.workspace import copy_project  # noqa: E402

CHANGED_ROW = ("2021,budget,5.68.98,Beskæftigelsesordninger,2538,", "2021,budget,5.68.98,Beskæftigelsesordninger,2539,")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    return seconds


def jobbook_build(project: Path) -> tuple[float, int]:
    seconds = timed([sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), "build",
                     "--no-progress"], project)
    report = json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))
    return seconds, sum(1 for n in report["notebooks"] if n["cache"] == "miss")


def prepare_jupyter_book_execution(project: Path) -> int:
    """The same notebooks and parameters, left for Jupyter Book to execute (paths made absolute,
    because Jupyter Book runs a notebook in its own folder)."""
    import papermill

    settings = load_settings(project / "jobbook.toml")
    layout = BookLayout(project)
    ds = load_dataset(settings.data_dir, settings)
    years = discover_years(ds)
    jobs = plan_jobs(layout, settings, settings.data_dir, years, years[-1])
    for job in jobs:
        parameters = {**job.parameters, "data_dir": str(settings.data_dir),
                      "settings_file": str(settings.settings_file)}
        job.output.parent.mkdir(parents=True, exist_ok=True)
        papermill.execute_notebook(str(job.template), str(job.output), parameters=parameters, prepare_only=True,
                                   kernel_name="python3", progress_bar=False)
    write_generated_pages(layout, settings, ds)
    write_vendor_bundle(layout)
    config = yaml.safe_load((project / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 300}
    (project / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return len(jobs)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jobbook-bench-") as tmp:
        ours = copy_project(REPO, Path(tmp) / "jobbook")
        theirs = copy_project(REPO, Path(tmp) / "jupyterbook")
        cold, cold_runs = jobbook_build(ours)
        unchanged, unchanged_runs = jobbook_build(ours)
        data = ours / "data" / "budget_by_account.csv"
        text = data.read_text(encoding="utf-8")
        assert CHANGED_ROW[0] in text
        data.write_text(text.replace(*CHANGED_ROW), encoding="utf-8")
        one_year, one_year_runs = jobbook_build(ours)
        notebooks = prepare_jupyter_book_execution(theirs)
        jupyter_book = timed([sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
                              str(theirs), "--all", "--quiet"], theirs)

    rows = [
        ("cold full build (jobbook build)", cold, cold_runs),
        ("no-change rebuild", unchanged, unchanged_runs),
        ("one year's data changed", one_year, one_year_runs),
        ("Jupyter Book's own execution (serial)", jupyter_book, notebooks),
    ]
    print(f"Build benchmark on {os.cpu_count()} cores, {notebooks} notebooks (wall-clock seconds)")
    for label, seconds, runs in rows:
        print(f"  {label:40s} {seconds:7.1f} s   {runs:3d} notebooks executed")
    targets = [
        ("cold / Jupyter Book's own", cold / jupyter_book, 0.6, True),
        ("no change / cold", unchanged / cold, 0.10, unchanged_runs == 0),
        ("one year changed / cold", one_year / cold, 0.50, True),
    ]
    missed = 0
    for label, ratio, limit, extra in targets:
        ok = ratio <= limit and extra
        missed += not ok
        print(f"  {label:40s} {ratio:7.2f}   target <= {limit:.2f}: {'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
