"""The page where the strategist and the administrator make and revoke keys for the write API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import ApiToken
from portal.access import require_perm
from portal.models import User

MANAGE_TOKENS = "api.manage_tokens"


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    """The keys, and a form for a new one; the new key is shown once, in the answer to the form."""
    require_perm(request, MANAGE_TOKENS)
    created: tuple[ApiToken, str] | None = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            assert isinstance(request.user, User)
            created = ApiToken.issue(
                name=form.cleaned_data["name"], committee=form.cleaned_data["committee"], created_by=request.user
            )
            form = TokenForm()
    else:
        form = TokenForm()
    listed = ApiToken.objects.select_related("committee", "created_by", "revoked_by")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": listed,
            "created_token": created[0] if created else None,
            "raw_token": created[1] if created else "",
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE_TOKENS)
    token = get_object_or_404(ApiToken, pk=pk)
    if token.revoked_at is None:
        assert isinstance(request.user, User)
        token.revoked_at = timezone.now()
        token.revoked_by = request.user
        token.save(update_fields=["revoked_at", "revoked_by"])
        messages.success(request, _("Nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("api:tokens")
