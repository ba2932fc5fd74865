"""The API's errors: DRF's, with a 429 that is Swedish all through (DRF's own message ends in English:
"… Expected available in 30 seconds.")."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def throttled_message(wait: float | None) -> str:
    """The sentence a 429 carries: what happened and how long to wait."""
    if wait is None:
        return _("För många anrop. Vänta en stund och försök igen.")
    seconds = max(1, math.ceil(wait))
    return ngettext(
        "För många anrop. Vänta %(seconds)d sekund och försök igen.",
        "För många anrop. Vänta %(seconds)d sekunder och försök igen.",
        seconds,
    ) % {"seconds": seconds}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (it sets ``Retry-After`` from the wait), with the 429's message in Swedish."""
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)  # set by Throttled.__init__; not in the type stubs
        exc.detail = exceptions.ErrorDetail(throttled_message(wait), code=exc.default_code)
    return drf_exception_handler(exc, context)
