"""The report pages: report dates, outcome and forecast against budget, the outcome import, the balanskravsutredning."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.exchange.database import committee_lookup
from budgets.exchange.layout import XLSX_CONTENT_TYPE
from portal.access import require_perm
from portal.pdf import html_to_pdf
from reporting.data import OutcomeData, check_outcome, outcomes_store
from reporting.deadlines import report_findings
from reporting.exchange import outcome_template, read_outcome_file
from reporting.forms import AdjustmentForm, OutcomeUploadForm, PensionCommitmentsForm, ReportDateForm, SubmittedForm
from reporting.models import KIND_SLUGS, BalanceAdjustment, ReportDate
from reporting.outcomes import budget_document, report_tables
from reporting.requirement import balance_requirement, current_rule, source_links
from reporting.spreadsheet import report_workbook

SESSION_KEY = "reporting_import"
_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}


def report_for(year: int, kind: str) -> ReportDate:
    """The report date of a URL: ``/rapportering/2026/delar/``."""
    if kind not in _KINDS:
        raise Http404
    return get_object_or_404(ReportDate, year=year, kind=_KINDS[kind])


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def report_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "reporting.view_report")
    form = ReportDateForm()
    if request.method == "POST":
        require_perm(request, "reporting.edit_report")
        form = ReportDateForm(request.POST)
        if form.is_valid():
            report = form.save()
            messages.success(request, _("%(report)s är skapat.") % {"report": report})
            return redirect("reporting:report", year=report.year, kind=report.slug)
    return render(request, "reporting/report_list.html", {"reports": ReportDate.objects.all(), "form": form})


@require_GET
@login_required
def report_detail(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    document, tables = report_tables(report)
    findings = report_findings(
        annual=report.is_annual,
        period_end=report.period_end,
        submitted_on=report.submitted_on,
        today=timezone.localdate(),
    )
    context = {
        "report": report,
        "document": document,
        "tables": tables,
        "findings": findings,
        "submitted_form": SubmittedForm(instance=report),
    }
    return render(request, "reporting/report_detail.html", context)


@require_GET
@login_required
def report_pdf(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The report's economic sections as PDF: the law's checks, the tables against budget, the
    balanskravsutredning; the same figures as the pages."""
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    document, tables = report_tables(report)
    today = timezone.localdate()
    chain = balance_requirement(report)
    context: dict[str, Any] = {
        "report": report,
        "document": document,
        "tables": tables,
        "today": today,
        "findings": report_findings(
            annual=report.is_annual, period_end=report.period_end, submitted_on=report.submitted_on, today=today
        ),
        "current": chain[-1] if chain else None,
        "links": {},
        "adjustments": report.adjustments.all(),
    }
    html = render_to_string("reporting/report_pdf.html", context, request)
    response = HttpResponse(html_to_pdf(html, stylesheet="reporting/report_print.css"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}-{report.year}.pdf"'
    return response


@require_GET
@login_required
def report_xlsx(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The report's tables and balanskravsutredning as a workbook."""
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    document, tables = report_tables(report)
    chain = balance_requirement(report)
    data = report_workbook(report, document, tables, chain[-1] if chain else None)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.slug}-{report.year}.xlsx"'
    return response


@require_GET
@login_required
def outcome_template_download(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    data = outcome_template(year=report.year, document=budget_document(report))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="utfall-{report.year}-{report.slug}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def import_upload(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    problems: list[Any] = []
    notes: list[str] = []
    form = OutcomeUploadForm()
    if request.method == "POST":
        form = OutcomeUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data, problems, notes = read_outcome_file(
                form.cleaned_data["file"].read(), year=report.year, committees=committee_lookup()
            )
            if data is not None:
                problems = list(check_outcome(data, budget_document(report)))
            if data is not None and not problems:
                request.session[SESSION_KEY] = {
                    "report": report.pk,
                    "token": secrets.token_urlsafe(24),
                    "notes": notes,
                    "data": data.to_json(),
                }
                return redirect("reporting:import_preview", year=report.year, kind=report.slug)
    context = {"report": report, "form": form, "problems": problems, "notes": notes}
    return render(request, "reporting/import_upload.html", context)


def _pending(request: HttpRequest, report: ReportDate) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("report") != report.pk:
        return None
    return pending


@require_GET
@login_required
@never_cache
def import_preview(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    pending = _pending(request, report)
    if pending is None:
        messages.info(request, _("Ingen uppladdad fil väntar på att sparas. Ladda upp filen."))
        return redirect("reporting:import_upload", year=report.year, kind=report.slug)
    data = OutcomeData.from_json(pending["data"])
    context = {
        "report": report,
        "data": data,
        "notes": pending["notes"],
        "token": pending["token"],
        "replaces": report.line_outcomes.exists() or report.committee_outcomes.exists(),
    }
    return render(request, "reporting/import_preview.html", context)


@require_POST
@login_required
def import_confirm(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    pending = _pending(request, report)
    if pending is None or not secrets.compare_digest(request.POST.get("token", ""), pending["token"]):
        messages.error(request, _("Det fanns ingen granskad fil att spara. Ladda upp filen igen."))
        return redirect("reporting:import_upload", year=report.year, kind=report.slug)
    data = OutcomeData.from_json(pending["data"])
    problems = check_outcome(data, budget_document(report))  # the budget may have changed since the preview
    if problems:
        messages.error(request, " ".join(str(problem) for problem in problems))
        return redirect("reporting:import_upload", year=report.year, kind=report.slug)
    outcomes_store(report=report, data=data, actor=request.user)  # type: ignore[arg-type]
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Utfall och prognos för %(report)s är sparade.") % {"report": report})
    return redirect("reporting:report", year=report.year, kind=report.slug)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def balance_requirement_page(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.view_report")
    report = report_for(year, kind)
    form = AdjustmentForm()
    pension_form = PensionCommitmentsForm(instance=report)
    if request.method == "POST" and "pension" in request.POST:
        require_perm(request, "reporting.edit_report")
        pension_form = PensionCommitmentsForm(request.POST, instance=report)
        if pension_form.is_valid():
            pension_form.save()
            messages.success(request, _("Pensionsförpliktelserna är sparade och utredningen är omräknad."))
            return redirect("reporting:balance", year=report.year, kind=report.slug)
        report.refresh_from_db()  # bad input changes nothing, not even the figures shown
    elif request.method == "POST":
        require_perm(request, "reporting.edit_report")
        form = AdjustmentForm(request.POST)
        if form.is_valid():
            form.instance.report = report
            form.save()
            messages.success(request, _("Posten är tillagd i balanskravsutredningen."))
            return redirect("reporting:balance", year=report.year, kind=report.slug)
    chain = balance_requirement(report)
    stored_rule, rule = current_rule()
    context = {
        "report": report,
        "chain": chain,
        "current": chain[-1] if chain else None,
        "rule": rule,
        "stored_rule": stored_rule,
        "links": source_links(report),
        "adjustments": report.adjustments.all(),
        "form": form,
        "pension_form": pension_form,
    }
    return render(request, "reporting/balance.html", context)


@require_POST
@login_required
def adjustment_delete(request: HttpRequest, year: int, kind: str, pk: int) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    get_object_or_404(BalanceAdjustment, pk=pk, report=report).delete()
    messages.success(request, _("Posten är borttagen ur balanskravsutredningen."))
    return redirect("reporting:balance", year=report.year, kind=report.slug)
