"""Rows written to an Excel sheet so that no text can be taken for a formula."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Text starting with one of these would be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, with every text that looks like a formula kept as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # kept as text, never a formula
