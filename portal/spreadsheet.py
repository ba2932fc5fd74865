"""Cells written to a spreadsheet (xlsx or CSV) so that no text can be taken for a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Text starting with one of these would be read as a formula by a spreadsheet (tab and carriage return too:
# some programs drop them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A genuine number, as the exports write one ("-5", "4,4", "-3055.5"): it stays a number.
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, with every text that looks like a formula kept as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # kept as text, never a formula


def _formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value)


def csv_text(value: str) -> str:
    """A CSV cell no spreadsheet evaluates: a text that starts like a formula gets a leading apostrophe.

    CSV has no cell types, so unlike in xlsx the text cannot be marked as text; Excel and LibreOffice read a
    leading apostrophe as "this is text" and, typed into a cell, do not show it (the OWASP advice on CSV
    injection). A genuine number such as ``-5`` is left alone, so that it stays a number.
    A text that already starts with apostrophes before such a start gets one more, so that ``csv_value`` gives
    back exactly what was written."""
    if _formula_like(value.lstrip("'")):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """What ``csv_text`` was given: a CSV cell read back without the apostrophe it put before a formula-like text
    (``'- en punkt`` is the Markdown list ``- en punkt``)."""
    if cell.startswith("'") and _formula_like(cell.lstrip("'")):
        return cell[1:]
    return cell
