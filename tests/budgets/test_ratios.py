"""Key ratios from the seed's figures, and from figures that leave them without a value. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets import ratios
from portal.formatting import format_ratio_as_percent

NBSP = "\u00a0"

# The seed's statements, 2026–2028 (mnkr).
RESULT = {2026: Decimal(146), 2027: Decimal(125), 2028: Decimal(113)}
TAX_INCOME = {2026: Decimal(2571), 2027: Decimal(2687), 2028: Decimal(2805)}
GENERAL_GRANTS = {2026: Decimal(785), 2027: Decimal(780), 2028: Decimal(784)}
EQUITY = {2026: Decimal(2116), 2027: Decimal(2241), 2028: Decimal(2354)}
TOTAL_ASSETS = {2026: Decimal(8283), 2027: Decimal(9063), 2028: Decimal(9845)}
DEPRECIATION = {2026: Decimal(-148), 2027: Decimal(-161), 2028: Decimal(-174)}
NET_COST = {2026: Decimal(-3055), 2027: Decimal(-3163), 2028: Decimal(-3262)}
# The seed's investment budget per area (tkr), committees summed.
INVESTMENTS = {
    2026: {
        "committee": Decimal(253975),
        "financial_leasing": Decimal(25000),
        "water": Decimal(308024),
        "waste": Decimal(24000),
    },
    2027: {
        "committee": Decimal(193694),
        "financial_leasing": Decimal(26000),
        "water": Decimal(502140),
        "waste": Decimal(23650),
    },
    2028: {
        "committee": Decimal(182835),
        "financial_leasing": Decimal(27000),
        "water": Decimal(561084),
        "waste": Decimal(11350),
    },
}


def percent(value: Decimal | None) -> str:
    return format_ratio_as_percent(value).replace(NBSP, " ")


@pytest.mark.parametrize(("year", "expected"), [(2026, "4,4 %"), (2027, "3,6 %"), (2028, "3,1 %")])
def test_result_ratio_from_the_seed(year: int, expected: str) -> None:
    ratio = ratios.result_ratio(
        year=year, result=RESULT[year], tax_income=TAX_INCOME[year], general_grants=GENERAL_GRANTS[year]
    )
    assert percent(ratio.value) == expected
    assert ratio.key == "result_ratio" and not ratio.reason
    assert [figure.value for figure in ratio.figures] == [RESULT[year], TAX_INCOME[year], GENERAL_GRANTS[year]]
    assert "skatteintäkter" in ratio.formula


def test_result_ratio_2026_exactly() -> None:
    ratio = ratios.result_ratio(year=2026, result=Decimal(146), tax_income=Decimal(2571), general_grants=Decimal(785))
    assert ratio.value == Decimal(146) / Decimal(3356)


def test_result_ratio_without_the_result_has_a_reason() -> None:
    ratio = ratios.result_ratio(year=2026, result=None, tax_income=Decimal(2571), general_grants=Decimal(785))
    assert ratio.value is None
    assert ratio.reason == "ej beräknat: Årets resultat 2026 saknas"


def test_result_ratio_over_zero_income_is_not_computed() -> None:
    ratio = ratios.result_ratio(year=2026, result=Decimal(1), tax_income=Decimal(0), general_grants=Decimal(0))
    assert ratio.value is None and "noll" in ratio.reason


@pytest.mark.parametrize(("year", "expected"), [(2026, "25,5 %"), (2027, "24,7 %"), (2028, "23,9 %")])
def test_equity_ratio_from_the_seed(year: int, expected: str) -> None:
    ratio = ratios.equity_ratio(year=year, equity=EQUITY[year], total_assets=TOTAL_ASSETS[year])
    assert percent(ratio.value) == expected
    assert ratio.formula == "Eget kapital / summa tillgångar"


def test_equity_ratio_without_total_assets() -> None:
    ratio = ratios.equity_ratio(year=2027, equity=Decimal(2241), total_assets=None)
    assert ratio.value is None
    assert ratio.reason == "ej beräknat: Summa tillgångar 2027 saknas"


@pytest.mark.parametrize(("year", "expected"), [(2026, "105,4 %"), (2027, "130,2 %"), (2028, "136,8 %")])
def test_self_financing_ratio_leaves_out_water_and_waste(year: int, expected: str) -> None:
    ratio = ratios.self_financing_ratio(
        year=year, result=RESULT[year], depreciation=DEPRECIATION[year], investments=INVESTMENTS[year]
    )
    assert percent(ratio.value) == expected
    used = {figure.label: figure.value for figure in ratio.figures}
    tax_financed = INVESTMENTS[year]["committee"] + INVESTMENTS[year]["financial_leasing"]
    assert used["Skattefinansierade nettoinvesteringar (utan VA och avfall)"] == tax_financed
    assert used["Avskrivningar"] == -DEPRECIATION[year]  # counted positive
    assert used["Investeringar, VA"] == INVESTMENTS[year]["water"]  # shown, but not in the denominator


def test_self_financing_ratio_2026_exactly() -> None:
    ratio = ratios.self_financing_ratio(
        year=2026, result=Decimal(146), depreciation=Decimal(-148), investments=INVESTMENTS[2026]
    )
    # (146 + 148) / (278 975 tkr / 1 000)
    assert ratio.value == Decimal(294) / Decimal("278.975")


def test_self_financing_ratio_without_investments() -> None:
    ratio = ratios.self_financing_ratio(year=2029, result=Decimal(100), depreciation=Decimal(-100), investments={})
    assert ratio.value is None
    assert ratio.reason == "ej beräknat: investeringsbudget 2029 saknas"


def test_self_financing_ratio_with_only_fee_financed_investments() -> None:
    ratio = ratios.self_financing_ratio(
        year=2026, result=Decimal(100), depreciation=Decimal(-100), investments={"water": Decimal(5000)}
    )
    assert ratio.value is None and "noll" in ratio.reason


def test_net_cost_growth_is_not_assessed_without_the_previous_year() -> None:
    ratio = ratios.net_cost_growth(
        year=2026,
        net_cost=NET_COST[2026],
        previous_net_cost=None,
        tax_and_grants=TAX_INCOME[2026] + GENERAL_GRANTS[2026],
        previous_tax_and_grants=None,
    )
    assert ratio.value is None
    assert ratio.reason == "ej bedömt: utfall 2025 saknas"
    assert not ratio.verdict


def test_net_cost_growth_2027_outgrows_tax_income() -> None:
    ratio = ratios.net_cost_growth(
        year=2027,
        net_cost=NET_COST[2027],
        previous_net_cost=NET_COST[2026],
        tax_and_grants=TAX_INCOME[2027] + GENERAL_GRANTS[2027],
        previous_tax_and_grants=TAX_INCOME[2026] + GENERAL_GRANTS[2026],
    )
    # 3 163 / 3 055 − 1 = 3,5 % against 3 467 / 3 356 − 1 = 3,3 %
    assert percent(ratio.value) == "3,5 %"
    used = {figure.label: figure.value for figure in ratio.figures}
    assert percent(used["Utveckling av skatteintäkter och generella statsbidrag"]) == "3,3 %"
    assert ratio.verdict == "Nettokostnaderna ökar snabbare än skatteintäkter och generella statsbidrag."


def test_net_cost_growth_2028_stays_within_tax_income() -> None:
    ratio = ratios.net_cost_growth(
        year=2028,
        net_cost=NET_COST[2028],
        previous_net_cost=NET_COST[2027],
        tax_and_grants=TAX_INCOME[2028] + GENERAL_GRANTS[2028],
        previous_tax_and_grants=TAX_INCOME[2027] + GENERAL_GRANTS[2027],
    )
    assert percent(ratio.value) == "3,1 %"
    assert ratio.verdict == "Nettokostnaderna ökar inte snabbare än skatteintäkter och generella statsbidrag."


def test_tax_income_growth() -> None:
    ratio = ratios.tax_income_growth(year=2027, tax_and_grants=Decimal(3467), previous_tax_and_grants=Decimal(3356))
    assert percent(ratio.value) == "3,3 %"
    missing = ratios.tax_income_growth(year=2026, tax_and_grants=Decimal(3356), previous_tax_and_grants=None)
    assert missing.value is None and missing.reason == "ej bedömt: utfall 2025 saknas"


def test_structural_result_needs_one_off_items() -> None:
    ratio = ratios.structural_result(year=2026, result=Decimal(146), one_off_items=None)
    assert ratio.value is None
    assert ratio.reason == "ej beräknat: poster av tillfällig karaktär för 2026 anges inte"
    assert ratio.kind == ratios.Kind.AMOUNT


def test_structural_result_takes_one_off_items_away() -> None:
    ratio = ratios.structural_result(year=2026, result=Decimal(146), one_off_items=Decimal(40))
    assert ratio.value == Decimal(106)
    costly = ratios.structural_result(year=2026, result=Decimal(146), one_off_items=Decimal(-20))
    assert costly.value == Decimal(166)
