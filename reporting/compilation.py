"""What a compiled interim or annual report holds, gathered from the database and rendered once.

``gather(report)`` reads every section: the law's checks, the five tables against budget, the
balanskravsutredning, the fulfillment of the year with the verdict on god ekonomisk hushållning, and the
committees' texts from their decided follow-ups of the report's period. ``render_document`` turns that into
the stored page (HTML), the PDF (cover, contents with page numbers) and the workbook. The Celery task
(reporting/services_compiled.py) stores what this returns; nothing here writes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import BudgetDocument
from followups.models import FollowUp
from fulfillment.compilation import compute_year
from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.reports import status_label
from portal.formatting import format_date
from portal.models import Municipality, ReportingPeriod
from portal.pdf import html_to_pdf
from reporting.balance import YearRequirement
from reporting.deadlines import Finding, report_findings
from reporting.models import ReportDate
from reporting.outcomes import DECIDED, OutcomeTable, report_tables
from reporting.requirement import balance_requirement
from reporting.spreadsheet import report_workbook

PDF_STYLESHEET = "reporting/compiled_print.css"


@dataclass(frozen=True)
class GoalLine:
    title: str
    status: str
    explanation: str


@dataclass(frozen=True)
class FulfillmentSection:
    """The year's fulfillment as the report shows it: the verdict, the council's goals, where it comes from."""

    verdict_met: bool | None
    verdict_text: str
    goals: list[GoalLine]
    source: str


@dataclass(frozen=True)
class CommitteeText:
    committee: str
    source: str
    key_events_html: str
    investments_html: str


@dataclass
class ReportContent:
    report: ReportDate
    municipality: str
    document: BudgetDocument | None
    tables: list[OutcomeTable]
    findings: list[Finding]
    current: YearRequirement | None
    adjustments: list[Any]
    fulfillment: FulfillmentSection
    committee_texts: list[CommitteeText]
    compiled_at: Any = field(default_factory=timezone.now)

    def sections(self) -> list[tuple[str, str]]:
        """The contents: (anchor, heading) of each section, in order; the PDF's contents and the page's."""
        return [
            ("lagens-krav", _("Lagens krav")),
            *((f"table-{table.key}", table.name) for table in self.tables),
            ("balanskravsutredning", _("Balanskravsutredning")),
            ("maluppfyllelse", _("Måluppfyllelse och god ekonomisk hushållning")),
            ("namndernas-redovisning", _("Nämndernas redovisning")),
        ]


def report_period(report: ReportDate) -> ReportingPeriod | None:
    """The follow-up reporting period whose figures are of the report's date (the delår period per 31 August)."""
    return ReportingPeriod.objects.filter(year=report.year, figures_date=report.period_end).order_by("pk").first()


def fulfillment_section(report: ReportDate) -> FulfillmentSection:
    """The latest published fulfillment report of the year (per the report's period for an interim report); without
    one, the fulfillment computed now from the goals' outcome (``compute_year``), said so in its source."""
    as_of = None if report.is_annual else report_period(report)
    published = (
        FulfillmentReport.objects.filter(year=report.year, as_of=as_of, state=FulfillmentReport.State.PUBLISHED)
        .defer("inputs")
        .order_by("-version")
        .first()
    )
    if published is not None:
        rows = ReportRow.objects.filter(
            report=published, generation=published.generation, kind=ReportRow.Kind.GOAL, level="council"
        ).order_by("position")
        return FulfillmentSection(
            verdict_met=published.verdict_met,
            verdict_text=published.verdict_text,
            goals=[GoalLine(row.title, status_label(row.status), row.explanation) for row in rows],
            source=_(
                "Publicerad sammanställning av måluppfyllelsen %(year)d, version %(version)d, sammanställd %(when)s."
            )
            % {
                "year": published.year,
                "version": published.version,
                "when": format_date(timezone.localdate(published.compiled_at)) if published.compiled_at else "–",
            },
        )
    result = compute_year(year=report.year, as_of=as_of, counting=settings.FULFILLMENT_MAJORITY_COUNTING)
    return FulfillmentSection(
        verdict_met=result.verdict.met,
        verdict_text=result.verdict.sentence,
        goals=[
            GoalLine(goal.title, status_label(goal.result.status), goal.result.sentence)
            for goal in result.goals
            if goal.is_council_goal
        ],
        source=_(
            "Beräknad ur målens utfall när rapporten sammanställdes (%(period)s); ingen sammanställning av "
            "måluppfyllelsen är publicerad för perioden."
        )
        % {"period": result.as_of_label or str(report.year)},
    )


