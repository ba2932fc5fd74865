"""A local account's password: change it (signed in), or reset it by email. Only with ``LOCAL_PASSWORDS``;
without it (sign-in elsewhere) every page here answers 404.

Django's auth views with the portal's templates. The reset email is written in the portal's language and
links to ``PORTAL_URL``, never to the host the request named; reset requests are throttled per address
and per client (portal/throttling.py), and an account without a usable password (or without email) gets
no email, though the page says the same to everyone.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal import throttling as throttle
from portal.signals import loggable

security_log = logging.getLogger("portal.security")
RESET_WINDOW_SECONDS = 3600


def _local_passwords_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:
            raise Http404("local passwords are off")
        return view(request, *args, **kwargs)

    return wrapped


class _InvalidIs400:
    """A form with errors answers 400, as every form of the portal does."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


@method_decorator(_local_passwords_only, name="dispatch")
class PasswordChangeView(_InvalidIs400, auth_views.PasswordChangeView):
    template_name = "portal/password_change_form.html"
    success_url = reverse_lazy("portal:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_log.info(
            "password-changed user=%s client=%s",
            loggable(self.request.user.get_username()),
            loggable(throttle.client_address(self.request)),
        )
        return response


@method_decorator(_local_passwords_only, name="dispatch")
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "portal/password_change_done.html"


@method_decorator(_local_passwords_only, name="dispatch")
class PasswordResetView(_InvalidIs400, auth_views.PasswordResetView):
    template_name = "portal/password_reset_form.html"
    email_template_name = "portal/password_reset_email.txt"
    subject_template_name = "portal/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")
    form_class = PasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        client = throttle.client_address(self.request)
        wait = max(
            throttle.wait_seconds("reset-address", email, limit=settings.PASSWORD_RESET_PER_ADDRESS),
            throttle.wait_seconds("reset-client", client, limit=settings.PASSWORD_RESET_PER_CLIENT),
        )
        if wait:
            security_log.warning("password-reset throttled email=%s client=%s", loggable(email), loggable(client))
            response = render(
                self.request,
                self.template_name,
                self.get_context_data(
                    form=form,
                    throttled=_(
                        "Du har bett om för många nya lösenord. Vänta %(minutes)d minuter och försök igen, "
                        "eller be en administratör om hjälp."
                    )
                    % {"minutes": math.ceil(wait / 60)},
                ),
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        throttle.record("reset-address", email, window=RESET_WINDOW_SECONDS)
        throttle.record("reset-client", client, window=RESET_WINDOW_SECONDS)
        security_log.info("password-reset requested email=%s client=%s", loggable(email), loggable(client))
        self.extra_email_context = {
            "portal_url": settings.PORTAL_URL.rstrip("/"),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        with translation.override(settings.LANGUAGE_CODE):  # emails in the portal's language
            return super().form_valid(form)


@method_decorator(_local_passwords_only, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


@method_decorator(_local_passwords_only, name="dispatch")
class PasswordResetConfirmView(_InvalidIs400, auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_log.info(
            "password-reset done user=%s client=%s",
            loggable(form.user.get_username()),
            loggable(throttle.client_address(self.request)),
        )
        return response


@method_decorator(_local_passwords_only, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"
