"""Numbers as people type them into a form, in Swedish or English, read the same way whatever the
browser's language: ``82,4``, ``82.4``, ``1 234,5``, ``1,234.5``, ``−5``.

A lone comma or a lone point is the decimal mark. Spaces (also the non-breaking and thin spaces the
portal writes between thousands) are dropped. Where both marks appear, the one that groups thousands
(every group three digits) is dropped and the other is the decimal mark; anything else is refused with
a sentence that says how to write the number. ``DecimalInputField`` is the form field that uses it: a
text input (a browser's number input reads "82,4" by its own language, and an English one made it 824)
that shows its value back in Swedish format.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_number

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-"})
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
_GROUPED_BY_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,234.5
_GROUPED_BY_POINT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.234,5

NOT_A_NUMBER = _("Skriv ett tal, till exempel 82,4 eller −5, utan enhet. Lämna fältet tomt om värdet saknas.")


def parse_decimal(text: str) -> Decimal | None:
    """The number in ``text``, or None for an empty one. Raises ValueError for anything else."""
    compact = text.translate(_SPACES).translate(_MINUSES)
    if not compact:
        return None
    if "," in compact and "." in compact:
        if _GROUPED_BY_COMMA.fullmatch(compact):
            compact = compact.replace(",", "")
        elif _GROUPED_BY_POINT.fullmatch(compact):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            raise ValueError(text)
    elif compact.count(",") > 1 or compact.count(".") > 1:
        # Only thousands can repeat: 1,234,567 or 1.234.567.
        grouped = _GROUPED_BY_COMMA if "," in compact else _GROUPED_BY_POINT
        if not grouped.fullmatch(compact):
            raise ValueError(text)
        compact = compact.replace(",", "").replace(".", "")
    else:
        compact = compact.replace(",", ".")
    if not _PLAIN.fullmatch(compact):
        raise ValueError(text)
    try:
        return Decimal(compact)
    except InvalidOperation:  # pragma: no cover (the pattern admits only what Decimal reads)
        raise ValueError(text) from None


def significant_decimals(value: Decimal) -> int:
    """How many decimals ``value`` really has: 82.4000 has one, 1200 none."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class DecimalInputField(forms.DecimalField):
    """A decimal typed as text and read by ``parse_decimal``; shown in Swedish format with at least
    ``display_decimals`` decimals, and never fewer than the value has (so that saving again changes nothing)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": NOT_A_NUMBER}

    def __init__(self, *args: Any, display_decimals: int = 0, **kwargs: Any) -> None:
        self.display_decimals = display_decimals
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Not DecimalField's: its step and min/max belong to a number input, which this is not.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            number = Decimal(str(value))
            return format_number(number, max(self.display_decimals, significant_decimals(number)))
        return value
