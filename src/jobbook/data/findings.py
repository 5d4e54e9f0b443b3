"""Problems and notes found while reading and checking the data.

A finding always names the file, and where it can, the line, the column and the value, so
an analyst can go straight to the cell. Errors stop the build; notes (for example a stated
total that differs from the sum of its rows by rounding) are listed on the book's sources page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "note"]


def message_number(value: float) -> str:
    """A figure for a finding's message: whole numbers without decimals, others as short as exact."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


@dataclass(frozen=True)
class Finding:
    """One problem (severity ``error``) or remark (severity ``note``) about a data file."""

    file: str
    expected: str
    line: int | None = None
    column: str | None = None
    column_number: int | None = None
    value: str | None = None
    severity: Severity = "error"
    check_code: str | None = None
    kind: str = "problems"  # what kind of problem, in the plural, for the summary of a long list
    details: dict = field(default_factory=dict, compare=False, hash=False)

    def location(self) -> str:
        """``file:line:column`` as far as it is known (the form editors and CI logs link)."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column_number is not None:
                parts.append(str(self.column_number))
        return ":".join(parts)

    def format(self) -> str:
        """One line for the terminal: where, which column, which value, what was expected."""
        text = f"{self.location()}: {self.severity}:"
        if self.column is not None:
            text += f" column '{self.column}'"
        if self.value is not None:
            text += f" value {self.value!r}"
        if self.column is not None or self.value is not None:
            text += " —"
        return f"{text} {self.expected}"


class DataError(Exception):
    """The data directory has errors; ``findings`` lists every one of them."""

    def __init__(self, findings: list[Finding]):
        self.findings = [f for f in findings if f.severity == "error"]
        count = len(self.findings)
        lines = "\n".join(f.format() for f in self.findings[:20])
        more = f"\n... and {count - 20} more" if count > 20 else ""
        super().__init__(f"{count} data error(s):\n{lines}{more}")
