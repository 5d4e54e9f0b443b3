"""The tables of the data directory: one :class:`TableSpec` per CSV file.

A table lists its columns by name (each defined once in :mod:`jobbook.data.fields`), its key,
the columns that refer to another table, the columns that may be empty, and where a table
allows only some of a column's values, which. Every row carries ``source_id`` and
``source_location``: the document and the place in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from jobbook.data.fields import FIELDS, Field

PROVENANCE = ("source_id", "source_location")
SOURCE_REFERENCE = {"source_id": "sources.source_id"}


@dataclass(frozen=True)
class TableSpec:
    """One CSV file in the data directory."""

    name: str
    title_da: str
    description_da: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    references: dict[str, str] = field(default_factory=dict)  # column -> "table.column" its values come from
    optional: tuple[str, ...] = ()  # columns that may be empty
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # columns allowing fewer values here
    per_year: bool = False  # rows carry a budget_year that makes a chapter of the book

    def __post_init__(self) -> None:
        named = set(self.columns) | set(self.key) | set(self.references) | set(self.optional) | set(self.allowed)
        unknown = sorted(named - set(FIELDS))
        assert not unknown, f"{self.name}: columns not defined in fields.py: {unknown}"
        assert set(self.key) <= set(self.columns), f"{self.name}: key columns missing"

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """The table's columns with this table's rules (required, references, allowed values)."""
        resolved = []
        for name in self.columns:
            base = FIELDS[name]
            narrowed = self.allowed.get(name, base.allowed)
            assert set(narrowed) <= set(base.allowed), f"{self.name}.{name} allows values the column does not"
            resolved.append(replace(base, required=name not in self.optional, references=self.references.get(name),
                                    allowed=narrowed))
        return tuple(resolved)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def figure_column(self) -> str | None:
        """The column holding the table's figure (the one numeric column with a unit), if it has one."""
        figures = [f.name for f in self.fields if f.unit is not None and f.renewed_each_year]
        return figures[0] if len(figures) == 1 else None


SOURCES = TableSpec(
    "sources", "Kilder",
    "De dokumenter, bogens tal og tekster stammer fra, med kontrolsum for de indlæste filer.",
    ("source_id", "title", "publisher", "published", "date_kind_code", "budget_year", "file_name", "sha256",
     "description_da"),
    key=("source_id",),
    optional=("published", "date_kind_code", "budget_year", "file_name", "sha256"),
)

CHART_OF_ACCOUNTS = TableSpec(
    "chart_of_accounts", "Kontoplan",
    "Kontonumre med navn og placering i kontoplanens hierarki (hovedkonto, hovedfunktion, funktion).",
    ("konto_code", "konto_level_code", "konto_name", "parent_konto_code", "expense_type_code", *PROVENANCE),
    key=("konto_code",),
    references={"parent_konto_code": "chart_of_accounts.konto_code", **SOURCE_REFERENCE},
    optional=("konto_name", "parent_konto_code", "expense_type_code"),
)

BUDGET_BY_ACCOUNT = TableSpec(
    "budget_by_account", "Budget pr. konto",
    "Nettobeløb pr. funktion i kontoplanen, pr. år og grundlag, i hele 1.000 kr. som trykt."
    " Trykker flere dokumenter samme tal, har hvert dokument sin række; bogen viser tallet fra det senest udgivne.",
    ("budget_year", "basis_code", "konto_code", "konto_name_printed", "amount_dkk_1000", *PROVENANCE),
    key=("budget_year", "basis_code", "konto_code", "source_id"),  # a row per document that prints the figure
    references={"konto_code": "chart_of_accounts.konto_code", **SOURCE_REFERENCE},
    per_year=True,
)

BUDGET_TOTALS_STATED = TableSpec(
    "budget_totals_stated", "Oplyste totaler for budget pr. konto",
    "Totalen (\"I alt\"), som kilden oplyser den, for alle konti med samme år, grundlag og kilde. "
    "Holdes adskilt fra kontorækkerne, så forskelle fra summen af rækkerne kan vises.",
    ("budget_year", "basis_code", "total_name_printed", "amount_dkk_1000", *PROVENANCE),
    key=("budget_year", "basis_code", "source_id"),
    references=SOURCE_REFERENCE,
    per_year=True,
)

PRICE_QUANTITY_ACCOUNTS = TableSpec(
    "price_quantity_accounts", "Konti budgetteret som pris gange mængde",
    "Funktioner, hvis budget er lagt ud fra KL's skøn som antal modtagere gange en gennemsnitspris.",
    ("budget_year", "konto_code", *PROVENANCE),
    key=("budget_year", "konto_code"),
    references={"konto_code": "chart_of_accounts.konto_code", **SOURCE_REFERENCE},
    per_year=True,
)

