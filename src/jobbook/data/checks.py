"""Checks across rows and tables that a per-column schema cannot express.

Stated totals are compared with the sum of their parts. A difference no larger than the
rounding the printed figures allow is a *note* the book shows; a larger one is an *error*,
unless ``known_discrepancies.csv`` acknowledges exactly that difference with an explanation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from jobbook.data.bounds import check_difference_units, check_indicator_units, check_reform_figures
from jobbook.data.findings import Finding, message_number
from jobbook.data.konto import konto_level, konto_parent
from jobbook.data.plausibility import check_plausibility
from jobbook.data.read import ParsedTable
from jobbook.data.totals import (
    BUDGET_TABLE_ROUNDING_DKK_1000,
    NET_BUDGET_PARTS_ROUNDING_DKK,
    RECIPIENTS_ROUNDING_PERSONS,
    REFORM_ROUNDING_DKK_MIO,
    TotalComparison,
    rounding_tolerance,
)
from jobbook.data.vintages import VINTAGED, current_figures, revision_findings
from jobbook.files import FileProblem, read_input

#: Reform figures that are the sum of other reform figures (checked within rounding).
REFORM_SUMS = {"reduktion_brutto": ("reduktion_specificeret", "reduktion_uspecificeret")}


class Acknowledgements:
    """The rows of known_discrepancies.csv, and which of them a check has used."""

    def __init__(self, table: ParsedTable | None):
        self.table = table
        self.rows: dict[tuple[str, str], int] = {}
        if table is not None and table.frame is not None:
            for index, row in table.frame.dropna(subset=["check_code", "subject_key", "difference"]).iterrows():
                self.rows[(row["check_code"], row["subject_key"])] = index
        self.used: set[int] = set()

    def lookup(self, check_code: str, subject_key: str) -> tuple[float, str] | None:
        index = self.rows.get((check_code, subject_key))
        if index is None:
            return None
        self.used.add(index)
        row = self.table.frame.loc[index]
        return float(row["difference"]), str(row["explanation_da"])

    def explains(self, subject_key: str, change: float) -> str | None:
        """The explanation of an acknowledged implausible jump of exactly ``change``, if there is one."""
        found = self.lookup("plausibility", subject_key)
        return found[1] if found is not None and abs(found[0] - change) < 1e-9 else None

    def unused(self) -> list[Finding]:
        return [self.table.row_finding(index, "an acknowledged discrepancy that still occurs; "
                                              f"no check finds a difference for {key[0]} {key[1]}: remove the row")
                for key, index in self.rows.items() if index not in self.used]


def compare_total(table: ParsedTable, row: int, check_code: str, subject_key: str, parts: Sequence[float],
                  stated: float, rounding: float, unit_label: str, acks: Acknowledgements,
                  details: dict) -> Finding | None:
    """Compare a stated total with its parts: nothing, a rounding note, an acknowledged note or an error."""
    computed = float(sum(parts))
    difference = computed - stated
    tolerance = rounding_tolerance(len(parts), rounding)
    details = {**details, "stated": stated, "computed": computed, "difference": difference,
               "tolerance": tolerance, "parts": len(parts), "unit": unit_label}
    acknowledged = acks.lookup(check_code, subject_key)
    summary = (f"the stated total {message_number(stated)} differs from the sum of its {len(parts)} parts "
               f"({message_number(computed)}) by {'+' if difference > 0 else ''}{message_number(difference)} "
               f"{unit_label}")
    if abs(difference) < 1e-9:
        if acknowledged is not None:
            return table.row_finding(row, f"no difference for {subject_key}, but known_discrepancies.csv "
                                          "acknowledges one: remove that row")
        return None
    if acknowledged is not None and abs(acknowledged[0] - difference) < 1e-9:
        return table.row_finding(row, f"{summary}; acknowledged in known_discrepancies.csv",
                                 severity="note", check_code=check_code,
                                 details={**details, "kind": "acknowledged", "explanation_da": acknowledged[1]})
    if tolerance > 0 and abs(difference) <= tolerance + 1e-9 and acknowledged is None:
        return table.row_finding(row, f"{summary}, within the rounding tolerance of {message_number(tolerance)}",
                                 severity="note", check_code=check_code, details={**details, "kind": "rounding"})
    if acknowledged is not None:
        return table.row_finding(row, f"{summary}; known_discrepancies.csv acknowledges "
                                      f"{message_number(acknowledged[0])}, not this difference")
    return table.row_finding(row, f"{summary}, more than the rounding tolerance of {message_number(tolerance)}: "
                                  "correct a figure, or acknowledge the difference in known_discrepancies.csv",
                             check_code=check_code, details=details)


def check_budget_totals(tables: dict[str, ParsedTable], comparisons: Sequence[TotalComparison],
                        acks: Acknowledgements) -> list[Finding]:
    """Each stated "I alt" equals the sum of the account rows of the same year, basis and source
    (``comparisons``: :func:`jobbook.data.totals.budget_total_comparisons` of the tables)."""
    totals = tables["budget_totals_stated"]
    findings = []
    for c in comparisons:
        subject = f"{c.budget_year}/{c.basis_code}/{c.source_id}"
        if not c.parts_dkk_1000:
            findings.append(totals.row_finding(c.row, f"account rows in budget_by_account.csv for {subject}; "
                                                      "none found"))
            continue
        finding = compare_total(totals, c.row, "budget_total", subject, c.parts_dkk_1000, c.stated_dkk_1000,
                                BUDGET_TABLE_ROUNDING_DKK_1000, "(1,000 kr.)", acks,
                                {"budget_year": c.budget_year, "basis_code": c.basis_code, "source_id": c.source_id})
        if finding:
            findings.append(finding)
    return findings


def group_children(groups: ParsedTable) -> dict[str, list[str]]:
    """Child group codes of each group that has children."""
    children: dict[str, list[str]] = {}
    if groups.frame is None:
        return children
    for _, row in groups.frame.dropna(subset=["parent_group_code"]).iterrows():
        children.setdefault(row["parent_group_code"], []).append(row["group_code"])
    return children


def check_recipient_hierarchy(tables: dict[str, ParsedTable], acks: Acknowledgements) -> list[Finding]:
    """Counts are stored for leaf groups only; stated subtotals equal the sum of their parts."""
    groups, recipients = tables["recipient_groups"], tables["recipients"]
    subtotals, accounts = tables["recipient_subtotals_stated"], tables["recipient_group_accounts"]
    children = group_children(groups)
    findings = []
    for table in (recipients, accounts):
        if table.frame is None:
            continue
        for index, row in table.frame.iterrows():
            if row["group_code"] in children:
                findings.append(table.cell_finding(
                    index, "group_code",
                    f"a group without subgroups; {row['group_code']} is the sum of "
                    f"{', '.join(children[row['group_code']])}: store the parts only (the subtotal is derived)"))
    if subtotals.frame is None or recipients.frame is None:
        return findings
    # A document's subtotal is checked against the counts the same document prints (its own rows).
    counts = {(r["group_code"], r["budget_year"], r["basis_code"], r["source_id"]): r["persons"]
              for _, r in recipients.frame.iterrows()}
    for index, row in subtotals.frame.iterrows():
        group, year, basis, source = row["group_code"], row["budget_year"], row["basis_code"], row["source_id"]
        if group not in children:
            findings.append(subtotals.cell_finding(index, "group_code",
                                                   "a group with subgroups (a stated subtotal needs parts)"))
            continue
        missing = [c for c in children[group] if (c, year, basis, source) not in counts]
        if missing:
            findings.append(subtotals.row_finding(
                index, f"rows in recipients.csv for {', '.join(missing)} ({year}, {basis}, {source}) to check "
                       "this subtotal (a document's subtotal is checked against that document's own counts)"))
            continue
        parts = [float(counts[(c, year, basis, source)]) for c in children[group]]
        finding = compare_total(subtotals, index, "recipient_subtotal", f"{group}/{year}/{basis}", parts,
                                float(row["persons"]), RECIPIENTS_ROUNDING_PERSONS, "persons", acks,
                                {"group_code": group, "budget_year": int(year), "basis_code": basis,
                                 "source_id": source})
        if finding:
            findings.append(finding)
    return findings


def check_net_budget_parts(tables: dict[str, ParsedTable], acks: Acknowledgements) -> list[Finding]:
    """An area's stated net budget equals the sum of its part areas of the same year."""
    areas = tables["net_budgets"]
    if areas.frame is None:
        return []
    frame = areas.frame
    findings = []
    by_key = {(row["area_code"], row["budget_year"]): index for index, row in frame.iterrows()}
    parts_of: dict[tuple[str, int], list[float]] = {}
    for index, row in frame.dropna(subset=["parent_area_code"]).iterrows():
        key = (row["parent_area_code"], row["budget_year"])
        if key not in by_key:
            findings.append(areas.cell_finding(
                index, "parent_area_code", f"an area with a row for {row['budget_year']}; "
                                           f"{row['parent_area_code']} has none that year"))
            continue
        parts_of.setdefault(key, []).append(float(row["amount_dkk"]))
    for (area, year), parts in sorted(parts_of.items()):
        index = by_key[(area, year)]
        finding = compare_total(areas, index, "net_budget_parts", f"{area}/{year}", parts,
                                float(frame.loc[index, "amount_dkk"]), NET_BUDGET_PARTS_ROUNDING_DKK, "kr.", acks,
                                {"area_code": area, "budget_year": int(year)})
        if finding:
            findings.append(finding)
    return findings


