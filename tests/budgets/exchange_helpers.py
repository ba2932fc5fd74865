"""Shared by the exchange tests: a small but complete document, a snapshot of every budget row, uploads."""

from __future__ import annotations

import datetime
import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from budgets.models import (
    Basis,
    BudgetDocument,
    DocumentText,
    InvestmentArea,
    InvestmentBudget,
    LineRole,
    OperatingBudget,
    StatedTotal,
    Statement,
    StatementAmount,
    StatementLine,
)
from portal.models import Committee
from tests.factories import (
    BudgetDocumentFactory,
    DocumentTextFactory,
    InvestmentBudgetFactory,
    OperatingBudgetFactory,
    StatedTotalFactory,
    StatementAmountFactory,
    StatementLineFactory,
)


def make_document(bun: Committee, tn: Committee, *, year: int = 2026) -> BudgetDocument:
    """Every kind of row the layout holds, with the awkward cases: outcome columns, decimals, headings,
    negative figures, fee-financed areas, stated totals and texts with semicolons, quotes and line breaks."""
    document = BudgetDocumentFactory(
        year=year,
        title=f"Mål och budget {year}; plan",
        decision_reference=f"KF {year - 1}-11-26 § 180",
        decision_date=datetime.date(year - 1, 11, 26),
    )
    columns = [(year - 1, Basis.OUTCOME), (year, Basis.BUDGET), (year + 1, Basis.PLAN), (year + 2, Basis.PLAN)]

    def line(statement: str, label: str, role: str, figures: list[str | None], is_total: bool = False) -> None:
        made = StatementLineFactory(document=document, statement=statement, label=label, role=role, is_total=is_total)
        for (column_year, basis), figure in zip(columns, figures, strict=True):
            if figure is not None:
                StatementAmountFactory(line=made, year=column_year, basis=basis, amount=Decimal(figure))

    line(Statement.INCOME, "Verksamhetens nettokostnader", LineRole.NET_COST, ["-2990.5", "-3055", "-3163", "-3262"])
    line(Statement.INCOME, "Skatteintäkter", LineRole.TAX_INCOME, [None, "2571", "2687", "2805"])
    line(Statement.INCOME, "Årets resultat", LineRole.RESULT, ["100", "146", "125", "113"], is_total=True)
    line(Statement.BALANCE, "Tillgångar", "", [None, None, None, None])
    line(Statement.BALANCE, "Summa tillgångar", LineRole.TOTAL_ASSETS, [None, "8283", "9063", "9845"], True)
    line(
        Statement.CASH_FLOW,
        "Kassaflöde från investeringsverksamheten",
        LineRole.CASH_FLOW_INVESTING,
        [None, "-586", "-719", "-755"],
    )
    for committee, figures in ((bun, ["1131226", "1164800", "1197078.25"]), (tn, ["85940", "88604", "91439"])):
        for offset, figure in enumerate(figures):
            OperatingBudgetFactory(
                document=document,
                committee=committee,
                year=year + offset,
                basis=Basis.BUDGET if offset == 0 else Basis.PLAN,
                amount=Decimal(figure),
            )
    for offset, figure in enumerate(["1217166", "1253404", "1288517"]):
        StatedTotalFactory(
            document=document,
            table=StatedTotal.Table.OPERATING,
            year=year + offset,
            label="Summa kommunbidrag",
            amount=Decimal(figure),
        )
    for offset in range(5):
        InvestmentBudgetFactory(document=document, committee=bun, year=year + offset, amount=Decimal(18590 + offset))
        InvestmentBudgetFactory(
            document=document, area=InvestmentArea.WATER, committee=None, year=year + offset, amount=Decimal(308024)
        )
    InvestmentBudgetFactory(
        document=document, area=InvestmentArea.FINANCIAL_LEASING, committee=None, year=year, amount=Decimal(25000)
    )
    StatedTotalFactory(
        document=document,
        table=StatedTotal.Table.INVESTMENT,
        year=year,
        label="Summa investeringar",
        amount=Decimal(351614),
    )
    DocumentTextFactory(
        document=document,
        heading="Politiska prioriteringar",
        body='Första stycket; med semikolon och "citat".\n\nAndra stycket – med tankstreck.',
    )
    DocumentTextFactory(document=document, heading="Arbetsgivaren", body="En attraktiv arbetsgivare.")
    return document


