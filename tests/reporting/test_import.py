"""The outcome file: read, previewed, confirmed; refused with the line named when its figures don't add up."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from budgets.exchange.database import committee_lookup
from budgets.models import BudgetDocument
from portal.models import Committee, User
from reporting.exchange import outcome_template, read_outcome_file
from reporting.models import CommitteeOutcome, InvestmentLineOutcome, LineOutcome, ReportDate

pytestmark = pytest.mark.django_db
UPLOAD = "/rapportering/2026/delar/importera/"


def outcome_csv(committee: Committee, *, result: str = "96") -> bytes:
    """Delår 2026: outcome per 31 August and the year's forecast. The forecast's lines add up:
    −3 040 − 148 + 2 580 + 790 + 130 − 136 = 176; the outcome's: −2 010 − 98 + 1 720 + 520 + 90 − 90 = 132,
    but the result line states ``result`` for the outcome (132 by default would be right; 96 is wrong)."""
    rows = [
        "Resultatbudget;Rad;Betydelse;Summarad;Budget 2026;Utfall 2026;Prognos 2026",
        "Resultatbudget;Verksamhetens nettokostnader;net_cost;nej;-3055;-2010;-3040",
        "Resultatbudget;Avskrivningar;depreciation;nej;-148;-98;-148",
        "Resultatbudget;Skatteintäkter;tax_income;nej;2571;1720;2580",
        "Resultatbudget;Generella statsbidrag och utjämning;general_grants;nej;785;520;790",
        "Resultatbudget;Finansiella intäkter;financial_income;nej;130;90;130",
        "Resultatbudget;Finansiella kostnader;financial_costs;nej;-136;-90;-136",
        f"Resultatbudget;Årets resultat;result;ja;146;{result};176",
        "Driftbudget;Nämnd;Budget 2026;Utfall 2026;Prognos 2026",
        f"Driftbudget;{committee.abbreviation};100000;64 000;98 500",
        "Driftbudget;Summa kommunbidrag;100000;64000;98500",
        "Investeringsbudget;Nämnd/område;Budget 2026;Utfall 2026;Prognos 2026",
        "Investeringsbudget;VA;308024;150 000;290 000",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def upload(client: Client, data: bytes):
    return client.post(UPLOAD, {"file": io.BytesIO(data)}, follow=False)


def test_a_strategist_imports_previews_and_confirms(
    client: Client, strategist: User, committee: Committee, interim: ReportDate
) -> None:
    ReportDate.objects.filter(pk=interim.pk).update(is_example=True)  # the example's figures are replaced
    client.force_login(strategist)
    response = client.post(UPLOAD, {"file": _named(outcome_csv(committee, result="132"))})
    assert response.status_code == 302 and response["Location"].endswith("/importera/granska/")
    assert not LineOutcome.objects.exists()  # nothing until confirmed
    preview = client.get(response["Location"])
    assert "Spara utfall och prognos" in preview.content.decode()
    token = preview.context["token"]
    confirmed = client.post("/rapportering/2026/delar/importera/bekrafta/", {"token": token})
    assert confirmed.status_code == 302
    assert not ReportDate.objects.get(pk=interim.pk).is_example
    result = LineOutcome.objects.get(report=interim, label="Årets resultat")
    assert (result.outcome, result.forecast, result.role) == (Decimal(132), Decimal(176), "result")
    assert CommitteeOutcome.objects.get().outcome == Decimal(64000)
    assert InvestmentLineOutcome.objects.get().forecast == Decimal(290000)
    page = client.get("/rapportering/2026/delar/").content.decode()
    # Forecast 176 against budget 146: +30 mnkr, 30/146 = 20,5 %; the committee: 100 000 − 98 500 = 1 500 left.
    assert "20,5\u00a0%" in page and "1\u00a0500" in page and "\u221230" not in page


def _named(data: bytes, name: str = "utfall.csv") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_a_result_that_does_not_add_up_is_refused_with_the_line_named_and_nothing_stored(
    client: Client, strategist: User, committee: Committee, interim: ReportDate
) -> None:
    client.force_login(strategist)
    response = client.post(UPLOAD, {"file": _named(outcome_csv(committee, result="96"))})
    assert response.status_code == 200
    text = response.content.decode()
    assert "”Årets resultat” stämmer inte i utfallet" in text and "rad 8" in text
    assert "132,00" in text and "96,00" in text
    assert not LineOutcome.objects.exists() and "reporting_import" not in client.session


def test_an_unknown_committee_and_a_column_of_another_year_are_refused(committee: Committee, document) -> None:
    data = outcome_csv(committee, result="132").replace(
        b"Prognos 2026\r\nDriftbudget;", b"Prognos 2025\r\nDriftbudget;"
    )
    data = data.replace(committee.abbreviation.encode(), "Nämnden som inte finns".encode())
    found, problems, _notes = read_outcome_file(data, year=2026, committees=committee_lookup())
    assert found is None
    messages = [str(problem) for problem in problems]
    assert any("rapporten gäller 2026" in message for message in messages)
    assert any("”Nämnden som inte finns” finns inte i portalen" in message for message in messages)


def test_the_template_filled_in_is_read_back(committee: Committee, document: BudgetDocument) -> None:
    workbook = load_workbook(io.BytesIO(outcome_template(year=2026, document=document)))
    sheet = workbook["Resultatbudget"]
    assert [cell.value for cell in sheet[1]] == [
        "Rad",
        "Betydelse",
        "Summarad",
        "Budget 2026",
        "Utfall 2026",
        "Prognos 2026",
    ]
    for row in sheet.iter_rows(min_row=2):
        row[5].value = row[3].value  # forecast = budget: the lines add up as the budget's do (within 1 mnkr)
    workbook["Driftbudget"]["C2"] = 50_000
    output = io.BytesIO()
    workbook.save(output)
    found, problems, _notes = read_outcome_file(output.getvalue(), year=2026, committees=committee_lookup())
    assert problems == [] and found is not None
    assert {line.label: line.forecast for line in found.lines}["Årets resultat"] == Decimal(146)
    assert [(row.name, row.outcome) for row in found.committees] == [(committee.name, Decimal(50_000))]


def test_a_viewer_reads_the_report_but_may_not_import(client: Client, viewer: User, interim: ReportDate) -> None:
    client.force_login(viewer)
    assert client.get("/rapportering/2026/delar/").status_code == 200
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": _named(b"x;y")}).status_code == 403


def test_the_committees_explanation_comes_from_its_approved_follow_up(
    client: Client, viewer: User, committee: Committee, interim: ReportDate
) -> None:
    """The Q2 period's figures are of 31 August, the interim report's date: its approved follow-up's text shows;
    a draft's does not."""
    import datetime

    from followups.models import FollowUp
    from followups.services import period_open
    from tests.factories import ReportingPeriodFactory

    period = ReportingPeriodFactory(
        kind="Q2", figures_date=datetime.date(2026, 8, 31), deadline=datetime.date(2026, 9, 20)
    )
    (followup,) = period_open(period=period, actor=None)
    money = followup.financial_outcome
    money.explanation = "Fler barn i förskolan än planerat."
    money.save()
    client.force_login(viewer)
    assert "Fler barn i förskolan" not in client.get("/rapportering/2026/delar/").content.decode()
    FollowUp.objects.filter(pk=followup.pk).update(
        state=FollowUp.State.APPROVED, decision_reference="BUN 2026-09-15 § 80"
    )
    page = client.get("/rapportering/2026/delar/").content.decode()
    assert "Fler barn i förskolan än planerat." in page and "beslut BUN 2026-09-15 § 80" in page


