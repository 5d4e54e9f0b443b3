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

from jobbook.settings import POPULATION_MAX, YEAR_MAX, YEAR_MIN

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
#: The Danish words for the unit codes, as column headers and CSV files name a unit ("Budget 2021 (1.000 kr.)").
#: A column's own ``unit_da`` overrides its unit's word where the field says more ("helårspersoner").
UNIT_DA: dict[str, str] = {
    "dkk": "kr.", "dkk_1000": "1.000 kr.", "dkk_mio": "mio. kr.", "persons": "personer", "pct": "%",
    "pct_point": "procentpoint", "rank": "placering", "jobs": "job", "jobs_per_year": "job om året",
    "index": "indeks", "text": "tekst",
}
#: Decimals a figure in each unit is shown with, where the column does not say otherwise.
UNIT_DECIMALS: dict[str, int] = {"dkk_mio": 1, "pct": 1, "pct_point": 1}


# --- bounds ---------------------------------------------------------------------------------------
# Every number the notebooks compute with has a lower and an upper bound. A value outside is a
# finding when the data are read (file, line, column, the range), never an overflow or a loop
# that runs out of memory later. The bounds are generous: they catch a figure in the wrong unit
# or a typing error, not an unusual year.

#: Kroner: a trillion (10^12) kr. is about the yearly spending of Denmark's whole public sector;
#: no figure about one municipality comes near it. It also keeps every sum exact in int64 and float.
AMOUNT_DKK_MAX = 1e12
#: Persons (and jobs): more than everyone living in Denmark (about 6 million).
PERSONS_MAX = POPULATION_MAX  # the settings' largest population: the same reason
#: A rank among Denmark's 98 municipalities (or among at most a thousand units of any kind).
RANK_MAX = 1_000
#: An index with the average at 100: ten times the average is not a benchmark result.
INDEX_MAX = 1_000
#: A percentage: a count cannot fall by more than 100 %; a rise to eleven times is the most
#: any of the sources' percentages could be (shares lie between 0 and 100).
PCT_MIN, PCT_MAX = -100, 1_000
#: A difference between two percentages (percentage points).
PCT_POINT_MAX = 100
#: Rows of one source table in their printed order: no printed table has ten thousand rows.
SORT_ORDER_MAX = 10_000
# The years a book can cover are YEAR_MIN to YEAR_MAX (jobbook.settings); [years] narrows them.


@dataclass(frozen=True)
class Bound:
    """The range a number must lie in, and why (the reason is shown in the data dictionary's source)."""

    minimum: float
    maximum: float
    reason: str
    above_minimum: bool = False  # the minimum itself is refused (the figure is divided by)
    unit: str | None = None  # the unit the figure must be stated in (FIGURE_BOUNDS)
    is_year: bool = False  # written without thousands separators

    def holds(self, value: float) -> bool:
        """Whether ``value`` lies in the range (NaN and infinities never do)."""
        low_ok = value > self.minimum if self.above_minimum else value >= self.minimum
        return bool(low_ok and value <= self.maximum)

    def describe(self, whole: bool = False) -> str:
        """The range in words, as findings state it: ``a number from 0 to 10,000,000``."""
        if self.is_year:
            return f"a year from {self.minimum:.0f} to {self.maximum:.0f}"
        kind = "a whole number" if whole else "a number"
        low, high = _plain(self.minimum), _plain(self.maximum)
        if self.above_minimum:
            return f"{kind} above {low} and at most {high}"
        return f"{kind} from {low} to {high}"


