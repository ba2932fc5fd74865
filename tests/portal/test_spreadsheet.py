"""The one helper every export writes cells through: text that starts like a formula stays text."""

from __future__ import annotations

import io

import openpyxl
import pytest

from portal.spreadsheet import append_row, csv_text

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("-3055,5", "-3055,5"),
        ("+46", "+46"),
        ("Barn- och ungdomsnämnden", "Barn- och ungdomsnämnden"),
        ("", ""),
    ],
)
def test_csv_text_marks_formula_like_text_and_leaves_numbers(text: str, written: str) -> None:
    assert csv_text(text) == written


def test_append_row_keeps_formula_like_text_as_text() -> None:
    sheet = openpyxl.Workbook().active
    append_row(sheet, [HOSTILE, "\t=1", 5])
    saved = io.BytesIO()
    sheet.parent.save(saved)
    cells = openpyxl.load_workbook(saved).active[1]
    assert [cell.value for cell in cells] == [HOSTILE, "\t=1", 5]
    assert [cell.data_type for cell in cells] == ["s", "s", "n"]
