"""The data dictionary page of the book, generated from the table specifications.

Readers come first: each column is named by its Danish label and unit, described in Danish, with its
rules in words; the column's name in the file and technical formats (regular expressions) come after,
in small type. Each data file is one collapsed ``<details>`` with a link to the file (the build
publishes the data files beside the pages: jobbook.build.publish). The page is one raw HTML line per
table and few elements (a ``<dt>``, a ``<dd>`` and a ``<small>`` per column): the old Markdown tables
made 2,916 elements and 352 ms of blocking time on a phone (issue 21).
"""

from __future__ import annotations

from jobbook.data.fields import CODE_PATTERN, Field
from jobbook.data.tables import TABLES, TableSpec
from jobbook.present import fmt
from jobbook.present.labels import KIND_DA
from jobbook.present.safe import text
from jobbook.settings import Settings

#: Where the dictionary page (book/generated/) finds the published data files (the site's data/).
DATA_FILES_HREF = "../../data/"

#: The Danish label of each column that has no reader's header (``header_da`` in jobbook.data.fields
#: is the header tables and CSV files show; it is used first). A test checks every column has one.
LABELS_DA: dict[str, str] = {
    "source_id": "Kilde", "source_location": "Sted i kilden", "budget_year": "Budgetår", "basis_code": "Grundlag",
    "title": "Titel", "publisher": "Udgiver", "published": "Dato", "date_kind_code": "Datoens art",
    "file_name": "Tekstudtræk", "sha256": "Kontrolsum", "description_da": "Beskrivelse",
    "konto_level_code": "Niveau i kontoplanen", "parent_konto_code": "Overordnet konto",
    "expense_type_code": "Udgiftstype", "konto_name_printed": "Kontoens navn i kilden",
    "valid_from_year": "Gælder fra budgetår", "valid_to_year": "Gælder til budgetår", "source_url": "Adresse",
    "total_name_printed": "Totallinjen i kilden", "group_code": "Gruppe",
    "group_name_printed": "Gruppens navn i kilden",
    "parent_group_code": "Overgruppe", "sort_order": "Rækkefølge", "area_code": "Område",
    "parent_area_code": "Overordnet område", "is_employment_area": "Beskæftigelsesområdet",
    "scope_da": "Hvad området dækker", "check_code": "Kontrol", "subject_key": "Hvad der kontrolleres",
    "difference": "Forskel", "unit_code": "Enhed", "explanation_da": "Forklaring", "geography_code": "Geografi",
    "geography_name": "Navn", "geography_type_code": "Type af geografi", "parent_geography_code": "Ligger i",
    "indicator_code": "Indikator", "indicator_name_da": "Indikatorens navn", "period_start": "Periodens start",
    "period_end": "Periodens slutning", "value": "Værdi", "qualifier_code": "Præcision",
    "printed_text": "Som trykt i kilden", "underlying_source_da": "Kildens egen kilde", "note_da": "Forbehold",
    "period_printed": "Perioden som trykt", "target_group_code": "Målgruppe",
    "target_group_name_da": "Målgruppens navn",
    "index_value": "Indeks", "average_index_value": "Gennemsnittets indeks", "position_code": "Over eller under",
    "statement_da": "Udsagn", "figure_code": "Nøgletal", "priority_code": "Prioritet", "priority_da": "Prioriteten",
    "reason_da": "Begrundelse", "law_code": "Lov", "law_name_da": "Lovens navn", "law_scope_code": "Lovens område",
    "task_code": "Opgave", "task_da": "Opgaven", "classification_code": "Hvem der bestemmer opgaven",
    "task_group_da": "Gruppering", "statement_code": "Udsagn", "topic_code": "Emne",
}


def label_da(f: Field) -> str:
    """The column as readers name it: its header, else its label here, with the unit: "Budget (1.000 kr.)"."""
    label = f.header_da or LABELS_DA[f.name]
    return f"{label} ({f.unit_word_da})" if f.unit_word_da else label


def rules_da(f: Field, settings: Settings) -> str:
    """The rules of a column in Danish words (no regular expressions: those are in :func:`technical`)."""
    rules = []
    if f.minimum is not None:  # in Danish digits: 1.000.000.000, not 1e+09
        rules.append(f"mindst {fmt.number(f.minimum, 0 if float(f.minimum).is_integer() else 2)}")
    if f.maximum is not None:
        rules.append(f"højst {fmt.number(f.maximum, 0 if float(f.maximum).is_integer() else 2)}")
    if f.is_year:
        rules.append(f"år fra {settings.min_year} til {settings.max_year}")
    if f.references:
        table = f.references.split(".")[0]
        title = next((spec.title_da for spec in TABLES if spec.name == table), table)
        rules.append(f"skal findes i tabellen {title}")
    if f.kind == "konto":
        rules.append("skrives 5.57.71; 05.57.71, 055771 og 55771 læses som samme konto")
    if not f.required:
        rules.append("kan være tom")
    return fmt.first_upper("; ".join(rules)) + "." if rules else ""


def technical(f: Field) -> str:
    """The column's name in the file, its kind and its exact values or format, for those who program."""
    parts = [f"Kolonne {f.name}", KIND_DA[f.kind]]
    if f.allowed:
        parts.append("værdier: " + ", ".join(f.allowed))
    if f.pattern == CODE_PATTERN:
        parts.append("kode af a–z, 0–9, _ og -")
    elif f.pattern:
        parts.append(f"format: {f.pattern}")
    return " · ".join(parts)


def render_table(spec: TableSpec, settings: Settings) -> str:
    """One data file as a collapsed ``<details>`` on one line: its title, a link to the file, its
    description and a definition list of its columns."""
    rows = "".join(
        f"<dt>{text(label_da(f))}</dt><dd>{text(' '.join(x for x in (f.description_da, rules_da(f, settings)) if x))}"
        f"<small>{text(technical(f))}</small></dd>" for f in spec.fields)
    keys = [fmt.in_sentence(label_da(f)) for f in spec.fields if f.name in spec.key]
    key = fmt.join_da(keys) if len(keys) == 1 else "kombination af " + fmt.join_da(keys)
    return (f'<details class="jobbook-dictionary" id="tabel-{text(spec.name)}">'
            f"<summary>{text(spec.title_da)} <span>({len(spec.fields)} kolonner)</span></summary>"
            f'<p>{text(fmt.end_sentence(spec.description_da))} Hent <a href="{DATA_FILES_HREF}{text(spec.file_name)}" '
            f"download>{text(spec.file_name)}</a>. Én række for hver {text(key)}.</p>"
            f"<dl>{rows}</dl></details>")


def render_data_dictionary(settings: Settings) -> str:
    """Markdown for the whole data dictionary: an introduction, then one collapsed block per data file."""
    intro = (
        "# Dataordbog\n\n"
        "Alle tal i bogen kommer fra tabellerne herunder. Hver tabel er en CSV-fil, som kan hentes her "
        "(UTF-8, komma som skilletegn, punktum som decimaltegn og ingen tusindtalsadskillelse); filerne er "
        "præcis dem, denne udgave er bygget af. Hver række angiver sit kildedokument og hvor i dokumentet "
        "tallet står. Tabellerne kontrolleres, hver gang bogen bygges; siden her er dannet automatisk ud fra "
        "de samme regler, som kontrollen bruger. Åbn en tabel for at se dens kolonner: først navnet og "
        "enheden, så beskrivelsen og reglerne, og med små typer kolonnens navn i filen til dem, der "
        "programmerer.\n"
    )
    return intro + "\n" + "\n\n".join(render_table(spec, settings) for spec in TABLES) + "\n"
