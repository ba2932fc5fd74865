"""CSV and JSON files of the public tables, written from the API's own serializer output.

CSV as Swedish Excel opens it without asking: semicolons, a decimal comma,
UTF-8 with a byte order mark (the same conventions as the budget export in
``budgets.exchange.values``, whose number format is reused).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from rest_framework.utils.encoders import JSONEncoder

from budgets.exchange.values import format_csv_number
from portal.spreadsheet import csv_text

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        return format_csv_number(value)
    if isinstance(value, float):
        return format_csv_number(Decimal(str(value)))
    return csv_text(str(value))


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(data: Any, filename: str) -> HttpResponse:
    body = json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode(), content_type=JSON_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


GOAL_HEADER = (
    "Id",
    "Nivå",
    "Slag",
    "Status",
    "Nämnd",
    "Mål",
    "Beskrivning",
    "Gäller från",
    "Gäller till",
    "Fokusområden",
    "Bidrar till (id)",
    "Indikatorer",
    "Målvärden",
)


def goal_rows(goals: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    """One row per goal, from ``GoalSerializer`` data; indicators and targets joined with " | "."""
    rows: list[list[Any]] = [list(GOAL_HEADER)]
    for goal in goals:
        indicators = goal["indicators"]
        rows.append(
            [
                goal["id"],
                goal["level"],
                goal["kind"],
                goal["status"],
                goal["committee"]["name"] if goal["committee"] else "",
                goal["title"],
                goal["description"],
                goal["first_year"],
                goal["last_year"],
                " | ".join(area["name"] for area in goal["focus_areas"]),
                " | ".join(str(pk) for pk in goal["contributes_to"]),
                " | ".join(
                    f"{indicator['name']} ({indicator['unit']})" if indicator["unit"] else indicator["name"]
                    for indicator in indicators
                ),
                " | ".join(
                    f"{indicator['name']} {target['year']}: {target['sentence']}"
                    for indicator in indicators
                    for target in indicator["targets"]
                ),
            ]
        )
    return rows


def document_rows(detail: Mapping[str, Any]) -> list[list[Any]]:
    """The five tables and the key ratios, from ``BudgetDocumentDetailSerializer`` data.

    Each table starts with its header row; the table's name (and unit) is the first cell of every row,
    as in the budget export's CSV, so the file can be filtered on it.
    """
    rows: list[list[Any]] = []
    for table in [*detail["statements"], detail["operating"], detail["investment"]]:
        name = f"{table['title']} ({table['unit']})"
        rows.append([name, "Rad", "Summarad", *(column["label"] for column in table["columns"])])
        for row in table["rows"]:
            rows.append([name, row["label"], row["is_total"], *row["cells"]])
        for row in table["share_rows"]:
            rows.append([name, row["label"], False, *row["cells"]])
    name = "Nyckeltal"
    years = detail["document"]["years"]
    rows.append([name, "Nyckeltal", "Slag", *(str(year) for year in years)])
    for group in detail["ratios"]:
        by_year = {ratio["year"]: ratio["value"] for ratio in group["by_year"]}
        rows.append([name, group["name"], group["kind"], *(by_year.get(year) for year in years)])
    return rows
