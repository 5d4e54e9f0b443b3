"""Every column of the data directory, defined once: its kind, unit, allowed values and meaning.

The tables (:mod:`jobbook.data.tables`) list their columns by these names. The parser, the
pandera schema, the data dictionary, the new-year scaffold and the importer all read the
columns from here, so a column means the same in every table and is described in one place.

Naming convention (also in ``data/README.md``): ``_code`` for short codes from a fixed list or
another table, ``_name`` for labels, ``_printed`` for text exactly as the source prints it,
``_da`` for Danish text written for the book, ``is_`` for booleans, units in the names of
numeric columns (``amount_dkk_1000``, ``persons``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "float", "bool", "konto", "period"]

#: pandas dtype of each kind of column (nullable dtypes: an empty cell is <NA>).
PANDAS_DTYPES: dict[str, str] = {
    "text": "string", "konto": "string", "period": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
}

CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
CODE_HELP = "a code of lower-case letters a-z, digits, '_' or '-'"

#: The bases a figure can have: budgeted, actual (accounts), a corrected budget, a forecast.
BASIS_CODES = ("budget", "actual", "corrected_budget", "forecast")
#: The units a figure can be stated in (unit_code columns and the units of numeric columns).
UNIT_CODES = ("dkk", "dkk_1000", "dkk_mio", "persons", "pct", "pct_point", "rank", "jobs", "jobs_per_year",
              "index", "text")


@dataclass(frozen=True)
class Field:
    """One column: its name, kind, Danish description and the rules its values follow.

    ``required`` and ``references`` are set by the table the column is in (a column can be
    optional in one table and required in another, and a key in one table is a reference in the
    others); everything else is the column's own.
    """

    name: str
    kind: Kind
    description_da: str
    unit: str | None = None  # for numeric columns with one unit: one of UNIT_CODES
    allowed: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_help: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    is_year: bool = False
    #: The value comes from each year's document: a new year's row (``jobbook new-year``) starts
    #: without it, while the columns that name the row (account, group, area) are carried over.
    renewed_each_year: bool = False
    required: bool = True
    references: str | None = None  # "table.column" whose values this column must use

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.kind]


def _code(name: str, description_da: str) -> Field:
    """A text column holding a short identifier."""
    return Field(name, "text", description_da, pattern=CODE_PATTERN, pattern_help=CODE_HELP)


_FIELDS = (
    # --- provenance: on every row ---------------------------------------------------------------
    _code("source_id", "Id på kildedokumentet (se tabellen sources)."),
    Field("source_location", "text", "Hvor i dokumentet tallet eller teksten står (afsnit, tabel, kolonne).",
          renewed_each_year=True),
    Field("budget_year", "int", "Det budgetår (eller regnskabsår), rækken gælder for.", is_year=True),
    Field("basis_code", "text", "Grundlag: budget (budgetteret), actual (faktisk/regnskab), corrected_budget "
                                "(korrigeret budget) eller forecast (prognose, forventet regnskab, overslag).",
          allowed=BASIS_CODES),
    # --- sources ---------------------------------------------------------------------------------
    Field("title", "text", "Dokumentets titel."),
    Field("publisher", "text", "Udgiver."),
    Field("published", "period", "Hvornår dokumentet er skrevet eller udgivet (så præcist som kendt). "
                                  "Afgør, hvilket dokuments tal bogen viser, når to dokumenter trykker "
                                  "forskellige tal for det samme (uden dato: dokumentets budgetår)."),
    Field("file_name", "text", "Filnavn for den tekstudtrækning, tallene er hentet fra (i kildemappen).",
          pattern=r"^[^/\\]+$", pattern_help="a file name without a folder"),
    Field("sha256", "text", "SHA-256-kontrolsum for filen, så det kan ses, om kilden er ændret.",
          pattern=r"^[0-9a-f]{64}$", pattern_help="64 lower-case hexadecimal digits"),
    Field("description_da", "text", "Kort beskrivelse med bogens egne ord af rækkens emne (dokumentet, "
                                    "indikatoren eller tallet)."),
    # --- the chart of accounts and budgets ---------------------------------------------------------
    Field("konto_code", "konto", "Funktion i den kommunale kontoplan i kanonisk form, fx 5.57.71."),
    Field("konto_level_code", "text", "Niveau i kontoplanen.", allowed=("hovedkonto", "hovedfunktion", "funktion")),
    Field("konto_name", "text", "Kontoens navn (som trykt i kilden, hvor den findes)."),
    Field("parent_konto_code", "konto", "Kontonummeret et niveau højere oppe."),
    Field("expense_type_code", "text", "Bogens opdeling af funktionerne: forsorgelse (ydelser til borgerne), "
                                       "drift (indsats og aktivering) eller administration. Kun for funktioner.",
          allowed=("forsorgelse", "drift", "administration")),
    Field("konto_name_printed", "text", "Kontoens navn, som det står i kilden."),
    # Whole numbers: "7.332" in a Danish file is then an error, never 7.332 thousand by mistake.
    Field("amount_dkk_1000", "int", "Beløb i hele 1.000 kr. (netto; negative beløb er indtægter): som trykt, når "
                                    "kilden trykker i 1.000 kr.; omregnet (og afrundet), når den trykker i kr. eller "
                                    "mio. kr.", unit="dkk_1000", renewed_each_year=True),
    Field("total_name_printed", "text", "Totallinjens tekst i kilden."),
    # --- benefit recipients ------------------------------------------------------------------------
    _code("group_code", "Id for en gruppe af ydelsesmodtagere."),
    Field("group_name_printed", "text", "Gruppens navn, som det står i kilden."),
    Field("short_name_da", "text", "Kort navn til figurer og tabeller."),
    _code("parent_group_code", "Overgruppen, hvis gruppen er en del af en subtotal."),
    Field("sort_order", "int", "Rækkefølge som i kilden.", minimum=1),
    Field("persons", "int", "Antal personer (modtagere), som kilden trykker det.", unit="persons", minimum=0,
          renewed_each_year=True),
    # --- net budgets per area ----------------------------------------------------------------------
    _code("area_code", "Id for et budgetområde."),
    _code("parent_area_code", "Det område, et delbeløb hører under."),
    Field("area_name_printed", "text", "Områdets navn, som det står i kilden."),
    Field("committee_name", "text", "Det udvalg, området hører under, hvis kilden siger det."),
    Field("is_employment_area", "bool", "Om området hører til beskæftigelsesområdet."),
    Field("amount_dkk", "int", "Nettobudget i kr.", unit="dkk", renewed_each_year=True),
    Field("scope_da", "text", "Hvad området dækker ifølge kilden (omskrevet); det kan skifte fra år til år.",
          renewed_each_year=True),
    # --- checks --------------------------------------------------------------------------------------
    Field("check_code", "text", "Hvilken kontrol forskellen hører til (plausibility: et tal, der er mindst 20 gange "
                                "året før eller højst en tyvendedel af det).",
          allowed=("budget_total", "recipient_subtotal", "net_budget_parts", "reform_sum", "plausibility")),
    Field("subject_key", "text", "Hvad der kontrolleres, fx område/år (koder adskilt af /).",
          pattern=r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9_.-]+)*$", pattern_help="codes separated by '/', such as area/2022"),
    Field("difference", "float", "Summen af delene minus den oplyste total, eller for et spring: årets tal minus året "
                                 "før, i rækkens enhed (unit_code)."),
    Field("unit_code", "text", "Enheden for rækkens tal.", allowed=UNIT_CODES),
    Field("explanation_da", "text", "Forklaring til læseren."),
    # --- geographies and indicators ------------------------------------------------------------------
    Field("geography_code", "text", "Land (DK), region eller kommune med Danmarks Statistiks kode, evt. "
                                    "med en enhed (326-jobcenter).",
          pattern=r"^(DK|\d{3,4}(-[a-z]+)?)$", pattern_help="DK, a 3-4 digit code, optionally -unit"),
    Field("geography_name", "text", "Navn."),
    Field("geography_type_code", "text", "Type.", allowed=("country", "region", "municipality", "organisation")),
    Field("parent_geography_code", "text", "Den geografi, enheden ligger i."),
    _code("indicator_code", "Indikatorens id."),
    Field("indicator_name_da", "text", "Indikatorens navn til læseren."),
    Field("period_start", "period", "Periodens start (eller tidspunktet)."),
    Field("period_end", "period", "Periodens slutning (lig start for et tidspunkt)."),
    Field("value", "float", "Værdien i rækkens enhed; tom, når kilden kun beskriver i ord."),
    Field("qualifier_code", "text", "exact (som trykt), approx (ca./omkring), at_least (mindst/over) eller "
                                    "text (kun i ord).", allowed=("exact", "approx", "at_least", "text")),
    Field("printed_text", "text", "Tallet eller udsagnet, som det står i kilden."),
    Field("underlying_source_da", "text", "Den kilde, dokumentet selv henviser til."),
    Field("note_da", "text", "Forbehold eller forklaring."),
    Field("period_printed", "text", "Perioden, som kilden skriver den, hvor kilden er mindre præcis end "
          "period_start og period_end; de er da bogens tilnærmelse (til sortering), og bogen viser denne tekst."),
    # --- the BDO benchmark ---------------------------------------------------------------------------
    _code("target_group_code", "Målgruppens id (i_alt for hele jobcentret)."),
    Field("target_group_name_da", "text", "Målgruppens navn."),
    Field("index_value", "float", "Indeks (gennemsnit = 100); tomt, når kilden ikke oplyser tallet.",
          unit="index", minimum=0),
    Field("average_index_value", "float", "Gennemsnittets indeks.", unit="index", minimum=0),
    Field("position_code", "text", "Over eller under gennemsnittet ifølge kilden.",
          allowed=("above", "below", "equal", "unknown")),
    Field("statement_da", "text", "Hvad kilden siger, med bogens egne ord."),
    # --- the reform ------------------------------------------------------------------------------
    _code("figure_code", "Tallets id."),
    _code("priority_code", "Prioritetens id."),
    Field("priority_da", "text", "Prioriteten."),
    Field("reason_da", "text", "Begrundelsen ifølge kilden (omskrevet)."),
    # --- the jobcenter's tasks -----------------------------------------------------------------------
    _code("law_code", "Lovens id."),
    Field("law_name_da", "text", "Lovens navn."),
    Field("law_scope_code", "text", "general (regler for al myndighedsudøvelse) eller employment "
                                    "(beskæftigelsesområdet).", allowed=("general", "employment")),
    _code("task_code", "Opgavens id."),
    Field("task_da", "text", "Opgaven (omskrevet)."),
    Field("classification_code", "text", "state_mandated (pålagt af staten), municipal_choice (kommunens valg "
                                         "inden for loven) eller own_initiative (eget initiativ).",
          allowed=("state_mandated", "municipal_choice", "own_initiative")),
    Field("task_group_da", "text", "Gruppering som i kilden."),
    # --- statements ----------------------------------------------------------------------------------
    _code("statement_code", "Udsagnets id."),
    _code("topic_code", "Emne."),
)

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}
assert len(FIELDS) == len(_FIELDS), "a column is defined twice"
