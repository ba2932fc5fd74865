"""A report's economic sections as an xlsx workbook: the same tables and balanskravsutredning as its pages."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from budgets.models import BudgetDocument
from portal.formatting import format_date
from portal.spreadsheet import append_row
from reporting.balance import YearRequirement
from reporting.models import ReportDate
from reporting.outcomes import OutcomeTable


def _rounded(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places))


def report_workbook(
    report: ReportDate,
    document: BudgetDocument | None,
    tables: list[OutcomeTable],
    current: YearRequirement | None,
    *,
    fulfillment: Any = None,
) -> bytes:
    """The workbook; with ``fulfillment`` (reporting.compilation.FulfillmentSection), the compiled report's, with a
    sheet for the fulfillment and the verdict on god ekonomisk hushållning."""
    workbook = Workbook()
    about = workbook.worksheets[0]
    about.title = _("Om rapporten")
    append_row(about, [str(report)])
    append_row(about, [_("Utfall per"), format_date(report.period_end)])
    append_row(about, [_("Budget"), document.title if document else _("Inget budgetdokument för året")])
    append_row(about, [_("Källa"), _("Kommunens redovisning, inläst i Styrportal")])
    if report.is_example:
        append_row(about, [_("Exempeldata: påhittade siffror, inte kommunens redovisning.")])
    year = report.year
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        append_row(
            sheet,
            [
                table.unit,
                _("Budget %(year)d") % {"year": year},
                _("Utfall per %(date)s") % {"date": format_date(report.period_end)},
                _("Prognos %(year)d") % {"year": year},
                _("Avvikelse"),
                _("Avvikelse (%)"),
            ],
        )
        for row in table.rows:
            deviation = row.outcome_deviation if report.is_annual else row.forecast_deviation
            percent = row.outcome_deviation_percent if report.is_annual else row.forecast_deviation_percent
            append_row(
                sheet,
                [row.label, row.budget, row.outcome, row.forecast, deviation, _rounded(percent, "0.1")],
            )
    sheet = workbook.create_sheet(_("Balanskravsutredning"))
    append_row(sheet, ["mnkr", str(year), _("Källa och beräkning")])
    if current is not None and current.known:
        for step in current.steps:
            append_row(sheet, [step.label, step.amount, step.explanation])
        append_row(sheet, [])
        append_row(
            sheet,
            [
                _("Uppstod år"),
                _("Underskott"),
                _("Kvar att återställa"),
                _("Återställs senast"),
                _("Beslut att inte återställa"),
            ],
        )
        for deficit in current.deficits:
            restore_by = deficit.restore_by if deficit.left else None
            append_row(sheet, [deficit.year, deficit.amount, deficit.left, restore_by, deficit.waiver])
    else:
        append_row(sheet, [_("Årets resultat saknas: ingen balanskravsutredning.")])
    if fulfillment is not None:
        sheet = workbook.create_sheet(_("Måluppfyllelse"))
        append_row(sheet, [_("God ekonomisk hushållning"), fulfillment.verdict_text])
        append_row(sheet, [_("Källa"), fulfillment.source])
        append_row(sheet, [])
        append_row(sheet, [_("Kommunfullmäktiges mål"), _("Måluppfyllelse"), _("Förklaring")])
        for goal in fulfillment.goals:
            append_row(sheet, [goal.title, goal.status, goal.explanation])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
