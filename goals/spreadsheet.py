"""A reporting period's follow-ups as an Excel workbook, for the strategist; and a fulfillment report.

Three sheets: the follow-ups with their money, the assessments, and the
indicator values. Five queries, whatever the number of committees.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from goals.followups import deviation_percent, explanation_required, forecast_deviation
from goals.models import Assessment, FollowUp, FulfillmentReport, IndicatorValue, ReportRow
from goals.reports import GoalNode, ReportTree, basis_label, status_label
from portal.models import ReportingPeriod

# Text starting with one of these would be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")


def _goal() -> str:
    """ "Mål" as a column heading: one goal ("Goal"), not the menu's "Mål" (the goals, "Goals")."""
    return pgettext("ett mål", "Mål")


def _append(sheet: Any, values: Iterable[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # kept as text, never a formula


def _heading(sheet: Any, period: ReportingPeriod, columns: list[str]) -> None:
    title = _("Uppföljningar %(period)s") % {"period": period}
    sheet.append([title + (f" – {_('Exempeldata')}" if period.is_sample else "")])
    sheet["A1"].font = Font(bold=True)
    if period.is_sample:
        sheet.append(
            [_("Exempeldata: periodens datum är påhittade för demonstration och kommer inte från något beslut.")]
        )
    _append(sheet, columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def period_workbook(period: ReportingPeriod, *, today: datetime.date) -> bytes:
    followups = list(
        FollowUp.objects.filter(period=period)
        .select_related("committee", "financial_outcome", "investment_outcome", "key_events")
        .order_by("committee__sort_order", "committee__name")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Uppföljningar")
    _heading(
        sheet,
        period,
        [
            _("Nämnd"),
            _("Status"),
            _("Försenad"),
            _("Nämndens beslut"),
            _("Driftbudget (tkr)"),
            _("Nettokostnad hittills (tkr)"),
            _("Prognos för helåret (tkr)"),
            _("Avvikelse (tkr)"),
            _("Avvikelse (%)"),
            _("Förklaring krävs"),
            _("Förklaring av avvikelsen"),
            _("Investeringsbudget (tkr)"),
            _("Investeringar hittills (tkr)"),
            _("Investeringsprognos (tkr)"),
            _("Väsentliga händelser"),
        ],
    )
    for followup in followups:
        money = followup.financial_outcome
        investments = followup.investment_outcome
        percent = deviation_percent(money.budget, money.forecast)
        required = explanation_required(
            budget=money.budget, forecast=money.forecast, threshold_percent=period.deviation_threshold_percent
        )
        _append(
            sheet,
            [
                followup.committee.name,
                followup.get_state_display(),
                _("ja") if followup.is_overdue(today) else _("nej"),
                followup.decision_reference,
                money.budget,
                money.net_cost_to_date,
                money.forecast,
                forecast_deviation(money.budget, money.forecast),
                round(percent, 1) if percent is not None else None,
                _("ja") if required else _("nej"),
                money.explanation,
                investments.budget,
                investments.outcome_to_date,
                investments.forecast,
                followup.key_events.text,
            ],
        )

    sheet = workbook.create_sheet(_("Bedömningar"))
    _heading(
        sheet,
        period,
        [
            _("Nämnd"),
            _goal(),
            _("Måluppfyllelse"),
            _("Prognos för helåret"),
            _("Analys"),
            _("Åtgärder"),
        ],
    )
    for assessment in (
        Assessment.objects.filter(followup__period=period)
        .select_related("followup__committee", "goal")
        .order_by("followup__committee__sort_order", "goal__sort_order", "pk")
    ):
        _append(
            sheet,
            [
                assessment.followup.committee.name,
                assessment.goal.title,
                assessment.get_status_display(),
                assessment.get_forecast_status_display(),
                assessment.analysis,
                assessment.measures,
            ],
        )

    sheet = workbook.create_sheet(_("Indikatorvärden"))
    _heading(
        sheet,
        period,
        [
            _("Nämnd"),
            _goal(),
            _("Indikator"),
            _("Enhet"),
            _("Utfall"),
            _("Referensvärde"),
            _("Kommentar"),
        ],
    )
    for value in (
        IndicatorValue.objects.filter(followup__period=period)
        .select_related("followup__committee", "indicator__goal")
        .order_by("followup__committee__sort_order", "indicator__goal__sort_order", "indicator__sort_order", "pk")
    ):
        _append(
            sheet,
            [
                value.followup.committee.name,
                value.indicator.goal.title,
                value.indicator.name,
                value.indicator.unit,
                value.value,
                value.reference_value,
                value.comment,
            ],
        )

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def report_workbook(report: FulfillmentReport, tree: ReportTree) -> bytes:
    """A fulfillment report as a workbook: the verdict, the goals in the report's order, the indicators
    with the figures they were judged from. No queries: the view hands over the report's rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sammanfattning")
    sheet.append([str(report)])
    sheet["A1"].font = Font(bold=True)
    state = report.get_state_display()
    for label, value in [
        (_("Status"), state),
        (_("God ekonomisk hushållning"), report.verdict_text),
        (_("Hur majoriteten räknas"), report.get_counting_display()),
        (
            _("Sammanställd"),
            timezone.localtime(report.compiled_at).strftime("%Y-%m-%d %H:%M") if report.compiled_at else "",
        ),
        (_("Kontrollsumma för underlaget (SHA-256)"), report.inputs_digest),
    ]:
        _append(sheet, [label, value])

    goals_sheet = workbook.create_sheet(_("Mål"))
    columns = [
        _("Fokusområde"),
        _("Nivå"),
        _("Nämnd"),
        _goal(),
        _("Måluppfyllelse"),
        _("Förklaring"),
        _("Grund"),
        _("Bedöms"),
        _("Nämndens bedömning"),
        _("Skillnad"),
    ]
    _append(goals_sheet, columns)
    for cell in goals_sheet[1]:
        cell.font = Font(bold=True)
    indicator_rows: list[tuple[str, ReportRow]] = []

    def goal_row(area: str, node: GoalNode) -> None:
        row = node.row
        _append(
            goals_sheet,
            [
                area,
                _("Kommunfullmäktige") if row.level == "council" else _("Nämnd"),
                row.committee,
                row.title,
                node.status_label,
                row.explanation,
                node.basis_label,
                node.rule_label,
                node.assessed_label,
                row.difference,
            ],
        )
        indicator_rows.extend((row.title, indicator) for indicator in node.indicators)

    for section in tree.sections:
        for node in section.goals:
            goal_row(section.heading, node)
            for contribution in node.contributions:
                goal_row(section.heading, contribution)
    for node in tree.unlinked_committee_goals:
        goal_row("", node)

    indicators_sheet = workbook.create_sheet(_("Indikatorer"))
    _append(
        indicators_sheet,
        [
            _goal(),
            _("Indikator"),
            _("Målvärde"),
            _("Måluppfyllelse"),
            _("Förklaring"),
            _("Grund"),
            _("Värde"),
            _("Referensvärde"),
            _("Föregående år"),
            _("Jämförs med"),
        ],
    )
    for cell in indicators_sheet[1]:
        cell.font = Font(bold=True)
    for goal_title, indicator in indicator_rows:
        inputs = indicator.inputs
        previous = inputs.get("previous") or {}
        _append(
            indicators_sheet,
            [
                goal_title,
                indicator.title,
                inputs.get("target_text", ""),
                status_label(indicator.status),
                indicator.explanation,
                basis_label(indicator.basis),
                _decimal(inputs.get("value")),
                _decimal(inputs.get("reference_value")),
                _decimal(previous.get("value")),
                _decimal(inputs.get("compared_with")),
            ],
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None
