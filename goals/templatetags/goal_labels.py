"""Labels on a goal wherever it is named."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def sample_badge(goal: Any) -> SafeString | str:
    """ "Exempeldata" after a goal's title when the demo made it (or its links) up; the note says what."""
    note = getattr(goal, "sample_note", "")
    if not note:
        return ""
    return format_html(' <span class="sample-badge" title="{}">{}</span>', note, gettext("Exempeldata"))
