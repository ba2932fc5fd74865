"""A fulfillment report as files: the PDF and the Excel workbook, the same bytes for the download and for
anyone who keeps a copy (the auditor's frozen copies register from above, docs/audit.md)."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from fulfillment.models import FulfillmentReport
from fulfillment.reports import build_tree, report_rows
from fulfillment.spreadsheet import report_workbook
from portal.pdf import html_to_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def report_filename(report: FulfillmentReport, extension: str) -> str:
    """``maluppfyllelse-2026-v2.pdf``: ASCII only, safe in a Content-Disposition header and a zip."""
    name = f"maluppfyllelse-{report.year}-v{report.version}"
    if report.as_of_id:
        name += f"-period-{report.as_of_id}"
    return re.sub(r"[^a-z0-9-]", "", name) + f".{extension}"


def report_xlsx_bytes(report: FulfillmentReport) -> bytes:
    """The report's workbook. Reads every row of the current generation."""
    return report_workbook(report, build_tree(report_rows(report)))


def report_pdf_bytes(report: FulfillmentReport, request: HttpRequest | None = None) -> bytes:
    """The report as PDF; without a request (a copy made after publishing) in the site's language.
    WeasyPrint: seconds for a large report."""
    tree = build_tree(report_rows(report))
    context = {"report": report, "tree": tree, "caveat": report.caveat(tree.goal_counts)}
    if request is not None:
        return html_to_pdf(render_to_string("fulfillment/report_pdf.html", context, request))
    with translation.override(settings.LANGUAGE_CODE):
        return html_to_pdf(render_to_string("fulfillment/report_pdf.html", context))
