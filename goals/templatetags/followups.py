"""Template filters for follow-ups: ``{{ text|markdown }}``, sanitised."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from budgets.services import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Markdown to sanitised HTML: what a reporter writes can never run as script."""
    return render_markdown(text or "")
