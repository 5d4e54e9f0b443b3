"""Benchmark of the build, measured side by side in one run on the shipped data.

    .venv/bin/python benchmarks/build_speed.py [--repeat N]

Four builds, in fresh copies of the project in a temporary folder, as an analyst runs them:

1. cold: `jobbook build` with empty caches;
2. no change: `jobbook build` again;
3. one year changed: one 2021 account amount changed, then `jobbook build`;
4. Jupyter Book's own execution: the same notebooks, with the same parameters injected by
   papermill, executed by `jupyter-book build` itself (execute_notebooks: force, serial).

Builds 1-3 are repeated N times (default 3), each time in a new copy and with a different
amount, because a single build on a small shared machine varies by a second either way; the
ratios are taken of the medians. Build 4 runs once (it is far from its target).

It prints every time, the notebook executions, the ratios and the targets: cold at most 0.6
of Jupyter Book's own build; no change at most 10 % of cold with zero executions; one year
changed at most 50 % of cold. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobbook.build.pipeline import BookLayout, discover_years, plan_jobs, write_generated_pages, write_vendor_bundle  # noqa: E402

from jobbook.build.workspace import copy_project  # noqa: E402
from jobbook.data.dataset import load_dataset  # noqa: E402
from jobbook.settings import load_settings  # noqa: E402

#: The row changed in build 3 (a 2021 account's amount in 1,000 kr.), and its shipped amount.
CHANGED_ROW_START = "2021,budget,5.68.98,Beskæftigelsesordninger,"
SHIPPED_AMOUNT = 2538


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    return seconds


def jobbook_build(project: Path, *flags: str) -> tuple[float, int]:
    seconds = timed([sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), "build",
                     "--no-progress", *flags], project)
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


def change_one_year(project: Path, amount: int) -> None:
    """Give one 2021 account a new amount (a change the validation cache has not seen)."""
    data = project / "data" / "budget_by_account.csv"
    text = data.read_text(encoding="utf-8")
    old = re.search(rf"^{re.escape(CHANGED_ROW_START)}\d+,", text, flags=re.MULTILINE)
    assert old, f"{data.name}: the benchmark's row {CHANGED_ROW_START!r} is not in the data"
    data.write_text(text.replace(old.group(0), f"{CHANGED_ROW_START}{amount},"), encoding="utf-8")


def measure_ours(tmp: Path, repeat: int) -> list[dict[str, tuple[float, int]]]:
    """Builds 1-3, ``repeat`` times, each time in a fresh copy of the project."""
    runs = []
    for i in range(repeat):
        project = copy_project(REPO, tmp / f"jobbook-{i}")
        run = {"cold": jobbook_build(project), "unchanged": jobbook_build(project)}
        change_one_year(project, SHIPPED_AMOUNT + 1 + i)
        run["one_year"] = jobbook_build(project)
        shutil.rmtree(project)
        runs.append(run)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="how often builds 1-3 run (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jobbook-bench-") as tmp:
        runs = measure_ours(Path(tmp), max(1, args.repeat))
        theirs = copy_project(REPO, Path(tmp) / "jupyterbook")
        notebooks = prepare_jupyter_book_execution(theirs)
        jupyter_book = timed([sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
                              str(theirs), "--all", "--quiet"], theirs)

    def median(name: str) -> float:
        return statistics.median(run[name][0] for run in runs)

    def executions(name: str) -> int:
        return max(run[name][1] for run in runs)

    rows = [
        ("cold full build (jobbook build)", "cold"),
        ("no-change rebuild", "unchanged"),
        ("one year's data changed", "one_year"),
    ]
    print(f"Build benchmark on {os.cpu_count()} cores, {notebooks} notebooks (wall-clock seconds; "
          f"median of {len(runs)} for jobbook's builds, each time listed)")
    for label, name in rows:
        each = " ".join(f"{run[name][0]:.1f}" for run in runs)
        executed = f"{executions(name):3d} notebooks executed"
        print(f"  {label:40s} {median(name):7.1f} s   {executed}   ({each})")
    print(f"  {'Jupyter Book' + chr(39) + 's own execution (serial)':40s} {jupyter_book:7.1f} s   {notebooks:3d} "
          f"notebooks executed")
    cold = median("cold")
    targets = [
        ("cold / Jupyter Book's own", cold / jupyter_book, 0.6, True),
        ("no change / cold", median("unchanged") / cold, 0.10, executions("unchanged") == 0),
        ("one year changed / cold", median("one_year") / cold, 0.50, True),
    ]
    missed = 0
    for label, ratio, limit, extra in targets:
        ok = ratio <= limit and extra
        missed += not ok
        print(f"  {label:40s} {ratio:7.2f}   target <= {limit:.2f}: {'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