def check_chart_hierarchy(tables: dict[str, ParsedTable]) -> list[Finding]:
    """Level and parent follow from the code's shape; functions carry an expense type."""
    chart = tables["chart_of_accounts"]
    if chart.frame is None:
        return []
    findings = []
    for index, row in chart.frame.iterrows():
        code = row["konto_code"]
        if pd.isna(code):
            continue
        level, parent = konto_level(code), konto_parent(code)
        if row["konto_level_code"] != level and not pd.isna(row["konto_level_code"]):
            findings.append(chart.cell_finding(index, "konto_level_code", f"{level} (the level of {code})"))
        if (parent or None) != (None if pd.isna(row["parent_konto_code"]) else row["parent_konto_code"]):
            findings.append(chart.cell_finding(
                index, "parent_konto_code", f"{parent} (the level above {code})" if parent else
                f"empty: {code} is a hovedkonto"))
        has_type = not pd.isna(row["expense_type_code"])
        if (level == "funktion") != has_type:
            findings.append(chart.cell_finding(
                index, "expense_type_code",
                "an expense type for a funktion" if level == "funktion" else f"empty for a {level}"))
    return findings


def check_benchmark_positions(tables: dict[str, ParsedTable]) -> list[Finding]:
    """Where an index is given, above/below must agree with it."""
    bench = tables["bdo_benchmark"]
    if bench.frame is None:
        return []
    findings = []
    for index, row in bench.frame.iterrows():
        value, average = row["index_value"], row["average_index_value"]
        if pd.isna(value) or pd.isna(average) or pd.isna(row["position_code"]):
            continue
        implied = "above" if value > average else "below" if value < average else "equal"
        if row["position_code"] != implied:
            findings.append(bench.cell_finding(
                index, "position_code", f"{implied}, as the index {value:g} against {average:g} implies"))
    return findings


