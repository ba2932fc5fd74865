"""Any file costs bounded time and memory to read; ordinary workbooks with extra rows and sheets still import.

The limits asserted are generous on purpose (10 s, 200 MB): the point is that a decompression bomb is
refused before it is unpacked, not how fast a machine is. Before these checks a 1 MB file took a server
from 100 MB to 2 GB and a 2,4 MB file about ten minutes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from budgets.exchange import exchange_from_document, to_csv, to_xlsx
from portal.models import Committee, User
from tests.budgets.exchange_helpers import MEGABYTE, bounded, make_document, refused, rezip, snapshot, upload

pytestmark = pytest.mark.django_db

INCOME_SHEET = "xl/worksheets/sheet2.xml"  # openpyxl writes the sheets in order: sheet2 is Resultatbudget


@pytest.fixture
def document(committee: Committee, other_committee: Committee) -> None:
    make_document(committee, other_committee)


@pytest.fixture
def xlsx(document: None) -> bytes:
    from budgets.models import BudgetDocument

    return to_xlsx(exchange_from_document(BudgetDocument.objects.get()))


@pytest.fixture
def strategist_client(client: Client, strategist: User) -> Client:
    client.force_login(strategist)
    return client


def replaced_part(data: bytes, name: str, write: Callable[[zipfile.ZipFile], None]) -> bytes:
    """The workbook with one part written by ``write``, streamed so that the test itself stays small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name:
                write(target)
            else:
                target.writestr(info.filename, source.read(info))
    return buffer.getvalue()


def _sheet_of(content: bytes) -> bytes:
    start = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return start + content + b"</sheetData></worksheet>"


def test_decompression_bomb_is_refused_before_it_is_unpacked(strategist_client: Client, xlsx: bytes) -> None:
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (MEGABYTE // len(row))

    def write(target: zipfile.ZipFile) -> None:
        with target.open(INCOME_SHEET, "w", force_zip64=True) as stream:
            stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(200):
                stream.write(chunk)
            stream.write(b"</sheetData></worksheet>")

    bomb = replaced_part(xlsx, INCOME_SHEET, write)
    assert len(bomb) < MEGABYTE  # 200 MB once unpacked
    with bounded():
        refused(strategist_client, bomb, "budget.xlsx", "Arbetsboken är för stor uppackad", "spara filen som CSV")


def test_cells_are_counted_while_reading(
    strategist_client: Client, xlsx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small enough unpacked, but too many empty formatted cells: refused when the count passes the limit.

    The limit is lowered here so that the test stays quick under tracemalloc, which slows every allocation.
    """
    monkeypatch.setattr("budgets.exchange.xlsx.MAX_CELLS", 20_000)
    cells = b"".join(b'<row r="%d">' % row + b'<c s="1"/>' * 1000 + b"</row>" for row in range(2, 1002))
    data = rezip(xlsx, {INCOME_SHEET: _sheet_of(cells)})  # a million cells
    with bounded():
        refused(strategist_client, data, "budget.xlsx", "Bladen i mallens layout har fler än 20000 celler")


def test_a_cell_far_away_costs_nothing(strategist_client: Client, xlsx: bytes) -> None:
    """One cell in the last row and column Excel has: no gap is filled, so it costs what its bytes cost."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        content = archive.read(INCOME_SHEET)
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row>'
    data = rezip(xlsx, {INCOME_SHEET: content.replace(b"</sheetData>", far + b"</sheetData>")})
    with bounded():
        response = upload(strategist_client, data)
    assert response.status_code == 302  # beyond the 60 columns that are read: ignored, as the docs say


def test_a_text_longer_than_any_cell_needs(strategist_client: Client, xlsx: bytes) -> None:
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"a" * 60_000 + b"</t></is></c></row>"
    data = rezip(xlsx, {INCOME_SHEET: _sheet_of(cell)})
    with bounded():
        refused(
            strategist_client,
            data,
            "budget.xlsx",
            "En cell i bladet ”Resultatbudget” har en text som är längre än 50000 tecken.",
        )


def test_formatted_empty_rows_and_other_sheets_do_not_count(strategist_client: Client, xlsx: bytes) -> None:
    """What an ordinary workbook holds: rows formatted in advance, and a 20 000-row sheet of working figures."""
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    underlag = workbook.create_sheet("Underlag")
    for number in range(20_000):
        underlag.append([f"Konto {number}", number, number * 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read(INCOME_SHEET)
    formatted = b"".join(b'<row r="%d" s="1" customFormat="1" ht="15"/>' % n for n in range(10, 20_010))
    data = rezip(data, {INCOME_SHEET: content.replace(b"</sheetData>", formatted + b"</sheetData>")})
    before = snapshot()
    with bounded():
        response = upload(strategist_client, data)
    assert response.status_code == 302
    page = strategist_client.get(reverse("budgets:import_preview")).content.decode()
    assert "”Underlag” är inte en del av mallen och läses inte." in page
    assert snapshot() == before


def test_csv_with_empty_lines_and_other_sections(strategist_client: Client, xlsx: bytes) -> None:
    from budgets.models import BudgetDocument

    text = to_csv(exchange_from_document(BudgetDocument.objects.get())).decode("utf-8-sig")
    text += ";;;;;;\r\n" * 6_000 + "".join(f"Underlag;Konto {n};{n}\r\n" for n in range(6_000))
    response = upload(strategist_client, text.encode("utf-8-sig"), "budget.csv")
    assert response.status_code == 302


def test_too_many_rows_with_content(strategist_client: Client, xlsx: bytes) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Rad %d</t></is></c></row>' % (n, n, n) for n in range(1, 5_003)
    )
    data = rezip(xlsx, {INCOME_SHEET: _sheet_of(rows)})
    with bounded():
        refused(
            strategist_client,
            data,
            "budget.xlsx",
            "Bladet ”Resultatbudget” har fler än 5000 rader med innehåll.",
        )


def test_a_zip_of_many_parts_is_refused_before_it_is_opened(strategist_client: Client, xlsx: bytes) -> None:
    """zipfile makes an object per member; the member count the zip states is checked before that."""
    data = rezip(xlsx, {f"xl/media/image{number}.bin": b"x" for number in range(2_500)})
    with bounded():
        refused(strategist_client, data, "budget.xlsx", "Filen har fler än 2000 delar")
