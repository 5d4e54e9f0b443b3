"""The tables of the data directory: one :class:`TableSpec` per CSV file.

Naming convention (also in ``data/README.md``): ``_code`` for short codes from a fixed list or
another table, ``_name`` for labels, ``is_`` for booleans, units in the names of numeric
columns (``amount_dkk_1000``, ``persons``), ``_da`` for Danish text shown in the book, and on
every row ``source_id`` plus ``source_location`` (where in the document the figure stands).
"""

from __future__ import annotations

from jobbook.data.schema import CODE_HELP, CODE_PATTERN, Field, TableSpec

BASIS_CODES = ("budget", "actual")
SOURCE_ID = Field("source_id", "text", "Id på kildedokumentet (se tabellen sources).",
                  references="sources.source_id")
SOURCE_LOCATION = Field("source_location", "text",
                        "Hvor i dokumentet tallet eller teksten står (afsnit, tabel, kolonne).")
BUDGET_YEAR = Field("budget_year", "int", "Det år, tallet gælder for (budgetår eller regnskabsår).",
                    is_year=True)
BASIS = Field("basis_code", "text", "Grundlag: budget (budgetteret) eller actual (faktisk/regnskab).",
              allowed=BASIS_CODES)
KONTO = Field("konto_code", "konto", "Funktion i den kommunale kontoplan, fx 5.57.71.",
              references="chart_of_accounts.konto_code")


def code_field(name: str, description_da: str, **kwargs) -> Field:
    """A text column holding a short identifier."""
    return Field(name, "text", description_da, pattern=CODE_PATTERN, pattern_help=CODE_HELP, **kwargs)


SOURCES = TableSpec(
    "sources", "Kilder",
    "De dokumenter, bogens tal og tekster stammer fra, med kontrolsum for de indlæste filer.",
    (
        code_field("source_id", "Kildens id, som datarækkerne henviser til."),
        Field("title", "text", "Dokumentets titel."),
        Field("publisher", "text", "Udgiver."),
        Field("published", "period", "Hvornår dokumentet er skrevet eller udgivet (så præcist som kendt).",
              required=False),
        Field("budget_year", "int", "Det budgetår, dokumentet hører til.", required=False, is_year=True),
        Field("file_name", "text", "Filnavn for den tekstudtrækning, tallene er hentet fra.", required=False),
        Field("sha256", "text", "SHA-256-kontrolsum for filen, så det kan ses, om kilden er ændret.",
              required=False, pattern=r"^[0-9a-f]{64}$", pattern_help="64 lower-case hexadecimal digits"),
        Field("description_da", "text", "Kort beskrivelse af dokumentet."),
    ),
    key=("source_id",),
)

