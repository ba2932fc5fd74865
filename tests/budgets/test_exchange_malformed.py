"""Malformed files, each generated here, are refused with a sentence that says what is wrong; never an error page."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from budgets import services_exchange
from budgets.exchange import exchange_from_document, to_csv, to_xlsx
from budgets.services_exchange import budget_import_read
from portal.models import Committee, User
from tests.budgets.exchange_helpers import bounded, compound_file, edit_xlsx, make_document, refused, rezip, upload
from tests.factories import CommitteeFactory

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
    with bounded():
        refused(strategist_client, xlsx[: len(xlsx) // 2], "budget.xlsx", "Filen är skadad och går inte att packa upp")


def test_zip_with_damaged_content(strategist_client: Client, xlsx: bytes) -> None:
    """The zip's directory is whole, but a part's compressed bytes are not."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        info = archive.getinfo(INCOME_SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(xlsx)
    for offset in range(start + 10, start + min(info.compress_size, 200)):
        damaged[offset] ^= 0x5A
    with bounded():
        refused(strategist_client, bytes(damaged), "budget.xlsx", "Filen är skadad och går inte att packa upp")


def test_sheet_xml_cut_off(strategist_client: Client, xlsx: bytes) -> None:
    sheet = _part(xlsx, INCOME_SHEET)
    data = rezip(xlsx, {INCOME_SHEET: sheet[: len(sheet) // 2]})
    with bounded():
        refused(
            strategist_client,
            data,
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
    data = rezip(xlsx, {part: content})
    with bounded():
        refused(
            strategist_client,
            data,
            "budget.xlsx",
            "Filen innehåller XML-definitioner (DTD eller entiteter) som Excel aldrig skriver i en arbetsbok",
        )


def test_password_protected_workbook(strategist_client: Client) -> None:
    data = compound_file({"EncryptionInfo": bytes(4096), "EncryptedPackage": bytes(range(256)) * 20})
    with bounded():
        page = refused(strategist_client, data, "budget.xlsx", "Filen är lösenordsskyddad", "ta bort lösenordet")
    assert ".xls" not in page.split("Filen är lösenordsskyddad")[1].split("</li>")[0]


def test_old_xls_is_still_called_so(strategist_client: Client) -> None:
    data = compound_file({"Workbook": bytes(4096)})
    with bounded():
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
    with bounded():
        refused(strategist_client, data, "budget.xlsx", f"Blad ”{sheet}”, rad {cell[1:]}, kolumn A", expected)


def test_two_spellings_of_one_area(strategist_client: Client, xlsx: bytes) -> None:
    data = edit_xlsx(xlsx, "Investeringsbudget", "A6", "water")
    data = edit_xlsx(data, "Investeringsbudget", "B6", 1000)
    with bounded():
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
    with bounded():
        page = refused(strategist_client, xlsx, "budget.xlsx", "Filen gick inte att läsa, och samma fil ger samma fel")
    assert "skicka filen till portalens administratör" in page
    assert "budget import: a file could not be read" in caplog.text


def test_formula_without_a_stored_result(strategist_client: Client, xlsx: bytes) -> None:
    """openpyxl (like any script) writes a formula without computing it: the sum must not silently vanish."""
    data = edit_xlsx(xlsx, "Driftbudget", "B4", "=SUM(B2:B3)")
    data = edit_xlsx(data, "Kassaflödesbudget", "E2", "=-586")
    with bounded():
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


@pytest.mark.parametrize(
    ("name", "abbreviation", "kind"),
    [("Kommunfullmäktige", "KF", Committee.Kind.COUNCIL), ("Alingsåshem AB", "AHEM", Committee.Kind.COMPANY)],
)
@pytest.mark.parametrize(("sheet", "cell"), [("Driftbudget", "A3"), ("Investeringsbudget", "A2")])
def test_rows_that_are_not_committees(
    strategist_client: Client, xlsx: bytes, name: str, abbreviation: str, kind: str, sheet: str, cell: str
) -> None:
    """The council adopts the budget and a company has its own: neither has a row in these tables."""
    CommitteeFactory(name=name, abbreviation=abbreviation, slug=abbreviation.lower(), kind=kind)
    data = edit_xlsx(xlsx, sheet, cell, abbreviation)
    with bounded():
        refused(
            strategist_client,
            data,
            "budget.xlsx",
            f"Blad ”{sheet}”, rad {cell[1:]}, kolumn A",
            f"”{abbreviation}” är inte en nämnd eller kommunstyrelsen, och tabellen har bara rader för dem",
        )


def test_the_meaning_column_may_be_left_out(strategist_client: Client, xlsx: bytes) -> None:
    """The docs call Betydelse optional: a file without the column reads, its lines without meanings."""
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    for name in ("Resultatbudget", "Balansbudget", "Kassaflödesbudget"):
        workbook[name].delete_cols(2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = budget_import_read(data=buffer.getvalue())
    assert preview.problems == [] and preview.exchange is not None
    assert {line.role for line in preview.exchange.lines} == {""}
    assert preview.exchange.lines[0].amounts  # the figures moved left with the columns and are read


def test_csv_in_two_encodings_is_refused(strategist_client: Client, xlsx: bytes) -> None:
    lines = [
        "Dokument;År;Titel;Antal planår;Status;Beslut;Beslutsdatum".encode(),
        "Dokument;2026;Mål och budget 2026;2;Förslag;;".encode("cp1252"),
    ]
    data = b"\r\n".join(lines)
    with bounded():
        refused(
            strategist_client,
            data,
            "budget.csv",
            "Filen blandar två teckenkodningar: rad 1 är sparad som UTF-8 men rad 2 som Windows-1252",
            "”CSV UTF-8 (kommaavgränsad) (*.csv)”",
        )


@pytest.mark.parametrize(("encoding", "stated"), [("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")])
def test_csv_encoding_is_stated(strategist_client: Client, xlsx: bytes, encoding: str, stated: str) -> None:
    from budgets.models import BudgetDocument

    text = to_csv(exchange_from_document(BudgetDocument.objects.get())).decode("utf-8-sig")
    upload(strategist_client, text.replace("\u2212", "-").encode(encoding), "budget.csv")
    page = strategist_client.get(reverse("budgets:import_preview")).content.decode()
    assert f"CSV-filen lästes med teckenkodningen {stated}." in page
