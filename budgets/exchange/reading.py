"""Reading a file into sheets of cells: .xlsx or .csv, told by its content, not its name."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgets.exchange.layout import MAX_COLUMNS, MAX_ROWS, SECTIONS, Cell, FileFormat
from budgets.exchange.values import FileRefused, Problem, RawRow, RawSheet, cell_text
from budgets.exchange.xlsx import NOT_A_SPREADSHEET, read_workbook
from portal.spreadsheet import csv_value

__all__ = ["FileRefused", "RawRow", "RawSheet", "read_file"]


def _is_empty(cells: Sequence[Cell]) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


def _trimmed(cells: Iterable[Cell]) -> list[Cell]:
    values = list(cells)
    while values and cell_text(values[-1]) == "":
        values.pop()
    return values


def read_xlsx(data: bytes, sections: Sequence[str] = SECTIONS) -> list[RawSheet]:
    """The workbook's sheets of the layout as rows of cells; formulas give the value Excel last computed.

    Sheets outside the layout are named but not read (see xlsx.py for why and what is bounded).
    """
    known = {name.casefold() for name in sections}
    sheets, unevaluated = read_workbook(data, lambda name: name.casefold() in known)
    by_name = {sheet.name: sheet for sheet in sheets}
    for cell in unevaluated:
        # openpyxl and other scripts write formulas without computing them; read as empty, the figure (a
        # stated sum, the year's cash flow) would vanish without a word.
        by_name[cell.sheet].problems.append(
            Problem(
                message=(
                    _("Cellen har formeln ”%(formula)s” men inget sparat resultat, så beloppet går inte att läsa.")
                    % {"formula": cell.formula[:80]}
                    if len(cell.formula) > 1
                    else _("Cellen har en formel men inget sparat resultat, så beloppet går inte att läsa.")
                )
                + " "
                + _(
                    "Öppna filen i Excel och spara den igen (då räknas formlerna ut), eller kopiera cellerna och "
                    "klistra in dem som värden, och ladda upp filen igen."
                ),
                sheet=cell.sheet,
                row=cell.row,
                column=get_column_letter(cell.column),
            )
        )
    for sheet in sheets:
        # A shared string may turn out empty only once the strings are read.
        sheet.rows = [RawRow(row.number, cells) for row in sheet.rows if not _is_empty(cells := _trimmed(row.cells))]
    return sheets


def decode_csv(data: bytes) -> tuple[str, str]:
    """The file's text and its encoding's name: UTF-8 with or without BOM, else Windows-1252 (what Swedish
    Excel writes as "CSV"). One encoding per file: lines in both are refused, since one of them would be
    stored as mojibake (Ã¥ for å)."""
    if b"\x00" in data:  # UTF-16 ("Unicode-text") or not text at all
        raise FileRefused(_(NOT_A_SPREADSHEET))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    utf8_line = cp1252_line = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8-sig")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            cp1252_line = cp1252_line or number
        if utf8_line and cp1252_line:
            raise FileRefused(
                _(
                    "Filen blandar två teckenkodningar: rad %(utf8)d är sparad som UTF-8 men rad %(other)d som "
                    "Windows-1252, så å, ä och ö skulle bli fel på den ena. Öppna filen i Excel, spara den som "
                    "”CSV UTF-8 (kommaavgränsad) (*.csv)” och ladda upp den igen."
                )
                % {"utf8": utf8_line, "other": cp1252_line}
            )
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc


def read_csv(text: str, sections: Sequence[str] = SECTIONS) -> list[RawSheet]:
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
    known = {name.casefold() for name in sections}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start, rows = 1, 0
    try:
        for values in reader:
            number, start = start, reader.line_num + 1
            # csv_value: without the apostrophe an export (csv_text) puts before a text that starts like a formula
            cells: list[Cell] = list(_trimmed(csv_value(value) for value in values[: MAX_COLUMNS + 1]))
            if _is_empty(cells):
                continue  # Excel writes a formatted empty row as a line of semicolons
            name = cell_text(cells[0])
            sheet = sheets.setdefault(name.casefold(), RawSheet(name, [], container="Avsnitt", column_offset=1))
            if name.casefold() not in known:
                sheet.unread = True  # named in a note, never read, and not counted
                continue
            rows += 1
            if rows > MAX_ROWS:
                raise FileRefused(
                    _(
                        "Filen har fler än %(limit)d rader med innehåll i mallens avsnitt. Ta bort rader som inte "
                        "hör till budgetdokumentet och ladda upp filen igen."
                    )
                    % {"limit": MAX_ROWS}
                )
            sheet.rows.append(RawRow(number, cells[1:]))
    except csv.Error as exc:
        raise FileRefused(_(NOT_A_SPREADSHEET)) from exc
    return list(sheets.values())


def read_file(data: bytes, sections: Sequence[str] = SECTIONS) -> tuple[FileFormat, list[RawSheet], str]:
    """The file's sheets, whichever of the two formats it is in (told by its content, not its name), and a
    CSV file's encoding ("" for a workbook).

    ``sections`` are the sheets (CSV sections) that are read; any other is only named. The budget document's
    by default; the outcome import (reporting/exchange.py) reads its own."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRefused(
            _("Filen är tom. Fyll i mallen och spara den, eller exportera ett budgetdokument, och ladda upp igen.")
        )
    if data.startswith(b"PK\x03\x04"):
        return "xlsx", read_xlsx(data, sections), ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE compound file: Excel saves a password-protected workbook as one holding the encrypted
        # .xlsx in a stream of this name; an old .xls holds a stream named Workbook instead.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FileRefused(
                _(
                    "Filen är lösenordsskyddad och kan därför inte läsas. Öppna den i Excel, ta bort lösenordet "
                    "(Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm rutan), spara och ladda upp "
                    "den igen."
                )
            )
        raise FileRefused(
            _(
                "Filen är i Excels gamla format (.xls). Öppna den i Excel, spara den som "
                "”Excel-arbetsbok (*.xlsx)” och ladda upp den igen."
            )
        )
    text, encoding = decode_csv(data)
    return "csv", read_csv(text, sections), encoding
