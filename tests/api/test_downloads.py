"""CSV and JSON downloads of the public tables: the API's own data, in Swedish Excel's CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.api.conftest import Published

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_goals_csv_is_one_row_per_goal(client: Client, published: Published) -> None:
    response = client.get("/api/v1/goals.csv")
    assert response["Content-Disposition"] == 'attachment; filename="mal.csv"'
    rows = read_csv(response)
    assert rows[0][:6] == ["Id", "Nivå", "Slag", "Status", "Nämnd", "Mål"]
    council = next(row for row in rows if row[5] == "Resultatet ska vara minst 4 %")
    assert council[9] == "Trygghet"
    assert "Minst 4" in council[12]
    assert len(rows) == 3


def test_goals_csv_takes_the_lists_filters(client: Client, published: Published) -> None:
    rows = read_csv(client.get("/api/v1/goals.csv", {"level": "committee"}))
    assert [row[5] for row in rows[1:]] == ["Fler barn läser"]


def test_goals_json_is_the_list_without_pages(client: Client, published: Published) -> None:
    response = client.get("/api/v1/goals.json")
    assert response["Content-Disposition"] == 'attachment; filename="mal.json"'
    assert response.json() == client.get("/api/v1/goals/").json()["results"]


def test_budget_tables_csv_has_every_table_and_decimal_commas(client: Client, published: Published) -> None:
    response = client.get("/api/v1/budget-documents/2026/tables.csv")
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026.csv"'
    rows = read_csv(response)
    tables = {row[0] for row in rows}
    assert tables == {
        "Resultatbudget (mnkr)",
        "Balansbudget (mnkr)",
        "Kassaflödesbudget (mnkr)",
        "Driftbudget (tkr)",
        "Investeringsbudget (tkr)",
        "Nyckeltal",
    }
    assert ["Resultatbudget (mnkr)", "Årets resultat", "nej", "146", "", ""] in rows
    operating = next(row for row in rows if row[0] == "Driftbudget (tkr)" and row[1] == "Barn- och ungdomsnämnden")
    assert operating[3] == "409875,5"
    ratio = next(row for row in rows if row[0] == "Nyckeltal" and row[2] == "share" and row[3])
    assert ratio[3].startswith("0,04")


def test_budget_tables_json_is_the_detail(client: Client, published: Published) -> None:
    response = client.get("/api/v1/budget-documents/2026/tables.json")
    assert response.json() == client.get("/api/v1/budget-documents/2026/").json()


def test_a_download_answers_csv_even_when_asked_for_something_else(client: Client, published: Published) -> None:
    response = client.get("/api/v1/goals.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert client.get("/api/v1/budget-documents/1999/tables.csv", HTTP_ACCEPT="text/csv").status_code == 404
