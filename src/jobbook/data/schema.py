"""The pandera schema of a table, built from its columns (jobbook.data.fields, jobbook.data.tables).

Every table is validated through it: dtypes, required cells, allowed values, patterns,
ranges, years, references to other tables and the unique key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jobbook.data.tables import TableSpec

if TYPE_CHECKING:  # pandera is imported only when data are validated, not when notebooks load them
    import pandera.pandas as pa

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
        if f.minimum is not None and f.maximum is not None:  # (reading the cell checked it first)
            checks.append(pa.Check.in_range(f.minimum, f.maximum, error=f.bound.describe(whole=f.kind == "int")))
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
