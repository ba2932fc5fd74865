"""A reporting period's follow-ups as an Excel workbook, for the strategist.

Three sheets: the follow-ups with their money, the assessments, and the
indicator values. Five queries, whatever the number of committees.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from followups.computations import deviation_percent, explanation_required, forecast_deviation
from followups.models import Assessment, FollowUp, IndicatorValue
from portal.models import ReportingPeriod
from portal.spreadsheet import append_row


def _goal() -> str:
    """ "Mål" as a column heading: one goal ("Goal"), not the menu's "Mål" (the goals, "Goals")."""
    return pgettext("ett mål", "Mål")


def _heading(sheet: Any, period: ReportingPeriod, columns: list[str]) -> None:
    title = _("Uppföljningar %(period)s") % {"period": period}
    sheet.append([title + (f" – {_('Exempeldata')}" if period.is_sample else "")])
    sheet["A1"].font = Font(bold=True)
    if period.is_sample:
        sheet.append(
            [_("Exempeldata: periodens datum är påhittade för demonstration och kommer inte från något beslut.")]
        )
    append_row(sheet, columns)
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
        append_row(
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
        append_row(
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
        append_row(
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
