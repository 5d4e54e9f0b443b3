"""The reform chapter: the 2025 employment reform's reductions, the municipality's share and a
sensitivity analysis.

The sensitivity analysis is the book's own arithmetic on the sources' figures, under one
stated assumption: the municipality's share of the national cost of higher structural
unemployment equals its share of the municipal reduction. Under that assumption the
municipality's own amount cancels out, so the break-even rise is the same for every
municipality; the chapter says so. Readers try other assumptions with the what-if chart's
sliders (drawn in the browser); an analyst can also run the chapter with other inputs through
its parameters (``ChapterContext.params``), and the text then names what was changed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from jobbook.analysis.context import ChapterContext
from jobbook.analysis.indicators import COUNTRY
from jobbook.data.dataset import Dataset
from jobbook.data.fields import FIGURE_BOUNDS, PARAMETER_BOUNDS
from jobbook.data.findings import DataError, Finding
from jobbook.present import fmt
from jobbook.present.charts import chart_stacked_bar
from jobbook.present.columns import number_column, text_column
from jobbook.present.figures import Figure
from jobbook.present.safe import text
from jobbook.present.whatif import RISE_MAX, chart_whatif, describe_whatif
from jobbook.present.whatif_page import WhatIfFigure, glossary_link

# Which geography each figure is read for: the national reform figures are for the whole
# country, the reductions and budget shares for the municipality itself.
NATIONAL_FIGURES = ("reduktion_i_alt", "reduktion_kommuner", "strukturel_ledighed_stigning",
                    "strukturel_ledighed_omkostning")


def geography_of_figure(figure_code: str, geography: str) -> str:
    """The geography a reform figure is read for: the country, or the municipality ``geography``."""
    return COUNTRY if figure_code in NATIONAL_FIGURES else geography


def reform_values(ds: Dataset, geography: str) -> dict[str, float]:
    """``figure_code -> value``: national figures for the country, the rest for ``geography``."""
    frame = ds["reform_figures"]
    wanted = frame["geography_code"] == frame["figure_code"].map(lambda code: geography_of_figure(code, geography))
    return {row["figure_code"]: float(row["value"]) for _, row in frame[wanted].iterrows()}


@dataclass(frozen=True)
class ReformInputs:
    """The scenario inputs; defaults come from the sources (see :func:`inputs_from_sources`).

    The national estimate is a calibration: a rise of ``structural_rise_pct_point`` costs
    ``structural_cost_national_mio``. The scenario evaluates ``scenario_rise_pct_point`` at that
    price per point, so choosing another rise scales the cost instead of relabelling it.
    """

    reduction_national_mio: float  # the whole reform, all of Denmark
    reduction_municipal_mio: float  # the municipalities' part
    reduction_gross_mio: float  # this municipality's gross reduction
    reduction_specified_mio: float
    reduction_unspecified_mio: float
    structural_rise_pct_point: float  # the rise in structural unemployment in the national estimate
    structural_cost_national_mio: float  # what that rise costs nationally
    area_budget_mio: float  # the employment area's budget ("over one billion")
    benefit_share_pct: float  # the share of it that pays for benefits
    local_share_pct: float | None = None  # None: the share of the municipal reduction
    scenario_rise_pct_point: float | None = None  # None: the national estimate's rise

    @property
    def scenario_rise(self) -> float:
        """The rise the chapter evaluates (percentage points)."""
        return self.structural_rise_pct_point if self.scenario_rise_pct_point is None else self.scenario_rise_pct_point


SOURCE_FIGURES = {
    "reduction_national_mio": "reduktion_i_alt", "reduction_municipal_mio": "reduktion_kommuner",
    "reduction_gross_mio": "reduktion_brutto", "reduction_specified_mio": "reduktion_specificeret",
    "reduction_unspecified_mio": "reduktion_uspecificeret",
    "structural_rise_pct_point": "strukturel_ledighed_stigning",
    "structural_cost_national_mio": "strukturel_ledighed_omkostning",
    "area_budget_mio": "beskaeftigelse_budget", "benefit_share_pct": "forsoergelse_andel_af_beskaeftigelse",
}


def check_parameters(given: dict[str, object]) -> None:
    """ValueError naming each of the chapter's parameters outside its bound (jobbook.data.fields):
    a rise of 1e8 points would list a billion rows in the what-if table."""
    problems = []
    for name, value in given.items():
        bound = PARAMETER_BOUNDS.get(name) or FIGURE_BOUNDS.get(SOURCE_FIGURES.get(name, ""))
        if bound is None or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not bound.holds(float(value)):
            problems.append(f"{name}: {bound.describe()} ({bound.reason}); given {value!r}")
    if problems:
        raise ValueError("the reform chapter's parameters are out of bounds: " + "; ".join(problems))


def inputs_from_sources(ds: Dataset, geography: str, **overrides) -> ReformInputs:
    """Inputs from the data; a keyword argument that is not None replaces the source value
    (ValueError when one is outside its bound)."""
    values = reform_values(ds, geography)
    given = {k: v for k, v in overrides.items() if v is not None}
    check_parameters(given)
    missing = [code for field, code in SOURCE_FIGURES.items() if code not in values and field not in given]
    if missing:
        raise DataError([Finding(
            "reform_figures.csv", f"rows for the figures {', '.join(missing)} "
            f"(national figures for geography {COUNTRY}, the others for {geography})",
            check_code="missing_reform_figure")])
    inputs = {field: values.get(code) for field, code in SOURCE_FIGURES.items()}
    inputs.update(given)
    return ReformInputs(**inputs)


#: The chapter's parameters that replace a source figure (None keeps the source's).
SCENARIO_PARAMETERS = ("scenario_rise_pct_point", "structural_cost_national_mio", "local_share_pct")
#: The rises (percentage points) the what-if's table lists: its slider's range in steps of this.
RISE_STEP_TABLE = 0.1
#: The change in benefit volume the scale paragraph prices, unless the chapter's parameters say otherwise.
DEFAULT_VOLUME_CHANGE_PCT = 1.0


def scenario(ctx: ChapterContext) -> ReformInputs:
    """The inputs of the chapter: the sources' figures, with the chapter's parameters where given."""
    return inputs_from_sources(ctx.ds, ctx.home, **{name: ctx.params.get(name) for name in SCENARIO_PARAMETERS})


def municipal_share_pct(inputs: ReformInputs) -> float:
    """The municipality's gross reduction as a share of all municipalities' reduction, in per cent."""
    return inputs.reduction_gross_mio / inputs.reduction_municipal_mio * 100


def local_share_pct(inputs: ReformInputs) -> float:
    """The share of national costs assumed to fall on the municipality (per cent)."""
    return municipal_share_pct(inputs) if inputs.local_share_pct is None else inputs.local_share_pct


def local_cost_of_rise_mio(inputs: ReformInputs, rise_pct_point: float | None = None) -> float:
    """The municipality's share of what a rise in structural unemployment costs (mio. kr. a year).

    Without ``rise_pct_point``, the scenario's rise.
    """
    rise = inputs.scenario_rise if rise_pct_point is None else rise_pct_point
    per_point = inputs.structural_cost_national_mio / inputs.structural_rise_pct_point
    return per_point * rise * local_share_pct(inputs) / 100


def break_even_rise_pct_point(inputs: ReformInputs) -> float:
    """The rise in structural unemployment at which the extra cost equals the gross reduction."""
    cost_per_point = local_cost_of_rise_mio(inputs, 1.0)
    return inputs.reduction_gross_mio / cost_per_point


def benefit_budget_mio(inputs: ReformInputs) -> float:
    """The part of the area's budget that pays for benefits (a lower bound: the area is 'over' a billion)."""
    return inputs.area_budget_mio * inputs.benefit_share_pct / 100


