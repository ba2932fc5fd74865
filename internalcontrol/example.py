"""The Alingsås example's internal control: a risk analysis and a control plan for Barn- och ungdomsnämnden.

``manage.py load_example`` calls ``load()`` after the follow-ups' example. Everything here is made up for the
demonstration, since the seed (Mål och budget 2026) has no internal control, and both documents carry a
``sample_note`` that the pages show as "Exempeldata". The risk analysis is adopted, with a made-up decision,
so that the demo shows the matrix to every reader; the control plan is a draft, for the demo's approver to
adopt (its controls then join the committee's follow-ups of the year). Loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from goals.example import BUDGET_YEAR
from internalcontrol.models import Control, ControlPlan, Risk, RiskAnalysis, State
from portal.example import DEMO_COMMITTEE, LoadReport, upsert
from portal.models import Committee, User

SAMPLE_NOTE = (
    "Påhittad för demonstration: Mål och budget 2026 innehåller ingen riskanalys eller internkontrollplan, "
    "och beslutet är inte ett verkligt beslut."
)

# (title, description, consequence, probability)
RISKS: list[tuple[str, str, int, int]] = [
    (
        "Brist på behöriga lärare",
        "Svårt att rekrytera legitimerade lärare i vissa ämnen; undervisningen och betygssättningen brister.",
        3,
        4,
    ),
    (
        "Kränkande behandling utreds inte i tid",
        "Anmälningar om kränkande behandling når inte huvudmannen samma dag eller utreds inte skyndsamt.",
        4,
        2,
    ),
    (
        "Personuppgifter om elever hanteras fel",
        "Känsliga uppgifter om elever delas i system eller kanaler som inte är godkända för dem.",
        3,
        3,
    ),
    (
        "Inköp utanför upphandlade avtal",
        "Skolor köper material och tjänster av leverantörer som kommunen inte har avtal med.",
        2,
        3,
    ),
    (
        "Fel belopp till fristående skolor",
        "Bidraget per elev till fristående skolor räknas eller betalas ut med fel belopp.",
        3,
        2,
    ),
    ("Frånvaro följs inte upp", "Elevers upprepade frånvaro uppmärksammas inte och anmäls inte i tid.", 2, 2),
    ("Fakturor attesteras sent", "Fakturor attesteras efter förfallodagen och dröjsmålsränta betalas.", 1, 2),
]

# (title, the risk's title, method, owner, frequency)
CONTROLS: list[tuple[str, str, str, str, str]] = [
    (
        "Anmälningar om kränkande behandling",
        "Kränkande behandling utreds inte i tid",
        "Stickprov på tio anmälningar per termin: anmäld till huvudmannen samma dag och utredd inom två veckor.",
        "Verksamhetschef grundskola",
        Control.Frequency.TWICE_A_YEAR,
    ),
    (
        "Inköp mot avtal",
        "Inköp utanför upphandlade avtal",
        "Tjugo slumpvis valda fakturor jämförs med avtalsdatabasen.",
        "Förvaltningens controller",
        Control.Frequency.QUARTERLY,
    ),
    (
        "Bidrag till fristående skolor",
        "Fel belopp till fristående skolor",
        "Beslutade belopp per elev jämförs med utbetalda för tre skolor.",
        "Förvaltningens ekonom",
        Control.Frequency.QUARTERLY,
    ),
]


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    committee = Committee.objects.get(abbreviation=DEMO_COMMITTEE)
    approver = User.objects.get(username="godkannare")
    analysis = upsert(
        RiskAnalysis,
        {"committee": committee, "year": BUDGET_YEAR},
        {
            "state": State.ADOPTED,
            "decision_reference": f"{DEMO_COMMITTEE} {BUDGET_YEAR}-02-18 § 12",
            "adopted_by": approver,
            "adopted_at": datetime.datetime(BUDGET_YEAR, 2, 18, 12, tzinfo=timezone.get_current_timezone()),
            "sample_note": SAMPLE_NOTE,
        },
        report,
    )
    risks = {}
    for title, description, consequence, probability in RISKS:
        risks[title] = upsert(
            Risk,
            {"analysis": analysis, "title": title},
            {"description": description, "consequence": consequence, "probability": probability},
            report,
        )
    plan = upsert(ControlPlan, {"committee": committee, "year": BUDGET_YEAR}, {"sample_note": SAMPLE_NOTE}, report)
    if plan.is_draft:  # a plan the demo's approver has adopted keeps its controls as adopted
        for title, risk, method, owner, frequency in CONTROLS:
            upsert(
                Control,
                {"plan": plan, "title": title},
                {"risk": risks[risk], "method": method, "owner": owner, "frequency": frequency},
                report,
            )
    return report
