"""The HR editor's panel on Min sida: employer initiatives not yet public."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from goals.models import EmployerInitiative


def initiative_drafts(request: HttpRequest) -> dict[str, Any] | None:
    """The HR editor's initiatives not yet public (one query); None for everyone else, with no query."""
    if not request.user.has_perm("goals.manage_initiatives"):
        return None
    return {"initiatives": list(EmployerInitiative.objects.drafts().order_by("sort_order", "title"))}