def cost_of_volume_change_mio(inputs: ReformInputs, change_pct: float) -> float:
    """What a change of ``change_pct`` per cent in the volume of benefits costs (mio. kr.)."""
    return benefit_budget_mio(inputs) * change_pct / 100


def volume_change_cancelling_reduction_pct(inputs: ReformInputs) -> float:
    """The rise in benefit volume (per cent) that would cost as much as the gross reduction."""
    return inputs.reduction_gross_mio / benefit_budget_mio(inputs) * 100


def sensitivity(inputs: ReformInputs, rises_pct_point: list[float]) -> pd.DataFrame:
    """Net effect of the reduction for a range of rises in structural unemployment."""
    rows = []
    for rise in rises_pct_point:
        cost = local_cost_of_rise_mio(inputs, rise)
        rows.append({"rise_pct_point": rise, "extra_cost_mio": cost, "savings_mio": inputs.reduction_gross_mio,
                     "net_mio": inputs.reduction_gross_mio - cost})
    return pd.DataFrame(rows)


def table_rises(inputs: ReformInputs) -> list[float]:
    """The rises the what-if's table lists: the slider's range (and the scenario's rise, if larger)
    in steps of RISE_STEP_TABLE."""
    top = max(RISE_MAX, inputs.scenario_rise)
    return [round(RISE_STEP_TABLE * i, 4) for i in range(round(top / RISE_STEP_TABLE) + 1)]


