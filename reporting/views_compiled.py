"""The compiled interim or annual report in the portal: its page, starting the compilation, publishing it,
and its stored PDF and workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from budgets.exchange.layout import XLSX_CONTENT_TYPE
from portal.access import request_user, require_perm
from portal.errors import Refused
from reporting.forms import PublishForm
from reporting.models import CompiledReport, ReportDate
from reporting.services_compiled import compiled_report_publish, compiled_report_start
from reporting.views import report_for


def _compiled(report: ReportDate) -> CompiledReport | None:
    return CompiledReport.objects.filter(report=report).first()


@require_GET
@login_required
@never_cache
def compiled_detail(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    compiled = _compiled(report)
    if getattr(request, "htmx", False) and not (compiled and compiled.is_busy):
        # the page polls its status while the job runs (htmx); once it is over, the whole page shows the result
        return HttpResponseClientRefresh()
    context = {
        "report": report,
        "compiled": compiled,
        "body": mark_safe(compiled.content_html) if compiled and compiled.is_compiled else "",  # noqa: S308  (rendered by our template)
        "publish_form": PublishForm(),
    }
    return render(request, "reporting/compiled_detail.html", context)


@require_POST
@login_required
def compiled_start(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    try:
        compiled_report_start(report=report, actor=request_user(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Rapporten sammanställs. Ladda om sidan om en stund för att se den."))
    return redirect("reporting:compiled", year=report.year, kind=report.slug)


@require_POST
@login_required
def compiled_publish(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.publish_report")
    report = report_for(year, kind)
    compiled = _compiled(report)
    if compiled is None:
        messages.error(request, _("Rapporten är inte sammanställd. Sammanställ den och publicera sedan."))
        return redirect("reporting:compiled", year=report.year, kind=report.slug)
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reporting:compiled", year=report.year, kind=report.slug)
    try:
        compiled_report_publish(
            compiled=compiled, actor=request_user(request), decision_reference=form.cleaned_data["decision_reference"]
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Rapporten är antagen och publicerad på den offentliga webbplatsen."))
    return redirect("reporting:compiled", year=report.year, kind=report.slug)


def stored_file(compiled: CompiledReport | None, which: str) -> HttpResponseBase:
    """The compiled report's stored PDF or workbook, as an attachment; 404 before it is compiled."""
    if compiled is None or not compiled.is_compiled:
        raise Http404
    field = compiled.pdf if which == "pdf" else compiled.xlsx
    if not field.name or not default_storage.exists(field.name):
        raise Http404
    report = compiled.report
    content_type = "application/pdf" if which == "pdf" else XLSX_CONTENT_TYPE
    response = FileResponse(
        default_storage.open(field.name, "rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"{report.slug}-{report.year}.{which}",
    )
    response["X-Content-SHA256"] = compiled.pdf_sha256 if which == "pdf" else compiled.xlsx_sha256
    return response


@require_GET
@login_required
def compiled_pdf(request: HttpRequest, year: int, kind: str) -> HttpResponseBase:
    require_perm(request, "reporting.view_report")
    return stored_file(_compiled(report_for(year, kind)), "pdf")


@require_GET
@login_required
def compiled_xlsx(request: HttpRequest, year: int, kind: str) -> HttpResponseBase:
    require_perm(request, "reporting.view_report")
    return stored_file(_compiled(report_for(year, kind)), "xlsx")
