"""The rise in unemployment in the first covid-19 months: the municipality against the country, the
regions and the municipalities the source compares it with. The figures come from different statistics
(Jobindsats, STAR, "tilmeldte", some without a named source), so the page says so at the comparison;
the trend chapter (jobbook.analysis.udvikling) shows them."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.context import ChapterContext
from jobbook.analysis.indicators import COUNTRY, home_first, indicator_rows
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, color_by
from jobbook.present.columns import number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.prose import Paragraph, Prose


def _municipalities(names: list[str]) -> str:
    """``sammenligningskommunerne Holbæk, Odsherred og Slagelse``: the source introduces them only as
    a comparison ("Til sammenligning"), not as neighbours, so they are named, not called nabokommuner."""
    short = [n.removesuffix(" Kommune") for n in names]
    return f"{'sammenligningskommunerne' if len(short) > 1 else 'sammenligningskommunen'} {fmt.join_da(short)}"


def _compared_with(others: pd.DataFrame) -> str:
    """``landet, regionerne og sammenligningskommunerne Holbæk, Odsherred og Slagelse``, naming only
    what the comparison holds."""
    kinds = set(others["geography_type_code"])
    regions = (others["geography_type_code"] == "region").sum()
    municipalities = sorted(others[others["geography_type_code"] == "municipality"]["geography_name"].dropna())
    parts = (["landet"] if "country" in kinds else []) + \
            (["regionerne" if regions > 1 else "regionen"] if regions else []) + \
            ([_municipalities(municipalities)] if municipalities else [])
    return fmt.join_da(parts)


def text_unemployment_2020(ctx: ChapterContext) -> Prose:
    """The covid-19 rise in unemployment: the municipality against the country, regions and the
    municipalities the source compares it with."""
    home, region = ctx.home, ctx.settings.region_geography_code
    rows = indicator_rows(ctx.ds, "ledighed_aendring_pct").dropna(subset=["value"])
    if rows.empty or home not in set(rows["geography_code"]):
        return Prose("Kilderne har ikke tal for, hvordan ledigheden udviklede sig i kommunen under covid-19.")
    values = rows.set_index("geography_code")["value"].astype(float)
    text = f"I perioden {rows['period_label'].iloc[0]} steg ledigheden med {fmt.pct(values[home])} i kommunen"
    if COUNTRY in values.index:
        text += f" mod {fmt.pct(values[COUNTRY])} på landsplan"
    if region in values.index:
        text += f" og {fmt.pct(values[region])} i regionen"
    text += "."
    others = rows[rows["geography_code"] != home]
    if not others.empty:
        if bool((others["value"] > values[home]).all()):
            text += f" Tallene for kommunen er dermed lavere end for {_compared_with(others)}."
        elif bool((others["value"] < values[home]).all()):
            text += f" Tallene for kommunen er dermed højere end for {_compared_with(others)}."
        text += " " + _unlike_measures(rows)
    return Prose(Paragraph(text))


def _unlike_measures(rows: pd.DataFrame) -> str:
    """Why the covid figures are no single series: which statistic each comes from, as the source's
    footnotes and the rows' notes say (the comparison side by side is the source's and the book's)."""
    by_source: dict[str, list[str]] = {}
    for _, row in rows.iterrows():
        where = row["underlying_source_da"]
        key = "" if fmt.is_missing(where) else str(where).split(",")[0]
        # "Hele landet" is a name in a table but not in a sentence.
        name = "hele landet" if row["geography_type_code"] == "country" else row["geography_name"]
        by_source.setdefault(key, []).append(name)
    named = [f"{key} for {fmt.join_da(places)}" for key, places in by_source.items() if key]
    parts = [f"Sammenligningen er ikke ét mål: tallene er procentvise stigninger fra forskellige opgørelser "
             f"({'; '.join(named)})" if named else "Sammenligningen er ikke ét mål"]
    unnamed = by_source.get("", [])
    if unnamed:
        parts.append(f"og for {fmt.join_da(unnamed)} oplyser kilden ikke, hvor tallet kommer fra")
    # The rows' notes say where a place's measure differs (Odsherred's "tilmeldte").
    notes = [f"For {row['geography_name']} er tallet {fmt.in_sentence(str(row['note_da'])).rstrip('.')}."
             for _, row in rows.iterrows()
             if not fmt.is_missing(row["note_da"]) and "Kilden kalder" not in str(row["note_da"])]
    return " ".join([", ".join(parts) + ".", *notes])


def figure_unemployment_2020(ctx: ChapterContext) -> Figure | None:
    """The rise in unemployment during the first covid-19 months: the municipality and what the source
    compares it with."""
    rows = home_first(indicator_rows(ctx.ds, "ledighed_aendring_pct"), ctx.home)
    if rows.empty:
        return None
    plot = pd.DataFrame({"Område": rows["geography_name"], "Stigning (%)": rows["value"],
                         "Kommunen": ["Kommunen selv" if c == ctx.home else "Sammenligning"
                                      for c in rows["geography_code"]]})
    chart = chart_hbar(plot, category="Område", value="Stigning (%)",
                       value_title="Procentvis stigning",  # not a rate: the title and note say so
                       decimals=0, colors=color_by(plot, "Kommunen", domain=["Kommunen selv", "Sammenligning"],
                                                   roles=["home", "comparison"]))
    shown = rows.fillna({"note_da": "", "underlying_source_da": ""})
    columns = [text_column("geography_name", "Område"), number_column("value", "Stigning i ledigheden", "pct"),
               text_column("period_label", "Periode"), text_column("note_da", "Bemærkning"),
               text_column("underlying_source_da", "Bagvedliggende kilde")]
    periods = fmt.join_da(list(dict.fromkeys(rows["period_label"])))
    return Figure(
        title=f"Stigning i ledigheden {periods} efter forskellige opgørelser, %",
        table=shown, sources=ctx.ds["sources"], source_ids=list(rows["source_id"].unique()),
        description="Vandrette søjler med den procentvise ændring i ledigheden. "
                    + describe_extremes(plot, "Område", "Stigning (%)", fmt.pct),
        chart=chart, columns=columns,
        note="Søjlerne er ikke én serie: tallene kommer fra forskellige opgørelser og måler ikke helt det samme; "
             "se kolonnerne »Bemærkning« og »Bagvedliggende kilde«. Værdierne er procentvise stigninger, ikke "
             "ledighedsprocenter.",
    )
