"""Start page, sign-in, Min sida, health and error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import dashboard as dashboard_panels
from portal import signin
from portal.access import log_refusal, roles_for
from portal.forms import SignInForm
from portal.models import Membership, Role


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users get the portal's start page; everyone else the public site's (public/urls.py)."""
    if not request.user.is_authenticated:
        return redirect("public:start")
    return render(request, "portal/home.html")


class SignInView(auth_views.LoginView):
    """The identity provider's button first (portal/signin.py), then the password form if LOCAL_PASSWORDS."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:
            log_refusal(request, "local-passwords-off")
            return self.render_to_response(
                self.get_context_data(
                    refused_message=_(
                        "Inloggning med lösenord är avstängd i den här portalen. Logga in med knappen ovan "
                        "genom kommunens inloggningstjänst."
                    )
                ),
                status=403,
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signin_methods"] = signin.enabled_methods()
        context["local_passwords"] = settings.LOCAL_PASSWORDS
        context["signin_contact"] = settings.SIGNIN_CONTACT
        return context


class SignOutView(auth_views.LogoutView):
    """Signs out of the portal and, for a sign-in through the identity provider, sends on to its sign-out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_signout = request.session.get(signin.SIGNOUT_REDIRECT_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if provider_signout:
            return redirect(provider_signout)
        return response


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """What django-axes answers once an account has had too many wrong passwords."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username", "")
    form = SignInForm(request, initial={"username": username})
    log_refusal(request, "sign-in-locked", username=username or "-")
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out_message": _(
                "Inloggningen för det här kontot är spärrad i %(minutes)d minuter efter för många felaktiga "
                "lösenord. Vänta och försök igen, eller be en administratör att häva spärren."
            )
            % {"minutes": minutes},
        },
        status=429,
    )


@permission_required("portal.view_dashboard")
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    role_set = roles_for(user)
    roles = [label for value, label in Role.choices if role_set.has(value)]
    memberships = Membership.objects.for_user(user)  # type: ignore[arg-type]
    return render(
        request,
        "portal/dashboard.html",
        {"roles": roles, "memberships": memberships, "panels": dashboard_panels.panels_for(request)},
    )


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: is the database answering?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001  (any database failure means "not healthy")
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page; the one place a refusal by PermissionDenied is logged, with the reason it carries."""
    log_refusal(request, str(exception or "") or "forbidden")
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
