"""Sessions that end after an idle time, and the language the user chose."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

LAST_SEEN_KEY = "portal_last_seen"
STARTED_KEY = "portal_session_started"
# Refreshing the timestamp on every request would write the session on every
# request; once a minute is precise enough for a 30-minute idle limit.
REFRESH_AFTER_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs a user out after ``SESSION_IDLE_MINUTES`` without a request, and
    ``SESSION_MAX_HOURS`` after the session began whatever happens.

    Any request counts as activity, so an editor that autosaves keeps its
    writer signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            started = request.session.setdefault(STARTED_KEY, now)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                return self.sign_out(
                    request,
                    _("Du loggades ut efter %(minutes)d minuter utan aktivitet. Logga in igen för att fortsätta.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            if isinstance(started, int) and now - started > settings.SESSION_MAX_HOURS * 3600:
                return self.sign_out(
                    request,
                    _("Du loggades ut eftersom du varit inloggad i %(hours)d timmar. Logga in igen för att fortsätta.")
                    % {"hours": settings.SESSION_MAX_HOURS},
                )
            if not isinstance(last_seen, int) or now - last_seen >= REFRESH_AFTER_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        messages.info(request, message)
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            # A swap would put the sign-in page inside the page; send the browser there instead.
            return HttpResponseClientRedirect(response["Location"])
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Swedish unless the user has chosen English with the language switch.

    Django's own middleware also follows the browser's Accept-Language, which
    would show a Swedish municipality's portal in English to anyone whose
    browser is set to English.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