def test_a_committee_removed_after_the_preview_refuses_the_confirmation(
    client: Client, strategist: User, committee: Committee, interim: ReportDate
) -> None:
    client.force_login(strategist)
    client.post(UPLOAD, {"file": _named(outcome_csv(committee, result="132"))})
    token = client.session["reporting_import"]["token"]
    CommitteeOutcome.objects.all().delete()
    from budgets.models import OperatingBudget

    OperatingBudget.objects.all().delete()
    committee.delete()
    response = client.post("/rapportering/2026/delar/importera/bekrafta/", {"token": token}, follow=True)
    assert "finns inte längre i portalen" in response.content.decode()
    assert not LineOutcome.objects.exists()


def test_an_exported_budget_document_with_outcome_columns_added_is_read(
    committee: Committee, document: BudgetDocument
) -> None:
    """The budget's own columns (Budget 2026, Plan 2027, and the investment budget's plain 2026, 2027, ...) stay
    and are not read; the sheets the outcome file does not have (Dokument) are named in a note."""
    from budgets.exchange import exchange_from_document, to_xlsx

    workbook = load_workbook(io.BytesIO(to_xlsx(exchange_from_document(document))))
    sheet = workbook["Investeringsbudget"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="Utfall 2026")
    sheet.cell(row=2, column=column, value=150_000)
    output = io.BytesIO()
    workbook.save(output)
    found, problems, notes = read_outcome_file(output.getvalue(), year=2026, committees=committee_lookup())
    assert problems == [] and found is not None
    assert [(row.area, row.outcome) for row in found.investments] == [("water", Decimal(150_000))]
    assert any("”Dokument” lästes inte" in note for note in notes)
