"""The sources page of the book: every document, and the notes of the validation."""

from __future__ import annotations

from pathlib import PurePath

from jobbook.data.dataset import Dataset
from jobbook.data.findings import Finding
from jobbook.data.tables import TABLES
from jobbook.present import fmt
from jobbook.present.citations import source_anchor, source_citation
from jobbook.present.labels import BASIS_DA
from jobbook.present.safe import text

#: Where the generated pages (book/generated/) find the site's copy of the data files.
DATA_FILES_HREF = "../../data/"

#: How the checks' units read in Danish, and how an amount in them is shown.
UNITS_DA = {"(1,000 kr.)": fmt.dkk_1000, "kr.": fmt.dkk, "dkk_mio": lambda v: fmt.mio(v, 1),
            "persons": fmt.persons}


def rows_per_source(ds: Dataset) -> dict[str, dict[str, int]]:
    """How many data rows cite each source, per table: ``{source_id: {table title: rows}}`` in the
    tables' order (what the book takes from the document, and how much of the book rests on it)."""
    counts: dict[str, dict[str, int]] = {}
    for spec in TABLES:
        if spec.name == "sources" or "source_id" not in spec.column_names:
            continue
        for source_id, n in ds.every_document(spec.name)["source_id"].value_counts().items():
            per_table = counts.setdefault(source_id, {})
            per_table[spec.title_da] = per_table.get(spec.title_da, 0) + int(n)
    return counts


#: What the date in sources.csv ``published`` is, in readers' words (``date_kind_code``): a meeting's
#: date is not a publication date, and a date the book estimated is not one the document states.
DATE_KINDS_DA = {"meeting": "Mødedato", "dated": "Dateret", "written": "Skrevet", "published": "Udgivet"}
MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")


def date_da(period: str) -> str:
    """A date of sources.csv in Danish: "21. august 2025", "august 2025" or "2025" (as precise as it is)."""
    parts = str(period).strip().split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS_DA[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])}. {month} {parts[0]}"


def date_fact(row) -> str | None:
    """"Mødedato: 21. august 2025" (the kind of date named; "Dato" when the data does not say)."""
    if fmt.is_missing(row["published"]):
        return None
    kind = row.get("date_kind_code")
    label = "Dato" if fmt.is_missing(kind) else DATE_KINDS_DA[kind]
    return f"{label}: {date_da(row['published'])}"


def render_sources_page(ds: Dataset) -> str:
    """Markdown for the sources page: one section per document, linkable by ``#kilde-<id>``.

    Everything that comes from the data is HTML built with jobbook.present.safe.text, in raw HTML
    blocks (one line each, so no value can end the block and reach the Markdown parser); only the
    book's own headings and sentences are Markdown.
    """
    return "\n".join([
        "# Kilder", "",
        "Bogens data er hentet fra dokumenterne herunder. Hver række i bogens data angiver dokumentet og stedet "
        "i dokumentet (afsnit, tabel og kolonne), og tallene er gengivet, som kilderne trykker dem. Bogen lægger "
        "også selv tal sammen, regner andele og eksempler ud og forklarer ord og sammenhænge; det står ved hvert "
        "tal og hver forklaring, når det er bogens eget og ikke kildens. Teksterne er skrevet med egne ord.", "",
        years_covered(ds.budget_years()), "",
        sources_html(ds), "",
        "(kilde-afstemning)=", "## Afstemning af kildernes tal", "",
        "Bogen lægger selv delbeløbene sammen og holder summen op mod de totaler, kilderne trykker. Små forskelle "
        "kan skyldes afrunding. Større forskelle er kun tilladt, når de er gennemgået og forklaret i bogens data. "
        "Bogen viser altid tallene, som kilderne trykker dem.", "",
        notes_html(ds), "",
    ])


def years_covered(years: list[int]) -> str:
    """The budget years the book has a chapter for (those with rows in a per-year table), and the
    years between them without one (a reader who finds no page for a year should learn why)."""
    if not years:
        return ""
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    sentence = (f"Bogen har et kapitel for hvert budgetår, som dokumenternes tal eller beskrivelser hører til: "
                f"{fmt.year_ranges(years)}.")
    if gaps:
        which = "det år" if len(gaps) == 1 else "de år"
        sentence += f" Intet af det hører til {fmt.year_ranges(gaps)}, så der er intet kapitel for {which}."
    return sentence


def sources_html(ds: Dataset) -> str:
    """One section per source document: title, issuer, date (named for what it is), what the book takes
    from it and a link to the year's chapter; file, checksum and id folded away for analysts."""
    sources = ds["sources"].sort_values(["budget_year", "source_id"], na_position="last")
    counts, chapters = rows_per_source(ds), set(ds.budget_years())
    sections = []
    for _, row in sources.iterrows():
        facts = [f"Udgiver: {text(row['publisher'])}"]
        if (date := date_fact(row)) is not None:
            facts.append(text(date))
        year = None if fmt.is_missing(row["budget_year"]) else int(row["budget_year"])
        if year is not None:
            facts.append(f"Budgetår {year}")
        taken = counts.get(row["source_id"], {})
        if taken:
            uses = fmt.join_da([f"{text(fmt.in_sentence(title))} ({fmt.number(n)} oplysning{'er' if n > 1 else ''})"
                                for title, n in taken.items()])
            use = f"<p>Bogen bruger herfra: {uses}."
        else:
            use = "<p>Bogen bruger ingen tal herfra."
        if year in chapters:
            use += f' Se <a href="../budgetaar/{year}.html">kapitlet om budgetåret {year}</a>.'
        analyst = []
        if not fmt.is_missing(row["file_name"]):
            analyst.append(f"Tekstudtræk: <code>{text(row['file_name'])}</code>")
        if not fmt.is_missing(row["sha256"]):
            analyst.append(f"SHA-256: <code>{text(row['sha256'])}</code>")
        analyst.append(f"Kilde-id i data: <code>{text(row['source_id'])}</code>")
        sections.append(f'<section class="jobbook-source" id="{text(source_anchor(row["source_id"]))}">'
                        f"<h2>{text(row['title'])}</h2>"
                        f'<p class="jobbook-source-facts">{" · ".join(facts)}</p>'
                        f"<p>{text(row['description_da'])}</p>{use}</p>"
                        '<details class="jobbook-analyst"><summary>For analytikere</summary><ul>'
                        + "".join(f"<li>{item}</li>" for item in analyst) + "</ul></details></section>")
    return '<div class="jobbook-sources">' + "".join(sections) + "</div>"


