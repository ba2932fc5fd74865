"""Downloads, upload, preview and confirmation over HTTP; only strategists and administrators import."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from budgets.exchange import YearColumn, exchange_from_document, parse_sheets, read_file, to_csv, to_xlsx
from budgets.models import Basis, BudgetDocument
from portal.models import Committee, User
from tests.budgets.exchange_helpers import bounded, make_document, snapshot, upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("budgets:import_upload")
PREVIEW = reverse("budgets:import_preview")
CONFIRM = reverse("budgets:import_confirm")


@pytest.fixture
def document(committee: Committee, other_committee: Committee) -> BudgetDocument:
    return make_document(committee, other_committee)


def token_on(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, "no confirmation form on the page"
    return match.group(1)


@pytest.mark.parametrize("persona", ["strategist", "administrator"])
def test_upload_preview_confirm(
    request: pytest.FixtureRequest, client: Client, document: BudgetDocument, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    exchange = exchange_from_document(document)
    original = snapshot()
    exchange.document.title = "Mål och budget 2026, reviderad"
    exchange.lines = exchange.lines[1:]

    response = upload(client, to_xlsx(exchange))
    assert response.status_code == 302 and response["Location"] == PREVIEW
    page = client.get(PREVIEW).content.decode()
    assert "Mål och budget 2026, reviderad" in page
    assert "finns redan. Om du bekräftar ersätts hela dokumentet" in page
    assert "Barn- och ungdomsnämnden" in page and "1\u00a0131\u00a0226" in page  # figures in Swedish format
    assert "Kontroller" in page
    assert snapshot() == original  # the preview writes nothing

    assert "Jag ersätter det antagna budgetdokumentet för 2026, beslut KF 2025-11-26 § 180" in page
    response = client.post(CONFIRM, {"token": token_on(page), "replace_adopted": "KF 2025-11-26 § 180"})
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:document_year", kwargs={"year": 2026})
    assert BudgetDocument.objects.get().title == "Mål och budget 2026, reviderad"
    assert snapshot()["lines"] == [line for line in original["lines"] if line[2] != "Verksamhetens nettokostnader"]
    assert "budget_import" not in client.session
    # The stored upload is gone: confirming twice does nothing more.
    again = client.post(CONFIRM, {"token": token_on(page)}, follow=True)
    assert "den granskade filen finns inte längre" in again.content.decode()


def test_new_year_is_created(client: Client, strategist: User, document: BudgetDocument) -> None:
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    exchange.document.year = 2027
    exchange.columns = {}
    for line in exchange.lines:
        line.amounts = {}
    for row in exchange.operating:
        row.amounts = {}
    exchange.investments, exchange.totals = [], []
    exchange.lines[0].amounts = {YearColumn(2027, Basis.BUDGET): Decimal(-3100)}  # one figure: not the template
    upload(client, to_csv(exchange), "budget.csv")
    page = client.get(PREVIEW).content.decode()
    assert "finns redan" not in page
    client.post(CONFIRM, {"token": token_on(page)})
    assert list(BudgetDocument.objects.values_list("year", flat=True).order_by("year")) == [2026, 2027]


def test_preview_shows_the_consistency_findings(client: Client, strategist: User, document: BudgetDocument) -> None:
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    upload(client, to_xlsx(exchange))
    page = client.get(PREVIEW).content.decode()
    # The operating budget's rows for 2028 add up to 1 288 517,25 tkr, stated 1 288 517: within rounding.
    assert re.search(r"<strong>Anmärkning:</strong> Driftbudget 2028", page)
    # The income statement here has only a few of its lines: an error, shown, which does not stop the import.
    assert re.search(r"<strong>Fel:</strong> Resultatbudget 2026: raderna ovanför summerar till", page)
    assert 'name="token"' in page
    assert snapshot()["documents"] == [
        (2026, document.title, 2, "adopted", document.decision_reference, document.decision_date)
    ]


def test_confirm_needs_the_token_of_the_session(client: Client, strategist: User, document: BudgetDocument) -> None:
    client.force_login(strategist)
    upload(client, to_xlsx(exchange_from_document(document)))
    before = snapshot()
    response = client.post(CONFIRM, {"token": "x" * 43}, follow=True)
    assert "den granskade filen finns inte längre" in response.content.decode()
    assert snapshot() == before


def test_preview_without_an_upload_sends_back_to_the_form(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    response = client.get(PREVIEW, follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "Ingen uppladdad fil väntar" in response.content.decode()


def test_confirm_rechecks_against_the_database(
    client: Client, strategist: User, document: BudgetDocument, other_committee: Committee
) -> None:
    """A committee removed between preview and confirmation: the preview says so, nothing is written."""
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    BudgetDocument.objects.all().delete()
    upload(client, to_xlsx(exchange))
    token = token_on(client.get(PREVIEW).content.decode())
    other_committee.delete()
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "Nämnden ”Tekniska nämnden” finns inte i portalen." in response.content.decode()
    assert not BudgetDocument.objects.exists()


@pytest.mark.parametrize("persona", ["reporter", "approver", "viewer", "manager", "hr_editor", "outsider"])
def test_only_strategists_and_administrators_import(
    request: pytest.FixtureRequest, client: Client, document: BudgetDocument, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    data = to_xlsx(exchange_from_document(document))
    before = snapshot()
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, data).status_code == 403
    assert client.get(PREVIEW).status_code == 403
    assert client.post(CONFIRM, {"token": "x" * 43}).status_code == 403
    assert snapshot() == before


def test_anonymous_is_sent_to_sign_in(client: Client, document: BudgetDocument) -> None:
    for response in (
        client.get(UPLOAD),
        upload(client, to_xlsx(exchange_from_document(document))),
        client.post(CONFIRM, {"token": "x"}),
        client.get(reverse("budgets:exchange_export_xlsx", kwargs={"year": 2026})),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_refusal_is_logged(client: Client, viewer: User, caplog: pytest.LogCaptureFixture) -> None:
    client.force_login(viewer)
    client.get(UPLOAD)
    assert "perm=budgets.import_budget" in caplog.text


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_download(client: Client, viewer: User, document: BudgetDocument, file_format: str) -> None:
    client.force_login(viewer)
    response = client.get(reverse(f"budgets:exchange_export_{file_format}", kwargs={"year": 2026}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mal-och-budget-2026.{file_format}"'
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if file_format == "csv":
        assert data.startswith(b"\xef\xbb\xbfDokument;")  # the BOM tells Excel it is UTF-8
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    exchange, problems, _notes = parse_sheets(read_file(data)[1])
    assert problems == [] and exchange is not None and exchange.document.title == document.title


def test_export_of_a_missing_year(client: Client, viewer: User, db: None) -> None:
    client.force_login(viewer)
    assert client.get(reverse("budgets:exchange_export_csv", kwargs={"year": 1999})).status_code == 404


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_unfilled_template_is_refused(
    client: Client, strategist: User, committee: Committee, other_committee: Committee, file_format: str
) -> None:
    """The template reads without a fault, but stored it would be an empty document for next year."""
    client.force_login(strategist)
    response = client.get(reverse(f"budgets:exchange_template_{file_format}"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    exchange, problems, _notes = parse_sheets(read_file(data)[1])
    assert exchange is None
    assert [problem.message[:60] for problem in problems] == [
        "Filen har inga belopp i någon tabell, så den ser ut som den "
    ]
    before = snapshot()
    with bounded():
        page = upload(client, data, f"mall.{file_format}").content.decode()
    assert "Filen har inga belopp i någon tabell, så den ser ut som den tomma mallen. Fyll i beloppen" in page
    assert snapshot() == before


def test_exchange_page_lists_documents_and_offers_import_to_strategists(
    client: Client, strategist: User, viewer: User, document: BudgetDocument
) -> None:
    client.force_login(viewer)
    page = client.get(reverse("budgets:exchange")).content.decode()
    assert reverse("budgets:exchange_export_xlsx", kwargs={"year": 2026}) in page
    assert UPLOAD not in page
    client.force_login(strategist)
    assert UPLOAD in client.get(reverse("budgets:exchange")).content.decode()


def test_pages_have_no_inline_styles_or_scripts(client: Client, strategist: User, document: BudgetDocument) -> None:
    client.force_login(strategist)
    upload(client, to_xlsx(exchange_from_document(document)))
    for url in (reverse("budgets:exchange"), UPLOAD, PREVIEW):
        page = client.get(url).content.decode()
        assert " style=" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_the_file_is_parsed_once(
    client: Client, strategist: User, document: BudgetDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upload, preview (twice) and confirmation: the file is read at the upload only."""
    from budgets import services_exchange

    calls = []
    original = services_exchange.read_file

    def counting(data: bytes) -> object:
        calls.append(len(data))
        return original(data)

    monkeypatch.setattr(services_exchange, "read_file", counting)
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    exchange.document.title = "Reviderad"
    upload(client, to_xlsx(exchange))
    client.get(PREVIEW)
    page = client.get(PREVIEW).content.decode()
    client.post(CONFIRM, {"token": token_on(page), "replace_adopted": "KF 2025-11-26 § 180"})
    assert BudgetDocument.objects.get().title == "Reviderad"
    assert len(calls) == 1


