"""The Min sida panel "Lagens tidsplan": the law's next dates, for those who keep the reports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from budgets.models import BudgetDocument
from reporting.deadlines import budget_findings, report_findings, year_deadlines
from reporting.models import ReportDate, ReportKind

SHOWN = 3  # the next few dates


def upcoming_deadlines(request: HttpRequest) -> dict[str, Any] | None:
    """The law's dates from today on (this year's and next year's), and what is still to act on: a report
    date not handed in by its deadline, next year's budget not adopted in time. Strategists and administrators
    only: they keep the reports."""
    if not request.user.has_perm("reporting.edit_report"):
        return None
    today = timezone.localdate()
    deadlines = [d for d in year_deadlines(today.year) + year_deadlines(today.year + 1) if d.date >= today][:SHOWN]
    to_act: list[tuple[str, str]] = []
    for report in ReportDate.objects.filter(year__gte=today.year - 1).exclude(kind=ReportKind.TERTIAL):
        findings = report_findings(
            annual=report.is_annual, period_end=report.period_end, submitted_on=report.submitted_on, today=today
        )
        to_act += [(str(report), finding.message) for finding in findings if not finding.ok]
    document = BudgetDocument.objects.filter(year=today.year + 1).first()
    if document is not None and document.decision_date is not None:
        to_act += [
            (document.title, f.message) for f in budget_findings(document.year, document.decision_date) if not f.ok
        ]
    return {"deadlines": deadlines, "to_act": to_act}
