"""A table's columns as readers see them: each column's Danish header, unit and number format in one place.

A figure lists its columns once, as :class:`Column` specs; its table's headers ("Budget 2021 (1.000 kr.)"),
its number formats and the unit line of its CSV files all come from that list, so a header is never
typed twice (once for the data and once more as the key of its format, where a typing error printed
``69321.0`` on a page). A column of the data takes its header, unit and decimals from the field table
(:func:`field_column`, :mod:`jobbook.data.fields`); a computed one names its unit by code
(:func:`number_column`), whose Danish word is the field table's ``UNIT_DA``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from jobbook.data.fields import FIELDS, UNIT_DA, UNIT_DECIMALS
from jobbook.present import fmt

Formatter = Callable[[object], str]


@dataclass(frozen=True)
class Column:
    """One column of a figure's table: where its values come from and how a reader sees them."""

    source: str  # the column of the computed frame
    header: str  # the Danish header without its unit: "Budget 2021"
    unit: str | None = None  # a unit code (jobbook.data.fields.UNIT_CODES); None for text
    decimals: int | None = None  # None: the unit's (UNIT_DECIMALS), else whole numbers
    signed: bool = False  # a change: "+1.234", "−95"
    unit_da: str | None = None  # the unit's word where the field says more than UNIT_DA ("helårspersoner")
    number: bool = False  # a number without a unit (a count in the title's unit, a year): formatted all the same

    @property
    def is_number(self) -> bool:
        return self.unit is not None or self.number

    @property
    def unit_word(self) -> str | None:
        return self.unit_da or (UNIT_DA[self.unit] if self.unit else None)

    @property
    def label(self) -> str:
        """The header readers see: ``Budget 2021 (1.000 kr.)``, ``Ændring (%)``, ``Navn``."""
        return f"{self.header} ({self.unit_word})" if self.unit_word else self.header

    def format(self, value: object) -> str:
        """A cell in Danish: ``492.697``, ``+1.234``, ``9,4 %`` (a percentage keeps its sign), ``–`` if missing."""
        decimals = self.decimals if self.decimals is not None else UNIT_DECIMALS.get(self.unit or "", 0)
        if self.unit == "pct":
            return fmt.signed_pct(value, decimals) if self.signed else fmt.pct(value, decimals)
        return fmt.signed(value, decimals) if self.signed else fmt.number(value, decimals)


def field_column(name: str, header: str | None = None, *, source: str | None = None, signed: bool = False,
                 decimals: int | None = None) -> Column:
    """The column of the data named ``name`` as readers see it: header (the field's ``header_da`` unless
    given), unit and decimals from the field table; ``source``: the frame's column, if not ``name``."""
    field = FIELDS[name]
    header = header or field.header_da
    if header is None:
        raise ValueError(f"column {name!r} has no Danish header (header_da in jobbook.data.fields)")
    return Column(source or name, header, field.unit, decimals if decimals is not None else field.decimals,
                  signed, field.unit_da, number=field.kind in ("int", "float") and not field.is_year)


def number_column(source: str, header: str, unit: str | None, *, decimals: int | None = None,
                  signed: bool = False) -> Column:
    """A computed number column in ``unit`` (a unit code; None: the unit the figure's title names)."""
    if unit is not None and unit not in UNIT_DA:
        raise ValueError(f"column {header!r}: unknown unit code {unit!r} (one of {', '.join(UNIT_DA)})")
    return Column(source, header, unit, decimals, signed, number=True)


def text_column(source: str, header: str) -> Column:
    """A column of text (names, codes, labels), shown as it is."""
    return Column(source, header)


def shown_table(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """``frame``'s ``columns`` in their order, under the headers readers see."""
    labels = [c.label for c in columns]
    if len(set(labels)) != len(labels):
        raise ValueError(f"two columns with one header: {labels}")
    return frame[[c.source for c in columns]].set_axis(labels, axis=1).reset_index(drop=True)


def formats(columns: Sequence[Column]) -> dict[str, Formatter]:
    """The number format of every number column, by the header readers see."""
    return {c.label: c.format for c in columns if c.is_number}
