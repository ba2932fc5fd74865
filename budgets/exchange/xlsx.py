"""An .xlsx workbook's sheets read with the standard library's expat parser, at a bounded cost.

Why not openpyxl's read-only rows: they fill every gap in the row numbers and pad every row out to its
last cell, so a few bytes (one row numbered 1 048 576, one cell in column XFD) cost millions of empty
cells; every sheet is opened, the ones the layout does not have too; and a formula cell without a
stored result reads as empty, so a figure could vanish without a word. This reader parses only the
sheets asked for, keeps only the cells with a value in the first MAX_COLUMNS columns, refuses any DTD
(so that no entity can expand or reach outside the file), checks the unpacked size of every part before
parsing it, and counts cells and text lengths as it goes. openpyxl still tells which formats are dates.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from budgets.exchange.layout import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    Cell,
)
from budgets.exchange.values import FileRefused, RawRow, RawSheet

# Marked for translation here, translated where they are raised.
NOT_A_SPREADSHEET = gettext_noop(
    "Filen är inte ett kalkylark som går att läsa. Spara den i Excel som ”Excel-arbetsbok (*.xlsx)” "
    "eller ”CSV UTF-8 (kommaavgränsad) (*.csv)” och ladda upp den igen, eller utgå från mallen."
)
DAMAGED = gettext_noop(
    "Filen är skadad och går inte att packa upp; den kan ha kapats när den laddades ner eller kopierades. "
    "Öppna originalet i Excel, spara det som ”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen."
)
HAS_DTD = gettext_noop(
    "Filen innehåller XML-definitioner (DTD eller entiteter) som Excel aldrig skriver i en arbetsbok, och "
    "läses därför inte. Öppna filen i Excel, spara den som ”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen."
)

_INTEGER = re.compile(r"[+-]?\d+")
_CHUNK = 64 * 1024


@dataclass
class Unevaluated:
    """Where a formula cell has no stored result (a file written by a script, never opened in Excel)."""

    sheet: str
    row: int
    column: int  # 1-based
    formula: str


@dataclass
class _Sheet:
    name: str
    rows: list[RawRow] = field(default_factory=list)
    unevaluated: list[Unevaluated] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace (expat gives ``"uri name"``)."""
    return name.rpartition(" ")[2]


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.budget = MAX_UNPACKED_BYTES
        self.cells = 0
        self.date_styles: set[int] = set()
        self.epoch = CALENDAR_WINDOWS_1900
        # Cells holding a shared string, filled in once the strings are read: (cells, position, index).
        self.shared: list[tuple[list[Cell], int, int]] = []

    # --- Parts -----------------------------------------------------------------

    def parse(
        self,
        name: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
        *,
        sheet: str = "",
        raw: bool = False,
    ) -> None:
        """Streams one XML part through expat; its unpacked size is checked against what is left first."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return
        self.budget -= info.file_size
        if self.budget < 0:
            raise FileRefused(
                _(
                    "Arbetsboken är för stor uppackad: bladen i mallens layout och deras texter tar mer än "
                    "%(limit)s MB. Ta bort formaterade tomma rader och kolumner och annat som inte hör till "
                    "budgetdokumentet i de bladen, eller spara filen som CSV, och ladda upp den igen."
                )
                % {"limit": _megabytes(MAX_UNPACKED_BYTES)}
            )
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse_dtd(*args: object) -> None:
            raise FileRefused(_(HAS_DTD))

        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_dtd
        if raw:  # the handlers take expat's names as they are: a sheet has hundreds of thousands of elements
            parser.StartElementHandler = start
            if end is not None:
                parser.EndElementHandler = end
        else:
            parser.StartElementHandler = lambda tag, attributes: start(
                _local(tag), {_local(key): value for key, value in attributes.items()}
            )
            if end is not None:
                parser.EndElementHandler = lambda tag: end(_local(tag))
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise FileRefused(
                _(
                    "Bladet ”%(sheet)s” är trasigt: innehållet är avbrutet eller felaktigt. Öppna filen i Excel, "
                    "spara den som ”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen."
                )
                % {"sheet": sheet}
                if sheet
                else _(
                    "Arbetsboken är trasig: en av dess delar är avbruten eller felaktig. Öppna filen i Excel, spara "
                    "den som ”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen."
                )
            ) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise FileRefused(_(DAMAGED)) from exc

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, the target's name in the zip)."""
        folder, base = posixpath.split(part)
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == "Relationship" and attributes.get("TargetMode") != "External":
                target = attributes.get("Target", "")
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
                found[attributes.get("Id", "")] = (attributes.get("Type", ""), target)

        self.parse(posixpath.join(folder, "_rels", f"{base}.rels"), start)
        return found

    def sheet_parts(self) -> tuple[str, list[tuple[str, str]], str, str]:
        """The workbook part, its sheets (name, part) in order, and the parts holding the styles and strings."""
        workbook = next(
            (target for kind, target in self.relationships("").values() if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        try:
            self.archive.getinfo(workbook)
        except KeyError as exc:
            raise FileRefused(_(NOT_A_SPREADSHEET)) from exc
        relationships = self.relationships(workbook)
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == "sheet":
                kind, target = relationships.get(attributes.get("id", ""), ("", ""))
                sheets.append((attributes.get("name", ""), target if kind.endswith("/worksheet") else ""))
            elif tag == "workbookPr" and attributes.get("date1904", "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        self.parse(workbook, start)
        by_kind = {kind.rpartition("/")[2]: target for kind, target in relationships.values()}
        return workbook, sheets, by_kind.get("styles", ""), by_kind.get("sharedStrings", "")

    def styles(self, part: str) -> None:
        """Which cell styles show a date, so that their numbers are read as dates (Beslutsdatum)."""
        formats: dict[int, str] = {}
        styles: list[int] = []
        inside = [False]

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == "numFmt":
                formats[int(attributes.get("numFmtId", "0"))] = attributes.get("formatCode", "")
            elif tag == "cellXfs":
                inside[0] = True
            elif tag == "xf" and inside[0]:
                styles.append(int(attributes.get("numFmtId", "0")))

        def end(tag: str) -> None:
            if tag == "cellXfs":
                inside[0] = False

        try:
            self.parse(part, start, end)
        except ValueError as exc:
            raise FileRefused(_(DAMAGED)) from exc
        for index, format_id in enumerate(styles):
            code = formats.get(format_id, BUILTIN_FORMATS.get(format_id, ""))
            if is_date_format(code):
                self.date_styles.add(index)

    # --- Sheets ----------------------------------------------------------------

    def sheet(self, name: str, part: str) -> _Sheet:
        """One sheet's rows with a value; a row's cells are its first MAX_COLUMNS columns."""
        sheet = _Sheet(name)
        state: dict[str, object] = {}
        row_values: dict[int, Cell | _SharedString] = {}
        capture: list[str] | None = None
        pieces: list[str] = []
        length = [0]
        row_number = [0]

        def start(tag: str, attributes: dict[str, str]) -> None:
            nonlocal capture
            tag = tag.rpartition(" ")[2]  # a cell's own attributes (r, s, t) have no namespace
            if tag == "row":
                row_values.clear()
                row_number[0] = int(attributes["r"]) if attributes.get("r", "").isdigit() else row_number[0] + 1
                state["column"] = 0
            elif tag == "c":
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise FileRefused(
                        _(
                            "Bladen i mallens layout har fler än %(limit)d celler, formaterade tomma celler "
                            "medräknade. Ta bort formaterade tomma rader och kolumner, eller spara filen som CSV, "
                            "och ladda upp den igen."
                        )
                        % {"limit": MAX_CELLS}
                    )
                letters = attributes.get("r", "").rstrip("0123456789")
                if letters:
                    state["column"] = column_index_from_string(letters.upper())
                else:
                    state["column"] = int(state["column"]) + 1  # type: ignore[call-overload]
                state["type"] = attributes.get("t", "n")
                state["formula"] = state["value"] = state["inline"] = None
                style = attributes.get("s")
                state["date"] = style is not None and style.isdigit() and int(style) in self.date_styles
            elif tag in ("v", "f") or tag == "t" and state.get("in_inline") and not state.get("in_phonetic"):
                pieces.clear()
                length[0] = 0
                capture = pieces
            elif tag == "is":
                state["in_inline"] = True
                state["inline"] = ""
            elif tag == "rPh":
                state["in_phonetic"] = True

        def text(data: str) -> None:
            if capture is not None:
                length[0] += len(data)
                if length[0] > MAX_CELL_CHARS:
                    raise FileRefused(_too_long(name))
                capture.append(data)

        def end(tag: str) -> None:
            nonlocal capture
            tag = tag.rpartition(" ")[2]
            if tag in ("v", "f", "t") and capture is not None:
                captured = "".join(capture)
                capture = None
                if tag == "v":
                    state["value"] = captured
                elif tag == "f":
                    state["formula"] = captured
                else:
                    state["inline"] = f"{state['inline'] or ''}{captured}"
            elif tag == "is":
                state["in_inline"] = False
            elif tag == "rPh":
                state["in_phonetic"] = False
            elif tag == "c":
                self.cell(sheet, state, row_values, row_number[0])
            elif tag == "row" and row_values:
                width = max(row_values)
                cells: list[Cell] = [None] * width
                for column, value in row_values.items():
                    if isinstance(value, _SharedString):
                        self.shared.append((cells, column - 1, value.index))  # filled in later
                    else:
                        cells[column - 1] = value
                sheet.rows.append(RawRow(row_number[0], cells))
                if len(sheet.rows) > MAX_ROWS:
                    raise FileRefused(
                        _(
                            "Bladet ”%(sheet)s” har fler än %(limit)d rader med innehåll. Ta bort rader som inte "
                            "hör till budgetdokumentet och försök igen."
                        )
                        % {"sheet": name, "limit": MAX_ROWS}
                    )

        try:
            self.parse(part, start, end, text, sheet=name, raw=True)
        except (ValueError, OverflowError, IndexError) as exc:
            raise FileRefused(
                _(
                    "Bladet ”%(sheet)s” har celler som inte går att läsa. Öppna filen i Excel, spara den som "
                    "”Excel-arbetsbok (*.xlsx)” och ladda upp den nya filen."
                )
                % {"sheet": name}
            ) from exc
        return sheet

    def cell(
        self, sheet: _Sheet, state: dict[str, object], row_values: dict[int, Cell | _SharedString], row: int
    ) -> None:
        column = int(state["column"])  # type: ignore[call-overload]
        if column > MAX_COLUMNS:
            return
        kind, raw, formula = state["type"], state["value"], state["formula"]
        value: Cell | _SharedString
        if not raw and formula is not None and kind != "str":  # Excel stores "" results as t="str"
            sheet.unevaluated.append(Unevaluated(sheet.name, row, column, f"={formula}"))
            return
        if kind == "inlineStr":
            value = state["inline"]  # type: ignore[assignment]
        elif raw is None or raw == "" and kind != "str":
            return
        elif kind == "s":
            value = _SharedString(int(str(raw)))
        elif kind in ("str", "e"):
            value = str(raw)
        elif kind == "b":
            value = str(raw).strip() in ("1", "true")
        elif kind == "d":
            value = datetime.datetime.fromisoformat(str(raw))
        else:
            number: int | float = int(str(raw)) if _INTEGER.fullmatch(str(raw)) else float(str(raw))
            value = from_excel(number, self.epoch) if state["date"] else number
        if value is None or isinstance(value, str) and not value.strip():
            return
        row_values[column] = value

    def shared_strings(self, part: str) -> None:
        """Reads only the shared strings the sheets use, so a large table elsewhere costs no memory."""
        wanted = {index for _cells, _position, index in self.shared}
        strings: dict[int, str] = {}
        pieces: list[str] = []
        state = {"index": -1, "phonetic": False, "capture": False, "length": 0}

        def start(tag: str, attributes: dict[str, str]) -> None:
            if tag == "si":
                state.update(index=int(state["index"]) + 1, length=0)
                pieces.clear()
            elif tag == "rPh":
                state["phonetic"] = True
            elif tag == "t" and not state["phonetic"]:
                state["capture"] = True

        def text(data: str) -> None:
            if state["capture"]:
                state["length"] = int(state["length"]) + len(data)
                if int(state["length"]) > MAX_CELL_CHARS:
                    raise FileRefused(_too_long(""))
                if state["index"] in wanted:
                    pieces.append(data)

        def end(tag: str) -> None:
            if tag == "t":
                state["capture"] = False
            elif tag == "rPh":
                state["phonetic"] = False
            elif tag == "si" and state["index"] in wanted:
                strings[int(state["index"])] = "".join(pieces)

        if wanted:
            self.parse(part, start, end, text)
        for cells, position, index in self.shared:
            if index not in strings:
                raise FileRefused(_(DAMAGED))
            cells[position] = strings[index]


@dataclass(frozen=True)
class _SharedString:
    index: int


def _too_long(sheet: str) -> str:
    if sheet:
        return _(
            "En cell i bladet ”%(sheet)s” har en text som är längre än %(limit)d tecken. Korta texten och ladda "
            "upp filen igen."
        ) % {"sheet": sheet, "limit": MAX_CELL_CHARS}
    return _(
        "En cell i arbetsboken har en text som är längre än %(limit)d tecken. Korta texten och ladda upp filen igen."
    ) % {"limit": MAX_CELL_CHARS}


def _too_many_parts() -> str:
    return _(
        "Filen har fler än %(limit)d delar, långt fler än en arbetsbok med ett budgetdokument. Spara den i Excel "
        "som ”Excel-arbetsbok (*.xlsx)” med bara mallens blad, och ladda upp den igen."
    ) % {"limit": MAX_PARTS}


def read_workbook(data: bytes, wanted: Callable[[str], bool]) -> tuple[list[RawSheet], list[Unevaluated]]:
    """The sheets whose name ``wanted`` accepts, read; the others only named (``unread``)."""
    # zipfile builds an object per member as it opens the archive (about 20 times a small entry's bytes),
    # so the count the archive's end record states is checked first; a count that lies is checked after.
    end = data.rfind(b"PK\x05\x06")
    stated = int.from_bytes(data[end + 10 : end + 12], "little") if end >= 0 else 0
    if stated > MAX_PARTS:
        raise FileRefused(_too_many_parts())
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise FileRefused(_(DAMAGED)) from exc
    with archive:
        if len(archive.infolist()) > MAX_PARTS:
            raise FileRefused(_too_many_parts())
        workbook = _Workbook(archive)
        _part, sheets, styles, strings = workbook.sheet_parts()
        if styles:
            workbook.styles(styles)
        read: list[RawSheet] = []
        unevaluated: list[Unevaluated] = []
        for name, part in sheets:
            if not wanted(name.strip()) or not part:
                read.append(RawSheet(name.strip(), [], unread=True))
                continue
            sheet = workbook.sheet(name.strip(), part)
            read.append(RawSheet(sheet.name, sheet.rows))
            unevaluated += sheet.unevaluated
        if workbook.shared:
            workbook.shared_strings(strings)
    return read, unevaluated