def _plain(value: float) -> str:
    """A bound as findings write it: 1,000,000,000,000 rather than 1e+12."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _amount(name: str, unit_factor_dkk: float) -> Bound:
    """The bound of an amount in a unit worth ``unit_factor_dkk`` kroner (see AMOUNT_DKK_MAX)."""
    limit = AMOUNT_DKK_MAX / unit_factor_dkk
    return Bound(-limit, limit, f"an amount in {name}: at most a trillion kroner either way")


#: The bound of a figure in each unit, for the columns whose unit is given on the row (unit_code,
#: or an indicator's unit in indicator_definitions.csv). Counts may be changes, so negative.
UNIT_BOUNDS: dict[str, Bound] = {
    "dkk": _amount("kr.", 1), "dkk_1000": _amount("1,000 kr.", 1e3), "dkk_mio": _amount("mio. kr.", 1e6),
    "persons": Bound(-PERSONS_MAX, PERSONS_MAX, "a count (or change) of persons"),
    "jobs": Bound(-PERSONS_MAX, PERSONS_MAX, "a count (or change) of jobs"),
    "jobs_per_year": Bound(-PERSONS_MAX, PERSONS_MAX, "a count (or change) of jobs"),
    "pct": Bound(PCT_MIN, PCT_MAX, "a percentage or percentage change"),
    "pct_point": Bound(-PCT_POINT_MAX, PCT_POINT_MAX, "a difference of two percentages"),
    "rank": Bound(1, RANK_MAX, "a rank"),
    "index": Bound(0, INDEX_MAX, "an index with the average at 100"),
}

#: The reform figures the reform chapter computes with (jobbook.analysis.reform): each in one unit
#: and in a range where the chapter's arithmetic means something. The rise in structural
#: unemployment above all: the chapter divides by it and lists every 0.1 point from 0 up to it in
#: the what-if table, so 500 points published a 953 KB page and 1e8 ran out of memory.
FIGURE_BOUNDS: dict[str, Bound] = {
    # 5 points would more than double Denmark's structural unemployment (about 3 %): far beyond
    # any estimate of one reform's effect. Above 0: the cost per point divides by it.
    "strukturel_ledighed_stigning": Bound(0, 5, "the rise in structural unemployment: the reform chapter "
                                          "divides by it and lists every 0.1 point up to it",
                                          above_minimum=True, unit="pct_point"),
    # National amounts: at most 1,000 bn. kr. (about the whole public sector's yearly spending).
    "strukturel_ledighed_omkostning": Bound(0, 1e6, "a national cost in mio. kr.; above 0 (it prices a point "
                                            "of unemployment)", above_minimum=True, unit="dkk_mio"),
    "reduktion_i_alt": Bound(0, 1e6, "a national reduction in mio. kr.; above 0 (the chapter compares the cost "
                             "with it as a ratio)", above_minimum=True, unit="dkk_mio"),
    "reduktion_kommuner": Bound(0, 1e6, "the municipalities' reduction in mio. kr.; above 0 (the municipality's "
                                "share divides by it)", above_minimum=True, unit="dkk_mio"),
    # One municipality's amounts: at most 100 bn. kr., more than the largest municipality's whole budget.
    "reduktion_brutto": Bound(0, 1e5, "one municipality's reduction in mio. kr.; above 0 (it gives the share the "
                              "break-even rise divides by)", above_minimum=True, unit="dkk_mio"),
    "reduktion_specificeret": Bound(0, 1e5, "one municipality's reduction in mio. kr.", unit="dkk_mio"),
    "reduktion_uspecificeret": Bound(0, 1e5, "one municipality's reduction in mio. kr.", unit="dkk_mio"),
    "beskaeftigelse_budget": Bound(0, 1e5, "one municipality's employment budget in mio. kr.; above 0 (the "
                                   "chapter divides by it)", above_minimum=True, unit="dkk_mio"),
    # Shares of a whole: 0 to 100 %. The benefit share is divided by, so above 0.
    "forsoergelse_andel_af_beskaeftigelse": Bound(0, 100, "a share of the employment budget; above 0 (the "
                                                  "chapter divides by it)", above_minimum=True, unit="pct"),
    "beskaeftigelse_andel_af_oekonomi": Bound(0, 100, "a share of the municipality's economy", unit="pct"),
}

#: The reform chapter's own parameters (an analyst's assumptions in place of the sources'; see
#: jobbook.analysis.reform.SCENARIO_PARAMETERS), bounded for the same reasons as the figures.
PARAMETER_BOUNDS: dict[str, Bound] = {
    "scenario_rise_pct_point": Bound(0, 5, "the rise the chapter evaluates: the what-if table lists every 0.1 "
                                     "point up to it", unit="pct_point"),
    "structural_cost_national_mio": FIGURE_BOUNDS["strukturel_ledighed_omkostning"],
    "local_share_pct": Bound(0, 100, "the municipality's share of the national cost; above 0 (the break-even "
                             "rise divides by it)", above_minimum=True, unit="pct"),
    "benefit_volume_change_pct": Bound(-100, 100, "a change in the volume of benefits", unit="pct"),
}


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
    minimum: float | None = None  # every number has both bounds (checked below); years: YEAR_MIN, YEAR_MAX
    maximum: float | None = None
    is_year: bool = False
    #: The value comes from each year's document: a new year's row (``jobbook new-year``) starts
    #: without it, while the columns that name the row (account, group, area) are carried over.
    renewed_each_year: bool = False
    required: bool = True
    references: str | None = None  # "table.column" whose values this column must use
    #: What readers see: the column's Danish header in tables and CSV files (None: not shown to readers
    #: unless a figure names it), the unit's Danish word where it says more than UNIT_DA, and decimals.
    header_da: str | None = None
    unit_da: str | None = None
    decimals: int | None = None

    @property
    def unit_word_da(self) -> str | None:
        """The unit as readers read it: ``1.000 kr.``, ``personer`` (None for a column without a unit)."""
        return self.unit_da or (UNIT_DA[self.unit] if self.unit else None)

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.kind]

    @property
    def bound(self) -> Bound | None:
        """The range of a numeric column (a year's: the widest the settings allow), None for text."""
        if self.is_year:
            return Bound(YEAR_MIN, YEAR_MAX, "a year (jobbook.settings allows no wider [years])", is_year=True)
        if self.minimum is None or self.maximum is None:
            return None
        return Bound(self.minimum, self.maximum, self.description_da)


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
    Field("date_kind_code", "text", "Hvad datoen i published er: mødedato (meeting), den dato dokumentet er "
                                    "dateret med (dated), skønnet tidspunkt for, hvornår det er skrevet (written), "
                                    "eller udgivelsesdato (published). Kilderne siden viser den med sit rette navn.",
          allowed=("meeting", "dated", "written", "published")),
    Field("file_name", "text", "Filnavn for den tekstudtrækning, tallene er hentet fra (i kildemappen).",
          pattern=r"^[^/\\]+$", pattern_help="a file name without a folder"),
    Field("sha256", "text", "SHA-256-kontrolsum for filen, så det kan ses, om kilden er ændret.",
          pattern=r"^[0-9a-f]{64}$", pattern_help="64 lower-case hexadecimal digits"),
    Field("description_da", "text", "Kort beskrivelse med bogens egne ord af rækkens emne (dokumentet, "
                                    "indikatoren eller tallet)."),
    # --- the chart of accounts and budgets ---------------------------------------------------------
    Field("konto_code", "konto", "Funktion i den kommunale kontoplan i kanonisk form, fx 5.57.71.",
          header_da="Konto"),
    Field("konto_level_code", "text", "Niveau i kontoplanen.", allowed=("hovedkonto", "hovedfunktion", "funktion")),
    Field("konto_name", "text", "Kontoens navn (som trykt i kilden, hvor den findes).", header_da="Navn"),
    Field("parent_konto_code", "konto", "Kontonummeret et niveau højere oppe."),
    Field("expense_type_code", "text", "Bogens opdeling af funktionerne: forsorgelse (ydelser til borgerne), "
                                       "drift (indsats og aktivering) eller administration. Kun for funktioner.",
          allowed=("forsorgelse", "drift", "administration")),
    Field("konto_name_printed", "text", "Kontoens navn, som det står i kilden."),
    # --- the national chart of accounts (reference data shipped with the package) ------------------
    Field("valid_from_year", "int", "Det første budgetår, navnet eller funktionen gælder for (tom: ikke kendt eller "
                                    "fra før bogens år).", minimum=1970, maximum=2100),
    Field("valid_to_year", "int", "Det sidste budgetår, navnet eller funktionen gælder for (tom: gælder stadig).",
          minimum=1970, maximum=2100),
    Field("source_url", "text", "Adressen på den offentlige side, hvor navnet står.",
          pattern=r"^https?://\S+$", pattern_help="an address starting with https:// (or http://)"),
    # Whole numbers: "7.332" in a Danish file is then an error, never 7.332 thousand by mistake.
    Field("amount_dkk_1000", "int", "Beløb i hele 1.000 kr. (netto; negative beløb er indtægter): som trykt, når "
                                    "kilden trykker i 1.000 kr.; omregnet (og afrundet), når den trykker i kr. eller "
                                    "mio. kr.", unit="dkk_1000", renewed_each_year=True, header_da="Budget",
          minimum=-AMOUNT_DKK_MAX / 1e3, maximum=AMOUNT_DKK_MAX / 1e3),
    Field("total_name_printed", "text", "Totallinjens tekst i kilden."),
    # --- benefit recipients ------------------------------------------------------------------------
    _code("group_code", "Id for en gruppe af ydelsesmodtagere."),
    Field("group_name_printed", "text", "Gruppens navn, som det står i kilden."),
    Field("short_name_da", "text", "Kort navn til figurer og tabeller.", header_da="Gruppe"),
    _code("parent_group_code", "Overgruppen, hvis gruppen er en del af en subtotal."),
    Field("sort_order", "int", "Rækkefølge som i kilden.", minimum=1, maximum=SORT_ORDER_MAX),
    Field("persons", "int", "Antal personer (modtagere), som kilden trykker det.", unit="persons", minimum=0,
          header_da="Antal",
          maximum=PERSONS_MAX, renewed_each_year=True),
    # --- net budgets per area ----------------------------------------------------------------------
    _code("area_code", "Id for et budgetområde."),
    _code("parent_area_code", "Det område, et delbeløb hører under."),
    Field("area_name_printed", "text", "Områdets navn, som det står i kilden.", header_da="Område"),
    Field("committee_name", "text", "Det udvalg, området hører under, hvis kilden siger det.",
          header_da="Udvalg"),
    Field("is_employment_area", "bool", "Om området hører til beskæftigelsesområdet."),
    Field("amount_dkk", "int", "Nettobudget i kr.", unit="dkk", renewed_each_year=True, header_da="Nettobudget",
          minimum=-AMOUNT_DKK_MAX, maximum=AMOUNT_DKK_MAX),
    Field("scope_da", "text", "Hvad området dækker ifølge kilden (omskrevet); det kan skifte fra år til år.",
          renewed_each_year=True),
    # --- checks --------------------------------------------------------------------------------------
    Field("check_code", "text", "Hvilken kontrol forskellen hører til (plausibility: et tal, der er mindst 20 gange "
                                "året før eller højst en tyvendedel af det).",
          allowed=("budget_total", "recipient_subtotal", "net_budget_parts", "reform_sum", "plausibility")),
    Field("subject_key", "text", "Hvad der kontrolleres, fx område/år (koder adskilt af /).",
          pattern=r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9_.-]+)*$", pattern_help="codes separated by '/', such as area/2022"),
    Field("difference", "float", "Summen af delene minus den oplyste total, eller for et spring: årets tal minus året "
                                 "før, i rækkens enhed (unit_code).",
          # the widest any unit allows; jobbook.data.bounds checks the row's own unit (UNIT_BOUNDS)
          minimum=-2 * AMOUNT_DKK_MAX, maximum=2 * AMOUNT_DKK_MAX),
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
    Field("value", "float", "Værdien i rækkens enhed; tom, når kilden kun beskriver i ord.",
          # the widest any unit allows; jobbook.data.bounds checks the row's own unit and figure
          minimum=-AMOUNT_DKK_MAX, maximum=AMOUNT_DKK_MAX),
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
          unit="index", minimum=0, maximum=INDEX_MAX),
    Field("average_index_value", "float", "Gennemsnittets indeks.", unit="index", minimum=0, maximum=INDEX_MAX),
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
_UNBOUNDED = [f.name for f in _FIELDS if f.kind in ("int", "float") and f.bound is None]
assert not _UNBOUNDED, f"numeric columns without a minimum and a maximum: {_UNBOUNDED}"
assert set(UNIT_DA) == set(UNIT_CODES), "a unit code without its Danish word (or a word without its code)"
assert all(f.unit in UNIT_CODES for f in _FIELDS if f.unit), "a column whose unit is not in UNIT_CODES"