def test_replacement_preview_lists_every_changed_figure(
    client: Client, strategist: User, document: BudgetDocument
) -> None:
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    net_cost = exchange.lines[0]
    net_cost.amounts[YearColumn(2026, Basis.BUDGET)] = Decimal(-3100)  # was -3 055
    del net_cost.amounts[YearColumn(2025, Basis.OUTCOME)]  # was -2 990,5
    exchange.operating[0].committee = "BUN"  # the same committee by its abbreviation: no change by itself
    exchange.operating[0].amounts[YearColumn(2028, Basis.PLAN)] = Decimal("1197078.50")  # was 1 197 078,25
    exchange.investments[0].amounts[2031] = Decimal(500)  # a new year
    operating_total = next(total for total in exchange.totals if total.label == "Summa kommunbidrag")
    operating_total.amounts[2026] = Decimal(1217000)  # was 1 217 166
    upload(client, to_xlsx(exchange))
    page = client.get(PREVIEW).content.decode()
    table = page.split('<table id="changes">')[1].split("</table>")[0]
    rows = [
        tuple(cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    nbsp, minus = "\u00a0", "\u2212"
    assert sorted(rows) == sorted(
        [
            (
                "Resultatbudget",
                "Verksamhetens nettokostnader",
                "Budget 2026",
                f"{minus}3{nbsp}055",
                f"{minus}3{nbsp}100",
                f"{minus}45",
            ),
            ("Resultatbudget", "Verksamhetens nettokostnader", "Utfall 2025", f"{minus}2{nbsp}990,5", "–", "–"),
            (
                "Driftbudget",
                "Barn- och ungdomsnämnden",
                "Plan 2028",
                f"1{nbsp}197{nbsp}078,25",
                f"1{nbsp}197{nbsp}078,5",
                "+0,25",
            ),
            ("Investeringsbudget", "Barn- och ungdomsnämnden", "2031", "–", "500", "–"),
            (
                "Driftbudget",
                "Summa kommunbidrag",
                "2026",
                f"1{nbsp}217{nbsp}166",
                f"1{nbsp}217{nbsp}000",
                f"{minus}166",
            ),
        ]
    )
    assert "5 belopp ändras jämfört med det sparade dokumentet." in page


def test_an_adopted_document_is_replaced_only_when_the_decision_is_confirmed(
    client: Client, strategist: User, document: BudgetDocument
) -> None:
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    exchange.document.title = "Ny titel"
    upload(client, to_xlsx(exchange))
    token = token_on(client.get(PREVIEW).content.decode())
    before = snapshot()
    for answer in ({}, {"replace_adopted": "KF 2024-01-01 § 1"}):  # no box ticked; a box for another decision
        response = client.post(CONFIRM, {"token": token, **answer}, follow=True)
        assert "är antaget och ersätts bara om du bekräftar det" in response.content.decode()
        assert snapshot() == before
    client.post(CONFIRM, {"token": token, "replace_adopted": "KF 2025-11-26 § 180"})
    assert BudgetDocument.objects.get().title == "Ny titel"


def test_a_proposal_is_replaced_without_the_box(client: Client, strategist: User, document: BudgetDocument) -> None:
    BudgetDocument.objects.update(status=BudgetDocument.Status.PROPOSAL)
    client.force_login(strategist)
    exchange = exchange_from_document(document)
    exchange.document.title = "Ny titel"
    upload(client, to_xlsx(exchange))
    page = client.get(PREVIEW).content.decode()
    assert 'name="replace_adopted"' not in page
    assert "Inga belopp ändras jämfört med det sparade dokumentet." in page
    client.post(CONFIRM, {"token": token_on(page)})
    assert BudgetDocument.objects.get().title == "Ny titel"
