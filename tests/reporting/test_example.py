"""The example municipality's interim report per 31 August 2026: labelled sample data that passes the checks."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from budgets.models import BudgetDocument
from portal.models import User
from portal.pdf import html_to_pdf
from reporting import views
from reporting.data import CommitteeValue, InvestmentValue, LineValue, OutcomeData, Where, check_outcome
from reporting.models import ReportDate, ReportKind

pytestmark = pytest.mark.django_db


def stored(report: ReportDate) -> OutcomeData:
    where = Where("db", 0)
    return OutcomeData(
        [
            LineValue(o.statement, o.label, o.role, o.is_total, o.outcome, o.forecast, where)
            for o in report.line_outcomes.all()
        ],
        [CommitteeValue(o.committee_id, "", o.outcome, o.forecast, where) for o in report.committee_outcomes.all()],
        [
            InvestmentValue(o.area, o.committee_id, "", o.outcome, o.forecast, where)
            for o in report.investment_outcomes.all()
        ],
    )


def test_the_example_interim_report_adds_up_and_says_it_is_example_data(client: Client, viewer: User) -> None:
    call_command("load_example", stdout=StringIO())
    report = ReportDate.objects.get(year=2026, kind=ReportKind.INTERIM)
    assert report.is_example and str(report) == "Delårsrapport per 31 augusti 2026 (exempeldata)"
    data = stored(report)
    assert (len(data.lines), len(data.committees), len(data.investments)) == (19, 8, 9)
    assert check_outcome(data, BudgetDocument.objects.get(year=2026)) == []
    client.force_login(viewer)
    for url in ("/rapportering/", "/rapportering/2026/delar/", "/rapportering/2026/delar/balanskrav/"):
        assert "exempeldata" in client.get(url).content.decode().lower(), url
    # Loading again changes nothing.
    out = StringIO()
    call_command("load_example", stdout=out)
    assert "Delårsrapport och årsredovisning: 0 created, 0 changed." in out.getvalue()


def test_the_balance_requirement_of_the_example_links_its_three_lines(client: Client, viewer: User) -> None:
    """Forecast: result 136; limit 1 % × (2 590 + 788) = 33,78; 136 − 33,78 = 102,22 reserved; 33,78 left."""
    call_command("load_example", stdout=StringIO())
    client.force_login(viewer)
    page = client.get("/rapportering/2026/delar/balanskrav/").content.decode()
    assert page.count('href="/rapportering/2026/delar/#rad-income-') == 4  # the result twice, tax, grants
    assert "\u2212102,22" in page and "33,78" in page


def test_the_report_as_pdf_holds_the_tables_and_the_balance_requirement(client: Client, viewer: User) -> None:
    call_command("load_example", stdout=StringIO())
    pages: list[str] = []

    def keep(html: str, **kwargs: Any) -> bytes:
        pages.append(html)
        return html_to_pdf(html, **kwargs)

    client.force_login(viewer)
    with mock.patch.object(views, "html_to_pdf", side_effect=keep):
        response = client.get("/rapportering/2026/delar/rapport.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="delar-2026.pdf"'
    (html,) = pages
    assert "(exempeldata)" in html and "Driftredovisning" in html and "Balanskravsresultat" in html
    assert "33,78" in html  # the balanskravsresultat: 136 − 102,22
    assert "<nav" not in html  # the report alone, without the portal around it


def test_the_report_as_xlsx_holds_the_same_figures(client: Client, viewer: User) -> None:
    """Delår 2026, forecast against budget: net cost −3 080 against −3 055 is −25, −25/3 055 = −0,8 %."""
    import io

    from openpyxl import load_workbook

    call_command("load_example", stdout=StringIO())
    client.force_login(viewer)
    response = client.get("/rapportering/2026/delar/rapport.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="delar-2026.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert any("Exempeldata" in str(cell.value) for cell in workbook["Om rapporten"]["A"])
    rows = {row[0]: row for row in workbook["Resultaträkning"].iter_rows(values_only=True)}
    assert rows["Verksamhetens nettokostnader"][1:] == (-3055, -2010, -3080, -25, -0.8)
    steps = {row[0]: row[1] for row in workbook["Balanskravsutredning"].iter_rows(values_only=True)}
    assert steps["Balanskravsresultat"] == 33.78
