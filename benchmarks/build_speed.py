"""Benchmark of the build, measured side by side in one run on the shipped data.

    .venv/bin/python benchmarks/build_speed.py [--repeat N]

Every build runs as an analyst runs it (`jobbook build` in a subprocess), in fresh copies of the
project in a temporary folder:

1. cold: `jobbook build` with empty caches;
2. no change: `jobbook build` again;
3. one year changed: one 2021 account amount changed, then `jobbook build`;
4. Jupyter Book's own execution: the same notebooks, with the same parameters injected by
   papermill, executed by `jupyter-book build` itself (execute_notebooks: force, serial);
5. scale: the cold build of the book with 20 budget years, the 14 extra years synthetic (copies
   of 2021's rows under sources labelled synthetic, made in the temporary copy only).

Each speed device is measured by building without it (`--without DEVICE`) next to the build it
is meant to speed up; a device stays only where it saves at least 15 % of that build.

Builds 1-3 and the device comparisons are repeated N times (default 3), each time in a new copy
and with another amount, because one build on a small shared machine varies by a second either
way; the ratios are taken of the medians. Builds 4 and 5 run once. Exit code 1 when a target or a
device's 15 % is missed.
"""

from __future__ import annotations

import argparse
import csv
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

from jobbook.build.book import write_generated_pages  # noqa: E402
from jobbook.build.layout import BookLayout  # noqa: E402
from jobbook.build.plan import plan_jobs  # noqa: E402
from jobbook.build.registry import load_registry  # noqa: E402
from jobbook.build.workspace import copy_project  # noqa: E402
from jobbook.data.dataset import load_dataset  # noqa: E402
from jobbook.settings import load_settings  # noqa: E402
from jobbook.site.vendor import write_vega_bundle  # noqa: E402

#: The row changed for build 3 (a 2021 account's amount in 1,000 kr.), and its shipped amount.
CHANGED_ROW_START = "2021,budget,5.68.98,Beskæftigelsesordninger,"
SHIPPED_AMOUNT = 2538
#: Speed devices, the build each is meant to speed up, and the minimum saving to keep it.
DEVICE_TARGETS = {"warm-kernels": "cold", "unchanged-shortcut": "unchanged",
                  "notebook-cache": "one_year", "incremental-pages": "one_year", "preload-sphinx": "one_year"}
MIN_SAVING = 0.15
#: The years added for the scale row (with the shipped six, 20 budget years), modelled on 2021.
SYNTHETIC_YEARS = [*range(2007, 2020), 2025]
MODEL_YEAR = 2021


def jobbook(project: Path, *args: str) -> float:
    """Run `jobbook build` in ``project``; its wall-clock seconds."""
    command = [sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), "build",
               "--no-progress", *args]
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    return seconds


def executions(project: Path) -> int:
    import json

    report = json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))
    return sum(1 for n in report["notebooks"] if n["cache"] == "miss")


def change_one_year(project: Path, amount: int) -> None:
    """Give one 2021 account a new amount."""
    data = project / "data" / "budget_by_account.csv"
    text = data.read_text(encoding="utf-8")
    old = re.search(rf"^{re.escape(CHANGED_ROW_START)}\d+,", text, flags=re.MULTILINE)
    assert old, f"{data.name}: the benchmark's row {CHANGED_ROW_START!r} is not in the data"
    data.write_text(text.replace(old.group(0), f"{CHANGED_ROW_START}{amount},"), encoding="utf-8")


def add_synthetic_years(project: Path, years: list[int]) -> None:
    """Copy the model year's account and recipient rows (and their stated totals) into ``years``,
    each under a source of its own that says it is synthetic."""
    data = project / "data"

    def rewrite(name: str, make_rows) -> None:
        path = data / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        rows += make_rows(rows)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def copies(rows):
        model = [r for r in rows if r["budget_year"] == str(MODEL_YEAR) and r["basis_code"] == "budget"]
        return [{**r, "budget_year": str(y), "source_id": f"synthetic-{y}"} for y in years for r in model]

    for name in ("budget_by_account.csv", "budget_totals_stated.csv", "recipients.csv",
                 "recipient_subtotals_stated.csv"):
        rewrite(name, copies)
    rewrite("sources.csv", lambda rows: [
        {"source_id": f"synthetic-{y}", "title": f"Syntetisk budgetår {y} (kun til måling af byggetid)",
         "publisher": "jobbook benchmark", "published": "", "budget_year": str(y), "file_name": "", "sha256": "",
         "description_da": f"Syntetiske tal: en kopi af {MODEL_YEAR}, lavet af benchmarket; aldrig udgivet."}
        for y in years])


