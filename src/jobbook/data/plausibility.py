"""Figures that are probably in the wrong unit: a jump of 20 times from one year to the next, or
more persons than the municipality has inhabitants.

A table stored in whole kroner as if in 1,000 kr. passes every other check (its total still
equals the sum of its rows); only a comparison with the neighbouring years shows it. A real
jump of that size is possible, so ``known_discrepancies.csv`` can acknowledge one, by the exact
change (later figure minus earlier).
"""

from __future__ import annotations

from collections.abc import Callable

from jobbook.data.findings import Finding
from jobbook.data.read import ParsedTable

#: A figure this many times its neighbour year's (or less than its inverse) is probably in another unit.
JUMP_FACTOR = 20.0
#: The per-year figures compared with their neighbour years: table -> (the row's identity, the figure).
COMPARED = {"budget_by_account": ("konto_code", "amount_dkk_1000"), "recipients": ("group_code", "persons"),
            "recipient_subtotals_stated": ("group_code", "persons")}


def jump_factor(earlier: float, later: float) -> float | None:
    """How many times the larger figure is of the smaller (by size); None when either is zero."""
    if not earlier or not later:
        return None
    small, large = sorted((abs(float(earlier)), abs(float(later))))
    return large / small


def check_jumps(table: ParsedTable, identity: str, figure: str,
                acknowledged: Callable[[str, float], str | None]) -> list[Finding]:
    """Every figure 20 times (or a twentieth of) the same row's figure the year before, same basis."""
    frame = table.frame
    if frame is None or frame.empty:
        return []
    findings = []
    rows = frame.dropna(subset=[identity, "budget_year", "basis_code", figure])
    by_key = {(r[identity], r["basis_code"], int(r["budget_year"])): i for i, r in rows.iterrows()}
    for (key, basis, year), index in sorted(by_key.items()):
        before = by_key.get((key, basis, year - 1))
        if before is None:
            continue
        earlier, later = float(frame.at[before, figure]), float(frame.at[index, figure])
        factor = jump_factor(earlier, later)
        if factor is None or factor < JUMP_FACTOR:
            continue
        subject = f"{table.spec.name}/{key}/{basis}/{year}"
        if acknowledged(subject, later - earlier) is not None:
            continue
        findings.append(table.row_finding(
            index, f"a figure near the year before's: {_number(later)} here is {factor:.0f} times the size of "
                   f"{_number(earlier)} for {key} ({basis}) in {year - 1} on line {table.lines[before]}; the unit may "
                   f"be wrong (kr. stored as 1,000 kr.?). If the jump is real, acknowledge it in "
                   f"known_discrepancies.csv: check_code plausibility, subject_key {subject}, difference "
                   f"{_number(later - earlier)}",
            check_code="plausibility", kind="implausible jumps"))
    return findings


def check_population(table: ParsedTable, population: int | None) -> list[Finding]:
    """No count of persons above the municipality's population (the settings' ``population``)."""
    if population is None or table.frame is None:
        return []
    too_many = table.frame["persons"].astype("Float64") > population
    return [table.cell_finding(int(i), "persons", f"at most {population:,} persons, the municipality's population "
                                                  "(jobbook.toml); the unit may be wrong", kind="implausible counts")
            for i in table.frame.index[too_many.fillna(False)]]


def check_plausibility(tables: dict[str, ParsedTable], acknowledged: Callable[[str, float], str | None],
                       population: int | None) -> list[Finding]:
    findings = []
    for name, (identity, figure) in COMPARED.items():
        findings += check_jumps(tables[name], identity, figure, acknowledged)
        if figure == "persons":
            findings += check_population(tables[name], population)
    return findings


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"

