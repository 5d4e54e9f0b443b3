"""The BDO chapter: BDO's resource benchmark of the jobcenter, what the administration itself says made the
jobcenter more efficient, and the book's own unit-cost view."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import hovedkonto_of
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.indicators import sickness_absence_figures
from jobbook.analysis.recipients import latest_unit_cost_year, unit_cost_figure, unit_cost_prose, unit_costs
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, color_by, with_reference
from jobbook.present.columns import number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import MISSING_DA, POSITION_DA
from jobbook.present.prose import Prose


def benchmark_table(ds: Dataset) -> pd.DataFrame:
    """The benchmark rows, overall first, with the distance to the average where an index is given."""
    frame = ds["bdo_benchmark"]
    frame = frame.assign(_overall=frame["target_group_code"] != "i_alt").sort_values(
        ["_overall", "target_group_code"]).drop(columns="_overall").reset_index(drop=True)
    frame["difference_points"] = frame["index_value"] - frame["average_index_value"]
    return frame


def overall(ds: Dataset) -> pd.Series | None:
    """The jobcenter's overall index row (``i_alt``), or None when the data has none."""
    table = benchmark_table(ds)
    rows = table[table["target_group_code"] == "i_alt"]
    return None if rows.empty else rows.iloc[0]


def comparison_text(index_value: float, average_value: float) -> str:
    """``9 % billigere i drift end`` / ``lige så dyrt i drift som``: the index against the average."""
    if fmt.is_missing(index_value) or fmt.is_missing(average_value) or float(average_value) == 0:
        return MISSING_DA
    relative_pct = (float(index_value) - float(average_value)) / float(average_value) * 100
    if round(relative_pct) == 0:
        return "lige så dyrt i drift som"
    return f"{fmt.pct(abs(relative_pct), 0)} {'dyrere' if relative_pct > 0 else 'billigere'} i drift end"


def has_group_indices(ds: Dataset) -> bool:
    """True once an analyst has entered a numeric index for at least one target group."""
    table = benchmark_table(ds)
    return bool(table[table["target_group_code"] != "i_alt"]["index_value"].notna().any())


def figure_groups(ctx: ChapterContext) -> Figure | None:
    """The per-group picture: a chart of indices when given, otherwise the table of positions."""
    ds = ctx.ds
    table = benchmark_table(ds)
    if table.empty:
        return None
    shown = table.assign(position_da=table["position_code"].map(POSITION_DA))
    # The title names the unit (indeks), so the headers do not repeat it.
    columns = [text_column("target_group_name_da", "Målgruppe"), number_column("index_value", "Indeks", None),
               number_column("average_index_value", "Gennemsnit", None), text_column("position_da", "Placering"),
               text_column("statement_da", "Hvad kilden siger")]
    chart = None
    description = ""
    with_index = table.dropna(subset=["index_value"])
    if len(with_index) > 1:
        plot = pd.DataFrame({"Målgruppe": with_index["target_group_name_da"], "Indeks": with_index["index_value"]})
        plot["Placering"] = ["Over gennemsnittet" if v > a else "Gennemsnit eller under"
                             for v, a in zip(with_index["index_value"], with_index["average_index_value"], strict=True)]
        bars = chart_hbar(plot, category="Målgruppe", value="Indeks", value_title="Indeks (gennemsnit = 100)",
                          colors=color_by(plot, "Placering", title=None,
                                          domain=["Gennemsnit eller under", "Over gennemsnittet"],
                                          roles=["home", "emphasis"]))  # both the municipality's own
        chart = with_reference(bars, float(with_index["average_index_value"].iloc[0]))
        description = ("Vandrette søjler med indekset pr. målgruppe og en lodret linje ved gennemsnittet 100. "
                       + describe_extremes(plot, "Målgruppe", "Indeks", lambda v: fmt.number(v, 0)))
    return Figure(title="Jobcentrets omkostninger pr. borger sammenlignet med andre kommuner (indeks)",
                  table=shown, sources=ds["sources"], source_ids=list(table["source_id"].unique()),
                  description=description, chart=chart,
                  columns=columns,
                  note="Gennemsnittet af de sammenlignede kommuner er 100; under 100 er billigere.")


def text_groups(ctx: ChapterContext) -> Prose:
    """Where the target groups lie against the average. The missing annex is named once, under what
    the index does not say, so it is not repeated here."""
    groups = benchmark_table(ctx.ds)
    groups = groups[groups["target_group_code"] != "i_alt"]
    if has_group_indices(ctx.ds):
        given = groups.dropna(subset=["index_value"])
        groups_da = "én målgruppe" if len(given) == 1 else f"{len(given)} målgrupper"
        return Prose(f"Kilderne giver indeks for {groups_da}. Figuren viser indekset sammen med kildens "
                     "beskrivelse.")
    text = "Kilderne giver ingen indeks pr. målgruppe."
    above = [fmt.in_sentence(n) for n in groups[groups["position_code"] == "above"]["target_group_name_da"]]
    if groups.empty or (groups["position_code"] == "unknown").all():
        return Prose(text + " Kilderne siger heller ikke, hvordan de enkelte målgrupper ligger i forhold til "
                            "gennemsnittet.")
    if not above:
        return Prose(text + " Ifølge kilderne ligger ingen målgruppe over gennemsnittet.")
    return Prose(text + " De siger kun, hvilke målgrupper der ligger over og under gennemsnittet: "
                        f"{fmt.join_da(above)} ligger over, resten under.")


def text_unit_costs(ctx: ChapterContext) -> Prose:
    year = latest_unit_cost_year(ctx.ds)
    if year is None:
        return Prose("Kilderne har intet år med både budget pr. konto og antal modtagere på samme grundlag.")
    return unit_cost_prose(unit_costs(ctx.ds, year), year, mixed=False)


def figure_unit_costs(ctx: ChapterContext) -> Figure | None:
    year = latest_unit_cost_year(ctx.ds)
    return None if year is None else unit_cost_figure(ctx.ds, year)


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    """Every number the benchmark chapter's prose uses, formatted in Danish."""
    ds = ctx.ds
    row = overall(ds)
    index_value = float("nan") if row is None else row["index_value"]
    average_value = float("nan") if row is None else row["average_index_value"]
    admin = ds["net_budgets"]
    admin = admin[admin["area_code"].str.contains("administration") & admin["is_employment_area"]
                  & admin["parent_area_code"].isna()].sort_values("budget_year")
    year = latest_unit_cost_year(ds)
    return {
        "municipality": ctx.settings.municipality_name,
        "admin_hovedkonto": hovedkonto_of(ds, "administration"),
        "benefit_hovedkonto": hovedkonto_of(ds, "forsorgelse"),
        "bdo_index": MISSING_DA if fmt.is_missing(index_value) else fmt.number(index_value),
        "bdo_average": MISSING_DA if fmt.is_missing(average_value) else fmt.number(average_value),
        "bdo_comparison": comparison_text(index_value, average_value),
        "unit_cost_year": str(year) if year else MISSING_DA,
        "admin_year": str(int(admin.iloc[-1]["budget_year"])) if not admin.empty else MISSING_DA,
        "admin_budget": fmt.dkk(admin.iloc[-1]["amount_dkk"]) if not admin.empty else MISSING_DA,
        **sickness_absence_figures(ds),
    }