def prepare_jupyter_book_execution(project: Path) -> int:
    """The same notebooks and parameters, left for Jupyter Book to execute (paths made absolute,
    because Jupyter Book runs a notebook in its own folder)."""
    import papermill

    settings = load_settings(project / "jobbook.toml")
    layout = BookLayout(project)
    ds = load_dataset(settings.data_dir, settings)
    years = ds.budget_years()
    jobs = plan_jobs(load_registry(project), layout, settings, settings.data_dir, years, years[-1])
    for job in jobs:
        parameters = {**job.parameters, "data_dir": str(settings.data_dir),
                      "settings_file": str(settings.settings_file)}
        job.output.parent.mkdir(parents=True, exist_ok=True)
        papermill.execute_notebook(str(job.template), str(job.output), parameters=parameters, prepare_only=True,
                                   kernel_name="python3", progress_bar=False)
    (project / "_toc.yml").write_text(load_registry(project).toc_text(), encoding="utf-8")
    write_generated_pages(layout, settings, ds)
    write_vega_bundle(layout.vendor / "vega-bundle.js")
    config = yaml.safe_load((project / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 300}
    (project / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return len(jobs)


def measure_once(tmp: Path, i: int) -> dict[str, tuple[float, int]]:
    """One round of builds 1-3 and of the device comparisons, in new copies of the project."""
    run: dict[str, tuple[float, int]] = {}
    project = copy_project(REPO, tmp / f"round-{i}")

    def build(name: str, *flags: str) -> None:
        seconds = jobbook(project, *flags)
        run[name] = (seconds, executions(project))

    build("cold")
    build("unchanged")
    build("unchanged without unchanged-shortcut", "--without", "unchanged-shortcut")
    for j, device in enumerate(("", "notebook-cache", "incremental-pages", "preload-sphinx")):
        change_one_year(project, SHIPPED_AMOUNT + 1 + (4 * i + j) % 8)  # within the rounding of the stated total
        build(f"one_year without {device}" if device else "one_year", *(["--without", device] if device else []))
    shutil.rmtree(project)
    for device in ("warm-kernels",):
        project = copy_project(REPO, tmp / f"round-{i}-{device}")
        build(f"cold without {device}", "--without", device)
        shutil.rmtree(project)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of jobbook's builds (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jobbook-bench-") as folder:
        tmp = Path(folder)
        runs = [measure_once(tmp, i) for i in range(max(1, args.repeat))]
        theirs = copy_project(REPO, tmp / "jupyterbook")
        notebooks = prepare_jupyter_book_execution(theirs)
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
                                    str(theirs), "--all", "--quiet"], cwd=theirs, capture_output=True, text=True)
        jupyter_book = time.perf_counter() - start
        if completed.returncode != 0:
            sys.exit(f"Jupyter Book's own build failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
        scaled = copy_project(REPO, tmp / "twenty-years")
        add_synthetic_years(scaled, SYNTHETIC_YEARS)
        scale_seconds = jobbook(scaled)
        scale_notebooks = executions(scaled)

    def median(name: str) -> float:
        return statistics.median(run[name][0] for run in runs)

    def executed(name: str) -> int:
        return max(run[name][1] for run in runs)

    print(f"Build benchmark on {os.cpu_count()} cores, {notebooks} notebooks, median of {len(runs)} round(s) "
          "(wall-clock seconds, each round listed)")
    for name in runs[0]:
        each = ", ".join(f"{run[name][0]:.1f}" for run in runs)
        print(f"  {name:45s} {median(name):6.1f} s  {executed(name):3d} executed  ({each})")
    print(f"  {'Jupyter Book' + chr(39) + 's own execution (serial, once)':45s} {jupyter_book:6.1f} s  "
          f"{notebooks:3d} executed")
    shipped_years = len(load_dataset(REPO / "data", load_settings(REPO / "jobbook.toml")).budget_years())
    years = shipped_years + len(SYNTHETIC_YEARS)
    per_year = (scale_seconds - median("cold")) / len(SYNTHETIC_YEARS)
    print(f"  {f'cold, {years} budget years ({len(SYNTHETIC_YEARS)} synthetic; once)':45s} {scale_seconds:6.1f} s  "
          f"{scale_notebooks:3d} executed  ({per_year:.2f} s per added year)")

    cold = median("cold")
    missed = 0
    print("Targets:")
    for label, ratio, limit, extra in (
            ("cold / Jupyter Book's own", cold / jupyter_book, 0.40, True),
            ("no change / cold (and zero executions)", median("unchanged") / cold, 0.05, executed("unchanged") == 0),
            ("one year changed / cold", median("one_year") / cold, 0.60, True)):
        ok = ratio <= limit and extra
        missed += not ok
        print(f"  {label:45s} {ratio:6.2f}   target <= {limit:.2f}: {'met' if ok else 'MISSED'}")
    print(f"Speed devices (kept where they save at least {MIN_SAVING:.0%} of the build they target):")
    for device, target in DEVICE_TARGETS.items():
        without, with_ = median(f"{target} without {device}"), median(target)
        saving = (without - with_) / without
        ok = saving >= MIN_SAVING
        missed += not ok
        print(f"  {device:20s} {target:10s} {with_:6.1f} s with, {without:6.1f} s without: saves {saving:5.0%}  "
              f"{'keep' if ok else 'REMOVE'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