CHART_OF_ACCOUNTS = TableSpec(
    "chart_of_accounts", "Kontoplan",
    "Kontonumre med navn og placering i kontoplanens hierarki (hovedkonto, hovedfunktion, funktion).",
    (
        Field("konto_code", "konto", "Kontonummer i kanonisk form (5.57.71)."),
        Field("konto_level_code", "text", "Niveau i kontoplanen.",
              allowed=("hovedkonto", "hovedfunktion", "funktion")),
        Field("konto_name", "text", "Kontoens navn (som trykt i kilden, hvor den findes).", required=False),
        Field("parent_konto_code", "konto", "Kontonummeret et niveau højere oppe.", required=False,
              references="chart_of_accounts.konto_code"),
        Field("expense_type_code", "text",
              "Bogens opdeling af funktionerne: forsorgelse (ydelser til borgerne), drift (indsats og "
              "aktivering) eller administration. Kun for funktioner.",
              required=False, allowed=("forsorgelse", "drift", "administration")),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("konto_code",),
)

BUDGET_BY_ACCOUNT = TableSpec(
    "budget_by_account", "Budget pr. konto",
    "Nettobeløb pr. funktion i kontoplanen, pr. år og grundlag, i hele 1.000 kr. som trykt.",
    (
        BUDGET_YEAR, BASIS, KONTO,
        Field("konto_name_printed", "text", "Kontoens navn, som det står i kilden."),
        Field("amount_dkk_1000", "int", "Beløb i 1.000 kr. (netto; negative beløb er indtægter)."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("budget_year", "basis_code", "konto_code"),
    per_year=True,
)

BUDGET_TOTALS_STATED = TableSpec(
    "budget_totals_stated", "Oplyste totaler for budget pr. konto",
    "Totalen (\"I alt\"), som kilden oplyser den, for alle konti med samme år, grundlag og kilde. "
    "Holdes adskilt fra kontorækkerne, så forskelle fra summen af rækkerne kan vises.",
    (
        BUDGET_YEAR, BASIS,
        Field("total_name_printed", "text", "Linjens tekst i kilden."),
        Field("amount_dkk_1000", "int", "Oplyst total i 1.000 kr."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("budget_year", "basis_code", "source_id"),
    per_year=True,
)

RECIPIENT_GROUPS = TableSpec(
    "recipient_groups", "Grupper af ydelsesmodtagere",
    "Grupperne i kildens tabel over ydelsesmodtagere med deres hierarki. Kun grupper uden "
    "undergrupper har tal; en overgruppes tal er summen af dens undergrupper.",
    (
        code_field("group_code", "Gruppens id."),
        Field("group_name_printed", "text", "Gruppens navn, som det står i kilden."),
        Field("short_name_da", "text", "Kort navn til figurer og tabeller."),
        code_field("parent_group_code", "Overgruppen, hvis gruppen er en del af en subtotal.",
                   required=False, references="recipient_groups.group_code"),
        Field("sort_order", "int", "Rækkefølge som i kilden.", minimum=1),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("group_code",),
)

RECIPIENT_GROUP_ACCOUNTS = TableSpec(
    "recipient_group_accounts", "Ydelsesgrupper og konti",
    "Hvilken funktion i kontoplanen hver gruppe af ydelsesmodtagere hører til. En gruppe kan "
    "høre til flere funktioner, og flere grupper kan dele én funktion.",
    (
        code_field("group_code", "Gruppens id.", references="recipient_groups.group_code"),
        KONTO, SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("group_code", "konto_code"),
)

RECIPIENTS = TableSpec(
    "recipients", "Ydelsesmodtagere",
    "Antal helårspersoner pr. gruppe, år og grundlag. Kun grupper uden undergrupper.",
    (
        code_field("group_code", "Gruppens id.", references="recipient_groups.group_code"),
        BUDGET_YEAR, BASIS,
        Field("persons", "int", "Antal helårspersoner.", minimum=0),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("group_code", "budget_year", "basis_code"),
    per_year=True,
)

RECIPIENT_SUBTOTALS_STATED = TableSpec(
    "recipient_subtotals_stated", "Oplyste subtotaler for ydelsesmodtagere",
    "Subtotaler, som kilden trykker dem. Bruges kun til at kontrollere summen af undergrupperne.",
    (
        code_field("group_code", "Overgruppens id.", references="recipient_groups.group_code"),
        BUDGET_YEAR, BASIS,
        Field("persons", "int", "Oplyst antal helårspersoner.", minimum=0),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("group_code", "budget_year", "basis_code"),
    per_year=True,
)

NET_BUDGETS = TableSpec(
    "net_budgets", "Nettobudgetter pr. område",
    "Samlet nettobudget pr. område og år med områdets navn og afgrænsning, som dokumenterne "
    "giver dem. Delbeløb (fx stab og fælles) er rækker med en overordnet række.",
    (
        code_field("area_code", "Områdets id."),
        code_field("parent_area_code", "Det område, et delbeløb hører under.", required=False,
                   references="net_budgets.area_code"),
        BUDGET_YEAR,
        Field("area_name_printed", "text", "Områdets navn, som det står i kilden."),
        Field("committee_name", "text", "Det udvalg, området hører under, hvis kilden siger det.",
              required=False),
        Field("is_employment_area", "bool", "Om området hører til beskæftigelsesområdet."),
        Field("amount_dkk", "int", "Nettobudget i kr."),
        Field("scope_da", "text", "Hvad området dækker ifølge kilden (omskrevet)."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("area_code", "budget_year"),
    per_year=True,
)

KNOWN_DISCREPANCIES = TableSpec(
    "known_discrepancies", "Kendte uoverensstemmelser i kilderne",
    "Forskelle mellem en oplyst total og summen af dens dele, som er større end afrunding, men "
    "som er undersøgt og forklaret. Kun præcis den anførte forskel godtages.",
    (
        Field("check_code", "text", "Hvilken kontrol forskellen hører til.",
              allowed=("budget_total", "recipient_subtotal", "net_budget_parts", "reform_sum")),
        Field("subject_key", "text", "Hvad der kontrolleres, fx område/år."),
        Field("difference", "float", "Summen af delene minus den oplyste total."),
        Field("unit_code", "text", "Forskellens enhed.", allowed=("dkk", "dkk_1000", "dkk_mio", "persons")),
        Field("explanation_da", "text", "Forklaring til læseren."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("check_code", "subject_key"),
)

GEOGRAPHIES = TableSpec(
    "geographies", "Geografier og enheder",
    "Land, regioner, kommuner og enheder, som indikatorerne gælder for. Kommuner og regioner "
    "har Danmarks Statistiks koder.",
    (
        Field("geography_code", "text", "Kode: DK, regions- eller kommunekode, evt. med en enhed.",
              pattern=r"^(DK|\d{3,4}(-[a-z]+)?)$", pattern_help="DK, a 3-4 digit code, optionally -unit"),
        Field("geography_name", "text", "Navn."),
        Field("geography_type_code", "text", "Type.", allowed=("country", "region", "municipality", "organisation")),
        Field("parent_geography_code", "text", "Den geografi, enheden ligger i.", required=False,
              references="geographies.geography_code"),
    ),
    key=("geography_code",),
)

INDICATOR_DEFINITIONS = TableSpec(
    "indicator_definitions", "Indikatorer",
    "Definition og enhed for hver socioøkonomisk indikator.",
    (
        code_field("indicator_code", "Indikatorens id."),
        Field("indicator_name_da", "text", "Navn til læseren."),
        Field("unit_code", "text", "Enhed for værdien.",
              allowed=("pct", "persons", "rank", "jobs", "jobs_per_year", "text")),
        Field("description_da", "text", "Hvad indikatoren måler."),
    ),
    key=("indicator_code",),
)

INDICATORS = TableSpec(
    "indicators", "Socioøkonomiske indikatorer",
    "Værdier af indikatorerne pr. geografi og periode, faktiske tal og prognoser.",
    (
        code_field("indicator_code", "Indikatorens id.", references="indicator_definitions.indicator_code"),
        Field("geography_code", "text", "Geografi eller enhed.", references="geographies.geography_code"),
        Field("period_start", "period", "Periodens start (eller tidspunktet)."),
        Field("period_end", "period", "Periodens slutning (lig start for et tidspunkt)."),
        Field("basis_code", "text", "actual (faktisk) eller forecast (prognose).", allowed=("actual", "forecast")),
        Field("value", "float", "Værdien i indikatorens enhed; tom, når kilden kun beskriver i ord.",
              required=False),
        Field("qualifier_code", "text",
              "exact (som trykt), approx (ca.), at_least (mindst/over) eller text (kun i ord).",
              allowed=("exact", "approx", "at_least", "text")),
        Field("printed_text", "text", "Tallet eller udsagnet, som det står i kilden."),
        Field("underlying_source_da", "text", "Den kilde, dokumentet selv henviser til.", required=False),
        Field("note_da", "text", "Forbehold eller forklaring.", required=False),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("indicator_code", "geography_code", "period_start", "period_end", "basis_code"),
)

BDO_BENCHMARK = TableSpec(
    "bdo_benchmark", "BDO's ressourcebenchmark",
    "Jobcentrets omkostninger pr. borger som indeks (gennemsnit = 100) efter rensning for "
    "forskelle i kontering og organisering, samlet og pr. målgruppe, så langt kilderne rækker. "
    "Indeks pr. målgruppe kan tilføjes, når de kendes.",
    (
        code_field("target_group_code", "Målgruppens id (i_alt for hele jobcentret)."),
        Field("target_group_name_da", "text", "Målgruppens navn."),
        Field("index_value", "float", "Indeks; tomt, når kilden ikke oplyser tallet.", required=False,
              minimum=0),
        Field("average_index_value", "float", "Gennemsnittets indeks.", minimum=0),
        Field("position_code", "text", "Over eller under gennemsnittet ifølge kilden.",
              allowed=("above", "below", "equal", "unknown")),
        Field("statement_da", "text", "Hvad kilden siger (omskrevet)."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("target_group_code",),
)

REFORM_FIGURES = TableSpec(
    "reform_figures", "Beskæftigelsesreformen: nøgletal",
    "Reformens budgetreduktioner og de tal, kilderne sætter dem i forhold til. Beløb i mio. kr.",
    (
        code_field("figure_code", "Tallets id."),
        Field("geography_code", "text", "DK for landstal, kommunekoden for kommunens tal.",
              references="geographies.geography_code"),
        Field("value", "float", "Værdien i enheden unit_code."),
        Field("unit_code", "text", "Enhed.", allowed=("dkk_mio", "pct", "pct_point")),
        Field("qualifier_code", "text", "exact, approx (ca./omkring) eller at_least (over).",
              allowed=("exact", "approx", "at_least")),
        Field("printed_text", "text", "Tallet, som det står i kilden."),
        Field("description_da", "text", "Hvad tallet er."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("figure_code", "geography_code"),
)

REFORM_PRIORITIES = TableSpec(
    "reform_priorities", "Beskæftigelsesreformen: investeringsprioriteter",
    "De områder, administrationen peger på at investere i.",
    (
        code_field("priority_code", "Prioritetens id."),
        Field("priority_da", "text", "Prioriteten."),
        Field("reason_da", "text", "Begrundelsen ifølge kilden (omskrevet)."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("priority_code",),
)

LAWS = TableSpec(
    "laws", "Love",
    "De love, jobcentrets opgaver udspringer af ifølge Budgetnotat nr. 19.",
    (
        code_field("law_code", "Lovens id."),
        Field("law_name_da", "text", "Lovens navn."),
        Field("law_scope_code", "text", "general (regler for al myndighedsudøvelse) eller employment.",
              allowed=("general", "employment")),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("law_code",),
)

JOBCENTER_TASKS = TableSpec(
    "jobcenter_tasks", "Jobcentrets opgaver",
    "Jobcentrets opgaver delt i: pålagt af staten, kommunens valg inden for loven og eget initiativ.",
    (
        code_field("task_code", "Opgavens id."),
        Field("task_da", "text", "Opgaven (omskrevet)."),
        Field("classification_code", "text",
              "state_mandated (pålagt af staten), municipal_choice (kommunens valg inden for loven) "
              "eller own_initiative (eget initiativ).",
              allowed=("state_mandated", "municipal_choice", "own_initiative")),
        code_field("law_code", "Den lov, opgaven udspringer af; tom når kilden ikke nævner en.",
                   required=False, references="laws.law_code"),
        Field("task_group_da", "text", "Gruppering som i kilden."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("task_code",),
)

STATEMENTS = TableSpec(
    "statements", "Hvad dokumenterne siger",
    "Omskrevne udsagn fra dokumenterne om det budgetår, de hører til.",
    (
        code_field("statement_code", "Udsagnets id."),
        BUDGET_YEAR,
        code_field("topic_code", "Emne."),
        Field("statement_da", "text", "Udsagnet med bogens egne ord."),
        SOURCE_ID, SOURCE_LOCATION,
    ),
    key=("statement_code",),
    per_year=True,
)

PRICE_QUANTITY_ACCOUNTS = TableSpec(
    "price_quantity_accounts", "Konti budgetteret som pris gange mængde",
    "Funktioner, hvis budget er lagt ud fra KL's skøn som antal modtagere gange en gennemsnitspris.",
    (BUDGET_YEAR, KONTO, SOURCE_ID, SOURCE_LOCATION),
    key=("budget_year", "konto_code"),
    per_year=True,
)

#: Every table, in the order they are read and shown in the data dictionary.
TABLES: tuple[TableSpec, ...] = (
    SOURCES, CHART_OF_ACCOUNTS, BUDGET_BY_ACCOUNT, BUDGET_TOTALS_STATED, PRICE_QUANTITY_ACCOUNTS,
    RECIPIENT_GROUPS, RECIPIENT_GROUP_ACCOUNTS, RECIPIENTS, RECIPIENT_SUBTOTALS_STATED,
    NET_BUDGETS, KNOWN_DISCREPANCIES, GEOGRAPHIES, INDICATOR_DEFINITIONS, INDICATORS,
    BDO_BENCHMARK, REFORM_FIGURES, REFORM_PRIORITIES, LAWS, JOBCENTER_TASKS, STATEMENTS,
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
