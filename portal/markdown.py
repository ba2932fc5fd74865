"""Markdown written in the portal (budget texts, assessments, initiatives) as sanitised HTML."""

from __future__ import annotations

import markdown  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised: what an editor writes can never run as script."""
    return mark_safe(nh3.clean(markdown.markdown(text)))  # noqa: S308  (nh3 has sanitised it)
