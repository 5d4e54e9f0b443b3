"""The jobcenter's tasks chapter: mandated by the state, municipal choices within the law, own initiative."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.context import ChapterContext
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar
from jobbook.present.columns import number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import CLASSIFICATION_DA, LAW_SCOPE_DA, MISSING_DA
from jobbook.present.prose import Prose

#: The law code of the employment legislation as a whole: the note names five laws and then gives
#: examples of their rules together, so most tasks are tied to no single one of them.
EMPLOYMENT_LEGISLATION = "beskaeftigelseslovgivningen"


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
        columns=[text_column("Opgavetype", "Opgavetype"), number_column("Antal opgaver", "Antal opgaver", None)],
        description="Vandrette søjler med antal opgaver i hver gruppe. "
                    + describe_extremes(plot, "Opgavetype", "Antal opgaver", lambda v: f"{int(v)} opgaver"),
        chart=chart_hbar(plot, category="Opgavetype", value="Antal opgaver", value_title="Antal opgaver"),
        note="Notatet tæller ikke selv opgaverne: bogen har talt punkterne i notatets lister. Antallet afhænger "
             "af, hvor fint notatet deler opgaverne op, og siger intet om, hvor mange ressourcer opgaverne bruger.",
    )


def _first_with_employment_legislation(ds: Dataset) -> str | None:
    """The first task group (in the chapter's order) with a task under the legislation as a whole."""
    tasks = ds["jobcenter_tasks"]
    return next((c for c in CLASSIFICATION_DA
                 if ((tasks["classification_code"] == c) & (tasks["law_code"] == EMPLOYMENT_LEGISLATION)).any()),
                None)


def _tasks(ctx: ChapterContext, classification_code: str) -> Figure | None:
    """One group's tasks. A column with the same value in every row is said once, in the note or not
    at all (the title names the group), rather than on every row."""
    frame = tasks_with_laws(ctx.ds)
    frame = frame[frame["classification_code"] == classification_code]
    if frame.empty:
        return None
    shown = pd.DataFrame({"Opgave": frame["task_da"], "Gruppe": frame["task_group_da"],
                          "Lov": frame["law_name_da"].fillna("Ingen lov nævnt")})
    notes = []
    if frame["task_group_da"].nunique() == 1:
        shown = shown.drop(columns="Gruppe")
    if frame["law_code"].isna().all():
        shown = shown.drop(columns="Lov")
        notes.append("Notatet knytter ingen lov til disse opgaver.")
    if _first_with_employment_legislation(ctx.ds) == classification_code:
        notes.append("»Beskæftigelseslovgivningen« står, hvor notatet ikke selv peger på én af de love, det nævner.")
    return Figure(title=f"{CLASSIFICATION_DA[classification_code]}: opgaverne", table=shown,
                  sources=ctx.ds["sources"], source_ids=list(frame["source_id"].unique()), description="",
                  note=" ".join(notes))


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
    # A law the note never ties a task to gets no count, not a 0: the note names the law but gives the
    # rules of the employment laws together, so "0 tasks" would say something the note does not.
    column = "Opgaver, bogen har knyttet til loven"
    shown = pd.DataFrame({"Lov": laws["law_name_da"], "Type": laws["law_scope_code"].map(LAW_SCOPE_DA),
                          column: pd.array([int(per_law[c]) if c in per_law.index else None for c in laws["law_code"]],
                                           dtype="Int64")})
    note = ("Lovenes navne som i notatet. Bogen har selv talt opgaverne ud fra notatets lister. »–«: notatet "
            "knytter ingen opgave til netop den lov; reglerne fra beskæftigelseslovene gives samlet."
            if shown[column].isna().any() else
            "Lovenes navne som i notatet. Bogen har selv talt opgaverne ud fra notatets lister.")
    return Figure(title="Lovene bag opgaverne", table=shown, sources=ctx.ds["sources"],
                  columns=[text_column("Lov", "Lov"), text_column("Type", "Type"),
                           number_column(column, column, None)],  # a missing count reads "–"
                  source_ids=list(laws["source_id"].unique()), description="", note=note)


def text_laws(ctx: ChapterContext) -> Prose | None:
    """How many laws the note names, of which kind, and for how many tasks it points to one of the
    employment laws itself (None without laws)."""
    laws = ctx.ds["laws"]
    if laws.empty:
        return None
    general = laws[laws["law_scope_code"] == "general"]
    specific = laws[(laws["law_scope_code"] == "employment") & (laws["law_code"] != EMPLOYMENT_LEGISLATION)]
    task_laws = ctx.ds["jobcenter_tasks"]["law_code"]
    pointed = int(task_laws.isin(specific["law_code"]).sum())
    in_general = int((task_laws == EMPLOYMENT_LEGISLATION).sum())
    def laws_da(n: int) -> str:
        return "én lov" if n == 1 else f"{n} love"

    text = (f"Notatet nævner {laws_da(len(general))}, der gælder for al offentlig myndighedsudøvelse, og "
            f"{laws_da(len(specific))}, som reglerne på beskæftigelsesområdet især kommer fra.")
    if len(specific):
        # "Them" are the specific laws: the tasks under the general laws are tied to one law each.
        text += (f" Notatet knytter ingen opgave til én bestemt af de {len(specific)} love." if pointed == 0 else
                 f" Notatet knytter kun {pointed} opgaver til én bestemt af de {len(specific)} love.")
        if in_general:
            # "Beskæftigelseslovgivningen" is the book's label for these tasks (the table's note says so).
            text += (f" Ved {in_general} opgaver peger notatet ikke på én af lovene; bogen har dem under "
                     "»beskæftigelseslovgivningen«.")
    return Prose(text)
