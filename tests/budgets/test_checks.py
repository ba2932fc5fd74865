"""Consistency checks from the seed's figures (rounding: notes) and from figures that break them (errors).

No database: the checks are plain functions over plain values.
"""

from __future__ import annotations

from decimal import Decimal

from budgets import checks
from budgets.checks import Line, Severity

NBSP = "\u00a0"
MINUS = "\u2212"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(MINUS, "-")


def d(*values: int) -> dict[int, Decimal]:
    return {year: Decimal(value) for year, value in zip((2026, 2027, 2028), values, strict=False)}


INCOME_STATEMENT = [
    Line("Verksamhetens nettokostnader", d(-3055, -3163, -3262)),
    Line("Avskrivningar", d(-148, -161, -174)),
    Line("Skatteintäkter", d(2571, 2687, 2805)),
    Line("Generella statsbidrag och utjämning", d(785, 780, 784)),
    Line("Finansiella intäkter", d(130, 144, 157)),
    Line("Finansiella kostnader", d(-136, -163, -196)),
    Line("Årets resultat", d(146, 125, 113), is_total=True),
]
BALANCE_SHEET = [
    Line("Tillgångar", {}),
    Line("Anläggningstillgångar", d(3147, 3706, 4289)),
    Line("Omsättningstillgångar", d(5136, 5358, 5555)),
    Line("Summa tillgångar", d(8283, 9063, 9845), is_total=True),
    Line("Eget kapital, avsättningar och skulder", {}),
    Line("Eget kapital", d(2116, 2241, 2354)),
    Line("Avsättningar", d(1128, 1118, 1119)),
    Line("Långfristiga skulder", d(3692, 4355, 5019)),
    Line("Kortfristiga skulder", d(1347, 1350, 1352)),
    Line("Summa eget kapital, avsättningar och skulder", d(8283, 9063, 9845), is_total=True),
]
OPERATING_ROWS = [
    d(1017829, 1058308, 1101731),
    d(265836, 275214, 285152),
    d(393467, 414175, 431922),
    d(1131226, 1164800, 1197078),
    d(17841, 18394, 18982),
    d(85940, 88604, 91439),
    d(153695, 162429, 166595),
    d(5045, 5202, 5368),
]
INVESTMENT_YEARS = (2026, 2027, 2028, 2029, 2030)
INVESTMENT_ROWS = [
    dict(zip(INVESTMENT_YEARS, map(Decimal, row), strict=True))
    for row in [
        (5800, 5800, 5800, 5850, 5850),
        (800, 800, 800, 800, 800),
        (12340, 9000, 8400, 8600, 8700),
        (18590, 22290, 18990, 17990, 17990),
        (75695, 75829, 74522, 74519, 73702),
        (140750, 79975, 74323, 121915, 146100),
        (25000, 26000, 27000, 28000, 29000),
        (308024, 502140, 561084, 449975, 495847),
        (24000, 23650, 11350, 6950, 12850),
    ]
]
INVESTMENT_TOTAL = dict(zip(INVESTMENT_YEARS, map(Decimal, (610999, 745484, 782269, 714599, 790839)), strict=True))


# --- statement sums


def test_income_statement_rounding_is_a_note_every_year() -> None:
    findings = checks.statement_sums(table="Resultatbudget", lines=INCOME_STATEMENT)
    assert [(f.year, f.difference, f.severity) for f in findings] == [
        (2026, Decimal(1), Severity.NOTE),  # 147 against 146
        (2027, Decimal(-1), Severity.NOTE),  # 124 against 125
        (2028, Decimal(1), Severity.NOTE),  # 114 against 113
    ]
    assert plain(findings[0].message) == (
        "Resultatbudget 2026: raderna ovanför summerar till 147 mnkr men Årets resultat anges till 146 mnkr "
        "(skillnad 1 mnkr, inom avrundning)."
    )


def test_balance_sheet_sums_each_half_on_its_own() -> None:
    findings = checks.statement_sums(table="Balansbudget", lines=BALANCE_SHEET)
    # 2026 adds up exactly; 2027 and 2028 are off by one on both halves.
    assert [(f.year, f.difference, f.severity) for f in findings] == [
        (2027, Decimal(1), Severity.NOTE),
        (2028, Decimal(-1), Severity.NOTE),
        (2027, Decimal(1), Severity.NOTE),
        (2028, Decimal(-1), Severity.NOTE),
    ]
    assert "Summa tillgångar" in findings[0].message
    assert "Summa eget kapital, avsättningar och skulder" in findings[2].message