def _note_subject(ds: Dataset, details: dict) -> str:
    """What a stated total is the total of, in words."""
    year = details.get("budget_year")
    if "area_code" in details:
        names = ds["net_budgets"].set_index(["area_code", "budget_year"])["area_name_printed"]
        return f"Nettobudget for {names.get((details['area_code'], year), details['area_code'])} {year}"
    if "group_code" in details:
        names = ds["recipient_groups"].set_index("group_code")["short_name_da"]
        group = fmt.in_sentence(names.get(details["group_code"], details["group_code"]))
        return f"Antal modtagere i alt for {group} {year}"
    if "figure_code" in details:
        return f"Reformtallet {details['figure_code']}"
    if year is not None:
        return f"Total for budgettet pr. konto {year}"
    return "Oplyst total"


def note_html(ds: Dataset, note: Finding) -> str:
    """One validation note as a Danish sentence with its place in the data."""
    # The data file's name only: the path a finding carries depends on where validation ran.
    # Linked to the published data file (jobbook.build.publish copies data/ into the site's data/).
    name = text(PurePath(note.file).name)
    where = (f'datafilen <a href="{DATA_FILES_HREF}{name}">{name}</a>'
             + (f", linje {note.line}" if note.line is not None else ""))
    d = note.details
    if note.check_code == "revision":
        return _revision_html(ds, note, where)
    if "stated" not in d:  # a note without a total, e.g. source documents not at hand
        if note.check_code is None and "checksums not verified" in note.expected:
            return (f"<li><strong>Kildedokumenterne</strong> ({where}): dokumenterne var ikke til stede, da bogen "
                    "blev bygget, så deres kontrolsummer er ikke efterprøvet.</li>")
        if note.check_code == "plausibility" and "share" in d:  # a jump on a small figure
            share = f"{d['share'] * 100:.2f}".replace(".", ",")
            return (f"<li><strong>{text(d['subject'])} {d['budget_year']}</strong> ({where}): tallet er "
                    f"{d['factor']:.0f} gange så stort som året før ({text(fmt.number(d['earlier']))} mod "
                    f"{text(fmt.number(d['later']))}), men udgør kun {share} % af tabellens samlede beløb; et så "
                    "lille tal kan flytte sig meget fra år til år.</li>")
        return f"<li>{where}: {text(note.expected)}</li>"
    show = UNITS_DA.get(d["unit"], fmt.number)
    difference = float(d["difference"])
    said = (f"kilden oplyser {show(d['stated'])}, mens de {d['parts']} delbeløb summer til {show(d['computed'])}, "
            f"altså {show(abs(difference))} {'mere' if difference > 0 else 'mindre'}. ")
    if d.get("kind") == "acknowledged":
        said += f"Forklaring: {fmt.end_sentence(d['explanation_da'])}"
    else:
        said += (f"Forskellen kan skyldes afrunding (op til {show(d['tolerance'])}, når {d['parts']} delbeløb "
                 "og totalen hver er afrundet).")
    return f"<li><strong>{text(_note_subject(ds, d))}</strong> ({where}): {text(said)}</li>"


def _revision_html(ds: Dataset, note: Finding, where: str) -> str:
    """A figure two documents print differently, in Danish: which one the book shows, and the earlier one."""
    d, sources = note.details, ds["sources"]
    key = d["key"]
    if d["table"] == "budget_by_account":
        names = ds["chart_of_accounts"].set_index("konto_code")["konto_name"]
        what, show = f"{names.get(key['konto_code'], key['konto_code'])} ({key['konto_code']})", fmt.dkk_1000
    else:
        names = ds["recipient_groups"].set_index("group_code")["short_name_da"]
        what, show = f"antal modtagere af {fmt.in_sentence(names.get(key['group_code'], key['group_code']))}", \
            fmt.persons
    subject = f"{fmt.first_upper(BASIS_DA[key['basis_code']])} {key['budget_year']} for {what}"
    said = (f"{_documents(sources, d['current_source_ids'])} angiver {show(d['current'])}, mens "
            f"{_documents(sources, d['earlier_source_ids'])} angav {fmt.end_sentence(show(d['earlier']))} "
            "Bogen viser tallet fra det senest udgivne dokument.")
    return f"<li><strong>{text(subject)}</strong> ({where}): {text(said)}</li>"


def _documents(sources, source_ids) -> str:
    return fmt.join_da([source_citation(sources, s) for s in source_ids])


def notes_html(ds: Dataset) -> str:
    """Every note of the validation: totals that differ from the sum of their parts."""
    if not ds.notes:
        return "<p>Alle oplyste totaler er lig summen af deres dele.</p>"
    return '<ul class="jobbook-notes">' + "".join(note_html(ds, note) for note in ds.notes) + "</ul>"
