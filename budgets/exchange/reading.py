"""Reading a file into sheets of cells: .xlsx or .csv, told by its content, not its name."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.utils.exceptions import InvalidFileException

from budgets.exchange.layout import MAX_COLUMNS, MAX_ROWS, Cell, FileFormat
from budgets.exchange.values import Problem, Source, cell_text


@dataclass
class RawRow:
    number: int  # the row's number in the workbook, or its line in the CSV file
    cells: list[Cell]


@dataclass
class RawSheet:
    name: str
    rows: list[RawRow]
    container: str = "Blad"
    column_offset: int = 0

    def source(self, row: int) -> Source:
        return Source(self.name, row, self.container, self.column_offset)


class FileRefused(Exception):
    """The file as a whole cannot be read; nothing in it is looked at."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(message=message)


def _is_empty(cells: Sequence[Cell]) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


def _trimmed(cells: Iterable[Cell]) -> list[Cell]:
    values = list(cells)
    while values and cell_text(values[-1]) == "":
        values.pop()
    return values


# Marked for translation here, translated where it is raised.
NOT_A_SPREADSHEET = gettext_noop(
    "Filen är inte ett kalkylark som går att läsa. Spara den i Excel som ”Excel-arbetsbok (*.xlsx)” "
    "eller ”CSV UTF-8 (kommaavgränsad) (*.csv)” och ladda upp den igen, eller utgå från mallen."
)


def read_xlsx(data: bytes) -> list[RawSheet]:
    """The workbook's sheets as rows of cells; formulas give the value Excel last computed."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # files from other programs may state wrong dimensions
            rows = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise FileRefused(
                        _(
                            "Bladet ”%(sheet)s” har fler än %(limit)d rader. Ta bort rader som inte hör till "
                            "budgetdokumentet och försök igen."
                        )
                        % {"sheet": worksheet.title, "limit": MAX_ROWS}
                    )
                cells = _trimmed(values[:MAX_COLUMNS])
                if not _is_empty(cells):
                    rows.append(RawRow(number, cells))
            sheets.append(RawSheet(worksheet.title.strip(), rows))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc
    finally:
        workbook.close()
    return sheets


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8 with or without BOM, else Windows-1252 (what Swedish Excel writes as "CSV")."""
    if b"\x00" in data:  # UTF-16 ("Unicode-text") or not text at all
        raise FileRefused(_(NOT_A_SPREADSHEET))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc


def read_csv(text: str) -> list[RawSheet]:
    """The CSV file's sections: every row names its section in column A; a section's first row is its header."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if ";" in first_line:
        delimiter = ";"
    elif "," in first_line:
        delimiter = ","  # a comma-separated file: numbers with a decimal comma must then be in quotes
    else:
        raise FileRefused(
            _(
                "Filen har inga kolumner avgränsade med semikolon. Spara filen i Excel som "
                "”CSV UTF-8 (kommaavgränsad) (*.csv)”, eller utgå från mallen."
            )
        )
    sheets: dict[str, RawSheet] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for values in reader:
            number, start = start, reader.line_num + 1
            cells: list[Cell] = list(_trimmed(values[: MAX_COLUMNS + 1]))
            if _is_empty(cells):
                continue
            if number > MAX_ROWS:
                raise FileRefused(
                    _("Filen har fler än %(limit)d rader. Ta bort rader som inte hör till budgetdokumentet.")
                    % {"limit": MAX_ROWS}
                )
            name = cell_text(cells[0])
            sheet = sheets.setdefault(name.casefold(), RawSheet(name, [], container="Avsnitt", column_offset=1))
            sheet.rows.append(RawRow(number, cells[1:]))
    except csv.Error as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc
    return list(sheets.values())


def read_file(data: bytes) -> tuple[FileFormat, list[RawSheet]]:
    """The file's sheets, whichever of the two formats it is in (told by its content, not its name)."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRefused(
            _("Filen är tom. Fyll i mallen och spara den, eller exportera ett budgetdokument, och ladda upp igen.")
        )
    if data.startswith(b"PK\x03\x04"):
        return "xlsx", read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "Filen är i Excels gamla format (.xls). Öppna den i Excel, spara den som "
                "”Excel-arbetsbok (*.xlsx)” och ladda upp den igen."
            )
        )
    return "csv", read_csv(decode_csv(data))
