"""Sign-in events go to the security log (``portal.security``)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

security_log = logging.getLogger("portal.security")

# A typed username can be as long as the sign-in form lets it be; the log keeps the start.
LOGGED_LENGTH = 200


def loggable(value: object) -> str:
    """The value as one line of the security log: a newline or other control character in what someone typed
    (a username, a path) is written escaped (``\\n``), so it cannot start a forged line; backslashes too, so
    that an escape cannot be forged either."""
    text = str(value)[:LOGGED_LENGTH]
    return "".join(c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode("ascii") for c in text)


def _client(request: HttpRequest | None) -> str:
    return loggable(request.META.get("REMOTE_ADDR", "-")) if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="portal_log_sign_in")
def log_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("sign-in user=%s client=%s", loggable(user.get_username()), _client(request))


@receiver(user_logged_out, dispatch_uid="portal_log_sign_out")
def log_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    name = loggable(user.get_username()) if user is not None else "-"
    security_log.info("sign-out user=%s client=%s", name, _client(request))


@receiver(user_login_failed, dispatch_uid="portal_log_sign_in_failed")
def log_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = loggable(credentials.get("username", "-"))
    security_log.warning("sign-in failed user=%s client=%s", name, _client(request))
