"""The balanskravsutredning gathered from the database: figures per year, the rule, the growth figures."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.models import LineRole
from reporting.balance import Adjustment, Rule, Waiver, YearFigures, YearRequirement, requirement_chain
from reporting.models import (
    ADJUSTMENT_SIGN,
    AdjustmentKind,
    DeficitWaiver,
    EqualisationRule,
    LineOutcome,
    ReportDate,
    ReportKind,
    TaxBaseGrowth,
)
from reporting.outcomes import line_anchor


def current_rule() -> tuple[EqualisationRule | None, Rule]:
    stored = EqualisationRule.objects.order_by("pk").first()
    if stored is None:
        return None, Rule()
    return stored, Rule(
        threshold_percent=stored.threshold_percent,
        reserve_share_percent=stored.reserve_share_percent,
        restore_deficits_first=stored.restore_deficits_first,
        average_years=stored.average_years,
        opening_year=stored.opening_year,
        opening_balance=stored.opening_balance,
    )


def basis_of(report: ReportDate) -> str:
    """The annual report rests on the outcome; an interim report on its forecast for the whole year."""
    return "outcome" if report.is_annual else "forecast"


def report_url(report: ReportDate) -> str:
    return reverse("reporting:report", kwargs={"year": report.year, "kind": report.slug})


def year_figures(report: ReportDate) -> YearFigures:
    basis = basis_of(report)
    word = _("utfall") if basis == "outcome" else _("prognos")
    lines = {line.role: line for line in LineOutcome.objects.filter(report=report).exclude(role="")}

    def value(role: str) -> Decimal | None:
        line = lines.get(role)
        return getattr(line, basis) if line is not None else None

    def source(role: str) -> str:
        line = lines.get(role)
        if line is None:
            return ""
        return _("%(report)s, raden ”%(label)s”, %(word)s %(year)d") % {
            "report": report,
            "label": line.label,
            "word": word,
            "year": report.year,
        }

    tax, grants = value(LineRole.TAX_INCOME), value(LineRole.GENERAL_GRANTS)
    adjustments = tuple(
        Adjustment(
            item.kind,
            str(AdjustmentKind(item.kind).label),
            item.amount * ADJUSTMENT_SIGN[AdjustmentKind(item.kind)],
            item.comment,
        )
        for item in report.adjustments.all()
    )
    return YearFigures(
        report.year,
        value(LineRole.RESULT),
        tax + grants if tax is not None and grants is not None else None,
        adjustments,
        result_source=source(LineRole.RESULT),
        tax_source=" + ".join(filter(None, [source(LineRole.TAX_INCOME), source(LineRole.GENERAL_GRANTS)])),
        equity=value(LineRole.EQUITY),
        pension_commitments=report.pension_commitments,
    )


def waivers() -> dict[int, Waiver]:
    return {
        waiver.year: Waiver(waiver.year, waiver.amount, waiver.reason, waiver.decision_reference)
        for waiver in DeficitWaiver.objects.all()
    }


def source_links(report: ReportDate) -> dict[str, str]:
    """The outcome page's anchors of the lines the utredning reads, by meaning."""
    url = report_url(report)
    return {
        line.role: f"{url}#{line_anchor(line.statement, line.label)}"
        for line in LineOutcome.objects.filter(
            report=report, role__in=[LineRole.RESULT, LineRole.TAX_INCOME, LineRole.GENERAL_GRANTS]
        )
    }


def balance_requirement(report: ReportDate) -> list[YearRequirement]:
    """The chain of years up to the report's: earlier years from their annual reports, the last from ``report``."""
    _stored, rule = current_rule()
    figures = {
        annual.year: year_figures(annual)
        for annual in ReportDate.objects.filter(kind=ReportKind.ANNUAL, year__lt=report.year).prefetch_related(
            "adjustments"
        )
    }
    figures[report.year] = year_figures(report)
    growth = dict(TaxBaseGrowth.objects.values_list("year", "percent"))
    return requirement_chain(figures, rule, growth, report.year, waivers())
