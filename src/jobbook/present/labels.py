"""The Danish words readers see for the data's codes: one place for every label.

Codes in the data are English (``actual``, ``forsorgelse`` is the one Danish exception, as
the book's own category); what a reader sees is looked up here, so a label is written once.
"""

from __future__ import annotations

#: What the book writes where a source gives no figure.
MISSING_DA = "ikke oplyst"

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")

#: A figure's basis as a noun ("Budget 2021", "Regnskab 2020"): "faktisk" for actual reads as "in fact"
#: in a Danish sentence, so the book says regnskab ...
BASIS_DA = {"budget": "budget", "actual": "regnskab", "corrected_budget": "korrigeret budget", "forecast": "prognose"}
#: An indicator's basis ("målt": a measured unemployment figure is no regnskab) ...
INDICATOR_BASIS_DA = {**BASIS_DA, "actual": "målt"}
#: ... and as an adverb in a sentence ("der var budgetteret 2.848 personer").
BASIS_ADVERB_DA = {"budget": "budgetteret", "actual": "ifølge regnskabet",
                   "corrected_budget": "efter korrigeret budget", "forecast": "efter prognosen"}

EXPENSE_TYPE_DA = {"forsorgelse": "Forsørgelse (ydelser)", "drift": "Drift og indsats",
                   "administration": "Administration"}

POSITION_DA = {"above": "over gennemsnittet", "below": "under gennemsnittet", "equal": "som gennemsnittet",
               "unknown": MISSING_DA}

CLASSIFICATION_DA = {"state_mandated": "Pålagt af staten", "municipal_choice": "Kommunens valg inden for loven",
                     "own_initiative": "Eget initiativ"}

LAW_SCOPE_DA = {"general": "Regler for al myndighedsudøvelse", "employment": "Beskæftigelsesområdet"}

#: How a column's kind is named in the data dictionary.
KIND_DA = {"text": "tekst", "konto": "kontonummer", "period": "periode (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)",
           "int": "heltal", "float": "decimaltal", "bool": "sand/falsk (true/false)"}

#: What the page build did, for the build report.
SPHINX_MODE_DA = {"full": "alle sider bygget", "incremental": "kun ændrede sider bygget",
                  "skip": "ingen sider ændret; siden var allerede opdateret"}