def _period_start(text: str) -> str:
    return (text + "-01-01")[:10] if len(text) == 4 else (text + "-01")[:10]


def check_indicator_values(tables: dict[str, ParsedTable]) -> list[Finding]:
    """A value is given unless the source only describes in words; periods run forwards."""
    indicators = tables["indicators"]
    if indicators.frame is None:
        return []
    findings = []
    for index, row in indicators.frame.iterrows():
        is_text = row["qualifier_code"] == "text"
        if pd.isna(row["value"]) != is_text and not pd.isna(row["qualifier_code"]):
            findings.append(indicators.cell_finding(
                index, "value", "empty, as qualifier_code is text" if is_text else
                "a number (leave it empty only with qualifier_code text)"))
        start, end = row["period_start"], row["period_end"]
        if not pd.isna(start) and not pd.isna(end) and _period_start(end) < _period_start(start):
            findings.append(indicators.cell_finding(index, "period_end", f"a period ending at or after {start}"))
    return findings


def check_reform_sums(tables: dict[str, ParsedTable], acks: Acknowledgements) -> list[Finding]:
    """The gross reduction equals the specified plus the unspecified reduction (within rounding)."""
    figures = tables["reform_figures"]
    if figures.frame is None:
        return []
    findings = []
    frame = figures.frame
    for total_code, part_codes in REFORM_SUMS.items():
        for index, row in frame[frame["figure_code"] == total_code].iterrows():
            same_place = frame[frame["geography_code"] == row["geography_code"]].set_index("figure_code")["value"]
            if not all(code in same_place.index for code in part_codes):
                continue
            parts = [float(same_place[code]) for code in part_codes]
            finding = compare_total(figures, index, "reform_sum", f"{total_code}/{row['geography_code']}",
                                    parts, float(row["value"]), REFORM_ROUNDING_DKK_MIO, row["unit_code"], acks,
                                    {"figure_code": total_code})
            if finding:
                findings.append(finding)
    return findings


