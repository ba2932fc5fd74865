"""Sample outcome for the Alingsås example: an interim report per 31 August 2026, marked as example data.

The seed has the budget only; these outcome and forecast figures are made up (plausible against the budget,
and they add up as the import's checks ask), so the report date is flagged ``is_example`` and every page
that shows it says "Exempeldata". Importing a real file or posting through the API clears the flag.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from budgets.example import STATEMENTS, YEAR
from budgets.models import InvestmentArea
from portal.example import LoadReport, upsert
from portal.models import Committee
from reporting.models import CommitteeOutcome, InvestmentLineOutcome, LineOutcome, ReportDate, ReportKind

# label: (outcome per 31 August, forecast for the year), mnkr. Outcome: −2 010 − 97 + 1 714 + 523 + 88 − 90
# = 128; forecast: −3 080 − 150 + 2 590 + 788 + 128 − 140 = 136. Assets 2 950 + 5 050 = 8 000 = 2 098 + 1 120
# + 3 400 + 1 382; forecast 3 120 + 5 100 = 8 220 = 2 106 + 1 125 + 3 650 + 1 339. Cash flow 95 − 380 + 260
# = −25; forecast 120 − 560 + 400 = −40.
LINES: dict[str, tuple[int, int]] = {
    "Verksamhetens nettokostnader": (-2010, -3080),
    "Avskrivningar": (-97, -150),
    "Skatteintäkter": (1714, 2590),
    "Generella statsbidrag och utjämning": (523, 788),
    "Finansiella intäkter": (88, 128),
    "Finansiella kostnader": (-90, -140),
    "Årets resultat": (128, 136),
    "Anläggningstillgångar": (2950, 3120),
    "Omsättningstillgångar": (5050, 5100),
    "Summa tillgångar": (8000, 8220),
    "Eget kapital": (2098, 2106),
    "Avsättningar": (1120, 1125),
    "Långfristiga skulder": (3400, 3650),
    "Kortfristiga skulder": (1382, 1339),
    "Summa eget kapital, avsättningar och skulder": (8000, 8220),
    "Kassaflöde från den löpande verksamheten": (95, 120),
    "Kassaflöde från investeringsverksamheten": (-380, -560),
    "Kassaflöde från finansieringsverksamheten": (260, 400),
    "Årets kassaflöde": (-25, -40),
}

# Net cost per committee (tkr): outcome per 31 August, forecast for the year.
COMMITTEES: list[tuple[str, int, int]] = [
    ("Vård- och omsorgsnämnden", 690_000, 1_030_000),
    ("Socialnämnden", 180_500, 270_000),
    ("Kultur- och utbildningsnämnden", 258_000, 390_000),
    ("Barn- och ungdomsnämnden", 752_000, 1_128_000),
    ("Bygg- och miljönämnden", 11_200, 17_500),
    ("Tekniska nämnden", 58_000, 87_500),
    ("Kommunstyrelsen", 98_000, 150_000),
    ("Överförmyndarnämnden", 3_300, 5_000),
]

# Investments (tkr): a committee by name, or an area.
INVESTMENTS: list[tuple[str, int, int]] = [
    ("Vård- och omsorgsnämnden", 2_100, 5_000),
    ("Socialnämnden", 200, 600),
    ("Kultur- och utbildningsnämnden", 5_400, 11_000),
    ("Barn- och ungdomsnämnden", 7_900, 16_000),
    ("Tekniska nämnden", 38_000, 70_000),
    ("Kommunstyrelsen", 52_000, 120_000),
    (InvestmentArea.FINANCIAL_LEASING, 14_000, 24_000),
    (InvestmentArea.WATER, 150_000, 290_000),
    (InvestmentArea.WASTE, 9_000, 22_000),
]


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    date = upsert(ReportDate, {"year": YEAR, "kind": ReportKind.INTERIM}, {}, report)
    if not date.is_example and (date.line_outcomes.exists() or date.committee_outcomes.exists()):
        return report  # a real outcome has been read in: the example does not overwrite it
    if not date.is_example:
        date.is_example = True
        date.save(update_fields=["is_example"])
    order = 0
    for statement, lines in STATEMENTS.items():
        for label, role, is_total, _figures in lines:
            if label not in LINES:
                continue  # a heading
            order += 1
            outcome, forecast = LINES[label]
            upsert(
                LineOutcome,
                {"report": date, "statement": statement, "label": label},
                {
                    "role": role,
                    "is_total": is_total,
                    "outcome": Decimal(outcome),
                    "forecast": Decimal(forecast),
                    "sort_order": order,
                },
                report,
            )
    committees = {committee.name: committee for committee in Committee.objects.all()}
    for name, outcome, forecast in COMMITTEES:
        upsert(
            CommitteeOutcome,
            {"report": date, "committee": committees[name]},
            {"outcome": Decimal(outcome), "forecast": Decimal(forecast)},
            report,
        )
    for order, (name, outcome, forecast) in enumerate(INVESTMENTS, start=1):
        if isinstance(name, InvestmentArea):
            lookup = {"report": date, "area": name, "committee": None}
        else:
            lookup = {"report": date, "area": InvestmentArea.COMMITTEE, "committee": committees[name]}
        upsert(
            InvestmentLineOutcome,
            lookup,
            {"outcome": Decimal(outcome), "forecast": Decimal(forecast), "sort_order": order},
            report,
        )
    return report
