"""Template filters for Swedish numbers and dates; built into every template.

``{{ value|mnkr }}`` -> ``3 055 mnkr``, ``{{ value|tkr }}`` -> ``1 017 829 tkr``,
``{{ value|percent }}`` -> ``4,4 %``, ``{{ ratio|ratio_percent }}``,
``{{ value|number:1 }}``, ``{{ date|swedish_date }}`` -> ``28 mars 2018``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from portal import formatting

register = template.Library()


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    return formatting.format_number(value, int(decimals))


@register.filter
def mnkr(value: Any, decimals: int = 0) -> str:
    return formatting.format_amount(value, "mnkr", int(decimals))


@register.filter
def tkr(value: Any, decimals: int = 0) -> str:
    return formatting.format_amount(value, "tkr", int(decimals))


@register.filter
def kr(value: Any, decimals: int = 0) -> str:
    return formatting.format_amount(value, "kr", int(decimals))


@register.filter
def percent(value: Any, decimals: int = 1) -> str:
    return formatting.format_percent(value, int(decimals))


@register.filter
def ratio_percent(value: Any, decimals: int = 1) -> str:
    return formatting.format_ratio_as_percent(value, int(decimals))


@register.filter
def swedish_date(value: datetime.date | None) -> str:
    return formatting.format_date(value)