def check_source_files(tables: dict[str, ParsedTable], sources_dir: Path | None) -> list[Finding]:
    """The source documents the figures were read from are unchanged (checksums)."""
    sources = tables["sources"]
    if sources.frame is None or sources_dir is None:
        return []
    if not sources_dir.is_dir():
        return [Finding(file=sources.display_path, severity="note",
                        expected=f"source documents not found in {sources_dir}; checksums not verified")]
    findings = []
    for index, row in sources.frame.dropna(subset=["file_name"]).iterrows():
        try:
            content = read_input(sources_dir / row["file_name"], inside=sources_dir)
        except FileNotFoundError:
            findings.append(sources.cell_finding(index, "file_name", f"a file in {sources_dir}; not found"))
            continue
        except FileProblem as exc:
            findings.append(sources.cell_finding(index, "file_name", str(exc)))
            continue
        if pd.isna(row["sha256"]):
            continue
        digest = hashlib.sha256(content).hexdigest()
        if digest != row["sha256"]:
            findings.append(sources.cell_finding(
                index, "sha256", f"the checksum of {row['file_name']} ({digest}); the file has changed "
                                 "since its figures were read: check the figures, then update the checksum"))
    return findings


def current_tables(tables: dict[str, ParsedTable]) -> dict[str, ParsedTable]:
    """The tables with one row per figure where several documents print it (the current figure), so a
    comparison between years sees each figure once, whatever the order of the rows in the file."""
    sources = tables["sources"].frame
    if sources is None:
        return tables
    return {**tables, **{name: replace(tables[name], frame=current_figures(tables[name].frame, tables[name].spec,
                                                                             sources))
                         for name in VINTAGED if tables[name].frame is not None}}


def run_crosschecks(tables: dict[str, ParsedTable], sources_dir: Path | None, population: int | None = None,
                    broken: set[str] = frozenset(), *,
                    budget_totals: Sequence[TotalComparison]) -> list[Finding]:
    """All checks across rows and tables, in a stable order (``budget_totals``: the comparisons of the
    printed budget totals, made once by the caller, which keeps them for the page).

    A check is skipped while one of the tables it reads has errors of its own: its result
    would only echo those errors.
    """
    acks = Acknowledgements(tables.get("known_discrepancies"))
    ack = "known_discrepancies"  # the checks that consult it wait until it is itself correct
    checks = [
        (("chart_of_accounts",), lambda: check_chart_hierarchy(tables)),
        (("budget_totals_stated", "budget_by_account", ack), lambda: check_budget_totals(tables, budget_totals, acks)),
        (("recipient_groups", "recipients", "recipient_subtotals_stated", "recipient_group_accounts", ack),
         lambda: check_recipient_hierarchy(tables, acks)),
        (("net_budgets", ack), lambda: check_net_budget_parts(tables, acks)),
        (("bdo_benchmark",), lambda: check_benchmark_positions(tables)),
        (("indicators",), lambda: check_indicator_values(tables)),
        # ranges in each row's own unit (jobbook.data.bounds): run whatever else is wrong in the
        # table, as a range error is what stops a notebook; cells with a finding already are skipped
        ((), lambda: check_reform_figures(tables["reform_figures"])),
        (("indicator_definitions",),
         lambda: check_indicator_units(tables["indicators"], tables["indicator_definitions"])),
        ((), lambda: check_difference_units(tables["known_discrepancies"])),
        (("reform_figures", ack), lambda: check_reform_sums(tables, acks)),
        (("sources",), lambda: check_source_files(tables, sources_dir)),
        (("budget_by_account", "recipients", "recipient_subtotals_stated", ack),
         lambda: check_plausibility(current_tables(tables), acks.explains, population)),
        (("sources", "budget_by_account", "recipients", "recipient_subtotals_stated", ack),
         lambda: revision_findings(tables, acks.explains)),
    ]
    findings = []
    skipped = False
    for needed, check in checks:
        if broken.intersection(needed):
            skipped = True
            continue
        findings.extend(check())
    if not skipped and "known_discrepancies" not in broken and acks.table is not None:
        findings.extend(acks.unused())
    return findings