# --- figures --------------------------------------------------------------------------------

def figure_split(ctx: ChapterContext) -> Figure | None:
    ds, inputs, municipality = ctx.ds, scenario(ctx), ctx.settings.municipality_name
    plot = pd.DataFrame({"Del": ["Specificeret", "Uspecificeret"],
                         "Mio. kr.": [inputs.reduction_specified_mio, inputs.reduction_unspecified_mio]})
    chart = chart_stacked_bar(plot, part="Del", value="Mio. kr.", value_title="Mio. kr. (varigt)",
                              roles=["home", "pending"], decimals=1)
    shown = plot.copy()
    shown.loc[len(shown)] = ["I alt (brutto)", inputs.reduction_gross_mio]
    return Figure(
        title=f"{municipality}s bruttoreduktion, mio. kr. varigt",
        table=shown, sources=ds["sources"],
        source_ids=list(ds["reform_figures"]["source_id"].unique()),
        description=fmt.end_sentence(
            f"En stablet søjle: specificerede reduktioner på {fmt.mio(inputs.reduction_specified_mio)} "
            f"og uspecificerede på {fmt.mio(inputs.reduction_unspecified_mio)}, i alt "
            f"{fmt.mio(inputs.reduction_gross_mio)}"),
        chart=chart, columns=[text_column("Del", "Del"), number_column("Mio. kr.", "Beløb", "dkk_mio")],
    )


def source_statement(ctx: ChapterContext) -> dict[str, str]:
    """The source's statement on structural unemployment, as printed and formatted from the data:
    the rise as the source writes it ("0,5 pct.") and the national cost ("ca. 6,0 mia. kr.")."""
    ds, home = ctx.ds, ctx.settings.geography_code
    rows = {(row["figure_code"], row["geography_code"]): row for _, row in ds["reform_figures"].iterrows()}
    cost = rows[("strukturel_ledighed_omkostning", COUNTRY)]
    prefix = {"approx": "ca. ", "at_least": "over "}.get(cost["qualifier_code"], "")
    return {"rise": str(rows[("strukturel_ledighed_stigning", COUNTRY)]["printed_text"]),
            "cost": prefix + fmt.mia(reform_values(ds, home)["strukturel_ledighed_omkostning"], 1)}


#: The document that says the municipality's transfers are covered by the budget guarantee
#: (the budget remarks for 2022, under "Jobcentrets indsatser").
GUARANTEE_SOURCE_ID = "bemaerkninger-2022"


def guarantee_source_name(ds: Dataset) -> str:
    """"budgetbemærkningerne til 2022": the budget guarantee's source, named by its budget year."""
    sources = ds["sources"].set_index("source_id")
    if GUARANTEE_SOURCE_ID not in sources.index or fmt.is_missing(sources.loc[GUARANTEE_SOURCE_ID, "budget_year"]):
        return "kommunens budgetbemærkninger"
    return f"budgetbemærkningerne til {int(sources.loc[GUARANTEE_SOURCE_ID, 'budget_year'])}"


def whatif_context_html(ctx: ChapterContext) -> str:
    """The paragraph by the sliders: what the sources say about who pays, with glossary links."""
    said = source_statement(ctx)
    return (f"Hvem betaler? Kilden siger ikke, hvor meget af de {text(said['cost'])} kommunerne "
            f"bærer, og heller ikke, om beløbet er om året. Ifølge {text(guarantee_source_name(ctx.ds))} dækkes "
            f"kommunens overførselsudgifter af {glossary_link('budgetgaranti', 'budgetgarantien')}. Materialet om "
            "reformen venter, at merudgiften ved en højere ledighed for størstedelen indgår i kommende "
            f"{glossary_link('økonomiaftale', 'økonomiaftaler')}. Regneeksemplet ser bort fra begge dele.")


