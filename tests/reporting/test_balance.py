"""The balanskravsutredning: the acceptance test's worked example, computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import LineRole, Statement
from reporting.models import (
    AdjustmentKind,
    BalanceAdjustment,
    EqualisationRule,
    LineOutcome,
    ReportDate,
    ReportKind,
    TaxBaseGrowth,
)
from reporting.requirement import balance_requirement

D = Decimal


def annual(year: int, *, result: str, tax: str, grants: str, basis: str = "outcome") -> ReportDate:
    report = ReportDate.objects.create(year=year, kind=ReportKind.ANNUAL)
    for number, (label, role, amount) in enumerate(
        [
            ("Skatteintäkter", LineRole.TAX_INCOME, tax),
            ("Generella statsbidrag och utjämning", LineRole.GENERAL_GRANTS, grants),
            ("Årets resultat", LineRole.RESULT, result),
        ]
    ):
        LineOutcome.objects.create(
            report=report,
            statement=Statement.INCOME,
            label=label,
            role=role,
            is_total=role == LineRole.RESULT,
            sort_order=number,
            **{basis: D(amount)},
        )
    return report


def adjust(report: ReportDate, kind: str, amount: str, comment: str) -> None:
    BalanceAdjustment.objects.create(report=report, kind=kind, amount=D(amount), comment=comment)


@pytest.mark.django_db
def test_worked_example_realisation_gain_reversal_reservation_and_a_deficit_restored_over_three_years() -> None:
    """The worked example, in mnkr, computed by hand.

    Rule: reserve what exceeds 1 % of skatteintäkter + generella statsbidrag, all of it (100 %), but only
    after earlier deficits are restored; use the reserve when the skatteunderlag grows less than its
    10-year average. The reserve holds 5 at the start of 2023. Growth 2014–2022: 4,00 % a year;
    2023: 4,50 %; average 2014–2023 = (9 × 4,00 + 4,50) / 10 = 4,05 %: 2023 is above, no use.

    2023: result −60; realisation gain (sale of a building) 5 avgår: −60 − 5 = −65 after adjustments.
          Limit 1 % × (2 400 + 600) = 30; −65 is below: no reservation. Use: growth not below average: 0.
          Balanskravsresultat −65: a deficit of 65 arises in 2023, to be restored by 2026.
    2024: result 20; reversal of unrealised losses in securities 4 avgår: 20 − 4 = 16. Limit 30: no
          reservation. Balanskravsresultat 16 restores 16: 65 − 16 = 49 left.
    2025: result 12; unrealised losses in securities 3 tillägg: 12 + 3 = 15. Limit 30: no reservation.
          Balanskravsresultat 15: 49 − 15 = 34 left.
    2026: result 60; realisation gain 7 avgår: 60 − 7 = 53. Limit 1 % × (2 500 + 600) = 31; above it:
          53 − 31 = 22; but the deficits come first: 53 − 34 = 19 may be reserved; min(22, 19) = 19.
          Balanskravsresultat 53 − 19 = 34 restores the last 34: nothing left, in the third year.
          The reserve: 5 + 19 = 24.
    """
    EqualisationRule.objects.create(opening_year=2023, opening_balance=D(5))
    for year in range(2014, 2023):
        TaxBaseGrowth.objects.create(year=year, percent=D("4.00"), source="SKR")
    TaxBaseGrowth.objects.create(year=2023, percent=D("4.50"), source="SKR")
    r2023 = annual(2023, result="-60", tax="2400", grants="600")
    adjust(r2023, AdjustmentKind.REALISATION_GAINS, "5", "Försäljning av Norra skolan")
    r2024 = annual(2024, result="20", tax="2400", grants="600")
    adjust(r2024, AdjustmentKind.UNREALISED_LOSSES_REVERSAL, "4", "Pensionsmedlens värde återhämtat")
    r2025 = annual(2025, result="12", tax="2400", grants="600")
    adjust(r2025, AdjustmentKind.UNREALISED_LOSSES, "3", "Pensionsmedlen sjönk i värde")
    r2026 = annual(2026, result="60", tax="2500", grants="600")
    adjust(r2026, AdjustmentKind.REALISATION_GAINS, "7", "Försäljning av tomt i Nolby")

    chain = balance_requirement(r2026)

    assert [year.year for year in chain] == [2023, 2024, 2025, 2026]
    y2023, y2024, y2025, y2026 = chain
    assert (y2023.result_after_adjustments, y2023.reservation, y2023.use, y2023.balance_result) == (
        D(-65),
        D(0),
        D(0),
        D(-65),
    )
    assert [(d.year, d.amount, d.left, d.restore_by) for d in y2023.deficits] == [(2023, D(65), D(65), 2026)]
    assert (y2024.result_after_adjustments, y2024.balance_result, y2024.restored) == (D(16), D(16), D(16))
    assert [(d.year, d.left) for d in y2024.deficits] == [(2023, D(49))]
    assert (y2025.result_after_adjustments, y2025.balance_result, y2025.deficits_left) == (D(15), D(15), D(34))
    assert (y2026.result_after_adjustments, y2026.reservation, y2026.balance_result) == (D(53), D(19), D(34))
    assert y2026.restored == D(34) and y2026.deficits == [] and y2026.overdue == []
    assert (y2026.rur_opening, y2026.rur_closing) == (D(5), D(24))
    # Every figure names where it comes from: the result its line, the items their comments.
    labels = [(step.label, step.amount) for step in y2026.steps]
    assert labels == [
        ("Årets resultat", D(60)),
        ("Samtliga realisationsvinster (avgår)", D(-7)),
        ("Årets resultat efter balanskravsjusteringar", D(53)),
        ("Reservation till resultatutjämningsreserv (avgår)", D(-19)),
        ("Användning av resultatutjämningsreserv (tillägg)", D(0)),
        ("Balanskravsresultat", D(34)),
    ]
    assert "raden ”Årets resultat”, utfall 2026" in y2026.steps[0].explanation
    assert y2026.steps[1].explanation == "Försäljning av tomt i Nolby"
    assert "31,00" in y2026.steps[3].explanation and "34,00" in y2026.steps[3].explanation


@pytest.mark.django_db
def test_the_reserve_covers_a_negative_result_when_the_tax_base_grows_slowly() -> None:
    """2026: result −10, nothing to adjust. Growth 2017–2025 3,00 %, 2026 1,00 %: average 2,80 %; 1,00 is below,
    so the reserve (25 at the start of 2026) covers 10: balanskravsresultat 0, reserve 15, no deficit."""
    EqualisationRule.objects.create(opening_year=2026, opening_balance=D(25))
    for year in range(2017, 2026):
        TaxBaseGrowth.objects.create(year=year, percent=D(3), source="SKR")
    TaxBaseGrowth.objects.create(year=2026, percent=D(1), source="SKR")
    report = annual(2026, result="-10", tax="2500", grants="600")
    (year,) = balance_requirement(report)
    assert (year.use, year.balance_result, year.rur_closing, year.deficits) == (D(10), D(0), D(15), [])


@pytest.mark.django_db
def test_an_interim_report_rests_on_the_forecast_and_a_missing_growth_figure_is_named() -> None:
    """Delår 2026: forecast −10; the growth figures are missing, so the reserve is not used: a deficit of 10."""
    report = ReportDate.objects.create(year=2026, kind=ReportKind.INTERIM)
    LineOutcome.objects.create(
        report=report, statement=Statement.INCOME, label="Årets resultat", role=LineRole.RESULT, forecast=D(-10)
    )
    (year,) = balance_requirement(report)
    assert year.balance_result == D(-10)
    assert [(d.year, d.left) for d in year.deficits] == [(2026, D(10))]
    assert "saknas för 2017" in year.steps[-2].explanation
