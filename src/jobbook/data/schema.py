"""Column metadata, defined once and used to parse, to validate and to publish.

A :class:`TableSpec` lists the columns of one CSV file in ``data/``. From it the package
builds the pandera schema that every table is loaded through, the parser that turns the
CSV text into typed columns, and the data dictionary page of the book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pandera is imported only when data are validated, not when notebooks load them
    import pandera.pandas as pa

Kind = Literal["text", "int", "float", "bool", "konto", "period"]

#: pandas dtype of each kind of column (nullable dtypes: an empty cell is <NA>).
PANDAS_DTYPES: dict[str, str] = {
    "text": "string",
    "konto": "string",
    "period": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
}

#: How each kind is described in the data dictionary (Danish, for the book).
KIND_LABELS_DA: dict[str, str] = {
    "text": "tekst",
    "konto": "kontonummer",
    "period": "periode (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)",
    "int": "heltal",
    "float": "decimaltal",
    "bool": "sand/falsk (true/false)",
}

CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
CODE_HELP = "a code of lower-case letters a-z, digits, '_' or '-'"


@dataclass(frozen=True)
class Field:
    """One column: its name, kind, Danish description and the rules its values follow."""

    name: str
    kind: Kind
    description_da: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    is_year: bool = False
    references: str | None = None  # "table.column" whose values this column must use

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.kind]


@dataclass(frozen=True)
class TableSpec:
    """One CSV file in the data directory."""

    name: str
    title_da: str
    description_da: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    per_year: bool = False  # rows carry a budget_year that makes a chapter of the book

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class SchemaContext:
    """What a schema needs beyond the table itself: the year range and referenced values."""

    min_year: int
    max_year: int
    reference_values: dict[str, frozenset[str]] = field(default_factory=dict)


def build_schema(spec: TableSpec, ctx: SchemaContext) -> pa.DataFrameSchema:
    """The pandera schema of a table: dtypes, required cells, codes, ranges, references, key."""
    import pandera.pandas as pa

    columns = {}
    for f in spec.fields:
        checks = []
        if f.allowed:
            checks.append(pa.Check.isin(f.allowed, error="one of: " + ", ".join(f.allowed)))
        if f.pattern:
            checks.append(pa.Check.str_matches(f.pattern, error=f.pattern_help or f"text matching {f.pattern}"))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum, error=f"a number >= {f.minimum:g}"))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum, error=f"a number <= {f.maximum:g}"))
        if f.is_year:
            checks.append(pa.Check.in_range(ctx.min_year, ctx.max_year,
                                            error=f"a year from {ctx.min_year} to {ctx.max_year}"))
        if f.references and f.references in ctx.reference_values:
            table, column = f.references.split(".")
            checks.append(pa.Check.isin(sorted(ctx.reference_values[f.references]),
                                        error=f"a {column} listed in {table}.csv"))
        columns[f.name] = pa.Column(f.dtype, checks=checks, nullable=not f.required,
                                    description=f.description_da, title=f.name)
    return pa.DataFrameSchema(columns, unique=list(spec.key), strict=True, ordered=False,
                              name=spec.name, description=spec.description_da)
