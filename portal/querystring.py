"""Numbers read from a query string (``?sida=2``, ``?ar=2026``): ASCII digits within a sane range, or nothing.

``str.isdigit`` accepts "²" and other Unicode digits that ``int`` refuses, and ``int`` accepts a year of twenty
digits that a date or a database integer refuses, so each of those made a page answer 500."""

from __future__ import annotations

from django.http import HttpRequest

# The years the portal knows: a year typed anywhere (a reporting period, ``?ar=``) must lie within them.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def parse_number(value: str, *, minimum: int, maximum: int) -> int | None:
    """The value as a whole number within minimum and maximum, or None."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def query_number(request: HttpRequest, name: str, *, minimum: int, maximum: int) -> int | None:
    """The query parameter ``name`` as a whole number within minimum and maximum, or None."""
    return parse_number(request.GET.get(name, ""), minimum=minimum, maximum=maximum)


def query_year(request: HttpRequest, default: int) -> int:
    """``?ar=`` as a year the portal knows, or the default."""
    year = query_number(request, "ar", minimum=FIRST_YEAR, maximum=LAST_YEAR)
    return default if year is None else year
