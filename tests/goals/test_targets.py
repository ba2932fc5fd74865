"""Targets in words, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goals.targets import Comparator, significant_decimals, target_sentence

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("comparator", "value", "unit", "reference", "sentence"),
    [
        (
            Comparator.AT_LEAST,
            Decimal("4.0000"),
            "%",
            "av skatteintäkter och generella statsbidrag",
            f"Minst 4{NBSP}% av skatteintäkter och generella statsbidrag",
        ),
        (Comparator.AT_LEAST, Decimal("100"), "%", "", f"Minst 100{NBSP}%"),
        (Comparator.AT_MOST, Decimal("2.50"), "%", "", f"Högst 2,5{NBSP}%"),
        (Comparator.AT_MOST, Decimal("12000"), "", "", f"Högst 12{NBSP}000"),
        (Comparator.AT_LEAST, None, "%", "", "Minst saknas"),
        (
            Comparator.ABOVE_REFERENCE,
            None,
            "",
            "genomsnittet för Sveriges kommuner",
            "Över genomsnittet för Sveriges kommuner",
        ),
        (Comparator.ABOVE_REFERENCE, None, "", "", "Över referensvärdet"),
        (
            Comparator.NOT_FASTER_THAN,
            None,
            "%",
            "summan av skatteintäkter och generella statsbidrag",
            "Ökar inte snabbare än summan av skatteintäkter och generella statsbidrag",
        ),
        (Comparator.UNCHANGED_OR_RISING, None, "%", "", "Oförändrad eller ökande jämfört med föregående år"),
    ],
)
def test_target_sentence(comparator: str, value: Decimal | None, unit: str, reference: str, sentence: str) -> None:
    assert target_sentence(comparator=comparator, value=value, unit=unit, reference=reference) == sentence


def test_unknown_comparator_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown comparator"):
        target_sentence(comparator="roughly", value=None, unit="", reference="")


@pytest.mark.parametrize(
    ("value", "decimals"), [(Decimal("4.0000"), 0), (Decimal("3.50"), 1), (Decimal("100"), 0), (Decimal("0.125"), 3)]
)
def test_significant_decimals(value: Decimal, decimals: int) -> None:
    assert significant_decimals(value) == decimals