RECIPIENT_GROUPS = TableSpec(
    "recipient_groups", "Grupper af ydelsesmodtagere",
    "Grupperne i kildens tabel over ydelsesmodtagere med deres hierarki. Kun grupper uden "
    "undergrupper har tal; en overgruppes tal er summen af dens undergrupper.",
    ("group_code", "group_name_printed", "short_name_da", "parent_group_code", "sort_order", *PROVENANCE),
    key=("group_code",),
    references={"parent_group_code": "recipient_groups.group_code", **SOURCE_REFERENCE},
    optional=("parent_group_code",),
)

RECIPIENT_GROUP_ACCOUNTS = TableSpec(
    "recipient_group_accounts", "Ydelsesgrupper og konti",
    "Hvilken funktion i kontoplanen hver gruppe af ydelsesmodtagere hører til. En gruppe kan "
    "høre til flere funktioner, og flere grupper kan dele én funktion.",
    ("group_code", "konto_code", *PROVENANCE),
    key=("group_code", "konto_code"),
    references={"group_code": "recipient_groups.group_code", "konto_code": "chart_of_accounts.konto_code",
                **SOURCE_REFERENCE},
)

RECIPIENTS = TableSpec(
    "recipients", "Ydelsesmodtagere",
    "Antal modtagere pr. gruppe, år og grundlag (som kilden trykker dem; bogen læser dem som helårspersoner). "
    "Kun grupper uden undergrupper."
    " Trykker flere dokumenter samme tal, har hvert dokument sin række; bogen viser tallet fra det senest udgivne.",
    ("group_code", "budget_year", "basis_code", "persons", *PROVENANCE),
    key=("group_code", "budget_year", "basis_code", "source_id"),  # a row per document that prints the figure
    references={"group_code": "recipient_groups.group_code", **SOURCE_REFERENCE},
    per_year=True,
)

RECIPIENT_SUBTOTALS_STATED = TableSpec(
    "recipient_subtotals_stated", "Oplyste subtotaler for ydelsesmodtagere",
    "Subtotaler, som kilden trykker dem. Bruges kun til at kontrollere summen af det samme dokuments "
    "undergrupper.",
    ("group_code", "budget_year", "basis_code", "persons", *PROVENANCE),
    key=("group_code", "budget_year", "basis_code", "source_id"),  # a row per document that prints the figure
    references={"group_code": "recipient_groups.group_code", **SOURCE_REFERENCE},
    per_year=True,
)

NET_BUDGETS = TableSpec(
    "net_budgets", "Nettobudgetter pr. område",
    "Samlet nettobudget pr. område og år med områdets navn og afgrænsning, som dokumenterne "
    "giver dem. Delbeløb (fx stab og fælles) er rækker med en overordnet række.",
    ("area_code", "parent_area_code", "budget_year", "area_name_printed", "committee_name", "is_employment_area",
     "amount_dkk", "scope_da", *PROVENANCE),
    key=("area_code", "budget_year"),
    references={"parent_area_code": "net_budgets.area_code", **SOURCE_REFERENCE},
    optional=("parent_area_code", "committee_name"),
    per_year=True,
)

KNOWN_DISCREPANCIES = TableSpec(
    "known_discrepancies", "Kendte uoverensstemmelser i kilderne",
    "Forskelle mellem en oplyst total og summen af dens dele, som er større end afrunding, men "
    "som er undersøgt og forklaret. Kun præcis den anførte forskel godtages.",
    ("check_code", "subject_key", "difference", "unit_code", "explanation_da", *PROVENANCE),
    key=("check_code", "subject_key"),
    references=SOURCE_REFERENCE,
    allowed={"unit_code": ("dkk", "dkk_1000", "dkk_mio", "persons")},
)

GEOGRAPHIES = TableSpec(
    "geographies", "Geografier og enheder",
    "Land, regioner, kommuner og enheder, som indikatorerne gælder for. Kommuner og regioner "
    "har Danmarks Statistiks koder.",
    ("geography_code", "geography_name", "geography_type_code", "parent_geography_code"),
    key=("geography_code",),
    references={"parent_geography_code": "geographies.geography_code"},
    optional=("parent_geography_code",),
)

INDICATOR_DEFINITIONS = TableSpec(
    "indicator_definitions", "Indikatorer",
    "Definition og enhed for hver socioøkonomisk indikator.",
    ("indicator_code", "indicator_name_da", "unit_code", "description_da"),
    key=("indicator_code",),
    allowed={"unit_code": ("pct", "persons", "rank", "jobs", "jobs_per_year", "text")},
)

