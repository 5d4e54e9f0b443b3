"""The employment area's net budgets across the years the documents give them: the table with each
area's scope, and why two documents' areas are not one series (what each covers, said from the
documents, and what the book cannot tell).

The trend chapter's template (udvikling) uses it beside jobbook.analysis.udvikling.
"""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import employment_net_budgets
from jobbook.analysis.context import ChapterContext
from jobbook.present import fmt
from jobbook.present.columns import field_column, text_column
from jobbook.present.figures import Figure
from jobbook.present.prose import Bullets, Paragraph, Prose, Strong


def figure_net_budgets(ctx: ChapterContext) -> Figure | None:
    net = employment_net_budgets(ctx.ds)
    if net.empty:
        return None
    shown = net.assign(year_da=net["budget_year"].astype(str), committee_name=net["committee_name"].fillna(""))
    columns = [text_column("year_da", "År"), field_column("area_name_printed"), field_column("committee_name"),
               field_column("amount_dkk"), text_column("scope_da", "Dækker")]
    return Figure(title="Nettobudgetter for beskæftigelsesområdet med deres afgrænsning", table=shown,
                  sources=ctx.ds["sources"], source_ids=list(net["source_id"].unique()), description="",
                  columns=columns,
                  note="Områderne er afgrænset forskelligt; læs beskrivelsen før du sammenligner beløbene.")


#: The two areas whose net budgets readers are most likely to compare, and the jobcenter's own
#: administration, which the older document budgets as an area of its own.
OLDER_AREA, NEWER_AREA, OLDER_ADMIN_AREA = "arbejdsmarked-og-borgerservice", "jobcenter-og-borgerservice", \
    "jobcenter-administration"


def _area(ds, code: str) -> pd.Series | None:
    rows = ds["net_budgets"]
    rows = rows[rows["area_code"] == code]
    return None if rows.empty else rows.iloc[0]


def text_net_budget_scopes(ctx: ChapterContext) -> Prose | None:
    """Why the two areas' net budgets are not one series: what each document says the area covers.

    The scope differences are read from the two budget documents (bemaerkninger-2022, l.7-44 and
    l.272-301; bemaerkninger-2024, l.2-41), the move of uddannelsesvejledning, FGU and STU from the
    tasks note (budgetnotat-19-2023, l.332-346) and the reform material (reform-2026, l.226-228).
    None when either area is missing from the data."""
    ds = ctx.ds
    older, newer = _area(ds, OLDER_AREA), _area(ds, NEWER_AREA)
    if older is None or newer is None:
        return None
    y1, y2 = int(older["budget_year"]), int(newer["budget_year"])
    committee = newer["committee_name"]
    under = f", som hører under {committee}" if isinstance(committee, str) and committee else ""
    difference = float(newer["amount_dkk"]) - float(older["amount_dkk"])
    intro = (f"Nettobudgettet for {y1} på {fmt.dkk(older['amount_dkk'])} gælder området "
             f"»{older['area_name_printed']}«. Nettobudgettet for {y2} på {fmt.dkk(newer['amount_dkk'])} gælder "
             f"»{newer['area_name_printed']}«{under}. Forskellen er {fmt.dkk(abs(difference))} (bogens udregning), "
             "men den kan ikke læses som en ændring i udgifterne: beløbene er i løbende priser, og de to områder "
             "dækker ikke det samme.")
    seniors = ctx.ds["recipients"]
    seniors = seniors[(seniors["group_code"] == "seniorpension") & (seniors["budget_year"] == y1)
                      & (seniors["basis_code"] == "budget")]["persons"]
    seniors_budgeted = (f"men budgetterer alligevel med {fmt.persons(seniors.iloc[0])} på seniorpension i {y1}"
                        if not seniors.empty and float(seniors.iloc[0]) > 0 else
                        "men dokumentet viser også modtagere af seniorpension")
    items = [
        Paragraph(Strong(f"Kun nævnt for {y1}: "), "Borgerservice havde budgetansvar for andre sundhedsudgifter, "
                  f"personlige tillæg, boligydelse til pensionister og boligsikring. Bemærkningerne for {y2} nævner "
                  "inden for udvalgets område kun førtidspension og seniorpension under Borgerservice og siger ikke, "
                  "hvor de andre områder er placeret."),
        Paragraph(Strong(f"Kun nævnt for {y2}: "), "uddannelsesvejledningen efter grundskolen og budgetansvaret for "
                  "Forberedende Grunduddannelse (FGU), Erhvervsgrunduddannelse (EGU) og Særlig Tilrettelagt "
                  "Uddannelse (STU). Ifølge budgetnotatet om jobcentrets opgaver og materialet om reformen har "
                  "kommunalbestyrelsen flyttet uddannelsesvejledningen, FGU og STU over i jobcentret. Ingen af "
                  "kilderne siger, hvornår EGU kom med."),
        Paragraph(Strong("Seniorpension: "), f"Bemærkningerne for {y1} skriver, at seniorpension er overgået til "
                  f"ATP, {seniors_budgeted}. For {y2} står seniorpension som et af Borgerservices budgetområder. "
                  f"Om selve ydelsen er med i beløbet for {y1}, siger kilden ikke."),
    ]
    admin = _area(ds, OLDER_ADMIN_AREA)
    if admin is not None and int(admin["budget_year"]) == y1:
        items.append(Paragraph(
            Strong("Jobcentrets administration: "), f"I {y1} havde den sit eget nettobudget, "
            f"»{admin['area_name_printed']}«, på {fmt.dkk(admin['amount_dkk'])} ved siden af områdets. Bemærkningerne "
            f"for {y2} nævner ikke et særskilt område for administrationen, og bogen har ingen anden kilde til det, "
            f"så den kan ikke se, om administrationen er med i beløbet for {y2}. Læg derfor ikke de to beløb for "
            f"{y1} sammen for at sammenligne med {y2}."))
    items.append(Paragraph(Strong("Begge år: "), "Borgerservices førtidspension og jobcentrets udbetaling af "
                           "forsørgelsesydelser og arbejdsgiverrefusion, den aktive beskæftigelsesindsats, "
                           "kontaktpersonordningen for unge og Rehabiliteringsteamet."))
    return Prose(intro, Bullets(*items))