def test_a_statement_that_adds_up_has_no_findings() -> None:
    lines = [Line("A", d(10, 20)), Line("B", d(5, -5)), Line("Summa", d(15, 15), is_total=True)]
    assert checks.statement_sums(table="Resultatbudget", lines=lines) == []


def test_a_statement_off_by_more_than_rounding_is_an_error() -> None:
    lines = [*INCOME_STATEMENT[:-1], Line("Årets resultat", d(140, 124, 114), is_total=True)]
    findings = checks.statement_sums(table="Resultatbudget", lines=lines)
    assert [(f.year, f.severity) for f in findings] == [(2026, Severity.ERROR)]
    assert findings[0].difference == Decimal(7)
    assert findings[0].is_error
    assert "(skillnad 7 mnkr, mer än avrundning)" in plain(findings[0].message)


def test_a_year_with_a_missing_part_is_not_checked() -> None:
    lines = [Line("A", d(10, 20)), Line("B", {2026: Decimal(5)}), Line("Summa", d(99, 99), is_total=True)]
    findings = checks.statement_sums(table="Resultatbudget", lines=lines)
    assert [f.year for f in findings] == [2026]


# --- stated totals of the operating and investment budgets


def test_operating_budget_rounding_is_a_note_in_2026_only() -> None:
    findings = checks.stated_total(
        table="Driftbudget", label="Summa kommunbidrag", rows=OPERATING_ROWS, stated=d(3070880, 3187126, 3298267)
    )
    assert [(f.year, f.difference, f.severity, f.unit) for f in findings] == [(2026, Decimal(-1), Severity.NOTE, "tkr")]
    assert plain(findings[0].message) == (
        "Driftbudget 2026: raderna summerar till 3 070 879 tkr men Summa kommunbidrag anges till 3 070 880 tkr "
        "(skillnad -1 tkr, inom avrundning)."
    )


def test_operating_budget_off_by_more_is_an_error() -> None:
    findings = checks.stated_total(
        table="Driftbudget", label="Summa kommunbidrag", rows=OPERATING_ROWS, stated=d(3070880, 3187226, 3298267)
    )
    assert [(f.year, f.difference, f.severity) for f in findings] == [
        (2026, Decimal(-1), Severity.NOTE),
        (2027, Decimal(-100), Severity.ERROR),
    ]


def test_investment_budget_adds_up_every_year() -> None:
    assert (
        checks.stated_total(
            table="Investeringsbudget", label="Summa investeringar", rows=INVESTMENT_ROWS, stated=INVESTMENT_TOTAL
        )
        == []
    )


def test_investment_budget_with_a_row_missing_is_an_error() -> None:
    findings = checks.stated_total(
        table="Investeringsbudget", label="Summa investeringar", rows=INVESTMENT_ROWS[:-1], stated=INVESTMENT_TOTAL
    )
    assert [(f.year, f.difference, f.severity) for f in findings] == [
        (2026, Decimal(-24000), Severity.ERROR),
        (2027, Decimal(-23650), Severity.ERROR),
        (2028, Decimal(-11350), Severity.ERROR),
        (2029, Decimal(-6950), Severity.ERROR),
        (2030, Decimal(-12850), Severity.ERROR),
    ]


# --- balance sheet cross-checks


def test_assets_equal_equity_and_liabilities_in_the_seed() -> None:
    seed = {
        2026: (8283, 2116, 1128, 3692, 1347),  # exactly
        2027: (9063, 2241, 1118, 4355, 1350),  # 9 064: a note
        2028: (9845, 2354, 1119, 5019, 1352),  # 9 844: a note
    }
    found = {}
    for year, (assets, equity, provisions, long_term, short_term) in seed.items():
        found[year] = checks.assets_equal_equity_and_liabilities(
            year=year,
            total_assets=Decimal(assets),
            equity=Decimal(equity),
            provisions=Decimal(provisions),
            long_term_liabilities=Decimal(long_term),
            short_term_liabilities=Decimal(short_term),
        )
    assert found[2026] == []
    assert [(f.difference, f.severity) for f in found[2027]] == [(Decimal(1), Severity.NOTE)]
    assert [(f.difference, f.severity) for f in found[2028]] == [(Decimal(-1), Severity.NOTE)]


