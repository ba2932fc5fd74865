"""Panels on Min sida that other apps contribute, so that portal imports none of them.

An app registers a panel in its ``AppConfig.ready()``: a template and a
function that returns the template's context for the request (None: nothing
to show). The dashboard renders each in the order registered, passing the
context as ``panel``. followups adds "Mina uppföljningar" this way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: Callable[[HttpRequest], dict[str, Any] | None]


_panels: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    """Adds (or replaces) the panel called ``name``."""
    _panels[name] = panel


def panels_for(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for each panel that has something to show."""
    shown = []
    for panel in _panels.values():
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template_name, context))
    return shown