def committee_texts(report: ReportDate) -> list[CommitteeText]:
    """Each committee's key events and investment comment from its follow-up of the report's period, once the
    committee has decided on it (approved, accepted or published); a draft's texts are not shown."""
    followups = (
        FollowUp.objects.filter(period__year=report.year, period__figures_date=report.period_end, state__in=DECIDED)
        .select_related("committee", "period", "key_events", "investment_outcome")
        .order_by("committee__sort_order", "committee__name")
    )
    texts = []
    for followup in followups:
        key_events = getattr(followup, "key_events", None)
        investments = getattr(followup, "investment_outcome", None)
        key_html = str(key_events.text_html) if key_events is not None and key_events.text else ""
        investments_html = str(investments.comment_html) if investments is not None and investments.comment else ""
        if not key_html and not investments_html:
            continue
        texts.append(
            CommitteeText(
                committee=followup.committee.name,
                source=_("Uppföljning %(period)s, beslut %(decision)s")
                % {"period": followup.period, "decision": followup.decision_reference or _("utan beslutsbeteckning")},
                key_events_html=key_html,
                investments_html=investments_html,
            )
        )
    return texts


def gather(report: ReportDate) -> ReportContent:
    document, tables = report_tables(report)
    chain = balance_requirement(report)
    municipality = Municipality.objects.first()
    return ReportContent(
        report=report,
        municipality=municipality.name if municipality else "",
        document=document,
        tables=tables,
        findings=report_findings(
            annual=report.is_annual,
            period_end=report.period_end,
            submitted_on=report.submitted_on,
            today=timezone.localdate(),
        ),
        current=chain[-1] if chain else None,
        adjustments=list(report.adjustments.all()),
        fulfillment=fulfillment_section(report),
        committee_texts=committee_texts(report),
    )


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def summary(content: ReportContent) -> dict[str, Any]:
    """The compiled report's figures as JSON: what an auditor's copy or a later comparison reads."""
    current = content.current
    return {
        "report": {"year": content.report.year, "kind": content.report.kind, "is_example": content.report.is_example},
        "municipality": content.municipality,
        "budget_document": content.document.title if content.document else None,
        "sections": [{"anchor": anchor, "heading": heading} for anchor, heading in content.sections()],
        "tables": {
            table.key: [
                {
                    "label": row.label,
                    "budget": _figure(row.budget),
                    "outcome": _figure(row.outcome),
                    "forecast": _figure(row.forecast),
                }
                for row in table.rows
                if not row.is_heading
            ]
            for table in content.tables
        },
        "balance_requirement": (
            [{"label": str(step.label), "amount": _figure(step.amount)} for step in current.steps]
            if current is not None and current.known
            else []
        ),
        "fulfillment": {
            "verdict_met": content.fulfillment.verdict_met,
            "verdict_text": content.fulfillment.verdict_text,
            "source": content.fulfillment.source,
            "goals": [{"title": goal.title, "status": goal.status} for goal in content.fulfillment.goals],
        },
        "committees": [text.committee for text in content.committee_texts],
    }


def _context(content: ReportContent) -> dict[str, Any]:
    return {
        "report": content.report,
        "content": content,
        "document": content.document,
        "tables": content.tables,
        "findings": content.findings,
        "current": content.current,
        "links": {},  # a snapshot links nowhere inside the portal
        "adjustments": content.adjustments,
        "municipality_name": content.municipality,
        "sections": content.sections(),
        "today": timezone.localdate(content.compiled_at),
    }


@dataclass(frozen=True)
class RenderedReport:
    html: str
    pdf: bytes
    xlsx: bytes
    summary: dict[str, Any]

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def xlsx_sha256(self) -> str:
        return hashlib.sha256(self.xlsx).hexdigest()


def render_document(content: ReportContent) -> RenderedReport:
    """The page's body, the PDF and the workbook of the compiled report, from the same content."""
    context = _context(content)
    html = render_to_string("reporting/compiled_body.html", context)
    pdf = html_to_pdf(
        render_to_string("reporting/compiled_pdf.html", context | {"body": html}), stylesheet=PDF_STYLESHEET
    )
    xlsx = report_workbook(
        content.report, content.document, content.tables, content.current, fulfillment=content.fulfillment
    )
    return RenderedReport(html=html, pdf=pdf, xlsx=xlsx, summary=summary(content))
