"""Filters for the evidence trail, whose data is JSON (ISO times, numbers as text)."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from portal import formatting

register = template.Library()


@register.filter
def moment(value: str | None) -> str:
    """``2026-12-05T06:10:00+00:00`` -> ``2026-12-05 07:10`` in the portal's time zone; "" for nothing."""
    if not value:
        return ""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.strftime("%Y-%m-%d %H:%M")


@register.filter
def figure(value: str | None) -> str:
    """A number kept as text (``"12.50"``) in Swedish format with its own decimals (``12,50``)."""
    if value in (None, ""):
        return formatting.NOT_AVAILABLE
    decimals = len(str(value).partition(".")[2])
    return formatting.format_number(str(value), decimals)