def test_assets_not_matching_equity_and_liabilities_is_an_error() -> None:
    findings = checks.assets_equal_equity_and_liabilities(
        year=2026,
        total_assets=Decimal(8283),
        equity=Decimal(2116),
        provisions=Decimal(1128),
        long_term_liabilities=Decimal(3692),
        short_term_liabilities=Decimal(1000),
    )
    assert [(f.difference, f.severity) for f in findings] == [(Decimal(-347), Severity.ERROR)]


def test_equity_rolls_forward_by_the_result_in_the_seed() -> None:
    # 2 116 + 125 = 2 241; 2 241 + 113 = 2 354
    assert (
        checks.equity_rolls_forward(year=2027, equity=Decimal(2241), previous_equity=Decimal(2116), result=Decimal(125))
        == []
    )
    assert (
        checks.equity_rolls_forward(year=2028, equity=Decimal(2354), previous_equity=Decimal(2241), result=Decimal(113))
        == []
    )


def test_equity_that_does_not_roll_forward() -> None:
    note = checks.equity_rolls_forward(
        year=2027, equity=Decimal(2242), previous_equity=Decimal(2116), result=Decimal(125)
    )
    assert [(f.difference, f.severity) for f in note] == [(Decimal(-1), Severity.NOTE)]
    error = checks.equity_rolls_forward(
        year=2027, equity=Decimal(2300), previous_equity=Decimal(2116), result=Decimal(125)
    )
    assert [(f.difference, f.severity) for f in error] == [(Decimal(-59), Severity.ERROR)]
    assert "eget kapital 2026 plus årets resultat (2 116 mnkr + 125 mnkr) blir 2 241 mnkr" in plain(error[0].message)


# --- investments against the cash flow budget


def test_investments_less_leasing_match_cash_flow_in_the_seed() -> None:
    seed = {2026: (610999, 25000, -586), 2027: (745484, 26000, -719), 2028: (782269, 27000, -755)}
    found = {
        year: checks.investments_match_cash_flow(
            year=year,
            investments=Decimal(investments),
            financial_leasing=Decimal(leasing),
            cash_flow_investing=Decimal(cash_flow),
        )
        for year, (investments, leasing, cash_flow) in seed.items()
    }
    assert [(f.difference, f.severity) for f in found[2026]] == [(Decimal("-0.001"), Severity.NOTE)]
    assert [(f.difference, f.severity) for f in found[2027]] == [(Decimal("0.484"), Severity.NOTE)]
    assert [(f.difference, f.severity) for f in found[2028]] == [(Decimal("0.269"), Severity.NOTE)]
    assert plain(found[2026][0].message) == (
        "Kassaflödesbudget 2026: investeringarna utan finansiell leasing (610 999 tkr - 25 000 tkr) blir "
        "585,999 mnkr men kassaflödet från investeringsverksamheten är -586 mnkr "
        "(skillnad -0,001 mnkr, inom avrundning)."
    )


def test_investments_counting_leasing_as_cash_is_an_error() -> None:
    findings = checks.investments_match_cash_flow(
        year=2026, investments=Decimal(610999), financial_leasing=Decimal(0), cash_flow_investing=Decimal(-586)
    )
    assert [(f.severity, f.difference) for f in findings] == [(Severity.ERROR, Decimal("24.999"))]


# --- cash flow


def test_cash_flow_adds_up_in_the_seed() -> None:
    seed = {2026: (110, -586, 425, -51), 2027: (141, -719, 625, 47), 2028: (153, -755, 625, 23)}
    for year, (operating, investing, financing, total) in seed.items():
        parts = {"Löpande": Decimal(operating), "Investering": Decimal(investing), "Finansiering": Decimal(financing)}
        assert checks.cash_flow_adds_up(year=year, parts=parts, year_cash_flow=Decimal(total)) == []


def test_cash_flow_that_does_not_add_up() -> None:
    parts = {"Löpande": Decimal(110), "Investering": Decimal(-586), "Finansiering": Decimal(425)}
    note = checks.cash_flow_adds_up(year=2026, parts=parts, year_cash_flow=Decimal(-50))
    assert [(f.severity, f.difference) for f in note] == [(Severity.NOTE, Decimal(-1))]
    error = checks.cash_flow_adds_up(year=2026, parts=parts, year_cash_flow=Decimal(51))
    assert [(f.severity, f.difference) for f in error] == [(Severity.ERROR, Decimal(-102))]
    assert "Kassaflödesbudget 2026" in error[0].message
