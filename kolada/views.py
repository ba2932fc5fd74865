"""The strategist's page for Kolada: bound indicators, the fetches, what they changed, their errors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kolada import services
from kolada.forms import ResponseFileForm
from kolada.models import FetchRun
from kolada.overview import binding_rows
from portal.access import require_perm
from portal.models import User

MANAGE = "kolada.manage_kolada"
RECENT_RUNS = 10


def _page(request: HttpRequest, form: ResponseFileForm, status: int = 200) -> HttpResponse:
    runs = list(FetchRun.objects.select_related("requested_by")[:RECENT_RUNS])
    # The latest run whatever its outcome: a failed or waiting fetch must not hide behind an older success.
    last_run = runs[0] if runs else None
    return render(
        request,
        "kolada/index.html",
        {
            "rows": binding_rows(today=timezone.localdate()),
            "runs": runs,
            "last_run": last_run,
            "changes": services.latest_changes(last_run),
            "form": form,
        },
        status=status,
    )


@require_GET
@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    return _page(request, ResponseFileForm())


@require_POST
@login_required
def fetch_now(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    assert isinstance(request.user, User)
    if services.fetch_request(actor=request.user) is None:
        messages.info(request, _("En hämtning från Kolada pågår redan. Vänta tills den är klar."))
    else:
        messages.success(
            request, _("Hämtningen från Kolada har startat. Ladda om sidan om en stund för att se resultatet.")
        )
    return redirect("kolada:index")


@require_POST
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    form = ResponseFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    assert isinstance(request.user, User)
    upload_file = form.cleaned_data["file"]
    run = services.import_file(body=upload_file.read(), file_name=upload_file.name or "", actor=request.user)
    if run.state == FetchRun.State.FAILED:
        messages.error(request, _("Filen kunde inte läsas in: %(error)s") % {"error": run.error})
    else:
        messages.success(request, _("Filen är inläst: %(counts)s") % {"counts": services.describe_counts(run)})
    return redirect("kolada:run", run=run.pk)


@require_GET
@login_required
def run_detail(request: HttpRequest, run: int) -> HttpResponse:
    require_perm(request, MANAGE)
    fetch_run = get_object_or_404(FetchRun.objects.select_related("requested_by"), pk=run)
    return render(request, "kolada/run_detail.html", {"run": fetch_run, "changes": services.latest_changes(fetch_run)})
