"""Numbers typed into forms are read the same way in Swedish and English (portal/numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.numbers import DecimalInputField, parse_decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("82,4", Decimal("82.4")),
        ("82.4", Decimal("82.4")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),  # as the portal writes it back
        ("1\u202f234", Decimal(1234)),
        ("\u22125", Decimal(-5)),  # the minus sign the portal writes
        ("\u2212 3 055,5", Decimal("-3055.5")),
        ("-0,5", Decimal("-0.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234,567", Decimal(1234567)),
        ("1.234.567", Decimal(1234567)),
        ("1,234", Decimal("1.234")),  # a lone mark is the decimal mark, in either language
        (" 7 ", Decimal(7)),
        ("", None),
        ("  ", None),
    ],
)
def test_a_number_typed_either_way_is_read_the_same(typed: str, number: Decimal | None) -> None:
    assert parse_decimal(typed) == number


@pytest.mark.parametrize("typed", ["mycket", "12a", "1,2,3", "1.23.4", "1,234.5,6", ".5", "5.", "1e5", "4,4 %", "NaN"])
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(typed)


def test_the_field_reads_shows_back_in_swedish_and_keeps_every_decimal() -> None:
    field = DecimalInputField(max_digits=16, decimal_places=4, required=False, display_decimals=1)
    assert field.clean("82,4") == Decimal("82.4")
    assert field.prepare_value(Decimal("82.4000")) == "82,4"
    assert field.prepare_value(Decimal("1234.5000")) == "1\u00a0234,5"
    assert field.prepare_value(Decimal("82.4500")) == "82,45"  # never rounded away: saving again changes nothing
    assert field.clean(field.prepare_value(Decimal("-3055.5"))) == Decimal("-3055.5")
    assert field.prepare_value("82,4") == "82,4"  # what the person typed is shown as typed
    assert 'inputmode="decimal"' in field.widget.render("v", "82,4") and 'type="text"' in field.widget.render("v", "")


def test_the_field_says_what_to_write() -> None:
    field = DecimalInputField(max_digits=16, decimal_places=4, required=False)
    with pytest.raises(Exception, match="Skriv ett tal, till exempel 82,4"):
        field.clean("4,4 %")
