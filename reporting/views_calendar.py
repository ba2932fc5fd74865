"""The statutory calendar, a report's delivery date, and the municipality's rule for the RUR."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.models import BudgetDocument
from portal.access import require_perm
from reporting.deadlines import budget_findings, is_election_year, report_findings, year_deadlines
from reporting.forms import DeficitWaiverForm, EqualisationRuleForm, SubmittedForm, TaxBaseGrowthForm
from reporting.models import DeficitWaiver, EqualisationRule, ReportDate, ReportKind, TaxBaseGrowth
from reporting.views import report_for


@require_GET
@login_required
def statutory_calendar(request: HttpRequest) -> HttpResponse:
    """The law's dates of a year (``?ar=2026``; this year by default) and how the year's reports and budget met them."""
    require_perm(request, "reporting.view_report")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    checks = []
    for report in ReportDate.objects.filter(year__in=[year - 1, year]).exclude(kind=ReportKind.TERTIAL):
        if report.is_annual == (report.year == year - 1):
            findings = report_findings(
                annual=report.is_annual, period_end=report.period_end, submitted_on=report.submitted_on, today=today
            )
            checks.append((str(report), findings))
    document = BudgetDocument.objects.filter(year=year + 1).first()
    if document is not None:
        checks.append((document.title, budget_findings(document.year, document.decision_date)))
    context = {
        "year": year,
        "deadlines": year_deadlines(year),
        "election_year": is_election_year(year),
        "checks": checks,
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "reporting/calendar.html", context)


@require_POST
@login_required
def report_submitted(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    report = report_for(year, kind)
    form = SubmittedForm(request.POST, instance=report)
    if form.is_valid():
        form.save()
        messages.success(request, _("Dagen rapporten lämnades är sparad."))
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect("reporting:report", year=report.year, kind=report.slug)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def equalisation(request: HttpRequest) -> HttpResponse:
    """The RUR rule and the skatteunderlag's growth per year: read by all who read the reports, kept by strategists."""
    require_perm(request, "reporting.view_report")
    rule = EqualisationRule.objects.order_by("pk").first() or EqualisationRule()
    rule_form, growth_form = EqualisationRuleForm(instance=rule), TaxBaseGrowthForm()
    waiver_form = DeficitWaiverForm(prefix="waiver")
    if request.method == "POST":
        require_perm(request, "reporting.edit_report")
        if "rule" in request.POST:
            rule_form = EqualisationRuleForm(request.POST, instance=rule)
            if rule_form.is_valid():
                rule_form.save()
                messages.success(request, _("Riktlinjen för resultatutjämningsreserven är sparad."))
                return redirect("reporting:equalisation")
        elif "waiver" in request.POST:
            waiver_form = DeficitWaiverForm(request.POST, prefix="waiver")
            if waiver_form.is_valid():
                waiver = waiver_form.save()
                messages.success(
                    request,
                    _("Beslutet att inte återställa underskottet %(year)d är sparat.") % {"year": waiver.year},
                )
                return redirect("reporting:equalisation")
        else:
            growth_form = TaxBaseGrowthForm(request.POST)
            if growth_form.is_valid():
                data = growth_form.cleaned_data
                TaxBaseGrowth.objects.update_or_create(
                    year=data["year"], defaults={"percent": data["percent"], "source": data["source"]}
                )
                messages.success(
                    request, _("Skatteunderlagets utveckling %(year)d är sparad.") % {"year": data["year"]}
                )
                return redirect("reporting:equalisation")
    context = {
        "rule_form": rule_form,
        "growth_form": growth_form,
        "growth": TaxBaseGrowth.objects.all(),
        "waiver_form": waiver_form,
        "waivers": DeficitWaiver.objects.all(),
        "stored": rule.pk is not None,
    }
    return render(request, "reporting/equalisation.html", context)


@require_POST
@login_required
def waiver_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "reporting.edit_report")
    waiver = get_object_or_404(DeficitWaiver, pk=pk)
    waiver.delete()
    messages.success(
        request, _("Beslutet för underskottet %(year)d är borttaget; det ska återställas igen.") % {"year": waiver.year}
    )
    return redirect("reporting:equalisation")
