"""The "Nyckeltal från Kolada" panel on Min sida, for those who run the fetches."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kolada.models import FetchRun


def kolada_panel(request: HttpRequest) -> dict[str, Any] | None:
    """One query for the strategist and the administrator; none for anyone else."""
    if not request.user.has_perm("kolada.manage_kolada"):
        return None
    return {"last_run": FetchRun.objects.first()}
