from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portal.models import Municipality


def portal(request: HttpRequest) -> dict[str, Any]:
    """The municipality's name for the page header; queried only if a template uses it."""
    return {"municipality": SimpleLazyObject(lambda: Municipality.objects.first())}
