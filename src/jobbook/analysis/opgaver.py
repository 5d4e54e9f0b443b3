"""The jobcenter's tasks chapter: mandated by the state, municipal choices within the law, own initiative."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.context import ChapterContext
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import CLASSIFICATION_DA, LAW_SCOPE_DA, MISSING_DA


def tasks_with_laws(ds: Dataset) -> pd.DataFrame:
    laws = ds["laws"].set_index("law_code")["law_name_da"]
    frame = ds["jobcenter_tasks"].copy()
    frame["law_name_da"] = frame["law_code"].map(laws)
    frame["classification_da"] = frame["classification_code"].map(CLASSIFICATION_DA)
    return frame


def counts(ds: Dataset) -> pd.DataFrame:
    """Number of tasks per classification, in the order state, choice, own initiative."""
    frame = tasks_with_laws(ds)
    result = frame.groupby("classification_code").size().reindex(list(CLASSIFICATION_DA), fill_value=0)
    return pd.DataFrame({"classification_code": result.index, "tasks": result.to_numpy(),
                         "classification_da": [CLASSIFICATION_DA[c] for c in result.index]})


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    """Every number the tasks chapter's prose uses, formatted in Danish."""
    ds = ctx.ds
    table = counts(ds).set_index("classification_code")["tasks"]
    sources = ds["sources"].set_index("source_id")
    source_years = sources.loc[list(ds["jobcenter_tasks"]["source_id"].unique()), "budget_year"].dropna()
    reform = ds["reform_figures"]
    unspecified = reform[(reform["figure_code"] == "reduktion_uspecificeret")
                         & (reform["geography_code"] == ctx.home)]["value"]
    return {
        "municipality": ctx.settings.municipality_name,
        "question_year": str(int(source_years.max())) if not source_years.empty else MISSING_DA,
        "state_count": f"{int(table['state_mandated'])} opgaver pålagt af staten",
        "choice_count": f"{int(table['municipal_choice'])} kommunale valg inden for loven",
        "own_count": f"{int(table['own_initiative'])} opgaver på eget initiativ",
        "unspecified": fmt.mio(float(unspecified.iloc[0])) if not unspecified.empty else MISSING_DA,
    }


def figure_counts(ctx: ChapterContext) -> Figure | None:
    table = counts(ctx.ds)
    if not table["tasks"].any():
        return None
    plot = pd.DataFrame({"Opgavetype": table["classification_da"], "Antal opgaver": table["tasks"]})
    return Figure(
        title="Jobcentrets opgaver efter, hvem der har besluttet dem (antal)",
        table=plot, sources=ctx.ds["sources"], source_ids=list(ctx.ds["jobcenter_tasks"]["source_id"].unique()),
        description="Vandrette søjler med antal opgaver i hver gruppe. "
                    + describe_extremes(plot, "Opgavetype", "Antal opgaver", lambda v: f"{int(v)} opgaver"),
        chart=chart_hbar(plot, category="Opgavetype", value="Antal opgaver", value_title="Antal opgaver"),
        note="Antallet afhænger af, hvor fint kilden deler opgaverne op; det siger intet om, hvor mange "
             "ressourcer opgaverne bruger.",
    )


def _tasks(ctx: ChapterContext, classification_code: str) -> Figure | None:
    frame = tasks_with_laws(ctx.ds)
    frame = frame[frame["classification_code"] == classification_code]
    if frame.empty:
        return None
    shown = pd.DataFrame({"Opgave": frame["task_da"], "Gruppe": frame["task_group_da"],
                          "Lov": frame["law_name_da"].fillna("Ingen lov nævnt")})
    return Figure(title=f"{CLASSIFICATION_DA[classification_code]}: opgaverne", table=shown,
                  sources=ctx.ds["sources"], source_ids=list(frame["source_id"].unique()), description="")


def figure_state_mandated(ctx: ChapterContext) -> Figure | None:
    return _tasks(ctx, "state_mandated")


def figure_municipal_choice(ctx: ChapterContext) -> Figure | None:
    return _tasks(ctx, "municipal_choice")


def figure_own_initiative(ctx: ChapterContext) -> Figure | None:
    return _tasks(ctx, "own_initiative")


def figure_laws(ctx: ChapterContext) -> Figure | None:
    laws = ctx.ds["laws"]
    if laws.empty:
        return None
    per_law = tasks_with_laws(ctx.ds).groupby("law_code").size()
    shown = pd.DataFrame({"Lov": laws["law_name_da"], "Type": laws["law_scope_code"].map(LAW_SCOPE_DA),
                          "Opgaver i bogens oversigt": [int(per_law.get(c, 0)) for c in laws["law_code"]]})
    return Figure(title="Lovene bag opgaverne", table=shown, sources=ctx.ds["sources"],
                  source_ids=list(laws["source_id"].unique()), description="")
