"""Malformed files, each generated here, are refused with a sentence that says what is wrong; never an error page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from budgets import services_exchange
from budgets.exchange import exchange_from_document, to_xlsx
from portal.models import Committee, User
from tests.budgets.exchange_helpers import compound_file, edit_xlsx, make_document, refused, rezip, upload

pytestmark = pytest.mark.django_db

# openpyxl writes the sheets in the layout's order: sheet1 is Dokument, sheet2 Resultatbudget.
INCOME_SHEET = "xl/worksheets/sheet2.xml"
REWRITE = "spara den som ”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen"


@pytest.fixture
def xlsx(committee: Committee, other_committee: Committee) -> bytes:
    """A valid export of a document that stays in the database; the tests spoil copies of it."""
    return to_xlsx(exchange_from_document(make_document(committee, other_committee)))


@pytest.fixture
def strategist_client(client: Client, strategist: User) -> Client:
    client.force_login(strategist)
    return client


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def test_zip_cut_off(strategist_client: Client, xlsx: bytes) -> None:
    refused(strategist_client, xlsx[: len(xlsx) // 2], "budget.xlsx", "Filen är skadad och går inte att packa upp")


def test_zip_with_damaged_content(strategist_client: Client, xlsx: bytes) -> None:
    """The zip's directory is whole, but a part's compressed bytes are not."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        info = archive.getinfo(INCOME_SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(xlsx)
    for offset in range(start + 10, start + min(info.compress_size, 200)):
        damaged[offset] ^= 0x5A
    refused(strategist_client, bytes(damaged), "budget.xlsx", "Filen är skadad och går inte att packa upp")


def test_sheet_xml_cut_off(strategist_client: Client, xlsx: bytes) -> None:
    sheet = _part(xlsx, INCOME_SHEET)
    refused(
        strategist_client,
        rezip(xlsx, {INCOME_SHEET: sheet[: len(sheet) // 2]}),
        "budget.xlsx",
        "Bladet ”Resultatbudget” är trasigt: innehållet är avbrutet eller felaktigt.",
        REWRITE,
    )


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (name, b"".join(b"&%s;" % previous for _ in range(10)))
        for previous, name in zip(b"abcdefghi", b"bcdefghij", strict=True)
        for previous, name in [(bytes([previous]), bytes([name]))]
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize(
    ("part", "content"),
    [(INCOME_SHEET, XXE), (INCOME_SHEET, LAUGHS), ("xl/workbook.xml", None)],
    ids=["external entity", "billion laughs", "entity in the workbook part"],
)
def test_entities_are_refused(strategist_client: Client, xlsx: bytes, part: str, content: bytes | None) -> None:
    if content is None:  # the DTD goes into an otherwise valid workbook part
        content = b'<!DOCTYPE workbook [<!ENTITY e "e">]>' + _part(xlsx, part)
    refused(
        strategist_client,
        rezip(xlsx, {part: content}),
        "budget.xlsx",
        "Filen innehåller XML-definitioner (DTD eller entiteter) som Excel aldrig skriver i en arbetsbok",
    )


def test_password_protected_workbook(strategist_client: Client) -> None:
    data = compound_file({"EncryptionInfo": bytes(4096), "EncryptedPackage": bytes(range(256)) * 20})
    page = refused(strategist_client, data, "budget.xlsx", "Filen är lösenordsskyddad", "ta bort lösenordet")
    assert ".xls" not in page.split("Filen är lösenordsskyddad")[1].split("</li>")[0]


def test_old_xls_is_still_called_so(strategist_client: Client) -> None:
    data = compound_file({"Workbook": bytes(4096)})
    refused(strategist_client, data, "budget.xls", "Filen är i Excels gamla format (.xls).")


@pytest.mark.parametrize(
    ("sheet", "cell", "expected"),
    [
        ("Driftbudget", "A4", "Summaradens namn är längre än 200 tecken."),
        ("Investeringsbudget", "A5", "Summaradens namn är längre än 200 tecken."),
        ("Resultatbudget", "A2", "Radens namn är längre än 200 tecken."),
        ("Texter", "A2", "Rubriken är längre än 200 tecken."),
    ],
)
def test_label_longer_than_the_database_holds(
    strategist_client: Client, xlsx: bytes, sheet: str, cell: str, expected: str
) -> None:
    """SQLite would store it whole; PostgreSQL refuses it: either way the file is refused before the database."""
    data = edit_xlsx(xlsx, sheet, cell, "Summa " + "lång rubrik " * 20)
    refused(strategist_client, data, "budget.xlsx", f"Blad ”{sheet}”, rad {cell[1:]}, kolumn A", expected)


def test_two_spellings_of_one_area(strategist_client: Client, xlsx: bytes) -> None:
    data = edit_xlsx(xlsx, "Investeringsbudget", "A6", "water")
    data = edit_xlsx(data, "Investeringsbudget", "B6", 1000)
    refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Investeringsbudget”, rad 6, kolumn A (Nämnd/område):",
        "”water” är samma område som ”VA” på rad 4. Ta bort den ena raden.",
    )


def test_an_unforeseen_fault_in_reading_is_a_refusal(
    strategist_client: Client, xlsx: bytes, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A file that breaks the reader in a way nobody foresaw will break it again: say what to do, and log it."""

    def broken(data: bytes) -> None:
        raise RecursionError("deeply nested")

    monkeypatch.setattr(services_exchange, "read_file", broken)
    page = refused(strategist_client, xlsx, "budget.xlsx", "Filen gick inte att läsa, och samma fil ger samma fel")
    assert "skicka filen till portalens administratör" in page
    assert "budget import: a file could not be read" in caplog.text


def test_formula_without_a_stored_result(strategist_client: Client, xlsx: bytes) -> None:
    """openpyxl (like any script) writes a formula without computing it: the sum must not silently vanish."""
    data = edit_xlsx(xlsx, "Driftbudget", "B4", "=SUM(B2:B3)")
    data = edit_xlsx(data, "Kassaflödesbudget", "E2", "=-586")
    page = refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Driftbudget”, rad 4, kolumn B:</strong> Cellen har formeln ”=SUM(B2:B3)” men inget sparat resultat",
        "Blad ”Kassaflödesbudget”, rad 2, kolumn E:</strong> Cellen har formeln ”=-586”",
        "Öppna filen i Excel och spara den igen (då räknas formlerna ut), eller kopiera cellerna och klistra in "
        "dem som värden",
    )
    assert "Rätta de här 2 sakerna i filen" in page


def test_formula_with_its_stored_result_is_read(client: Client, strategist: User, xlsx: bytes) -> None:
    """What Excel saves: the formula and the value it last computed; the value is the figure."""
    sheet = _part(xlsx, "xl/worksheets/sheet5.xml")  # Driftbudget
    assert sheet.count(b"<v>1131226</v>") == 1
    data = rezip(
        xlsx, {"xl/worksheets/sheet5.xml": sheet.replace(b"<v>1131226</v>", b"<f>1131000+226</f><v>1131226</v>")}
    )
    client.force_login(strategist)
    assert upload(client, data).status_code == 302  # on to the preview
    assert "1\u00a0131\u00a0226" in client.get(reverse("budgets:import_preview")).content.decode()
