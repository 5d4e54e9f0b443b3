"""Figures that are probably in the wrong unit: a jump of 20 times from one year to the next, or
more persons than the municipality has inhabitants.

A table stored in whole kroner as if in 1,000 kr. passes every other check (its total still
equals the sum of its rows); only a comparison with the neighbouring years shows it. A jump is an
error only where the figure matters to its table: the larger of the two figures is at least 1 %
of the table's total that year (the sum of the sizes of all its rows of the same year and basis,
the larger of the two years'). A unit error on any sizeable account always passes that bar (a
thousandfold figure is most of its table). A jump on a tiny account (3 thousand kr. one year and
204 the next, a ten-thousandth of the table) is a note: real budgets move small accounts by large
factors. A real jump of any size can be acknowledged in ``known_discrepancies.csv``, by the exact
change (later figure minus earlier).
"""

from __future__ import annotations

from collections.abc import Callable

from jobbook.data.findings import Finding, message_number
from jobbook.data.read import ParsedTable

#: A figure this many times its neighbour year's (or less than its inverse) is probably in another unit.
JUMP_FACTOR = 20.0
#: A jump is an error where the larger figure is at least this share of its table's total (that year, that basis).
MATERIAL_SHARE = 0.01
#: The per-year figures compared with their neighbour years: table -> (the row's identity, the figure).
COMPARED = {"budget_by_account": ("konto_code", "amount_dkk_1000"), "recipients": ("group_code", "persons"),
            "recipient_subtotals_stated": ("group_code", "persons")}


def jump_factor(earlier: float, later: float) -> float | None:
    """How many times the larger figure is of the smaller (by size); None when either is zero."""
    if not earlier or not later:
        return None
    small, large = sorted((abs(float(earlier)), abs(float(later))))
    return large / small


def table_totals(frame, figure: str) -> dict[tuple[str, int], float]:
    """The size of a table per (basis, year): the sum of its figures' sizes (net amounts have both signs)."""
    rows = frame.dropna(subset=["budget_year", "basis_code", figure])
    sizes = rows[figure].astype(float).abs()
    return {(basis, int(year)): float(total)
            for (basis, year), total in sizes.groupby([rows["basis_code"], rows["budget_year"]]).sum().items()}


def check_jumps(table: ParsedTable, identity: str, figure: str,
                acknowledged: Callable[[str, float], str | None]) -> list[Finding]:
    """Every figure 20 times (or a twentieth of) the same row's figure the year before, same basis: an
    error where the larger figure is at least 1 % of its table's total, a note below that."""
    frame = table.frame
    if frame is None or frame.empty:
        return []
    findings = []
    rows = frame.dropna(subset=[identity, "budget_year", "basis_code", figure])
    totals = table_totals(frame, figure)
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
        total = max(totals.get((basis, year), 0.0), totals.get((basis, year - 1), 0.0))
        share = max(abs(earlier), abs(later)) / total if total else 1.0
        jump = (f"{message_number(later)} here is {factor:.0f} times the size of {message_number(earlier)} "
                f"for {key} ({basis}) in {year - 1} on line {table.lines[before]}")
        if share >= MATERIAL_SHARE:
            findings.append(table.row_finding(
                index, f"a figure near the year before's: {jump}; the unit may be wrong (kr. stored as 1,000 kr.?). "
                       f"If the jump is real, acknowledge it in known_discrepancies.csv: check_code plausibility, "
                       f"subject_key {subject}, difference {message_number(later - earlier)}",
                check_code="plausibility", kind="implausible jumps"))
        else:
            findings.append(table.row_finding(
                index, f"a jump on a small figure: {jump}; the larger is {_share(share)} of the table's total "
                       f"({message_number(total)}), below the {MATERIAL_SHARE:.0%} where a jump is an error",
                severity="note", check_code="plausibility", kind="jumps on small figures",
                details={"subject": str(key), "budget_year": year, "earlier": earlier, "later": later,
                         "factor": factor, "share": share}))
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


def _share(share: float) -> str:
    """A share of a total as a percentage with as many decimals as it needs to show (0.01 %, 0.3 %)."""
    return f"{share:.2%}" if share >= 0.0001 else f"{share:.1e}"
