"""Targets in words: how a target compares a value, said as a Swedish sentence.

Plain values in, text out, so that the page, the PDF and the spreadsheet say
a target the same way ("Minst 4 % av skatteintäkter och generella statsbidrag").
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_amount, format_number


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("Minst")
    AT_MOST = "at_most", _("Högst")
    ABOVE_REFERENCE = "above_reference", _("Över ett referensvärde")
    NOT_FASTER_THAN = "not_faster_than", _("Ökar inte snabbare än en annan indikator")
    UNCHANGED_OR_RISING = "unchanged_or_rising", _("Oförändrad eller ökande")


# Comparators whose target is a number in the indicator's unit.
WITH_VALUE = frozenset({Comparator.AT_LEAST, Comparator.AT_MOST})


def significant_decimals(value: Decimal) -> int:
    """The decimals a target was written with: ``Decimal("4.0000")`` -> 0, ``Decimal("3.50")`` -> 1."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def target_sentence(*, comparator: str, value: Decimal | None, unit: str, reference: str) -> str:
    """The target as a sentence; ``reference`` says what the value is of or compared with."""
    if comparator in WITH_VALUE:
        if value is None:
            amount = gettext("saknas")
        else:
            decimals = significant_decimals(value)
            amount = format_amount(value, unit, decimals) if unit else format_number(value, decimals)
        if comparator == Comparator.AT_LEAST:
            text = gettext("Minst %(amount)s") % {"amount": amount}
        else:
            text = gettext("Högst %(amount)s") % {"amount": amount}
        return f"{text} {reference}" if reference else text
    if comparator == Comparator.ABOVE_REFERENCE:
        if not reference:
            return gettext("Över referensvärdet")
        return gettext("Över %(reference)s") % {"reference": reference}
    if comparator == Comparator.NOT_FASTER_THAN:
        return gettext("Ökar inte snabbare än %(reference)s") % {"reference": reference}
    if comparator == Comparator.UNCHANGED_OR_RISING:
        return gettext("Oförändrad eller ökande jämfört med föregående år")
    raise ValueError(f"unknown comparator {comparator!r}")