INDICATORS = TableSpec(
    "indicators", "Socioøkonomiske indikatorer",
    "Værdier af indikatorerne pr. geografi og periode, faktiske tal og prognoser.",
    ("indicator_code", "geography_code", "period_start", "period_end", "period_printed", "basis_code", "value",
     "qualifier_code", "printed_text", "underlying_source_da", "note_da", *PROVENANCE),
    key=("indicator_code", "geography_code", "period_start", "period_end", "basis_code"),
    references={"indicator_code": "indicator_definitions.indicator_code",
                "geography_code": "geographies.geography_code", **SOURCE_REFERENCE},
    optional=("value", "period_printed", "underlying_source_da", "note_da"),
    allowed={"basis_code": ("actual", "forecast")},
)

BDO_BENCHMARK = TableSpec(
    "bdo_benchmark", "BDO's ressourcebenchmark",
    "Jobcentrets omkostninger pr. borger som indeks (gennemsnit = 100) efter rensning for "
    "forskelle i kontering og organisering, samlet og pr. målgruppe, så langt kilderne rækker. "
    "Indeks pr. målgruppe kan tilføjes, når de kendes.",
    ("target_group_code", "target_group_name_da", "index_value", "average_index_value", "position_code",
     "statement_da", *PROVENANCE),
    key=("target_group_code",),
    references=SOURCE_REFERENCE,
    optional=("index_value",),
)

REFORM_FIGURES = TableSpec(
    "reform_figures", "Beskæftigelsesreformen: nøgletal",
    "Reformens budgetreduktioner og de tal, kilderne sætter dem i forhold til. Beløb i mio. kr.",
    ("figure_code", "geography_code", "value", "unit_code", "qualifier_code", "printed_text", "description_da",
     *PROVENANCE),
    key=("figure_code", "geography_code"),
    references={"geography_code": "geographies.geography_code", **SOURCE_REFERENCE},
    allowed={"unit_code": ("dkk_mio", "pct", "pct_point"), "qualifier_code": ("exact", "approx", "at_least")},
)

REFORM_PRIORITIES = TableSpec(
    "reform_priorities", "Beskæftigelsesreformen: investeringsprioriteter",
    "De områder, administrationen peger på at investere i.",
    ("priority_code", "priority_da", "reason_da", *PROVENANCE),
    key=("priority_code",),
    references=SOURCE_REFERENCE,
)

LAWS = TableSpec(
    "laws", "Love",
    "De love, jobcentrets opgaver udspringer af ifølge Budgetnotat nr. 19.",
    ("law_code", "law_name_da", "law_scope_code", *PROVENANCE),
    key=("law_code",),
    references=SOURCE_REFERENCE,
)

JOBCENTER_TASKS = TableSpec(
    "jobcenter_tasks", "Jobcentrets opgaver",
    "Jobcentrets opgaver delt i: pålagt af staten, kommunens valg inden for loven og eget initiativ.",
    ("task_code", "task_da", "classification_code", "law_code", "task_group_da", *PROVENANCE),
    key=("task_code",),
    references={"law_code": "laws.law_code", **SOURCE_REFERENCE},
    optional=("law_code",),
)

STATEMENTS = TableSpec(
    "statements", "Hvad dokumenterne siger",
    "Omskrevne udsagn fra dokumenterne om det budgetår, de hører til.",
    ("statement_code", "budget_year", "topic_code", "statement_da", *PROVENANCE),
    key=("statement_code",),
    references=SOURCE_REFERENCE,
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

#: Reference data the package ships for every municipality (src/jobbook/data/reference/), not a table of a
#: data directory: the functions of the national chart of accounts the employment area's tables print, each
#: name with the page that states it and, where a name or function changed, the budget years it was valid.
NATIONAL_CHART_OF_ACCOUNTS = TableSpec(
    "national_chart_of_accounts", "Den autoriserede kontoplan (beskæftigelsesområdet)",
    "Funktioner i den fælles kommunale kontoplan med deres autoriserede navne, som Styrelsen for Arbejdsmarked og "
    "Rekrutterings budget- og konteringsvejledning gengiver dem, og de år et navn gjaldt, hvor det har skiftet.",
    ("konto_code", "konto_name", "expense_type_code", "valid_from_year", "valid_to_year", "source_url",
     "source_location", "note_da"),
    key=("konto_code", "konto_name"),
    optional=("valid_from_year", "valid_to_year", "note_da"),
)
#: The national list of geographies (the country, the 5 regions, the 98 municipalities), in the columns of
#: geographies.csv, which `jobbook init` copies into a new data directory.
NATIONAL_GEOGRAPHIES = replace(GEOGRAPHIES, name="national_geographies")
