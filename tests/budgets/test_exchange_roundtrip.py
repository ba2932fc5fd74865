"""Export, then import into an empty database: the same data, row for row."""

from __future__ import annotations

import pytest

from budgets import example as budgets_example
from budgets.exchange import exchange_from_document, parse_sheets, read_file, to_csv, to_xlsx
from budgets.models import BudgetDocument
from budgets.services_exchange import budget_document_import, budget_import_preview
from portal import example as portal_example
from portal.models import Committee
from tests.budgets.exchange_helpers import make_document, snapshot

pytestmark = pytest.mark.django_db

WRITERS = {"xlsx": to_xlsx, "csv": to_csv}


def export_then_reimport(document: BudgetDocument, file_format: str) -> tuple[dict[str, list[object]], bytes]:
    before = snapshot()
    data = WRITERS[file_format](exchange_from_document(document))
    BudgetDocument.objects.all().delete()
    assert snapshot()["lines"] == []  # the database holds no budget any more
    preview = budget_import_preview(data=data)
    assert preview.ok, [str(problem) for problem in preview.problems]
    assert preview.file_format == file_format
    assert preview.replaces is None
    assert preview.exchange is not None
    budget_document_import(exchange=preview.exchange)
    assert snapshot() == before
    return before, data


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_every_kind_of_row_survives(file_format: str, committee: Committee, other_committee: Committee) -> None:
    document = make_document(committee, other_committee)
    before, data = export_then_reimport(document, file_format)
    assert len(before["amounts"]) == 17 and len(before["investments"]) == 11 and len(before["texts"]) == 2
    # Exported again, the file is the same, byte for byte for CSV and sheet for sheet for xlsx.
    again = WRITERS[file_format](exchange_from_document(BudgetDocument.objects.get()))
    if file_format == "csv":
        assert again == data
    else:
        assert parse_sheets(read_file(again)[1])[0] == parse_sheets(read_file(data)[1])[0]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_alingsas_example_survives(file_format: str) -> None:
    portal_example.load()
    budgets_example.load()
    before, _data = export_then_reimport(BudgetDocument.objects.get(year=2026), file_format)
    operating = {(name, year): amount for _y, name, year, _basis, amount in before["operating"]}
    assert operating[("Vård- och omsorgsnämnden", 2026)] == 1017829
    assert "Summa kommunbidrag" in {row[2] for row in before["totals"]}


def test_importing_over_a_document_replaces_it_wholesale(committee: Committee, other_committee: Committee) -> None:
    document = make_document(committee, other_committee)
    exchange = exchange_from_document(document)
    exchange.lines = exchange.lines[:1]
    exchange.texts = []
    pk = document.pk
    budget_document_import(exchange=exchange)
    after = snapshot()
    assert [line[2] for line in after["lines"]] == ["Verksamhetens nettokostnader"]
    assert after["texts"] == []
    assert BudgetDocument.objects.get().pk == pk  # the document row itself is kept
