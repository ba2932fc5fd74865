"""The budget document's xlsx and CSV keep a label that starts like a formula as inert text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from budgets.exchange import exchange_from_document, to_csv, to_xlsx
from budgets.models import StatementLine
from portal.models import Committee
from tests.budgets.exchange_helpers import make_document

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.django_db
def test_the_document_export_keeps_a_hostile_label_inert(committee: Committee, other_committee: Committee) -> None:
    document = make_document(committee, other_committee)
    StatementLine.objects.filter(document=document, label="Skatteintäkter").update(label=HOSTILE)
    exchange = exchange_from_document(document)

    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(to_xlsx(exchange))).worksheets[1] for cell in row]
    hostile = next(cell for cell in cells if cell.value == HOSTILE)
    assert hostile.data_type == "s"

    rows = list(csv.reader(io.StringIO(to_csv(exchange).decode("utf-8-sig")), delimiter=";"))
    assert any(row[1] == "'" + HOSTILE for row in rows)
    assert not any(HOSTILE in row for row in rows)
    assert any(cell == "-3055" for row in rows for cell in row)  # a negative figure stays a number
