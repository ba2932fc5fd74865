"""Numbers from a query string: ASCII digits in range, or nothing (never an exception)."""

from __future__ import annotations

import pytest

from portal.querystring import parse_number


@pytest.mark.parametrize(
    ("value", "number"),
    [("3", 3), ("2026", 2026), ("²", None), ("٣", None), ("0", None), ("10000", None), ("9" * 20, None), ("", None)],
)
def test_only_ascii_digits_in_range_are_a_number(value: str, number: int | None) -> None:
    assert parse_number(value, minimum=1, maximum=9999) == number
