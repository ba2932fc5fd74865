"""A bad file is refused with a message that names the place and the fix, and the database is unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from budgets.exchange import exchange_from_document, to_csv, to_xlsx
from budgets.models import BudgetDocument
from portal.models import Committee, User
from tests.budgets.exchange_helpers import edit_xlsx, make_document, refused, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(committee: Committee, other_committee: Committee) -> dict[str, bytes]:
    """A valid export of a document that stays in the database; the tests spoil copies of it."""
    exchange = exchange_from_document(make_document(committee, other_committee))
    return {"xlsx": to_xlsx(exchange), "csv": to_csv(exchange)}


@pytest.fixture
def strategist_client(client: Client, strategist: User) -> Client:
    client.force_login(strategist)
    return client


def csv_edit(data: bytes, old: str, new: str) -> bytes:
    text = data.decode("utf-8-sig")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8-sig")


def test_text_in_a_number_cell_xlsx(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Driftbudget", "B2", "ungefär 1 miljard")
    refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Driftbudget”, rad 2, kolumn B (Budget 2026):",
        "”ungefär 1 miljard” är inte ett belopp. Skriv bara siffror",
    )


def test_text_in_a_number_cell_csv(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = csv_edit(
        files["csv"], "Driftbudget;Barn- och ungdomsnämnden;1131226", "Driftbudget;Barn- och ungdomsnämnden;x"
    )
    lines = data.decode("utf-8-sig").splitlines()
    row = next(number for number, line in enumerate(lines, start=1) if line.startswith("Driftbudget;Barn"))
    refused(
        strategist_client,
        data,
        "budget.csv",
        f"Avsnitt ”Driftbudget”, rad {row}, kolumn C (Budget 2026):",  # column A names the section
        "”x” är inte ett belopp.",
    )


def test_missing_column(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Resultatbudget", "C1", None)
    refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Resultatbudget”, rad 1:",
        "Kolumnen ”Summarad” saknas. Lägg till en kolumn med rubriken ”Summarad” i rubrikraden",
    )


def test_missing_column_csv(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = csv_edit(files["csv"], "Investeringsbudget;Nämnd/område;", "Investeringsbudget;Namn;")
    refused(
        strategist_client,
        data,
        "budget.csv",
        "Avsnitt ”Investeringsbudget”, rad",
        "Okänd kolumn ”Namn”",
        "Kolumnen ”Nämnd/område” saknas.",
    )


def test_unknown_committee(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Driftbudget", "A3", "Fritidsnämnden")
    refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Driftbudget”, rad 3, kolumn A (Nämnd):",
        "Nämnden ”Fritidsnämnden” finns inte i portalen. Skriv nämndens namn eller förkortning",
    )


def test_committee_by_abbreviation_is_known(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Driftbudget", "A2", "bun")
    response = upload(strategist_client, data, "budget.xlsx")
    assert response.status_code == 302  # on to the preview


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        ("Driftbudget", "A3", "Barn- och ungdomsnämnden", "”Barn- och ungdomsnämnden” finns redan på rad 2."),
        ("Driftbudget", "A3", "BUN", "”BUN” är samma nämnd som ”Barn- och ungdomsnämnden” på en annan rad."),
        ("Resultatbudget", "A3", "Verksamhetens nettokostnader", "finns redan på rad 2"),
        ("Resultatbudget", "B3", "net_cost", "Betydelsen ”net_cost” står redan på raden"),
        ("Texter", "A3", "Politiska prioriteringar", "finns redan på rad 2"),
    ],
)
def test_duplicated_row(
    strategist_client: Client, files: dict[str, bytes], sheet: str, cell: str, value: str, expected: str
) -> None:
    data = edit_xlsx(files["xlsx"], sheet, cell, value)
    refused(strategist_client, data, "budget.xlsx", f"Blad ”{sheet}”, rad 3, kolumn {cell[0]}", expected)


def test_year_that_does_not_fit_the_document(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Driftbudget", "B1", "Budget 2027")
    refused(
        strategist_client,
        data,
        "budget.xlsx",
        "Blad ”Driftbudget”, rad 1, kolumn B (Budget 2027):",
        "En budgetkolumn ska gälla budgetåret 2026.",
    )


def test_unknown_line_role(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Resultatbudget", "B2", "nettokostnad")
    refused(strategist_client, data, "budget.xlsx", "kolumn B (Betydelse)", "Betydelsen ”nettokostnad” är okänd.")


def test_missing_sheet(strategist_client: Client, files: dict[str, bytes]) -> None:
    text = files["csv"].decode("utf-8-sig").replace("Kassaflödesbudget;", "Kassaflode;")
    page = refused(strategist_client, text.encode("utf-8-sig"), "budget.csv", "Avsnittet ”Kassaflödesbudget” saknas.")
    assert "”Kassaflode” är inte en del av mallen och läses inte." in page


def test_data_where_the_heading_should_be(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = csv_edit(files["csv"], "Kassaflödesbudget;Rad;Betydelse;Summarad;Budget 2026;Plan 2027;Plan 2028\r\n", "")
    refused(
        strategist_client,
        data,
        "budget.csv",
        "Avsnitt ”Kassaflödesbudget”, rad",
        "Rubrikraden saknas. Första raden ska ha kolumnerna ”Rad”, ”Betydelse”, ”Summarad”, som i mallen.",
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf\r\n  \r\n"], ids=["no bytes", "only a BOM and blank lines"])
def test_empty_file(strategist_client: Client, data: bytes) -> None:
    refused(strategist_client, data, "budget.csv", "Filen är tom. Fyll i mallen")


def test_twenty_megabyte_file_is_refused_before_it_is_read(
    strategist_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_read(**kwargs: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr("budgets.views_exchange.budget_import_read", must_not_read)
    refused(
        strategist_client,
        b"x" * (20 * 1024 * 1024),
        "budget.csv",
        "Filen är 20,0 MB, men högst 5,0 MB tas emot.",
        "spara den som CSV, och ladda upp den igen.",
    )


def test_size_limit_is_a_setting(strategist_client: Client, files: dict[str, bytes], settings: object) -> None:
    settings.BUDGET_IMPORT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    refused(strategist_client, files["xlsx"], "budget.xlsx", "men högst 0,0 MB tas emot")


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "budget.xlsx", "Filen är inte ett kalkylark"),
        (_zip_without_workbook(), "budget.xlsx", "Filen är inte ett kalkylark"),
        (b"PK\x03\x04 truncated", "budget.xlsx", "Filen är skadad och går inte att packa upp"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "budget.xls", "Excels gamla format (.xls)"),
        ("Hej, det här är ett brev.\nInte en budget.\n".encode(), "budget.csv", "Filen följer inte mallen"),
        (b"Just text without any separators at all\n", "budget.csv", "inga kolumner avgränsade med semikolon"),
    ],
    ids=["png", "zip that is not a workbook", "broken zip", "old xls", "a letter", "no separators"],
)
def test_not_a_spreadsheet(strategist_client: Client, data: bytes, name: str, expected: str) -> None:
    page = refused(strategist_client, data, name, expected)
    assert "ladda upp den igen" in page or "ladda upp igen" in page or "Ladda ner mallen" in page


def test_every_problem_is_listed_at_once(strategist_client: Client, files: dict[str, bytes]) -> None:
    data = edit_xlsx(files["xlsx"], "Driftbudget", "B2", "x")
    data = edit_xlsx(data, "Resultatbudget", "E3", "y")
    data = edit_xlsx(data, "Dokument", "D2", "Klar")
    page = refused(strategist_client, data, "budget.xlsx", "”x” är inte ett belopp", "”y” är inte ett belopp")
    assert "Status ska vara ”Förslag” eller ”Antagen”." in page
    assert "Rätta de här 3 sakerna i filen" in page


def test_document_stays_when_upload_is_refused(strategist_client: Client, files: dict[str, bytes]) -> None:
    title = BudgetDocument.objects.get().title
    refused(strategist_client, edit_xlsx(files["xlsx"], "Dokument", "A2", "tjugotjugosex"), "b.xlsx", "Budgetåret")
    assert BudgetDocument.objects.get().title == title
