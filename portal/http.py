"""The request as the views see it: typed for django-htmx's ``request.htmx``."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that has passed HtmxMiddleware (every request does: see settings.MIDDLEWARE)."""

    htmx: HtmxDetails


def is_htmx_swap(request: HttpRequest) -> bool:
    """An htmx request that swaps part of a page; not a history restore, which wants the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request