def snapshot() -> dict[str, list[Any]]:
    """Every budget row as plain values, in the order the document shows them."""
    return {
        "documents": list(
            BudgetDocument.objects.order_by("year").values_list(
                "year", "title", "plan_years", "status", "decision_reference", "decision_date"
            )
        ),
        "lines": list(
            StatementLine.objects.order_by("document__year", "statement", "sort_order").values_list(
                "document__year", "statement", "label", "role", "is_total"
            )
        ),
        "amounts": list(
            StatementAmount.objects.order_by(
                "line__document__year", "line__statement", "line__label", "year", "basis"
            ).values_list("line__document__year", "line__statement", "line__label", "year", "basis", "amount")
        ),
        "operating": list(
            OperatingBudget.objects.order_by("document__year", "committee__name", "year").values_list(
                "document__year", "committee__name", "year", "basis", "amount"
            )
        ),
        "investments": list(
            InvestmentBudget.objects.order_by("document__year", "area", "committee__name", "year").values_list(
                "document__year", "area", "committee__name", "year", "amount"
            )
        ),
        "totals": list(
            StatedTotal.objects.order_by("document__year", "table", "year").values_list(
                "document__year", "table", "label", "year", "amount"
            )
        ),
        "texts": list(
            DocumentText.objects.order_by("document__year", "sort_order").values_list(
                "document__year", "heading", "body"
            )
        ),
    }


MEGABYTE = 1024 * 1024


@contextmanager
def bounded(seconds: float = 10, megabytes: int | None = 200) -> Iterator[None]:
    """Asserts that the block took less than ``seconds`` and, unless ``megabytes`` is None, that Python's
    allocations peaked below ``megabytes``. The limits are generous so that a slow machine never fails:
    the point is that a bad file is refused at a bounded cost, not how fast this machine is. tracemalloc
    slows every allocation, so a test whose block allocates a lot may bound only the time."""
    if megabytes is not None:
        tracemalloc.start()
    started = time.monotonic()
    try:
        yield
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
    finally:
        if megabytes is not None:
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    if megabytes is not None:
        assert peak < megabytes * MEGABYTE, f"peak {peak / MEGABYTE:.0f} MB"


def upload(client: Client, data: bytes, name: str = "budget.xlsx") -> Any:
    return client.post(reverse("budgets:import_upload"), {"file": SimpleUploadedFile(name, data)})


def edit_xlsx(data: bytes, sheet: str, cell: str, value: object) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook[sheet][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(client: Client, data: bytes, name: str, *expected: str) -> str:
    """Uploads, checks the refusal and that nothing changed; returns the page."""
    before = snapshot()
    response = upload(client, data, name)
    assert response.status_code == 200  # the form again, with what is wrong; never the error page
    page = response.content.decode()
    for text in expected:
        assert text in page, f"{text!r} missing from the page"
    assert "Ingenting har ändrats i portalen." in page or "Filen" in page
    assert "Försök igen om en stund" not in page
    assert snapshot() == before
    assert "budget_import" not in client.session  # nothing waits for confirmation
    return page


def rezip(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The workbook with some of its parts replaced (or added), as a script that tampers with a file would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.pop(info.filename, None) or source.read(info))
        for name, content in changes.items():
            target.writestr(name, content)
    return buffer.getvalue()


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (what Excel writes for a password-protected workbook or an old .xls), built by
    hand so that the test needs no library: a FAT sector, a directory sector, then each stream padded to
    whole 512-byte sectors (streams of 4 096 bytes or more, so that no mini stream is needed)."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    sectors: list[bytes] = []
    fat = [fat_sector, end]
    entries = []
    names = list(streams)
    for number, (name, content) in enumerate(streams.items(), start=1):
        assert len(content) >= 4096
        padded = content + bytes(-len(content) % 512)
        start = 2 + len(sectors)
        count = len(padded) // 512
        sectors += [padded[i : i + 512] for i in range(0, len(padded), 512)]
        fat += [*range(start + 1, start + count), end]
        right = number + 1 if number < len(names) else no_stream
        entries.append((name, 2, no_stream, right, no_stream, start, len(content)))
    entries.insert(0, ("Root Entry", 5, no_stream, no_stream, 1, end, 0))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBB3I16sI8s8sIQ",
            encoded,
            len(encoded),
            kind,
            1,
            left,
            right,
            child,
            bytes(16),
            0,
            bytes(8),
            bytes(8),
            start,
            size,
        )

    directory = b"".join(entry(*values) for values in entries)
    unused = entry("", 0, no_stream, no_stream, no_stream, 0, 0)
    directory += unused * (-len(entries) % 4)  # a directory sector holds four entries
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))
    header = (
        struct.pack(
            "<8s16sHHHHH6sIIIIIIIII",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            bytes(16),
            0x3E,
            3,
            0xFFFE,
            9,
            6,
            bytes(6),
            0,
            1,
            1,
            0,
            4096,
            end,
            0,
            end,
            0,
        )
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == 512 and len(directory) == 512
    return header + fat_bytes + directory + b"".join(sectors)
