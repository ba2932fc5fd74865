"""The Alingsås example's budget document: every figure of the seed's five tables, and loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from budgets import example
from budgets.models import (
    BudgetDocument,
    DocumentText,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    Statement,
    StatementAmount,
    StatementLine,
)

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_example", stdout=out)
    return out.getvalue()


def snapshot() -> str:
    return serializers.serialize(
        "json",
        [
            *BudgetDocument.objects.order_by("pk"),
            *DocumentText.objects.order_by("pk"),
            *StatementLine.objects.order_by("pk"),
            *StatementAmount.objects.order_by("pk"),
            *OperatingBudget.objects.order_by("pk"),
            *InvestmentBudget.objects.order_by("pk"),
            *StatedTotal.objects.order_by("pk"),
        ],
    )


def figures(statement: str) -> list[tuple[str, str, bool, list[tuple[int, str, Decimal]]]]:
    return [
        (
            line.label,
            line.role,
            line.is_total,
            [(amount.year, amount.basis, amount.amount) for amount in line.amounts.order_by("year")],
        )
        for line in StatementLine.objects.filter(statement=statement).order_by("sort_order")
    ]


def test_the_document() -> None:
    load()
    document = BudgetDocument.objects.get()
    assert document.year == 2026
    assert document.title == "Mål och budget 2026, plan 2027–2028"
    assert document.status == BudgetDocument.Status.ADOPTED
    assert document.years == [2026, 2027, 2028]
    # Not in the seed, so not invented.
    assert document.decision_reference == ""
    assert document.decision_date is None


def seed_amounts(values: tuple[int, ...]) -> list[tuple[int, str, Decimal]]:
    return [
        (year, "budget" if year == 2026 else "plan", Decimal(value))
        for year, value in zip((2026, 2027, 2028), values, strict=False)
    ]


@pytest.mark.parametrize("statement", [Statement.INCOME, Statement.BALANCE, Statement.CASH_FLOW])
def test_every_statement_line_as_printed(statement: str) -> None:
    load()
    expected = [
        (label, str(role), is_total, seed_amounts(values))
        for label, role, is_total, values in example.STATEMENTS[statement]
    ]
    assert figures(statement) == expected


def test_the_statements_figures_spelled_out() -> None:
    """The seed's figures written out once more, so that a typo in example.py cannot hide."""
    load()
    income = {label: [amount for _, _, amount in amounts] for label, _, _, amounts in figures(Statement.INCOME)}
    assert income == {
        "Verksamhetens nettokostnader": [-3055, -3163, -3262],
        "Avskrivningar": [-148, -161, -174],
        "Skatteintäkter": [2571, 2687, 2805],
        "Generella statsbidrag och utjämning": [785, 780, 784],
        "Finansiella intäkter": [130, 144, 157],
        "Finansiella kostnader": [-136, -163, -196],
        "Årets resultat": [146, 125, 113],
    }
    balance = {label: [amount for _, _, amount in amounts] for label, _, _, amounts in figures(Statement.BALANCE)}
    assert balance == {
        "Tillgångar": [],
        "Anläggningstillgångar": [3147, 3706, 4289],
        "Omsättningstillgångar": [5136, 5358, 5555],
        "Summa tillgångar": [8283, 9063, 9845],
        "Eget kapital, avsättningar och skulder": [],
        "Eget kapital": [2116, 2241, 2354],
        "Avsättningar": [1128, 1118, 1119],
        "Långfristiga skulder": [3692, 4355, 5019],
        "Kortfristiga skulder": [1347, 1350, 1352],
        "Summa eget kapital, avsättningar och skulder": [8283, 9063, 9845],
    }
    cash_flow = {label: [amount for _, _, amount in amounts] for label, _, _, amounts in figures(Statement.CASH_FLOW)}
    assert cash_flow == {
        "Kassaflöde från den löpande verksamheten": [110, 141, 153],
        "Kassaflöde från investeringsverksamheten": [-586, -719, -755],
        "Kassaflöde från finansieringsverksamheten": [425, 625, 625],
        "Årets kassaflöde": [-51, 47, 23],
    }
    totals = StatementLine.objects.filter(is_total=True).values_list("label", flat=True)
    assert set(totals) == {
        "Årets resultat",
        "Summa tillgångar",
        "Summa eget kapital, avsättningar och skulder",
        "Årets kassaflöde",
    }


