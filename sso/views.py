"""Sign-in through the municipality's identity provider: the authorization code flow with PKCE.

``start`` sends the browser to the provider with a fresh state, nonce and PKCE
verifier (kept in the session by Authlib); ``callback`` takes the code back,
exchanges it for tokens and lets Authlib check the ID token (signature, issuer,
audience, expiry, nonce). Any failure gets a Swedish page that says what to do,
and no session.
"""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from joserfc.errors import BadSignatureError, ClaimError, DecodeError, ExpiredTokenError, InvalidClaimError, JoseError

from portal.access import log_refusal
from portal.signin import SIGNOUT_REDIRECT_SESSION_KEY
from sso.accounts import Refused, sign_in_user
from sso.backends import PATH as BACKEND
from sso.client import provider_client

logger = logging.getLogger("portal.security")

NEXT_SESSION_KEY = "sso_next"


def _start_again() -> str:
    return _("Börja om från inloggningssidan.")


def refused(request: HttpRequest, problem: Refused) -> HttpResponse:
    log_refusal(request, f"sso-{problem.reason}")
    return render(
        request,
        "sso/refused.html",
        {"message": problem.message, "contact": settings.SIGNIN_CONTACT},
        status=problem.status,
    )


def _token_problem(exc: Exception) -> Refused:
    """What a failed check of the provider's answer means for the person signing in."""
    contact = {"contact": settings.SIGNIN_CONTACT}
    if isinstance(exc, MismatchingStateError):
        return Refused(
            _(
                "Svaret från inloggningstjänsten hör inte till någon inloggning som pågår här: den kan redan ha "
                "använts, ha tagit för lång tid eller ha börjat i en annan webbläsare. "
            )
            + _start_again(),
            reason="state",
            status=400,
        )
    if isinstance(exc, AuthlibBaseError):
        return Refused(
            _("Inloggningstjänsten godkände inte inloggningen (%(error)s). ") % {"error": exc.error} + _start_again(),
            reason=f"provider-{exc.error}",
            status=400,
        )
    if isinstance(exc, (BadSignatureError, DecodeError)):
        return Refused(
            _(
                "Intyget från inloggningstjänsten har ingen giltig underskrift och godtogs inte. %(again)s Händer "
                "det igen, kontakta %(contact)s."
            )
            % {"again": _start_again(), **contact},
            reason="signature",
            status=400,
        )
    if isinstance(exc, ExpiredTokenError):
        return Refused(
            _(
                "Intyget från inloggningstjänsten har gått ut. %(again)s Händer det igen kan klockan på din dator "
                "eller servern gå fel: kontakta %(contact)s."
            )
            % {"again": _start_again(), **contact},
            reason="expired",
            status=400,
        )
    if isinstance(exc, ClaimError) and exc.claim in ("aud", "azp"):
        return Refused(
            _(
                "Intyget från inloggningstjänsten är utfärdat för en annan tjänst än Styrportal och godtogs inte. "
                "%(again)s Händer det igen, kontakta %(contact)s."
            )
            % {"again": _start_again(), **contact},
            reason="audience",
            status=400,
        )
    if isinstance(exc, InvalidClaimError) and exc.claim == "iss":
        return Refused(
            _(
                "Intyget kommer från en annan inloggningstjänst än den portalen litar på och godtogs inte. "
                "Kontakta %(contact)s."
            )
            % contact,
            reason="issuer",
            status=400,
        )
    if isinstance(exc, (ClaimError, JoseError)):
        claim = getattr(exc, "claim", "")
        return Refused(
            _("Intyget från inloggningstjänsten klarade inte kontrollen och godtogs inte. ") + _start_again(),
            reason=f"token-{claim or exc.__class__.__name__}",
            status=400,
        )
    return Refused(
        _(
            "Inloggningstjänsten svarar inte just nu. Försök igen om en stund; fungerar det inte då heller, "
            "kontakta %(contact)s."
        )
        % contact,
        reason="provider-unreachable",
        status=502,
    )


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ISSUER:
        raise Http404("OIDC is not configured")
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_SESSION_KEY] = next_url
    else:
        request.session.pop(NEXT_SESSION_KEY, None)
    try:
        return provider_client().authorize_redirect(request, request.build_absolute_uri(reverse("sso:callback")))
    except (requests.RequestException, ValueError, RuntimeError) as exc:
        logger.warning("sso start failed: %s", exc.__class__.__name__)
        return refused(request, _token_problem(exc))


@require_GET
@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ISSUER:
        raise Http404("OIDC is not configured")
    client = provider_client()
    try:
        token = client.authorize_access_token(
            request,
            leeway=settings.OIDC_LEEWAY_SECONDS,
            claims_options={"iss": {"essential": True, "values": [settings.OIDC_ISSUER]}},
        )
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, RuntimeError) as exc:
        return refused(request, _token_problem(exc))
    claims = token.get("userinfo")
    if not claims:  # no ID token in the answer: nothing verified about who this is
        return refused(
            request,
            Refused(
                _("Inloggningstjänsten skickade inget ID-intyg. Kontakta %(contact)s.")
                % {"contact": settings.SIGNIN_CONTACT},
                reason="no-id-token",
                status=400,
            ),
        )
    try:
        user = sign_in_user(settings.OIDC_ISSUER, dict(claims))
    except Refused as problem:
        return refused(request, problem)
    next_url = request.session.pop(NEXT_SESSION_KEY, "") or settings.LOGIN_REDIRECT_URL
    login(request, user, backend=BACKEND)
    request.session[SIGNOUT_REDIRECT_SESSION_KEY] = provider_signout_url(request, token.get("id_token", ""))
    return redirect(next_url)


def provider_signout_url(request: HttpRequest, id_token: str) -> str:
    """The provider's end_session_endpoint, back to the portal's start page afterwards; "" if it has none."""
    client = provider_client()
    if not client.load_server_metadata().get("end_session_endpoint"):
        return ""
    result = client.create_logout_url(
        post_logout_redirect_uri=request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL)),
        id_token_hint=id_token,
        client_id=settings.OIDC_CLIENT_ID,
    )
    return str(result["url"])
