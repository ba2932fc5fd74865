"""The budget import stores a text's Markdown as written (without the CSV export's apostrophe) with its HTML,
and refuses a text longer than the forms allow."""

from __future__ import annotations

import pytest
from django.test import Client

from budgets.exchange import exchange_from_document, to_csv, to_xlsx
from budgets.models import BudgetDocument, DocumentText
from budgets.services_exchange import budget_document_import, budget_import_preview
from portal.markdown import MARKDOWN_MAX_LENGTH, render_markdown
from portal.models import Committee, User
from tests.budgets.exchange_helpers import make_document, refused, snapshot

pytestmark = pytest.mark.django_db

LIST = "- punkt ett\n- punkt två"
WRITERS = {"xlsx": to_xlsx, "csv": to_csv}


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_text_that_starts_like_a_formula_comes_back_as_written(
    file_format: str, committee: Committee, other_committee: Committee
) -> None:
    document = make_document(committee, other_committee)
    DocumentText.objects.create(document=document, heading="Lista", body=LIST, sort_order=3)
    DocumentText.objects.create(document=document, heading="'=Apostrof", body="'-5 är text", sort_order=4)
    before = snapshot()
    data = WRITERS[file_format](exchange_from_document(document))
    if file_format == "csv":
        assert "'- punkt ett" in data.decode("utf-8-sig")  # the export keeps it inert
    BudgetDocument.objects.all().delete()
    preview = budget_import_preview(data=data)
    assert preview.ok, [str(problem) for problem in preview.problems]
    assert preview.exchange is not None
    budget_document_import(exchange=preview.exchange)
    assert snapshot() == before
    text = DocumentText.objects.get(heading="Lista")
    assert text.body == LIST
    assert text.body_html == render_markdown(LIST)
    assert "<li>punkt två</li>" in text.body_html
    assert DocumentText.objects.get(heading="'=Apostrof").body == "'-5 är text"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_text_over_the_limit_is_refused_and_nothing_stored(
    file_format: str, client: Client, strategist: User, committee: Committee, other_committee: Committee
) -> None:
    document = make_document(committee, other_committee)
    DocumentText.objects.create(document=document, heading="Lång", body="a" * (MARKDOWN_MAX_LENGTH + 1))
    data = WRITERS[file_format](exchange_from_document(document))
    DocumentText.objects.filter(heading="Lång").delete()
    client.force_login(strategist)
    refused(
        client,
        data,
        f"budget.{file_format}",
        "Texten har 20\u00a0001 tecken men får ha högst 20\u00a0000. Korta texten och ladda upp filen igen.",
    )