def test_the_operating_budget_per_committee() -> None:
    load()
    rows = {
        (budget.committee.abbreviation, budget.year, budget.basis): budget.amount
        for budget in OperatingBudget.objects.select_related("committee")
    }
    expected = {
        "VON": (1017829, 1058308, 1101731),
        "SN": (265836, 275214, 285152),
        "KUN": (393467, 414175, 431922),
        "BUN": (1131226, 1164800, 1197078),
        "BMN": (17841, 18394, 18982),
        "TN": (85940, 88604, 91439),
        "KS": (153695, 162429, 166595),
        "ÖFN": (5045, 5202, 5368),
    }
    assert rows == {
        (abbreviation, year, "budget" if year == 2026 else "plan"): Decimal(value)
        for abbreviation, values in expected.items()
        for year, value in zip((2026, 2027, 2028), values, strict=True)
    }
    totals = StatedTotal.objects.filter(table=StatedTotal.Table.OPERATING).order_by("year")
    assert [(t.label, t.year, t.amount) for t in totals] == [
        ("Summa kommunbidrag", 2026, Decimal(3070880)),
        ("Summa kommunbidrag", 2027, Decimal(3187126)),
        ("Summa kommunbidrag", 2028, Decimal(3298267)),
    ]


def test_the_investment_budget_per_committee_and_area() -> None:
    load()
    rows = {
        (budget.committee.abbreviation if budget.committee else budget.area, budget.year): budget.amount
        for budget in InvestmentBudget.objects.select_related("committee")
    }
    expected = {
        "VON": (5800, 5800, 5800, 5850, 5850),
        "SN": (800, 800, 800, 800, 800),
        "KUN": (12340, 9000, 8400, 8600, 8700),
        "BUN": (18590, 22290, 18990, 17990, 17990),
        "TN": (75695, 75829, 74522, 74519, 73702),
        "KS": (140750, 79975, 74323, 121915, 146100),
        "financial_leasing": (25000, 26000, 27000, 28000, 29000),
        "water": (308024, 502140, 561084, 449975, 495847),
        "waste": (24000, 23650, 11350, 6950, 12850),
    }
    assert rows == {
        (key, year): Decimal(value)
        for key, values in expected.items()
        for year, value in zip(range(2026, 2031), values, strict=True)
    }
    totals = StatedTotal.objects.filter(table=StatedTotal.Table.INVESTMENT).order_by("year")
    assert [(t.label, t.year, t.amount) for t in totals] == [
        ("Summa investeringar", year, Decimal(value))
        for year, value in zip(range(2026, 2031), (610999, 745484, 782269, 714599, 790839), strict=True)
    ]


def test_the_political_priorities_verbatim() -> None:
    load()
    texts = list(DocumentText.objects.order_by("sort_order"))
    assert [text.heading for text in texts] == [
        "En attraktiv arbetsgivare för dagens och framtidens välfärd",
        "En attraktiv kommun för dagens och framtidens invånare och företag",
    ]
    employer, municipality = (text.body.split("\n\n") for text in texts)
    assert employer[0] == (
        "För att säkra en välfärd med hög kvalitet i Alingsås måste kommunen vara en arbetsgivare där dagens "
        "medarbetare vill stanna kvar och även utvecklas i sitt arbete och som lockar till sig nya medarbetare. "
        "Därför är arbetet med att vara en attraktiv arbetsgivare en av våra viktigaste strategiska frågor."
    )
    assert employer[-1].endswith(
        "Vi vill fortsätta investera i människorna som varje dag gör skillnad för Alingsåsborna."
    )
    assert len(employer) == 12
    assert municipality[0].startswith("Vi vill satsa på våra barn och unga. Vi ser de 30 mkr extra")
    assert municipality[-1] == (
        "Ambitionen är att Alingsås ska bli Sveriges mest effektiva kommun, där varje skattekrona är ett bidrag "
        "till en verksamhet av högsta kvalitet i allt det som kommunen gör."
    )
    assert len(municipality) == 9
    for body in (text.body for text in texts):
        assert "  " not in body and "\n\n\n" not in body


def test_running_twice_changes_nothing() -> None:
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Budget: 0 created, 0 changed." in output


def test_a_changed_figure_is_put_back() -> None:
    load()
    StatementAmount.objects.filter(line__label="Årets resultat", year=2026).update(amount=Decimal(999))
    report = example.load()
    assert (report.created, report.changed) == (0, 1)
    assert StatementAmount.objects.get(line__label="Årets resultat", year=2026).amount == Decimal(146)


def test_needs_the_committees_first() -> None:
    from portal.models import Committee

    with pytest.raises(Committee.DoesNotExist, match="Load portal.example first"):
        example.load()