def figure_whatif(ctx: ChapterContext) -> Figure | None:
    """Saving against the extra cost of higher structural unemployment, with the reader's sliders
    for the rise and the share (drawn in the browser). The source's national figure heads the
    chart; the book's calculation follows, marked as the book's, with its assumption."""
    ds, inputs = ctx.ds, scenario(ctx)
    table = sensitivity(inputs, table_rises(inputs))
    # In this order: the page's script computes the rows in it (present.whatif).
    columns = [number_column("rise_pct_point", "Stigning", "pct_point", decimals=2),
               number_column("extra_cost_mio", "Ekstra udgift", "dkk_mio"),
               number_column("savings_mio", "Besparelse", "dkk_mio"),
               number_column("net_mio", "Netto", "dkk_mio", signed=True)]
    shown = table.assign(extra_cost_mio=table["extra_cost_mio"].round(1), net_mio=table["net_mio"].round(1))
    share, said = local_share_pct(inputs), source_statement(ctx)
    chart = chart_whatif(saving_mio=inputs.reduction_gross_mio, national_cost_mio=inputs.structural_cost_national_mio,
                         source_rise_pct_point=inputs.structural_rise_pct_point, default_share_pct=share,
                         default_rise_pct_point=inputs.scenario_rise,
                         source_sentence=(f"Kilden: {said['rise']} højere", "strukturel ledighed koster",
                                          f"{said['cost']} på landsplan"))
    return WhatIfFigure(
        title="Hvad nu hvis ledigheden stiger? Bogens regneeksempel, mio. kr.",
        table=shown, sources=ds["sources"], source_ids=list(ds["reform_figures"]["source_id"].unique()),
        description=describe_whatif(saving_mio=inputs.reduction_gross_mio,
                                    default_cost_mio=local_cost_of_rise_mio(inputs),
                                    default_rise_pct_point=inputs.scenario_rise, default_share_pct=share,
                                    break_even_pct_point=break_even_rise_pct_point(inputs),
                                    municipality=ctx.settings.municipality_name),
        chart=chart,
        columns=columns,
        # The caveats travel with the picture and the CSV files, where the page's text is not.
        note="Bogens eget regneeksempel, ikke kildens tal. Det antager, at kommunen bærer en andel af "
             "landsudgiften. Kilden siger ikke, hvem der bærer den, eller om den er om året, og venter, at "
             "merudgiften for størstedelen indgår i kommende økonomiaftaler. Kommunens overførselsudgifter "
             f"dækkes af budgetgarantien ({guarantee_source_name(ds)}).",
        saving_mio=inputs.reduction_gross_mio,
        per_point_mio=inputs.structural_cost_national_mio / inputs.structural_rise_pct_point,
        rise_pct_point=inputs.scenario_rise, share_pct=share, context=whatif_context_html(ctx),
    )


def figure_priorities(ctx: ChapterContext) -> Figure | None:
    ds = ctx.ds
    frame = ds["reform_priorities"]
    if frame.empty:
        return None
    shown = pd.DataFrame({"Prioritet": frame["priority_da"], "Begrundelse": frame["reason_da"]})
    return Figure(title="Områder, administrationen foreslår at investere i", table=shown, sources=ds["sources"],
                  source_ids=list(frame["source_id"].unique()), description="")


OVERRIDE_LABELS_DA = {
    "structural_rise_pct_point": ("stigningen i landsskønnet", lambda v: fmt.pct_point(v, 2)),
    "structural_cost_national_mio": ("landsudgiften ved den stigning", lambda v: fmt.mia(v, 1)),
    "reduction_national_mio": ("reformens samlede reduktion", fmt.mia),
    "reduction_municipal_mio": ("kommunernes reduktion", fmt.mia),
    "reduction_gross_mio": ("kommunens bruttoreduktion", fmt.mio),
    "reduction_specified_mio": ("de specificerede reduktioner", fmt.mio),
    "reduction_unspecified_mio": ("de uspecificerede reduktioner", fmt.mio),
    "area_budget_mio": ("beskæftigelsesområdets økonomi", lambda v: fmt.mia(v, 1)),
    "benefit_share_pct": ("forsørgelsens andel", lambda v: fmt.pct(v, 0)),
}


