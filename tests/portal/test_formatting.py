"""Swedish numbers and dates, as the budget document writes them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.formatting import (
    format_amount,
    format_date,
    format_number,
    format_percent,
    format_ratio_as_percent,
)

NBSP = "\u00a0"


def plain(text: str) -> str:
    """Non-breaking spaces as ordinary ones, to compare with the seed's text."""
    return text.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (3055, 0, "3 055"),
        (1017829, 0, "1 017 829"),
        (3070880, 0, "3 070 880"),
        (146, 0, "146"),
        (0, 0, "0"),
        (Decimal("4.35"), 1, "4,4"),  # half away from zero, not to even
        (Decimal("4.45"), 1, "4,5"),
        (2.5, 0, "3"),
        (Decimal("-25000"), 0, "\u221225 000"),
        (Decimal("-0.04"), 1, "0,0"),  # rounds to zero: no minus sign
        ("1234567.891", 2, "1 234 567,89"),
        (999, 0, "999"),
        (1000, 0, "1 000"),
    ],
)
def test_format_number(value: object, decimals: int, expected: str) -> None:
    assert plain(format_number(value, decimals)) == expected  # type: ignore[arg-type]


def test_thousands_and_unit_are_joined_by_non_breaking_spaces() -> None:
    assert format_amount(3055, "mnkr") == f"3{NBSP}055{NBSP}mnkr"


def test_amounts_and_percentages() -> None:
    assert plain(format_amount(3055, "mnkr")) == "3 055 mnkr"
    assert plain(format_amount(1017829, "tkr")) == "1 017 829 tkr"
    assert plain(format_percent(Decimal("4.4"))) == "4,4 %"
    assert plain(format_ratio_as_percent(Decimal(146) / Decimal(2571 + 785))) == "4,4 %"
    assert plain(format_ratio_as_percent("0.255")) == "25,5 %"


def test_missing_values_show_a_dash_without_unit() -> None:
    assert format_number(None) == "–"
    assert format_amount(None, "mnkr") == "–"
    assert format_percent("") == "–"
    assert format_ratio_as_percent(None) == "–"
    assert format_number(float("nan")) == "–"


def test_not_a_number_is_an_error() -> None:
    with pytest.raises(ValueError, match="is not a number"):
        format_number("tre")


def test_dates_in_swedish_and_english() -> None:
    adopted = datetime.date(2018, 3, 28)
    assert format_date(adopted, "sv") == "28 mars 2018"
    assert format_date(adopted, "en") == "28 March 2018"
    with translation.override("sv"):
        assert format_date(adopted) == "28 mars 2018"
    assert format_date(None) == "–"


def test_template_filters_are_built_in() -> None:
    template = Template(
        "{{ result|mnkr }}|{{ grant|tkr }}|{{ ratio|percent }}|{{ share|ratio_percent }}|"
        "{{ count|number }}|{{ adopted|swedish_date }}|{{ small|number:2 }}|{{ allowance|kr }}"
    )
    with translation.override("sv"):
        text = template.render(
            Context(
                {
                    "result": 3055,
                    "grant": 1017829,
                    "ratio": Decimal("4.4"),
                    "share": Decimal("0.247"),
                    "count": 6250,
                    "adopted": datetime.date(2018, 3, 28),
                    "small": Decimal("0.125"),
                    "allowance": 2200,
                }
            )
        )
    assert plain(text) == "3 055 mnkr|1 017 829 tkr|4,4 %|24,7 %|6 250|28 mars 2018|0,13|2 200 kr"
