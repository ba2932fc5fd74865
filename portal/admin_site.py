"""The Django admin, with access decided by the rules like every other page.

Administrators sign in on the portal's own sign-in page (with its lockout and
logging); the admin's sign-in page only sends them there. A signed-in user
without the administrator role is refused with 403, never looped back. The admin's
"change password" link leads to the portal's own page, which exists only with
LOCAL_PASSWORDS.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("portal.use_admin")

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("portal:login"))
        if self.has_permission(request):
            return redirect(next_url)
        raise PermissionDenied("not-administrator")

    def password_change(  # type: ignore[override]  # a redirect, not the admin's form
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """An administrator changes their own password where everyone does (portal/views_account.py): with its
        logging, and not at all when LOCAL_PASSWORDS is off."""
        return redirect("portal:password_change")

    def password_change_done(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return redirect("portal:password_change_done")


class ReadOnly:
    """Mixed into a ModelAdmin or an inline whose rows only the portal's own steps write (a compiled report, a
    frozen copy, a log): the administrator reads them and never adds, changes or removes one by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
