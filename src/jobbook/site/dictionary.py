"""The data dictionary page of the book, generated from the table specifications."""

from __future__ import annotations

from jobbook.data.fields import CODE_PATTERN, Field
from jobbook.data.tables import TABLES, TableSpec
from jobbook.present import fmt
from jobbook.present.labels import KIND_DA
from jobbook.settings import Settings


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def rules_da(f: Field, settings: Settings) -> str:
    """The rules of a column in Danish words."""
    rules = []
    if f.allowed:
        rules.append("Værdier: " + ", ".join(f"`{v}`" for v in f.allowed))
    if f.pattern == CODE_PATTERN:
        rules.append("Kode med små bogstaver a–z, cifre, `_` og `-`")
    elif f.pattern:
        rules.append(f"Format: `{f.pattern}`")
    if f.minimum is not None:  # in Danish digits: 1.000.000.000, not 1e+09
        rules.append(f"Mindst {fmt.number(f.minimum, 0 if float(f.minimum).is_integer() else 2)}")
    if f.maximum is not None:
        rules.append(f"Højst {fmt.number(f.maximum, 0 if float(f.maximum).is_integer() else 2)}")
    if f.is_year:
        rules.append(f"År fra {settings.min_year} til {settings.max_year}")
    if f.references:
        table, column = f.references.split(".")
        rules.append(f"Skal findes i `{table}.csv` (kolonnen `{column}`)")
    if f.kind == "konto":
        rules.append("Skrives 5.57.71; 05.57.71, 055771 og 55771 læses som samme konto")
    return "; ".join(rules) or "–"


def render_table(spec: TableSpec, settings: Settings) -> str:
    lines = [
        f"## {spec.title_da}",
        "",
        f"Fil: `data/{spec.file_name}`. {spec.description_da}",
        "",
        f"Nøgle (entydig pr. række): {', '.join(f'`{k}`' for k in spec.key)}.",
        "",
        "| Kolonne | Type | Påkrævet | Beskrivelse | Regler |",
        "|---|---|---|---|---|",
    ]
    for f in spec.fields:
        lines.append(f"| `{f.name}` | {KIND_DA[f.kind]} | {'ja' if f.required else 'nej'} | "
                     f"{_cell(f.description_da)} | {_cell(rules_da(f, settings))} |")
    return "\n".join(lines)


def render_data_dictionary(settings: Settings) -> str:
    """Markdown for the whole data dictionary (one section per table)."""
    intro = (
        "# Dataordbog\n\n"
        "Alle tal i bogen kommer fra tabellerne herunder. Hver tabel er en CSV-fil i mappen `data/` "
        "(UTF-8, komma som skilletegn, punktum som decimaltegn og ingen tusindtalsadskillelse). "
        "Hver række angiver sin kilde (`source_id`) og hvor i dokumentet tallet står "
        "(`source_location`). Tabellerne kontrolleres, hver gang bogen bygges; siden her er dannet "
        "automatisk ud fra de samme regler, som kontrollen bruger.\n"
    )
    return intro + "\n" + "\n\n".join(render_table(spec, settings) for spec in TABLES) + "\n"
