"""A fulfillment report as an Excel workbook: the verdict, the goals and the indicators with their figures."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.reports import GoalNode, ReportTree, basis_label, status_label
from portal.spreadsheet import append_row


def _goal() -> str:
    """ "Mål" as a column heading: one goal ("Goal"), not the menu's "Mål" (the goals, "Goals")."""
    return pgettext("ett mål", "Mål")


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
        append_row(sheet, [label, value])

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
    append_row(goals_sheet, columns)
    for cell in goals_sheet[1]:
        cell.font = Font(bold=True)
    indicator_rows: list[tuple[str, ReportRow]] = []
    # A goal has a row on the goals sheet for every focus area and council goal it serves, but its
    # indicators are listed once.
    listed: set[int] = set()

    def goal_row(area: str, node: GoalNode) -> None:
        row = node.row
        append_row(
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
        if row.pk not in listed:
            listed.add(row.pk)
            indicator_rows.extend((row.title, indicator) for indicator in node.indicators)

    for section in tree.sections:
        for node in section.goals:
            goal_row(section.heading, node)
            for contribution in node.contributions:
                goal_row(section.heading, contribution)
    for node in tree.unlinked_committee_goals:
        goal_row("", node)

    indicators_sheet = workbook.create_sheet(_("Indikatorer"))
    append_row(
        indicators_sheet,
        [
            _goal(),
            _("Indikator"),
            _("Målvärde"),
            _("Måluppfyllelse"),
            _("Förklaring"),
            _("Grund"),
            _("Värdet avser år"),
            _("Värde"),
            _("Referensvärde"),
            _("Föregående år"),
            _("Jämförs med"),
            _("Källa"),
        ],
    )
    for cell in indicators_sheet[1]:
        cell.font = Font(bold=True)
    for goal_title, indicator in indicator_rows:
        inputs = indicator.inputs
        previous = inputs.get("previous") or {}
        decimals = _decimals(inputs.get("decimals"))
        append_row(
            indicators_sheet,
            [
                goal_title,
                indicator.title,
                inputs.get("target_text", ""),
                status_label(indicator.status),
                indicator.explanation,
                basis_label(indicator.basis),
                indicator.value_year,
                _decimal(inputs.get("value"), decimals),
                _decimal(inputs.get("reference_value"), decimals),
                _decimal(previous.get("value"), decimals),
                _decimal(inputs.get("compared_with"), decimals),
                indicator.value_source,
            ],
        )
        for cell in indicators_sheet[indicators_sheet.max_row][FIGURE_COLUMNS]:
            cell.number_format = number_format(decimals)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# The indicator sheet's figures (value, reference value, previous year, compared with): the 8th to 11th column.
FIGURE_COLUMNS = slice(7, 11)


def number_format(decimals: int) -> str:
    """Excel's format for a figure with ``decimals`` decimals and grouped thousands ("#,##0.00"): Excel and
    LibreOffice show it in the reader's locale, in Swedish "50,70" and "1 234,50"."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _decimals(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value <= 6 else 1


def _decimal(text: str | None, decimals: int) -> Decimal | None:
    """The figure rounded to the indicator's decimals, as the report shows it (a number, not text)."""
    if text is None:
        return None
    return Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