def assumptions_text(ds: Dataset, geography: str, inputs: ReformInputs) -> str:
    """One sentence naming every input that differs from the sources, so a re-run says what it changed."""
    values = reform_values(ds, geography)
    changed = [f"{label} er sat til {show(getattr(inputs, field))}"
               for field, (label, show) in OVERRIDE_LABELS_DA.items()
               if getattr(inputs, field) != values.get(SOURCE_FIGURES[field])]
    if inputs.scenario_rise_pct_point is not None:
        changed.append(f"scenariets stigning er sat til {fmt.pct_point(inputs.scenario_rise, 2)}")
    if inputs.local_share_pct is not None:
        changed.append(f"kommunens andel er sat til {fmt.pct(inputs.local_share_pct, 2)}")
    if not changed:
        return "Regnestykket bruger kildernes tal og bogens antagelse om kommunens andel."
    return f"Denne udgave er kørt med egne antagelser i stedet for kildernes: {fmt.join_da(changed)}."


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    """Every number the reform chapter's prose uses, formatted in Danish.

    The sentences that quote a source use the source's own figures; the book's calculation uses
    the scenario, which may carry an analyst's assumptions (named by :func:`assumptions_text`).
    """
    ds, settings, inputs = ctx.ds, ctx.settings, scenario(ctx)
    volume_change = ctx.params.get("benefit_volume_change_pct")
    check_parameters({"benefit_volume_change_pct": volume_change})
    volume_change_pct = DEFAULT_VOLUME_CHANGE_PCT if volume_change is None else float(volume_change)
    values = reform_values(ds, settings.geography_code)
    qualifier = {(row["figure_code"], row["geography_code"]): row["qualifier_code"]
                 for _, row in ds["reform_figures"].iterrows()}

    def approx(code: str) -> str:
        where = geography_of_figure(code, settings.geography_code)
        return {"approx": "ca. ", "at_least": "over "}.get(qualifier.get((code, where), "exact"), "")

    source_cost = values["strukturel_ledighed_omkostning"]
    area_share = values.get("beskaeftigelse_andel_af_oekonomi", float("nan"))
    printed = {(row["figure_code"], row["geography_code"]): row["printed_text"]
               for _, row in ds["reform_figures"].iterrows()}
    # Half the book's share: what the break-even becomes if municipalities bore half the national cost.
    half = dataclasses.replace(inputs, local_share_pct=local_share_pct(inputs) / 2)
    return {
        "municipality": settings.municipality_name,
        "national_total": fmt.mia(inputs.reduction_national_mio),
        "national_municipal": fmt.mia(inputs.reduction_municipal_mio),
        "national_other": fmt.mia(inputs.reduction_national_mio - inputs.reduction_municipal_mio),
        "gross": approx("reduktion_brutto") + fmt.mio(inputs.reduction_gross_mio),
        "specified": fmt.mio(inputs.reduction_specified_mio),
        "unspecified": fmt.mio(inputs.reduction_unspecified_mio),
        "share": fmt.pct(municipal_share_pct(inputs), 2),
        "source_rise": fmt.pct_point(values["strukturel_ledighed_stigning"]),
        "source_rise_printed": printed[("strukturel_ledighed_stigning", COUNTRY)],
        "guarantee_source": guarantee_source_name(ds),
        "cost_per_point": "ca. " + fmt.mia(inputs.structural_cost_national_mio / inputs.structural_rise_pct_point, 1),
        "source_national_cost": approx("strukturel_ledighed_omkostning") + fmt.mia(source_cost, 1),
        "cost_ratio": fmt.number(source_cost / values["reduktion_i_alt"], 1),
        "assumptions": assumptions_text(ds, settings.geography_code, inputs),
        "scenario_rise": fmt.pct_point(inputs.scenario_rise),
        "local_share": fmt.pct(local_share_pct(inputs), 2),
        "local_cost": fmt.mio(local_cost_of_rise_mio(inputs)),
        "break_even": fmt.pct_point(break_even_rise_pct_point(inputs), 2),
        "break_even_half_share": fmt.pct_point(break_even_rise_pct_point(half), 2),
        # The source says "omkring en tredjedel"; other values are shown as a percentage.
        "area_share": "omkring en tredjedel" if abs(area_share - 100 / 3) < 0.1 else fmt.pct(area_share, 0),
        "area_budget": approx("beskaeftigelse_budget") + fmt.mia(inputs.area_budget_mio, 1),
        "benefit_share": fmt.pct(inputs.benefit_share_pct, 0),
        "benefit_budget": fmt.mio(benefit_budget_mio(inputs), 0),
        "volume_change": fmt.pct(volume_change_pct),
        "volume_cost": fmt.mio(cost_of_volume_change_mio(inputs, volume_change_pct)),
        "volume_cancel": fmt.pct(volume_change_cancelling_reduction_pct(inputs)),
    }
