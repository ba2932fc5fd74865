"""The public site's interim and annual reports: those the council has adopted and a strategist has published
(``CompiledReport.State.PUBLISHED``), as compiled: the page, the PDF and the workbook. Nothing else of the
reporting app is public. The pages are cached as every public page is; publishing forgets them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.publiccache import public_page
from reporting.models import KIND_SLUGS, CompiledReport
from reporting.views_compiled import stored_file

_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}


def published_compiled() -> QuerySet[CompiledReport]:
    return (
        CompiledReport.objects.filter(state=CompiledReport.State.PUBLISHED)
        .select_related("report")
        .defer("content", "content_html")
    )


def _published(year: int, kind: str) -> CompiledReport:
    if kind not in _KINDS:
        raise Http404
    return get_object_or_404(
        CompiledReport.objects.filter(state=CompiledReport.State.PUBLISHED).select_related("report"),
        report__year=year,
        report__kind=_KINDS[kind],
    )


@require_GET
def annual_reports(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        items = list(published_compiled().order_by("-report__year", "-report__kind"))
        return _("Delårsrapport och årsredovisning"), {"reports": items}

    return public_page(request, "public/annual_reports.html", build)


@require_GET
def annual_report(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        compiled = _published(year, kind)
        body = mark_safe(compiled.content_html)  # noqa: S308  (rendered by the compilation's own template)
        return str(compiled.report), {"compiled": compiled, "report": compiled.report, "body": body}

    return public_page(request, "public/annual_report.html", build)


@require_GET
def annual_report_pdf(request: HttpRequest, year: int, kind: str) -> HttpResponseBase:
    return stored_file(_published(year, kind), "pdf")


@require_GET
def annual_report_xlsx(request: HttpRequest, year: int, kind: str) -> HttpResponseBase:
    return stored_file(_published(year, kind), "xlsx")
