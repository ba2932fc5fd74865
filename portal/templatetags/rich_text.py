"""``{{ text|markdown }}``: Markdown written in the portal as sanitised HTML (portal/markdown.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from portal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Markdown to sanitised HTML: what a reporter writes can never run as script."""
    return render_markdown(text or "")
