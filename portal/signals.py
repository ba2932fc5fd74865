"""Sign-in events go to the security log (``portal.security``)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

security_log = logging.getLogger("portal.security")


def _client(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="portal_log_sign_in")
def log_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("sign-in user=%s client=%s", user.get_username(), _client(request))


@receiver(user_logged_out, dispatch_uid="portal_log_sign_out")
def log_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    name = user.get_username() if user is not None else "-"
    security_log.info("sign-out user=%s client=%s", name, _client(request))


@receiver(user_login_failed, dispatch_uid="portal_log_sign_in_failed")
def log_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_log.warning("sign-in failed user=%s client=%s", credentials.get("username", "-"), _client(request))
