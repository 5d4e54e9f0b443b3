"""Stated totals against the sum of their parts: the rounding a printed figure allows, and each
printed budget total against the account rows of its own document.

The comparison of a budget total is made once, while the data are validated
(:func:`jobbook.data.dataset.validate_data_dir`): the check turns it into a finding, and the
:class:`~jobbook.data.dataset.Dataset` keeps it for the budget-year page, which shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: The unit each kind of stated figure is printed in (its rounding). Counts of persons are exact.
BUDGET_TABLE_ROUNDING_DKK_1000 = 1.0  # the account table prints whole 1,000 kr.
NET_BUDGET_PARTS_ROUNDING_DKK = 1000.0  # part budgets are printed in whole 1,000 kr.
RECIPIENTS_ROUNDING_PERSONS = 0.0
REFORM_ROUNDING_DKK_MIO = 0.1  # reform amounts are printed in mio. kr. with one decimal


def rounding_tolerance(part_count: int, unit: float) -> float:
    """Largest honest difference between a rounded total and the sum of its rounded parts.

    Each of the parts and the total itself may be off by half a rounding unit.
    """
    return (part_count + 1) * unit / 2


@dataclass(frozen=True)
class TotalComparison:
    """A printed budget total ("I alt") against the account rows of the same year, basis and document."""

    budget_year: int
    basis_code: str
    source_id: str
    stated_dkk_1000: float
    parts_dkk_1000: tuple[float, ...]  # the document's account amounts for that year and basis
    row: int = field(default=-1, compare=False)  # the total's row in budget_totals_stated (for findings)

    @property
    def computed_dkk_1000(self) -> float:
        return float(sum(self.parts_dkk_1000))

    @property
    def rows(self) -> int:
        """How many account rows the total covers."""
        return len(self.parts_dkk_1000)

    @property
    def difference_dkk_1000(self) -> float:
        return self.computed_dkk_1000 - self.stated_dkk_1000

    @property
    def tolerance_dkk_1000(self) -> float:
        return rounding_tolerance(self.rows, BUDGET_TABLE_ROUNDING_DKK_1000)

    @property
    def is_rounding(self) -> bool:
        return 0 < abs(self.difference_dkk_1000) <= self.tolerance_dkk_1000


def budget_total_comparisons(totals: pd.DataFrame, accounts: pd.DataFrame) -> list[TotalComparison]:
    """Each printed budget total (``totals``: budget_totals_stated) against the account rows of its own
    document (``accounts``: every document's rows of budget_by_account, revised or not); totals
    without an amount are left out."""
    result = []
    for index, total in totals.iterrows():
        if pd.isna(total["amount_dkk_1000"]):
            continue
        mask = ((accounts["budget_year"] == total["budget_year"]) & (accounts["basis_code"] == total["basis_code"])
                & (accounts["source_id"] == total["source_id"]))
        parts = tuple(float(v) for v in accounts.loc[mask.fillna(False), "amount_dkk_1000"].dropna())
        result.append(TotalComparison(int(total["budget_year"]), total["basis_code"], total["source_id"],
                                      float(total["amount_dkk_1000"]), parts, index))
    return result
