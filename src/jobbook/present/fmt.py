"""Danish number formatting for prose and tables (babel; no OS locale needed).

Everything a reader sees goes through these functions: ``1.084.640.200 kr.``, ``9,4 %``,
``23,1 mio. kr.``. Python's own format specs are not locale-aware, so numbers are formatted
here before they are glued into the text.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALE = "da_DK"
NBSP = "\u00a0"  # keeps a number and its unit on one line
MINUS = "\u2212"  # a real minus sign reads better than a hyphen


def _decimal(value: float, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(value), format=pattern, locale=LOCALE)
    return (MINUS + text) if value < 0 and text.strip("0,.") else text


def is_missing(value) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return True


def number(value: float, decimals: int = 0) -> str:
    """``1.084.640.200`` or ``9,4``; a dash for a missing value."""
    return "–" if is_missing(value) else _decimal(float(value), decimals)


def signed(value: float, decimals: int = 0) -> str:
    """A change with its sign: ``+1.234`` or ``−95``."""
    if is_missing(value):
        return "–"
    text = _decimal(float(value), decimals)
    # The sign follows the rounded text, so 0.4 shows as "0", not "+0".
    return ("+" + text) if float(value) > 0 and text.strip("0,.") else text


def dkk(value: float, decimals: int = 0) -> str:
    """Kroner: ``46.847.000 kr.``."""
    return "–" if is_missing(value) else f"{number(value, decimals)}{NBSP}kr."


def dkk_1000(value: float) -> str:
    """An amount in 1,000 kr. shown in full kroner terms: ``492.697.000 kr.``."""
    return "–" if is_missing(value) else dkk(float(value) * 1000)


def mio(value_mio: float, decimals: int = 1) -> str:
    """Millions of kroner: ``23,1 mio. kr.``."""
    return "–" if is_missing(value_mio) else f"{number(value_mio, decimals)}{NBSP}mio.{NBSP}kr."


def mia(value_mio: float, decimals: int = 2) -> str:
    """Billions of kroner from millions: ``2,73 mia. kr.``."""
    return "–" if is_missing(value_mio) else f"{number(value_mio / 1000, decimals)}{NBSP}mia.{NBSP}kr."


def pct(value_pct: float, decimals: int = 1) -> str:
    """A percentage given in per cent: ``9,4 %``."""
    return "–" if is_missing(value_pct) else f"{number(value_pct, decimals)}{NBSP}%"


def signed_pct(value_pct: float, decimals: int = 1) -> str:
    """A change in per cent with its sign: ``+10,2 %``."""
    return "–" if is_missing(value_pct) else f"{signed(value_pct, decimals)}{NBSP}%"


def pct_point(value: float, decimals: int = 1) -> str:
    """Percentage points: ``4,7 procentpoint``."""
    return "–" if is_missing(value) else f"{number(value, decimals)}{NBSP}procentpoint"


def persons(value: float) -> str:
    """A count of persons: ``2.848 personer`` (``1 person``)."""
    if is_missing(value):
        return "–"
    return f"{number(value)}{NBSP}{'person' if abs(float(value)) == 1 else 'personer'}"


def first_upper(text: str) -> str:
    """``december 2021`` -> ``December 2021``; unlike str.capitalize, the rest is left as it is."""
    return text[:1].upper() + text[1:]


def in_sentence(label: str) -> str:
    """A label inside a sentence: ``Sygedagpenge`` -> ``sygedagpenge``, but ``A-dagpenge`` stays."""
    if len(label) > 1 and (label[1].isupper() or label[1] in "-."):
        return label
    return label[:1].lower() + label[1:]


def join_labels(labels: list[str]) -> str:
    """Labels joined as one phrase: ``Kontanthjælp og uddannelseshjælp`` (later ones in sentence case)."""
    return join_da([label if i == 0 else in_sentence(label) for i, label in enumerate(labels)])


def join_da(items: list[str]) -> str:
    """``a, b og c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def year_ranges(years: list[int]) -> str:
    """Years as runs: [2020, 2021, 2022, 2024] -> ``2020-2022 og 2024`` (with an en dash)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    items = []
    for run in runs:
        items += [f"{run[0]}\u2013{run[-1]}"] if len(run) > 2 else [str(year) for year in run]
    return join_da(items)


def join_or(items: list[str]) -> str:
    """``a, b eller c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " eller " + items[-1]


def ordinal_superlative(rank: float) -> str:
    """The rank before a superlative: 1 -> '' (højeste), 2 -> 'næst' (næsthøjeste), 3 -> '3. '."""
    if is_missing(rank):
        return "–"
    rank = int(rank)
    return {1: "", 2: "næst"}.get(rank, f"{rank}.{NBSP}")


def change_word(value: float, up: str = "steget", down: str = "faldet", same: str = "uændret") -> str:
    """``faldet 4,7 procentpoint``-style verbs: the direction of a change in words."""
    if is_missing(value):
        return "ikke oplyst"
    return up if float(value) > 0 else down if float(value) < 0 else same


def end_sentence(text: str) -> str:
    """Close a sentence with a period, unless it already ends with one (``mio. kr.``)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."
