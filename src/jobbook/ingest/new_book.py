"""``jobbook init DIR``: the settings file and data directory of a new municipality's book.

The folder gets ``jobbook.toml`` (the municipality, its Statistics Denmark code and region, its
population when given), ``data/`` with the reference tables filled from the data the package
ships (:mod:`jobbook.data.national`: the national chart of accounts, Denmark's regions and
municipalities, and the source they cite) and every other table with its header only, an empty
``sources/`` for the documents, and a ``.gitignore`` for the book's output (``_build/``, beside the
settings file). The folder is written whole or not at all: it is built under a temporary name
beside the target and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jobbook.data.national import STAR_SOURCE, chart_rows, national_chart, national_geographies
from jobbook.data.tables import CHART_OF_ACCOUNTS, GEOGRAPHIES, SOURCES, TABLES, TableSpec
from jobbook.data.write import format_cell
from jobbook.settings import SETTINGS_FILE_NAME

#: The years a new book's data may hold: from the structural reform (the 98 municipalities) on.
MIN_YEAR, MAX_YEAR = 2007, 2040
#: Suffixes dropped from a municipality's name for its short name in charts ("Sorø Kommune" -> "Sorø").
NAME_SUFFIXES = (" Regionskommune", " Kommune")


class InitRefused(ValueError):
    """The folder cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class NewBook:
    folder: Path
    settings_file: Path
    data_dir: Path
    municipality: str
    geography_code: str
    region_code: str
    region_name: str
    tables_filled: tuple[str, ...]


def municipality_and_region(code: str) -> tuple[str, str, str]:
    """Statistics Denmark's name of municipality ``code``, and its region's code and name; refused otherwise."""
    geo = national_geographies().set_index("geography_code")
    code = code.strip()
    if code not in geo.index or geo.at[code, "geography_type_code"] != "municipality":
        what = f"the code of {geo.at[code, 'geography_name']}, a {geo.at[code, 'geography_type_code']}" \
            if code in geo.index else "not one of them"
        raise InitRefused(f"--geography-code: a municipality's code from Statistics Denmark (3 digits, 101 to 860: "
                          f"98 municipalities); {code!r} is {what}")
    region = geo.at[code, "parent_geography_code"]
    return geo.at[code, "geography_name"], region, geo.at[region, "geography_name"]


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 100 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InitRefused(f"--municipality: the municipality's name as written in running text, such as "
                          f"\"Sorø Kommune\" (1 to 100 characters, no control characters); {name!r} is not")
    return name


def check_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitRefused(f"{folder}: a new or empty folder; this is a file")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitRefused(f"{folder}: a new or empty folder; it holds files already (jobbook init never writes "
                          "into a book that exists: choose another folder)")


def settings_text(name: str, code: str, region: str, population: int | None) -> str:
    short = next((name[: -len(s)] for s in NAME_SUFFIXES if name.endswith(s) and len(name) > len(s)), name)
    quoted = json.dumps  # a JSON string is a TOML basic string
    people = f"population = {population}" if population else \
        "# population = 0                  # inhabitants: an upper bound for every count of persons (optional)"
    return f"""# Settings of the book, written by `jobbook init`: the one place that names the municipality and
# where its data live. Paths are relative to this file; the built book goes to _build/ beside it.

[municipality]
name = {quoted(name, ensure_ascii=False)}
short_name = {quoted(short, ensure_ascii=False)}
geography_code = "{code}"              # Statistics Denmark's municipality code; a row of geographies.csv
region_geography_code = "{region}"      # the region the municipality lies in
{people}

[paths]
data_dir = "data"                   # the validated CSV tables
sources_dir = "sources"             # the source documents; their checksums are verified when present

[years]
min_year = {MIN_YEAR}
max_year = {MAX_YEAR}

[publication]
# The footer of every page. An empty value leaves its part out; edition_date (a TOML date such as
# 2027-01-15) is the date the edition is published.
publisher = ""
contact = ""
"""


def csv_text(spec: TableSpec, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spec.column_names)
    for row in rows:
        writer.writerow([format_cell(row.get(column)) for column in spec.column_names])
    return buffer.getvalue()


def reference_rows(name: str, code: str) -> dict[str, list[dict]]:
    """The rows of the tables a new data directory starts with: the rest have their header only."""
    chart = chart_rows({c: None for c in national_chart()["konto_code"]}, known=set())
    geo = national_geographies().astype(object).where(lambda frame: frame.notna(), None)
    geographies = geo.to_dict("records")
    for row in geographies:  # the municipality as the settings name it, the others as Statistics Denmark does
        if row["geography_code"] == code:
            row["geography_name"] = name
    return {SOURCES.name: [STAR_SOURCE], CHART_OF_ACCOUNTS.name: chart, GEOGRAPHIES.name: geographies}


def init_book(folder: Path, municipality: str, geography_code: str, population: int | None = None,
              add_files: Callable[[Path], None] | None = None) -> NewBook:
    """Write a new book's settings file and data directory into ``folder`` (new or empty); refuses with
    :class:`InitRefused` and writes nothing when the folder holds files or the code is no municipality's.
    ``add_files`` puts more into the folder before it is moved into place (the command line: the book's
    templates)."""
    folder = Path(folder).absolute()
    name = check_name(municipality)
    _, region, region_name = municipality_and_region(geography_code)
    code = geography_code.strip()
    if population is not None and not 0 < population <= 10_000_000:
        raise InitRefused(f"--population: the number of inhabitants, a whole number above 0; {population} is not")
    check_target(folder)
    if not folder.parent.is_dir():
        raise InitRefused(f"{folder.parent}: the folder to make the book in; it does not exist")
    filled = reference_rows(name, code)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.jobbook-init-", dir=folder.parent))
    try:
        (staging / SETTINGS_FILE_NAME).write_text(settings_text(name, code, region, population), encoding="utf-8")
        (staging / ".gitignore").write_text("_build/\n", encoding="utf-8")
        (staging / "sources").mkdir()
        data = staging / "data"
        data.mkdir()
        for spec in TABLES:
            (data / spec.file_name).write_text(csv_text(spec, filled.get(spec.name, [])), encoding="utf-8")
        if add_files is not None:
            add_files(staging)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a book folder is an ordinary one
        if folder.is_dir():
            folder.rmdir()  # empty (checked above); a folder that fills meanwhile makes this fail, nothing lost
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewBook(folder, folder / SETTINGS_FILE_NAME, folder / "data", name, code, region, region_name,
                   tuple(filled))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def describe(book: NewBook) -> str:
    """What ``jobbook init`` made, and the next steps."""
    filled = ", ".join(f"{n}.csv" for n in book.tables_filled)
    return (f"Made the book of {book.municipality} (code {book.geography_code}, {book.region_name}) in {book.folder}:\n"
            f"  {book.settings_file.name}: the settings\n"
            f"  data/: {len(TABLES)} tables; {filled} filled from the package's reference data, the others "
            "with their header only\n"
            "  sources/: put the source documents here\n"
            f"Next: jobbook --settings {book.settings_file} import-budget DOCUMENT, then validate and build.")
