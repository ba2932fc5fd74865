"""The history of a document's figures: each import and each admin change stores only the figures that differ,
with who, when, through what, old and new value; the history page shows it to everyone who reads the budget."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from budgets import example as budget_example
from budgets.exchange import exchange_from_document, to_xlsx
from budgets.models import BudgetDocument, BudgetRevision, FigureChange, OperatingBudget, StatementAmount
from portal import example as portal_example
from portal.models import Committee, User
from tests.budgets.exchange_helpers import edit_xlsx, make_document, snapshot, upload
from tests.budgets.test_exchange_views import CONFIRM, PREVIEW, token_on

pytestmark = pytest.mark.django_db

FILE = "alingsas-mal-och-budget-2026.xlsx"


@pytest.fixture
def alingsas_xlsx(db: None) -> bytes:
    """The Alingsås example's document as the export writes it; the document itself is removed, so that the
    first import creates it."""
    portal_example.load()
    budget_example.load()
    data = to_xlsx(exchange_from_document(BudgetDocument.objects.get()))
    BudgetDocument.objects.all().delete()
    return data


def import_file(client: Client, data: bytes, name: str = FILE) -> None:
    """Uploads, previews and confirms (ticking the box an adopted document asks for)."""
    response = upload(client, data, name)
    assert response.status_code == 302 and response["Location"] == PREVIEW, response.content.decode()[:2000]
    page = client.get(PREVIEW).content.decode()
    box = re.search(r'name="replace_adopted" id="replace-adopted" value="([^"]*)"', page)
    response = client.post(CONFIRM, {"token": token_on(page), "replace_adopted": html.unescape(box[1]) if box else ""})
    assert response.status_code == 302 and response["Location"] == reverse("budgets:document_year", args=[2026])


def changes_of(revision: BudgetRevision) -> list[tuple[str, str, str, Decimal | None, Decimal | None, str]]:
    return [(c.table, c.row, c.column, c.old, c.new, c.unit) for c in revision.changes.order_by("sort_order")]


def test_importing_the_alingsas_file(client: Client, strategist: User, alingsas_xlsx: bytes) -> None:
    client.force_login(strategist)

    # The first import adds every figure of the file, as one revision naming the importer and the file.
    import_file(client, alingsas_xlsx)
    first = BudgetRevision.objects.get()
    assert first.source == BudgetRevision.Source.IMPORT
    assert first.file_name == FILE
    assert first.actor == strategist and first.actor_name == str(strategist)
    figures = exchange_from_document(BudgetDocument.objects.get())
    count = (
        sum(len(line.amounts) for line in figures.lines)
        + sum(len(row.amounts) for row in figures.operating)
        + sum(len(row.amounts) for row in figures.investments)
        + sum(len(total.amounts) for total in figures.totals)
    )
    assert first.changes.count() == count > 100
    assert not first.changes.exclude(old=None).exists()  # every one added

    # The same file again replaces the whole document but changes no figure: no revision, no change.
    import_file(client, alingsas_xlsx)
    assert BudgetRevision.objects.count() == 1
    assert FigureChange.objects.count() == count

    # Three figures changed in the workbook: exactly three changes, with the old and the new value.
    edited = edit_xlsx(alingsas_xlsx, "Driftbudget", "B2", 1020000)  # Vård- och omsorgsnämnden, Budget 2026
    edited = edit_xlsx(edited, "Resultatbudget", "D3", Decimal("-150.5"))  # Avskrivningar, Budget 2026
    edited = edit_xlsx(edited, "Investeringsbudget", "C3", 900)  # Socialnämnden, 2027
    import_file(client, edited, "andrad.xlsx")
    assert BudgetRevision.objects.count() == 2
    latest = BudgetRevision.objects.first()
    assert latest is not None and latest != first
    assert latest.file_name == "andrad.xlsx" and latest.actor_name == str(strategist)
    assert sorted(changes_of(latest)) == sorted(
        [
            ("Driftbudget", "Vård- och omsorgsnämnden", "Budget 2026", Decimal(1017829), Decimal(1020000), "tkr"),
            ("Resultatbudget", "Avskrivningar", "Budget 2026", Decimal(-148), Decimal("-150.5"), "mnkr"),
            ("Investeringsbudget", "Socialnämnden", "2027", Decimal(800), Decimal(900), "tkr"),
        ]
    )

    # The history page names the importer, the file and each figure in Swedish format.
    page = client.get(reverse("budgets:document_history", args=[2026])).content.decode()
    assert "andrad.xlsx" in page and FILE in page and str(strategist) in page
    assert "1\u00a0017\u00a0829" in page and "1\u00a0020\u00a0000" in page and "+2\u00a0171" in page
    assert "−150,5" in page or "-150,5" in page
    assert page.index("andrad.xlsx") < page.index(FILE)  # newest first


def test_added_and_removed_lines(client: Client, strategist: User, committee: Committee, other: Committee) -> None:
    document = make_document(committee, other)
    exchange = exchange_from_document(document)
    removed = exchange.operating.pop(1)  # the second committee's row goes
    exchange.lines[1].amounts.clear()  # a line keeps its label but loses its figures
    client.force_login(strategist)
    import_file(client, to_xlsx(exchange), "utan-rad.xlsx")
    revision = BudgetRevision.objects.get()
    kinds = [(change.row, change.kind) for change in revision.changes.all()]
    assert kinds.count((removed.committee, "removed")) == 3
    assert kinds.count(("Skatteintäkter", "removed")) == 3
    assert len(kinds) == 6

    # The row put back: its figures come back as added.
    exchange.operating.append(removed)
    import_file(client, to_xlsx(exchange))
    latest = BudgetRevision.objects.first()
    assert latest is not None and latest != revision
    assert [(c.row, c.kind) for c in latest.changes.all()] == [(removed.committee, "added")] * 3


@pytest.fixture
def other(other_committee: Committee) -> Committee:
    return other_committee


def test_a_refused_file_stores_no_history(client: Client, strategist: User, alingsas_xlsx: bytes) -> None:
    client.force_login(strategist)
    import_file(client, alingsas_xlsx)
    before = (snapshot(), list(FigureChange.objects.values_list("pk", flat=True)))
    response = upload(client, edit_xlsx(alingsas_xlsx, "Driftbudget", "B2", "mycket"), "fel.xlsx")
    assert response.status_code == 200 and "fel.xlsx" not in str(BudgetRevision.objects.values_list("file_name"))
    assert (snapshot(), list(FigureChange.objects.values_list("pk", flat=True))) == before
    assert BudgetRevision.objects.count() == 1


def test_a_file_refused_at_confirmation_stores_no_history(
    client: Client, strategist: User, committee: Committee, other: Committee
) -> None:
    document = make_document(committee, other)
    exchange = exchange_from_document(document)
    exchange.operating[0].amounts = {column: amount + 1 for column, amount in exchange.operating[0].amounts.items()}
    client.force_login(strategist)
    assert upload(client, to_xlsx(exchange)).status_code == 302
    page = client.get(PREVIEW).content.decode()
    OperatingBudget.objects.filter(committee=other).delete()
    other.delete()  # the file's committee is gone by the time it is confirmed
    client.post(CONFIRM, {"token": token_on(page), "replace_adopted": "KF 2025-11-26 § 180"})
    assert not BudgetRevision.objects.exists() and not FigureChange.objects.exists()


def test_an_admin_change_is_kept_with_the_administrator(
    client: Client, administrator: User, committee: Committee, other: Committee
) -> None:
    document = make_document(committee, other)
    budget = OperatingBudget.objects.get(committee=committee, year=2026)
    client.force_login(administrator)
    url = reverse("admin:budgets_operatingbudget_change", args=[budget.pk])
    form = {
        "document": document.pk,
        "committee": committee.pk,
        "year": 2026,
        "basis": budget.basis,
        "amount": "1131300",
    }
    assert client.post(url, form).status_code == 302
    revision = BudgetRevision.objects.get()
    assert revision.source == BudgetRevision.Source.ADMIN and revision.actor == administrator
    assert changes_of(revision) == [
        ("Driftbudget", committee.name, "Budget 2026", Decimal(1131226), Decimal(1131300), "tkr")
    ]
    # Saving again without a change adds nothing.
    assert client.post(url, form).status_code == 302
    assert BudgetRevision.objects.count() == 1
    # Deleting the figure is a removal.
    client.post(reverse("admin:budgets_operatingbudget_delete", args=[budget.pk]), {"post": "yes"})
    latest = BudgetRevision.objects.first()
    assert latest is not None and [(c.row, c.kind, c.old) for c in latest.changes.all()] == [
        (committee.name, "removed", Decimal(1131300))
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("strategist", 200),
        ("hr_editor", 200),
        ("viewer", 200),
        ("manager", 200),
        ("administrator", 200),
        ("outsider", 403),  # as on the document pages: no role, no budget
    ],
)
def test_the_history_page_as_each_role(
    request: pytest.FixtureRequest, client: Client, committee: Committee, other: Committee, persona: str, status: int
) -> None:
    document = make_document(committee, other)
    _revision(document, "budget.xlsx", 3)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("budgets:document_history", args=[2026])
    response = client.get(url)
    assert response.status_code == status
    assert client.get(reverse("budgets:document_year", args=[2026])).status_code == status
    if status == 200:
        page = response.content.decode()
        assert "budget.xlsx" in page and "Import av fil" not in page  # said in a sentence, not as a code
        assert "genom import av filen budget.xlsx" in page
        assert "3 belopp ändrade" in page
        assert f'href="{url}"' in client.get(reverse("budgets:document_year", args=[2026])).content.decode()
    else:
        assert "budget.xlsx" not in response.content.decode()


def test_the_history_page_anonymous_and_missing_year(client: Client, viewer: User) -> None:
    url = reverse("budgets:document_history", args=[2026])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_the_history_page_without_changes(client: Client, viewer: User, committee: Committee, other: Committee) -> None:
    make_document(committee, other)
    client.force_login(viewer)
    page = client.get(reverse("budgets:document_history", args=[2026])).content.decode()
    assert "Inga belopp har ändrats sedan historiken började föras." in page


def _revision(document: BudgetDocument, file_name: str, changes: int) -> BudgetRevision:
    revision = BudgetRevision.objects.create(
        document=document,
        source=BudgetRevision.Source.IMPORT,
        file_name=file_name,
        actor_name="Anna Strateg",
        at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
    )
    FigureChange.objects.bulk_create(
        FigureChange(
            revision=revision,
            table="Driftbudget",
            row=f"Nämnd {number}",
            column="Budget 2026",
            old=Decimal(1000 + number),
            new=Decimal(2000 + number),
            unit="tkr",
            sort_order=number,
        )
        for number in range(changes)
    )
    return revision


@pytest.mark.parametrize("revisions", [1, 5])
def test_the_history_page_queries(
    client: Client,
    viewer: User,
    committee: Committee,
    other: Committee,
    django_assert_num_queries: object,
    revisions: int,
) -> None:
    document = make_document(committee, other)
    for number in range(revisions):
        _revision(document, f"fil-{number}.xlsx", 4)
    client.force_login(viewer)
    client.get(reverse("budgets:document_history", args=[2026]))  # warms the session and the role cache
    # session, user, its groups, its memberships, the document, its revisions, their changes, the municipality
    # (base.html's header): eight at any number of revisions.
    with django_assert_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("budgets:document_history", args=[2026]))
    assert response.content.decode().count("fil-") == revisions


def test_an_admin_change_of_a_statement_amount(
    client: Client, administrator: User, committee: Committee, other: Committee
) -> None:
    make_document(committee, other)
    amount = StatementAmount.objects.get(line__label="Skatteintäkter", year=2027)
    client.force_login(administrator)
    url = reverse("admin:budgets_statementamount_change", args=[amount.pk])
    form = {"line": amount.line_id, "year": 2027, "basis": amount.basis, "amount": "2690.5"}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = BudgetRevision.objects.get()
    assert changes_of(revision) == [
        ("Resultatbudget", "Skatteintäkter", "Plan 2027", Decimal(2687), Decimal("2690.5"), "mnkr")
    ]
