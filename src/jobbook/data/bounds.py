"""Bounds that depend on the row: a figure's range in its own unit, and the reform figures'.

Each column's own range is checked when a cell is read (:mod:`jobbook.data.read`). A column
like ``value`` holds figures in many units (the row's ``unit_code``, or an indicator's unit in
``indicator_definitions.csv``), so its range in that unit is checked here, against
``UNIT_BOUNDS``; the reform figures the reform chapter computes with are checked against
``FIGURE_BOUNDS`` (both in :mod:`jobbook.data.fields`, with the reason for each bound).
"""

from __future__ import annotations

import pandas as pd

from jobbook.data.fields import FIGURE_BOUNDS, UNIT_BOUNDS, Bound
from jobbook.data.findings import Finding
from jobbook.data.read import ParsedTable


def _out_of_bound(table: ParsedTable, index: int, column: str, value: float, bound: Bound,
                  what: str) -> Finding | None:
    if pd.isna(value) or bound.holds(float(value)) or (index, column) in table.reported_cells:
        return None
    return table.cell_finding(index, column, f"{bound.describe()} ({what}: {bound.reason})",
                              kind="values out of range")


def _difference_bound(bound: Bound) -> Bound:
    """A difference of two figures in the same unit: at most the unit's whole range either way."""
    span = bound.maximum - bound.minimum
    return Bound(-span, span, f"a difference of two figures of {bound.reason}")


def check_reform_figures(table: ParsedTable) -> list[Finding]:
    """Each reform figure the chapter computes with is in its unit and range; others in their unit's range."""
    findings = []
    if table.frame is None:
        return findings
    for index, row in table.frame.iterrows():
        code, unit, value = row["figure_code"], row["unit_code"], row["value"]
        bound = FIGURE_BOUNDS.get(code)
        if (bound is not None and bound.unit is not None and isinstance(unit, str) and unit != bound.unit
                and (index, "unit_code") not in table.reported_cells):
            findings.append(table.cell_finding(index, "unit_code", f"{bound.unit}: the reform chapter reads "
                                                                   f"{code} in that unit"))
            continue
        bound = bound or (UNIT_BOUNDS.get(unit) if isinstance(unit, str) else None)
        if bound is not None:
            finding = _out_of_bound(table, index, "value", value, bound, f"{code} in {unit}")
            if finding:
                findings.append(finding)
    return findings


def check_indicator_units(indicators: ParsedTable, definitions: ParsedTable) -> list[Finding]:
    """An indicator's value lies in the range of the unit its definition states."""
    if indicators.frame is None or definitions.frame is None:
        return []
    units = dict(zip(definitions.frame["indicator_code"], definitions.frame["unit_code"], strict=True))
    findings = []
    for index, row in indicators.frame.iterrows():
        unit = units.get(row["indicator_code"])
        bound = UNIT_BOUNDS.get(unit) if isinstance(unit, str) else None
        if bound is not None:
            finding = _out_of_bound(indicators, index, "value", row["value"], bound,
                                    f"{row['indicator_code']} in {unit}")
            if finding:
                findings.append(finding)
    return findings


def check_difference_units(table: ParsedTable) -> list[Finding]:
    """A difference acknowledged in known_discrepancies.csv lies within its unit's range."""
    if table.frame is None:
        return []
    findings = []
    for index, row in table.frame.iterrows():
        bound = UNIT_BOUNDS.get(row["unit_code"]) if isinstance(row["unit_code"], str) else None
        if bound is not None:
            finding = _out_of_bound(table, index, "difference", row["difference"], _difference_bound(bound),
                                    f"in {row['unit_code']}")
            if finding:
                findings.append(finding)
    return findings
