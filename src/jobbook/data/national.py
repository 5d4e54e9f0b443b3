"""Reference data the package ships for every Danish municipality (``src/jobbook/data/reference/``).

- ``national_chart_of_accounts.csv``: the functions of the authorised chart of accounts that the
  employment area's tables print, with the name STAR's budget- og konteringsvejledning (a copy of the
  ministry's "Budget- og regnskabssystem for kommuner" for these functions) gives them, the page that
  states it, and the budget years a name was valid where it changed. A function whose name could not
  be confirmed on a published page is not in the file.
- ``national_geographies.csv``: the country, the 5 regions and the 98 municipalities with Statistics
  Denmark's codes, each municipality under its region.

A municipality's own ``chart_of_accounts.csv`` keeps only what its documents print; a function
known here but not there is added to it, with this reference as its source, when a table that
prints it is imported (:func:`chart_rows`), and ``jobbook init`` starts a new data directory from it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from jobbook.data.findings import Finding
from jobbook.data.konto import konto_level, konto_parent
from jobbook.data.read import ParsedTable, read_table
from jobbook.data.tables import NATIONAL_CHART_OF_ACCOUNTS, NATIONAL_GEOGRAPHIES, TableSpec

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE_TABLES = {spec.name: spec for spec in (NATIONAL_CHART_OF_ACCOUNTS, NATIONAL_GEOGRAPHIES)}

#: The row of sources.csv that a function taken from the national chart of accounts cites.
STAR_SOURCE = {
    "source_id": "star-konteringsvejledning",
    "title": "Budget- og konteringsvejledning: funktionsområder (den autoriserede kontoplan for beskæftigelsesområdet)",
    "publisher": "Styrelsen for Arbejdsmarked og Rekruttering",
    "description_da": "STAR's gengivelse af den autoriserede kontoplan (Budget- og regnskabssystem for kommuner) for "
                      "beskæftigelsesområdets funktioner, med konteringsregler og ændringer pr. funktion. Bruges kun "
                      "til funktionernes navne og hierarki; ingen tal i bogen stammer herfra.",
}


def reference_path(spec: TableSpec) -> Path:
    return REFERENCE_DIR / f"{spec.name}.csv"


def read_reference(spec: TableSpec) -> tuple[ParsedTable, list[Finding]]:
    """A reference table read and checked like a table of the data directory (types, codes, key)."""
    from jobbook.data.dataset import schema_findings
    from jobbook.data.schema import SchemaContext

    path = reference_path(spec)
    table = read_table(path, spec, str(path))
    findings = list(table.findings)
    if table.frame is not None:
        own = {"geographies.geography_code": frozenset(table.frame["geography_code"].dropna().astype(str))} \
            if "geography_code" in table.frame else {}
        findings += schema_findings(table, SchemaContext(1970, 2100, own))
    return table, findings


@lru_cache(maxsize=2)
def _reference_frame(name: str) -> pd.DataFrame:
    table, findings = read_reference(REFERENCE_TABLES[name])
    errors = [f for f in findings if f.severity == "error"]
    if errors or table.frame is None:  # a defect of the package, not of the user's data
        raise RuntimeError("the package's reference data do not validate: " + "; ".join(f.format() for f in errors))
    return table.frame


def national_chart() -> pd.DataFrame:
    """The national chart of accounts (a copy the caller may change)."""
    return _reference_frame(NATIONAL_CHART_OF_ACCOUNTS.name).copy()


def national_geographies() -> pd.DataFrame:
    """The country, the regions and the municipalities with Statistics Denmark's codes (a copy)."""
    return _reference_frame(NATIONAL_GEOGRAPHIES.name).copy()


def national_function(code: str, year: int | None = None) -> dict | None:
    """The national chart's row for ``code``: the name valid in budget ``year`` (without a year, or when
    no name is dated to cover it, the latest name); None when the function is not in the reference."""
    rows = national_chart()
    rows = rows[rows["konto_code"] == code]
    if rows.empty:
        return None
    start = rows["valid_from_year"].astype("Float64").fillna(-1)
    end = rows["valid_to_year"].astype("Float64").fillna(10_000)
    if year is not None:
        valid = rows[(start <= year) & (end >= year)]
        if len(valid) == 1:
            return _plain(valid.iloc[0])
    latest = rows.assign(_end=end, _start=start).sort_values(["_end", "_start"]).iloc[-1]
    return _plain(latest.drop(["_end", "_start"]))


def chart_rows(codes: dict[str, int | None], known: set[str]) -> list[dict]:
    """Rows of chart_of_accounts.csv for functions of the national chart (code -> the budget year whose name
    to use), with their hovedfunktion and hovedkonto where ``known`` lacks them. The level above a function
    follows from its code; the reference gives no names for those levels, so they stay empty."""
    rows: dict[str, dict] = {}
    for code, year in sorted(codes.items()):
        function = national_function(code, year)
        if function is None or code in known:
            continue
        location = f"{function['source_location']} ({function['source_url']})"
        rows[code] = {"konto_code": code, "konto_level_code": "funktion", "konto_name": function["konto_name"],
                      "parent_konto_code": konto_parent(code), "expense_type_code": function["expense_type_code"],
                      "source_id": STAR_SOURCE["source_id"], "source_location": location}
        parent = konto_parent(code)
        while parent and parent not in known and parent not in rows:
            rows[parent] = {"konto_code": parent, "konto_level_code": konto_level(parent), "konto_name": None,
                            "parent_konto_code": konto_parent(parent), "expense_type_code": None,
                            "source_id": STAR_SOURCE["source_id"],
                            "source_location": f"Kontonummerets opbygning (hovedkonto.hovedfunktion.funktion), "
                                              f"jf. {location}"}
            parent = konto_parent(parent)
    return sorted(rows.values(), key=lambda row: [int(part) for part in row["konto_code"].split(".")])


def _plain(row: pd.Series) -> dict:
    """A row as plain Python values (None for an empty cell)."""
    return {k: (None if pd.isna(v) else (int(v) if k.endswith("_year") else str(v))) for k, v in row.items()}
