"""Swedish number and date formatting: ``3 055 mnkr``, ``4,4 %``, ``28 mars 2018``.

Plain functions over plain values, used by templates (``portal/templatetags``),
PDFs, spreadsheets and the API alike. Numbers follow Swedish typography in
both languages: a space between thousands, a decimal comma, a true minus sign,
and a space before the unit. The spaces are non-breaking so that a figure never
wraps across two lines.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import override

NBSP = "\u00a0"
MINUS = "\u2212"
NOT_AVAILABLE = "–"  # en dash: the Swedish table convention for "no value"

Number = int | float | Decimal


def _to_decimal(value: Number | str) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


def format_number(value: Number | str | None, decimals: int = 0) -> str:
    """``1017829`` -> ``1 017 829``; ``4.44, 1`` -> ``4,4``; rounds half away from zero."""
    if value is None or value == "":
        return NOT_AVAILABLE
    number = _to_decimal(value)
    if not number.is_finite():
        return NOT_AVAILABLE
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    if decimals > 0:
        text = f"{text},{fraction}"
    return sign + text


def format_amount(value: Number | str | None, unit: str, decimals: int = 0) -> str:
    """``3055, "mnkr"`` -> ``3 055 mnkr``; no value gives a dash without a unit."""
    text = format_number(value, decimals)
    return text if text == NOT_AVAILABLE else f"{text}{NBSP}{unit}"


def format_percent(value: Number | str | None, decimals: int = 1) -> str:
    """A percentage (not a ratio): ``4.4`` -> ``4,4 %``."""
    return format_amount(value, "%", decimals)


def format_ratio_as_percent(value: Number | str | None, decimals: int = 1) -> str:
    """A ratio as a percentage: ``0.0435`` -> ``4,4 %``."""
    if value is None or value == "":
        return NOT_AVAILABLE
    return format_percent(_to_decimal(value) * 100, decimals)


def format_date(value: datetime.date | None, language: str | None = None) -> str:
    """``2018-03-28`` -> ``28 mars 2018`` (``28 March 2018`` in English)."""
    if value is None:
        return NOT_AVAILABLE
    if language is None:
        return formats.date_format(value, "j F Y")
    with override(language):
        return formats.date_format(value, "j F Y")
