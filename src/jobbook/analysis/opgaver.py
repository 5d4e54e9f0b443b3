"""The jobcenter's tasks: mandated by the state, municipal choices within the law, own initiative."""

from __future__ import annotations

import pandas as pd

from jobbook.data.dataset import Dataset
from jobbook.present.charts import chart_hbar
from jobbook.present.figures import Figure, describe_extremes

CLASSIFICATION_LABELS_DA = {
    "state_mandated": "Pålagt af staten",
    "municipal_choice": "Kommunens valg inden for loven",
    "own_initiative": "Eget initiativ",
}


def tasks_with_laws(ds: Dataset) -> pd.DataFrame:
    laws = ds["laws"].set_index("law_code")["law_name_da"]
    frame = ds["jobcenter_tasks"].copy()
    frame["law_name_da"] = frame["law_code"].map(laws)
    frame["classification_da"] = frame["classification_code"].map(CLASSIFICATION_LABELS_DA)
    return frame


def counts(ds: Dataset) -> pd.DataFrame:
    """Number of tasks per classification, in the order state, choice, own initiative."""
    frame = tasks_with_laws(ds)
    result = frame.groupby("classification_code").size().reindex(list(CLASSIFICATION_LABELS_DA), fill_value=0)
    return pd.DataFrame({"classification_code": result.index, "tasks": result.to_numpy(),
                         "classification_da": [CLASSIFICATION_LABELS_DA[c] for c in result.index]})


def figure_counts(ds: Dataset) -> Figure:
    table = counts(ds)
    plot = pd.DataFrame({"Opgavetype": table["classification_da"], "Antal opgaver": table["tasks"]})
    return Figure(
        title="Jobcentrets opgaver efter, hvem der har besluttet dem (antal)",
        table=plot, sources=ds["sources"], source_ids=list(ds["jobcenter_tasks"]["source_id"].unique()),
        description="Vandrette søjler med antal opgaver i hver gruppe. "
                    + describe_extremes(plot, "Opgavetype", "Antal opgaver", lambda v: f"{int(v)} opgaver"),
        chart=chart_hbar(plot, category="Opgavetype", value="Antal opgaver", value_title="Antal opgaver"),
        note="Antallet afhænger af, hvor fint kilden deler opgaverne op; det siger intet om, hvor mange "
             "ressourcer opgaverne bruger.",
    )


def figure_tasks(ds: Dataset, classification_code: str) -> Figure:
    frame = tasks_with_laws(ds)
    frame = frame[frame["classification_code"] == classification_code]
    shown = pd.DataFrame({"Opgave": frame["task_da"], "Gruppe": frame["task_group_da"],
                          "Lov": frame["law_name_da"].fillna("Ingen lov nævnt")})
    return Figure(title=f"{CLASSIFICATION_LABELS_DA[classification_code]}: opgaverne", table=shown,
                  sources=ds["sources"], source_ids=list(frame["source_id"].unique()), description="")


def figure_laws(ds: Dataset) -> Figure:
    frame = tasks_with_laws(ds)
    laws = ds["laws"]
    per_law = frame.groupby("law_code").size()
    shown = pd.DataFrame({"Lov": laws["law_name_da"],
                          "Type": laws["law_scope_code"].map({"general": "Regler for al myndighedsudøvelse",
                                                              "employment": "Beskæftigelsesområdet"}),
                          "Opgaver i bogens oversigt": [int(per_law.get(c, 0)) for c in laws["law_code"]]})
    return Figure(title="Lovene bag opgaverne", table=shown, sources=ds["sources"],
                  source_ids=list(laws["source_id"].unique()), description="")


def key_figures(ds: Dataset, settings) -> dict[str, str]:
    """Every number the tasks chapter's prose uses, formatted in Danish."""
    from jobbook.present import fmt

    table = counts(ds).set_index("classification_code")["tasks"]
    sources = ds["sources"].set_index("source_id")
    source_years = sources.loc[list(ds["jobcenter_tasks"]["source_id"].unique()), "budget_year"].dropna()
    reform = ds["reform_figures"]
    unspecified = reform[(reform["figure_code"] == "reduktion_uspecificeret")
                         & (reform["geography_code"] == settings.geography_code)]["value"]
    return {
        "municipality": settings.municipality_name,
        "question_year": str(int(source_years.max())) if not source_years.empty else "ikke oplyst",
        "state_count": f"{int(table['state_mandated'])} opgaver pålagt af staten",
        "choice_count": f"{int(table['municipal_choice'])} kommunale valg inden for loven",
        "own_count": f"{int(table['own_initiative'])} opgaver på eget initiativ",
        "unspecified": fmt.mio(float(unspecified.iloc[0])) if not unspecified.empty else "ikke oplyst",
    }
