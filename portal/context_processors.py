from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portal.models import Municipality


def portal(request: HttpRequest) -> dict[str, Any]:
    """The municipality (its name for the page header; queried only if a template uses it), and whether local
    passwords are on."""
    return {
        "municipality": SimpleLazyObject(lambda: Municipality.objects.first()),
        "local_passwords": settings.LOCAL_PASSWORDS,  # links to the password pages (portal/views_account.py)
    }
