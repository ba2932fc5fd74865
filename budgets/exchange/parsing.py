"""Import and export of a whole budget document as .xlsx or .csv.

docs/budget-exchange.md describes the layout for the people who fill it in.
In short: one sheet per section (``Dokument``, the three statements,
``Driftbudget``, ``Investeringsbudget``, ``Texter``), each a table whose first
row holds the column headings; a CSV file holds the same tables one after
another, with the section's name in the first column of every row.

Reading and writing files works on plain values (``BudgetExchange`` and its
rows) and touches no database; ``exchange_from_document``,
``template_exchange``, ``committee_lookup`` and ``check_against_database`` are
the functions that read it. budgets/services_exchange.py previews and writes.
Every refusal is a ``Problem`` that names the sheet, row and column and says,
in Swedish, how to put it right.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import openpyxl
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from budgets.models import (
    Basis,
    BudgetDocument,
    InvestmentArea,
    LineRole,
    StatedTotal,
    Statement,
    StatementAmount,
)
from portal.formatting import format_number
from portal.models import Committee

# --- The layout -----------------------------------------------------------------
# These words are part of the file format, not of the interface: they stay
# Swedish whatever language the user reads the portal in.

DOCUMENT = "Dokument"
TEXTS = "Texter"
OPERATING = "Driftbudget"
INVESTMENT = "Investeringsbudget"
STATEMENT_SECTIONS = {
    Statement.INCOME: "Resultatbudget",
    Statement.BALANCE: "Balansbudget",
    Statement.CASH_FLOW: "Kassaflödesbudget",
}
SECTIONS = (DOCUMENT, *STATEMENT_SECTIONS.values(), OPERATING, INVESTMENT, TEXTS)
REQUIRED_SECTIONS = SECTIONS[:-1]  # a document may have no narrative texts

DOCUMENT_COLUMNS = ("År", "Titel", "Antal planår", "Status", "Beslut", "Beslutsdatum")
STATEMENT_COLUMNS = ("Rad", "Betydelse", "Summarad")
OPERATING_COLUMNS = ("Nämnd",)
INVESTMENT_COLUMNS = ("Nämnd/område",)
TEXT_COLUMNS = ("Rubrik", "Text")

BASIS_WORDS = {
    Basis.BUDGET: "Budget",
    Basis.PLAN: "Plan",
    Basis.OUTCOME: "Utfall",
    Basis.FORECAST: "Prognos",
}
BASIS_ORDER = [Basis.OUTCOME, Basis.FORECAST, Basis.BUDGET, Basis.PLAN]
STATUS_WORDS = {BudgetDocument.Status.PROPOSAL: "Förslag", BudgetDocument.Status.ADOPTED: "Antagen"}
AREA_WORDS = {
    InvestmentArea.FINANCIAL_LEASING: "Finansiell leasing",
    InvestmentArea.WATER: "VA",
    InvestmentArea.WASTE: "Avfall",
}
YES, NO = "ja", "nej"
TOTAL_PREFIX = "summa"  # a row of the operating or investment budget whose name starts so is a stated total

# Which statement each line role belongs to, and the template's lines in order.
ROLE_STATEMENT: dict[str, str] = {
    **dict.fromkeys(
        [
            LineRole.NET_COST,
            LineRole.DEPRECIATION,
            LineRole.TAX_INCOME,
            LineRole.GENERAL_GRANTS,
            LineRole.FINANCIAL_INCOME,
            LineRole.FINANCIAL_COSTS,
            LineRole.ONE_OFF_ITEMS,
            LineRole.RESULT,
        ],
        Statement.INCOME,
    ),
    **dict.fromkeys(
        [
            LineRole.FIXED_ASSETS,
            LineRole.CURRENT_ASSETS,
            LineRole.TOTAL_ASSETS,
            LineRole.EQUITY,
            LineRole.PROVISIONS,
            LineRole.LONG_TERM_LIABILITIES,
            LineRole.SHORT_TERM_LIABILITIES,
            LineRole.TOTAL_EQUITY_AND_LIABILITIES,
        ],
        Statement.BALANCE,
    ),
    **dict.fromkeys(
        [
            LineRole.CASH_FLOW_OPERATING,
            LineRole.CASH_FLOW_INVESTING,
            LineRole.CASH_FLOW_FINANCING,
            LineRole.CASH_FLOW_YEAR,
        ],
        Statement.CASH_FLOW,
    ),
}
TOTAL_ROLES = frozenset(
    {LineRole.RESULT, LineRole.TOTAL_ASSETS, LineRole.TOTAL_EQUITY_AND_LIABILITIES, LineRole.CASH_FLOW_YEAR}
)

MAX_ROWS = 5_000  # per sheet; a budget document has a few dozen
MAX_COLUMNS = 60
INVESTMENT_YEARS = 10  # how far beyond the budget year an investment column may reach
AMOUNT_LIMIT = Decimal(10) ** 14  # the models' max_digits=16, decimal_places=2
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Cell = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None
FileFormat = Literal["xlsx", "csv"]


# --- Plain values ---------------------------------------------------------------


@dataclass(frozen=True, order=True)
class YearColumn:
    """A column of figures: a year, and for statements and the operating budget its basis."""

    year: int
    basis: str = ""  # "" in the investment budget, which has no basis

    @property
    def header(self) -> str:
        return f"{BASIS_WORDS[Basis(self.basis)]} {self.year}" if self.basis else str(self.year)

    def sort_key(self) -> tuple[int, int]:
        return (self.year, BASIS_ORDER.index(Basis(self.basis)) if self.basis else 0)


@dataclass(frozen=True)
class Source:
    """Where a row came from, for messages about it."""

    sheet: str
    row: int
    container: str  # "Blad" in a workbook, "Avsnitt" in a CSV file
    column_offset: int = 0  # 1 in a CSV file, whose column A names the section

    def column(self, index: int) -> str:
        return get_column_letter(index + 1 + self.column_offset)


@dataclass
class DocumentInfo:
    year: int
    title: str
    plan_years: int = 2
    status: str = BudgetDocument.Status.PROPOSAL
    decision_reference: str = ""
    decision_date: datetime.date | None = None


@dataclass
class LineData:
    statement: str
    label: str
    role: str = ""
    is_total: bool = False
    amounts: dict[YearColumn, Decimal] = field(default_factory=dict)
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass
class OperatingRow:
    committee: str  # a committee's name or abbreviation, as written
    amounts: dict[YearColumn, Decimal] = field(default_factory=dict)
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass
class InvestmentRow:
    area: str
    committee: str = ""  # for area "committee": its name or abbreviation
    amounts: dict[int, Decimal] = field(default_factory=dict)
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass
class TotalRow:
    table: str  # StatedTotal.Table
    label: str
    amounts: dict[int, Decimal] = field(default_factory=dict)
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass
class TextData:
    heading: str
    body: str
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass
class BudgetExchange:
    """A whole budget document as plain values: what a file holds."""

    document: DocumentInfo
    lines: list[LineData] = field(default_factory=list)
    operating: list[OperatingRow] = field(default_factory=list)
    investments: list[InvestmentRow] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    texts: list[TextData] = field(default_factory=list)
    # The year columns each section is laid out with, kept even where no figure is given.
    columns: dict[str, list[YearColumn]] = field(default_factory=dict)

    def lines_of(self, statement: str) -> list[LineData]:
        return [line for line in self.lines if line.statement == statement]


@dataclass(frozen=True)
class Problem:
    """Something that stops an import, with where it is and how to fix it."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column's letter as a spreadsheet program shows it
    header: str = ""
    container: str = "Blad"

    @property
    def where(self) -> str:
        if not self.sheet:
            return _("Filen")
        parts = [
            _("Blad ”%(sheet)s”") % {"sheet": self.sheet}
            if self.container == "Blad"
            else _("Avsnitt ”%(sheet)s”") % {"sheet": self.sheet}
        ]
        if self.row is not None:
            parts.append(_("rad %(row)d") % {"row": self.row})
        if self.column:
            parts.append(
                _("kolumn %(column)s (%(header)s)") % {"column": self.column, "header": self.header}
                if self.header
                else _("kolumn %(column)s") % {"column": self.column}
            )
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _problem(source: Source, message: str, *, index: int | None = None, header: str = "") -> Problem:
    return Problem(
        message=message,
        sheet=source.sheet,
        row=source.row,
        column=source.column(index) if index is not None else "",
        header=header,
        container=source.container,
    )


# --- Numbers, dates and words as Swedish Excel writes them ----------------------

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_NUMBER = re.compile(r"[+-]?\d+(,\d+)?")


def parse_number(value: Cell) -> Decimal | None:
    """A cell's figure: ``"1 017 829"``, ``"−3 055,5"``, ``4.4`` (a number cell); empty is None.

    Raises ValueError with the Swedish sentence to show.
    """
    if value is None or isinstance(value, str) and value.strip() in ("", "–"):
        return None
    if isinstance(value, bool | datetime.date):
        raise ValueError(_("Cellen ska innehålla ett belopp, inte ett datum eller ett sant/falskt-värde."))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        # A figure Excel computed may carry float noise (0.30000000000000004).
        rounded = number.quantize(Decimal("0.01"))
        if abs(number - rounded) < Decimal("1e-9"):
            number = rounded
    else:
        text = str(value).strip().translate(_SPACES).replace("\u2212", "-")
        if "." in text and "," not in text and re.fullmatch(r"[+-]?\d+\.\d+", text):
            raise ValueError(
                _("”%(value)s” har decimalpunkt. Skriv talet med decimalkomma, till exempel 4,4.") % {"value": value}
            )
        if not _NUMBER.fullmatch(text):
            raise ValueError(
                _(
                    "”%(value)s” är inte ett belopp. Skriv bara siffror, till exempel 1 017 829 eller −3 055,5, "
                    "utan enhet, eller lämna cellen tom om beloppet saknas."
                )
                % {"value": value}
            )
        number = Decimal(text.replace(",", "."))
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity
        raise ValueError(_("Cellen ska innehålla ett belopp."))
    if exponent < -2:
        raise ValueError(
            _("”%(value)s” har fler än två decimaler. Avrunda beloppet till högst två decimaler.") % {"value": value}
        )
    if abs(number) >= AMOUNT_LIMIT:
        raise ValueError(_("”%(value)s” är för stort för att vara ett belopp i tabellen.") % {"value": value})
    return number


def format_csv_number(number: Decimal) -> str:
    """A figure as Swedish Excel reads it from CSV: ``-3055``, ``4,4``; no thousands separator."""
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}".replace(".", ",")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _integer(value: Cell) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(_text(value).translate(_SPACES))


def _date(value: Cell) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    return datetime.date.fromisoformat(text[:10]) if text else None


# --- Reading: files into sheets of cells ----------------------------------------


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
    return all(_text(cell) == "" for cell in cells)


def _trimmed(cells: Iterable[Cell]) -> list[Cell]:
    values = list(cells)
    while values and _text(values[-1]) == "":
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
            name = _text(cells[0])
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


# --- Reading: sheets into a BudgetExchange --------------------------------------

_YEAR_HEADER = re.compile(r"(?:(?P<basis>[^\W\d]+)\s+)?(?P<year>\d{4})")
_BASIS_BY_WORD = {word.casefold(): basis for basis, word in BASIS_WORDS.items()}


@dataclass
class _Header:
    row: int
    fixed: dict[str, int]  # column name -> index
    years: list[tuple[int, YearColumn]]


class _SheetReader:
    """Reads one sheet's rows, collecting problems rather than stopping at the first."""

    def __init__(self, sheet: RawSheet, section: str, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.section = section
        self.problems = problems

    def report(self, row: int, message: str, *, index: int | None = None, header: str = "") -> None:
        self.problems.append(_problem(self.sheet.source(row), message, index=index, header=header))

    def header(self, fixed: Sequence[str], years: Literal["basis", "plain", "none"]) -> _Header | None:
        """The heading row; None (with problems) when it is wrong, so that its rows are not read."""
        if not self.sheet.rows:
            self.problems.append(
                Problem(
                    message=_("Rubrikraden saknas. Första raden ska ha kolumnerna %(columns)s, som i mallen.")
                    % {"columns": ", ".join(f"”{name}”" for name in fixed)},
                    sheet=self.sheet.name,
                    container=self.sheet.container,
                )
            )
            return None
        first = self.sheet.rows[0]
        before = len(self.problems)
        wanted = {name.casefold(): name for name in fixed}
        found: dict[str, int] = {}
        year_columns: list[tuple[int, YearColumn]] = []
        seen: set[str] = set()
        ok = True
        for index, cell in enumerate(first.cells):
            text = " ".join(_text(cell).split())
            if not text:
                continue
            if text.casefold() in seen:
                self.report(
                    first.number,
                    _("Kolumnen ”%(header)s” finns två gånger. Ta bort den ena kolumnen.") % {"header": text},
                    index=index,
                    header=text,
                )
                ok = False
                continue
            seen.add(text.casefold())
            if text.casefold() in wanted:
                found[wanted[text.casefold()]] = index
                continue
            column = _year_column(text, years)
            if column is None:
                self.report(first.number, _unknown_column_message(text, fixed, years), index=index, header=text)
                ok = False
            elif any(existing == column for _index, existing in year_columns):
                self.report(
                    first.number,
                    _("Kolumnen för %(header)s finns två gånger. Ta bort den ena kolumnen.")
                    % {"header": column.header},
                    index=index,
                    header=text,
                )
                ok = False
            else:
                year_columns.append((index, column))
        if not found and not year_columns:  # not a heading at all: one message rather than one per cell
            del self.problems[before:]
            self.report(
                first.number,
                _("Rubrikraden saknas. Första raden ska ha kolumnerna %(columns)s, som i mallen.")
                % {"columns": ", ".join(f"”{name}”" for name in fixed)},
            )
            return None
        for name in fixed:
            if name not in found:
                self.report(
                    first.number,
                    _(
                        "Kolumnen ”%(column)s” saknas. Lägg till en kolumn med rubriken ”%(column)s” i rubrikraden, "
                        "som i mallen."
                    )
                    % {"column": name},
                )
                ok = False
        return _Header(first.number, found, year_columns) if ok else None

    def data_rows(self, header: _Header) -> list[RawRow]:
        """The rows under the header, with a problem for any value in a column without a heading."""
        known = set(header.fixed.values()) | {index for index, _column in header.years}
        rows = self.sheet.rows[1:]
        for row in rows:
            for index, cell in enumerate(row.cells):
                if index not in known and _text(cell):
                    self.report(
                        row.number,
                        _("Cellen har ett värde men kolumnen saknar rubrik. Ge kolumnen en rubrik eller töm cellen."),
                        index=index,
                    )
        return rows

    @staticmethod
    def cell(row: RawRow, index: int) -> Cell:
        return row.cells[index] if index < len(row.cells) else None

    def text(self, row: RawRow, header: _Header, name: str) -> str:
        return _text(self.cell(row, header.fixed[name]))

    def report_at(self, row: RawRow, header: _Header, name: str, message: str) -> None:
        self.report(row.number, message, index=header.fixed[name], header=name)

    def amounts(self, row: RawRow, header: _Header) -> dict[YearColumn, Decimal]:
        result = {}
        for index, column in header.years:
            try:
                number = parse_number(self.cell(row, index))
            except ValueError as exc:
                self.report(row.number, str(exc), index=index, header=column.header)
                continue
            if number is not None:
                result[column] = number
        return result

    def first_time(self, row: RawRow, header: _Header, name: str, seen: dict[str, int]) -> bool:
        """False, with a problem, when the row's name was on an earlier row."""
        value = self.text(row, header, name)
        if value.casefold() in seen:
            self.report_at(
                row,
                header,
                name,
                _("”%(name)s” finns redan på rad %(other)d. Ta bort den ena raden eller slå ihop dem.")
                % {"name": value, "other": seen[value.casefold()]},
            )
            return False
        seen[value.casefold()] = row.number
        return True


def _year_column(text: str, years: str) -> YearColumn | None:
    match = _YEAR_HEADER.fullmatch(text)
    if match is None or years == "none":
        return None
    year, word = int(match["year"]), match["basis"]
    if years == "plain":  # the investment budget has no basis; "Budget 2026" names the same year
        return YearColumn(year) if word is None or word.casefold() in _BASIS_BY_WORD else None
    if word is None or word.casefold() not in _BASIS_BY_WORD:
        return None
    return YearColumn(year, _BASIS_BY_WORD[word.casefold()])


def _unknown_column_message(text: str, fixed: Sequence[str], years: str) -> str:
    names = ", ".join(f"”{name}”" for name in fixed)
    if years == "basis":
        message = _(
            "Okänd kolumn ”%(header)s”. Kolumnerna ska vara %(names)s och en kolumn per år med grund, "
            "till exempel ”Budget 2026”, ”Plan 2027”, ”Utfall 2025” eller ”Prognos 2025”. "
            "Byt rubrik eller ta bort kolumnen."
        )
    elif years == "plain":
        message = _(
            "Okänd kolumn ”%(header)s”. Kolumnerna ska vara %(names)s och en kolumn per år, till exempel ”2026”. "
            "Byt rubrik eller ta bort kolumnen."
        )
    else:
        message = _("Okänd kolumn ”%(header)s”. Kolumnerna ska vara %(names)s. Byt rubrik eller ta bort kolumnen.")
    return message % {"header": text, "names": names}


class _Parse:
    """One file's sections read into a BudgetExchange, with every problem found on the way."""

    def __init__(self, sheets: dict[str, RawSheet]) -> None:
        self.sheets = sheets  # by case-folded section name
        self.problems: list[Problem] = []
        self.headers: dict[str, tuple[_SheetReader, _Header]] = {}
        self.exchange = BudgetExchange(DocumentInfo(year=0, title=""))
        self.roles_seen: dict[str, LineData] = {}

    def reader(
        self, section: str, fixed: Sequence[str], years: Literal["basis", "plain", "none"]
    ) -> tuple[_SheetReader, _Header, list[RawRow]] | None:
        sheet = self.sheets.get(section.casefold())
        if sheet is None:
            return None
        reader = _SheetReader(sheet, section, self.problems)
        header = reader.header(fixed, years)
        if header is None:
            return None
        self.headers[section] = (reader, header)
        if years != "none":
            self.exchange.columns[section] = [column for _index, column in header.years]
        return reader, header, reader.data_rows(header)

    def document(self) -> DocumentInfo | None:
        found = self.reader(DOCUMENT, DOCUMENT_COLUMNS, "none")
        if found is None:
            return None
        reader, header, rows = found
        if len(rows) != 1:
            reader.report(
                rows[1].number if rows else header.row,
                _(
                    "Bladet ska ha exakt en rad under rubrikerna, med dokumentets år, titel, antal planår, status, "
                    "beslut och beslutsdatum. Ta bort de andra raderna."
                )
                if rows
                else _("Raden med dokumentets uppgifter saknas. Fyll i år, titel, antal planår och status på rad 2."),
            )
            return None
        row = rows[0]
        before = len(self.problems)

        def report(name: str, message: str) -> None:
            reader.report_at(row, header, name, message)

        year = plan_years = 0
        try:
            year = _integer(reader.cell(row, header.fixed["År"]))
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            report("År", _("Budgetåret ska vara ett årtal med fyra siffror, till exempel 2026."))
        try:
            plan_text = reader.text(row, header, "Antal planår")
            plan_years = _integer(reader.cell(row, header.fixed["Antal planår"])) if plan_text else 2
            if not 0 <= plan_years <= 10:
                raise ValueError
        except ValueError:
            report("Antal planår", _("Antal planår ska vara ett heltal mellan 0 och 10, till exempel 2."))
        title = reader.text(row, header, "Titel")
        if not title:
            report("Titel", _("Titeln saknas. Skriv dokumentets titel, till exempel ”Mål och budget 2026”."))
        elif len(title) > 200:
            report("Titel", _("Titeln är längre än 200 tecken. Korta den."))
        statuses = {word.casefold(): status for status, word in STATUS_WORDS.items()}
        statuses.update({str(status): status for status in STATUS_WORDS})
        status = statuses.get(reader.text(row, header, "Status").casefold())
        if status is None:
            report("Status", _("Status ska vara ”Förslag” eller ”Antagen”."))
        reference = reader.text(row, header, "Beslut")
        if len(reference) > 100:
            report(
                "Beslut", _("Beslutet är längre än 100 tecken. Skriv bara beteckningen, t.ex. ”KF 2025-11-26 § 180”.")
            )
        decision_date = None
        try:
            decision_date = _date(reader.cell(row, header.fixed["Beslutsdatum"]))
        except ValueError:
            report("Beslutsdatum", _("Beslutsdatum ska vara ett datum som 2025-11-26, eller lämnas tomt."))
        if len(self.problems) > before or status is None:
            return None
        return DocumentInfo(year, title, plan_years, status, reference, decision_date)

    def statement(self, statement: str, section: str) -> None:
        found = self.reader(section, STATEMENT_COLUMNS, "basis")
        if found is None:
            return
        reader, header, rows = found
        roles = {role.value.casefold(): role.value for role in LineRole}
        seen: dict[str, int] = {}
        for row in rows:
            label = reader.text(row, header, "Rad")
            if not label:
                reader.report_at(
                    row,
                    header,
                    "Rad",
                    _("Radens namn saknas. Skriv radens namn, till exempel ”Verksamhetens nettokostnader”."),
                )
                continue
            if len(label) > 200:
                reader.report_at(row, header, "Rad", _("Radens namn är längre än 200 tecken. Korta det."))
                continue
            if not reader.first_time(row, header, "Rad", seen):
                continue
            role_text = reader.text(row, header, "Betydelse")
            role = roles.get(role_text.casefold(), "")
            if role_text and not role:
                reader.report_at(
                    row,
                    header,
                    "Betydelse",
                    _("Betydelsen ”%(role)s” är okänd. Lämna cellen tom eller skriv en av: %(roles)s.")
                    % {"role": role_text, "roles": ", ".join(LineRole.values)},
                )
            elif role and ROLE_STATEMENT[role] != statement:
                reader.report_at(
                    row,
                    header,
                    "Betydelse",
                    _("Betydelsen ”%(role)s” hör till bladet %(sheet)s. Flytta raden dit eller töm cellen.")
                    % {"role": role, "sheet": STATEMENT_SECTIONS[Statement(ROLE_STATEMENT[role])]},
                )
            elif role in self.roles_seen:
                other = self.roles_seen[role]
                reader.report_at(
                    row,
                    header,
                    "Betydelse",
                    _(
                        "Betydelsen ”%(role)s” står redan på raden ”%(other)s”. Varje betydelse får finnas på "
                        "en rad: töm den ena cellen."
                    )
                    % {"role": role, "other": other.label},
                )
            total_text = reader.text(row, header, "Summarad").casefold()
            if total_text not in ("", YES, NO):
                reader.report_at(row, header, "Summarad", _("Summarad ska vara ”ja” eller ”nej” (tomt betyder nej)."))
            line = LineData(statement, label, role, total_text == YES, reader.amounts(row, header))
            line.source = reader.sheet.source(row.number)
            if role:
                self.roles_seen.setdefault(role, line)
            self.exchange.lines.append(line)

    def _stated_total(
        self, reader: _SheetReader, row: RawRow, header: _Header, table: str, amounts: dict[int, Decimal]
    ) -> None:
        """A "Summa ..." row; the document states at most one sum per table and year."""
        name = header.fixed[OPERATING_COLUMNS[0] if table == StatedTotal.Table.OPERATING else INVESTMENT_COLUMNS[0]]
        for other in self.exchange.totals:
            for year in sorted(set(other.amounts) & set(amounts) if other.table == table else ()):
                reader.report(
                    row.number,
                    _(
                        "Summan för %(year)d står redan på raden ”%(other)s”. Tabellen har en summarad per år: "
                        "ta bort den ena."
                    )
                    % {"year": year, "other": other.label},
                    index=name,
                )
                return
        label = _text(reader.cell(row, name))
        self.exchange.totals.append(TotalRow(table, label, amounts, reader.sheet.source(row.number)))

    def operating(self) -> None:
        found = self.reader(OPERATING, OPERATING_COLUMNS, "basis")
        if found is None:
            return
        reader, header, rows = found
        seen: dict[str, int] = {}
        for row in rows:
            name = reader.text(row, header, "Nämnd")
            if not name:
                reader.report_at(row, header, "Nämnd", _("Nämnden saknas. Skriv nämndens namn eller förkortning."))
                continue
            if not reader.first_time(row, header, "Nämnd", seen):
                continue
            amounts = reader.amounts(row, header)
            years = [column.year for column in amounts]
            duplicated = sorted({year for year in years if years.count(year) > 1})
            for year in duplicated:
                reader.report(
                    row.number,
                    _("Raden har belopp i två kolumner för %(year)d. Raden har ett belopp per år: töm den ena cellen.")
                    % {"year": year},
                )
            if duplicated:
                continue
            if name.casefold().startswith(TOTAL_PREFIX):
                by_year = {column.year: amount for column, amount in amounts.items()}
                self._stated_total(reader, row, header, StatedTotal.Table.OPERATING, by_year)
            else:
                self.exchange.operating.append(OperatingRow(name, amounts, reader.sheet.source(row.number)))

    def investment(self) -> None:
        found = self.reader(INVESTMENT, INVESTMENT_COLUMNS, "plain")
        if found is None:
            return
        reader, header, rows = found
        areas = {word.casefold(): area for area, word in AREA_WORDS.items()}
        areas.update({str(area): area for area in AREA_WORDS})
        seen: dict[str, int] = {}
        for row in rows:
            name = reader.text(row, header, "Nämnd/område")
            if not name:
                reader.report_at(
                    row,
                    header,
                    "Nämnd/område",
                    _(
                        "Nämnd eller område saknas. Skriv nämndens namn eller förkortning, eller VA, Avfall eller "
                        "Finansiell leasing."
                    ),
                )
                continue
            if not reader.first_time(row, header, "Nämnd/område", seen):
                continue
            amounts = {column.year: amount for column, amount in reader.amounts(row, header).items()}
            source = reader.sheet.source(row.number)
            if name.casefold().startswith(TOTAL_PREFIX):
                self._stated_total(reader, row, header, StatedTotal.Table.INVESTMENT, amounts)
            elif name.casefold() in areas:
                self.exchange.investments.append(InvestmentRow(areas[name.casefold()], "", amounts, source))
            else:
                self.exchange.investments.append(InvestmentRow(InvestmentArea.COMMITTEE, name, amounts, source))

    def texts(self) -> None:
        found = self.reader(TEXTS, TEXT_COLUMNS, "none")
        if found is None:
            return
        reader, header, rows = found
        seen: dict[str, int] = {}
        for row in rows:
            heading = reader.text(row, header, "Rubrik")
            body_cell = reader.cell(row, header.fixed["Text"])
            body = "" if body_cell is None else str(body_cell)
            if not heading:
                reader.report_at(row, header, "Rubrik", _("Rubriken saknas. Skriv textens rubrik."))
            elif len(heading) > 200:
                reader.report_at(row, header, "Rubrik", _("Rubriken är längre än 200 tecken. Korta den."))
            elif not body.strip():
                reader.report_at(row, header, "Text", _("Texten saknas. Skriv texten eller ta bort raden."))
            elif reader.first_time(row, header, "Rubrik", seen):
                self.exchange.texts.append(TextData(heading, body, reader.sheet.source(row.number)))

    def check_years(self) -> None:
        """Every year column must fit the document's budget year and plan years."""
        document = self.exchange.document
        first, last = document.year, document.year + document.plan_years
        for reader, header in self.headers.values():
            for index, column in header.years:
                basis = column.basis
                if basis == Basis.BUDGET and column.year != first:
                    fix = _("En budgetkolumn ska gälla budgetåret %(year)d.") % {"year": first}
                elif basis == Basis.PLAN and not first < column.year <= last:
                    fix = _("Plankolumner ska gälla planåren %(first)d–%(last)d.") % {"first": first + 1, "last": last}
                elif basis in (Basis.OUTCOME, Basis.FORECAST) and column.year > first:
                    fix = _("Utfall och prognos ska gälla budgetåret %(year)d eller tidigare år.") % {"year": first}
                elif not basis and not first <= column.year < first + INVESTMENT_YEARS:
                    fix = _("Investeringsbudgetens år ska ligga mellan %(first)d och %(last)d.") % {
                        "first": first,
                        "last": first + INVESTMENT_YEARS - 1,
                    }
                else:
                    continue
                reader.report(
                    header.row,
                    _(
                        "Kolumnen ”%(header)s” passar inte dokumentets år (budgetår %(year)d med %(plan)d planår). "
                        "%(fix)s Rätta rubriken, eller året och antal planår i bladet Dokument."
                    )
                    % {"header": column.header, "year": first, "plan": document.plan_years, "fix": fix},
                    index=index,
                    header=column.header,
                )


def parse_sheets(sheets: list[RawSheet]) -> tuple[BudgetExchange | None, list[Problem], list[str]]:
    """A file's sheets as a BudgetExchange (None if anything is wrong), every problem, and notes."""
    notes: list[str] = []
    known = {name.casefold() for name in SECTIONS}
    by_name: dict[str, RawSheet] = {}
    for sheet in sheets:
        if sheet.name.casefold() in known:
            by_name[sheet.name.casefold()] = sheet
        elif sheet.rows:
            notes.append(
                _("”%(sheet)s” är inte en del av mallen och läses inte.") % {"sheet": sheet.name or _("(utan namn)")}
            )
    if not by_name:
        raise FileRefused(
            _(
                "Filen följer inte mallen: den har inget av bladen %(sheets)s. Ladda ner mallen, fyll i den och "
                "ladda upp den igen."
            )
            % {"sheets": ", ".join(SECTIONS)}
        )
    parse = _Parse(by_name)
    container = sheets[0].container
    for name in REQUIRED_SECTIONS:
        if name.casefold() not in by_name:
            parse.problems.append(
                Problem(
                    message=(
                        _("Bladet ”%(sheet)s” saknas. Lägg till det som i mallen, även om det blir tomt.")
                        if container == "Blad"
                        else _("Avsnittet ”%(sheet)s” saknas. Lägg till dess rubrikrad som i mallen.")
                    )
                    % {"sheet": name},
                    sheet=name,
                    container=container,
                )
            )
    document = parse.document()
    for statement, name in STATEMENT_SECTIONS.items():
        parse.statement(statement, name)
    parse.operating()
    parse.investment()
    parse.texts()
    if document is None:
        return None, parse.problems, notes
    parse.exchange.document = document
    parse.check_years()
    return (None if parse.problems else parse.exchange), parse.problems, notes


# --- Writing: a BudgetExchange into a file --------------------------------------


def _default_columns(exchange: BudgetExchange, section: str) -> list[YearColumn]:
    year, plan_years = exchange.document.year, exchange.document.plan_years
    if section == INVESTMENT:
        return [YearColumn(year + offset) for offset in range(5)]
    return [YearColumn(year, Basis.BUDGET)] + [YearColumn(year + n, Basis.PLAN) for n in range(1, plan_years + 1)]


def _columns(exchange: BudgetExchange, section: str, used: Iterable[YearColumn]) -> list[YearColumn]:
    """A read file's columns as they were; otherwise the usual columns and every year with a figure, in order."""
    if section in exchange.columns:
        columns = exchange.columns[section]
        return columns + sorted(set(used) - set(columns), key=YearColumn.sort_key)
    wanted = set(_default_columns(exchange, section)) | set(used)
    if section == INVESTMENT:  # no gaps between the years
        years = [column.year for column in wanted]
        wanted = {YearColumn(year) for year in range(min(years), max(years) + 1)}
    return sorted(wanted, key=YearColumn.sort_key)


def sections(exchange: BudgetExchange) -> list[tuple[str, list[list[Cell]]]]:
    """The file's tables, header row first, as cell values; both formats are written from this."""
    document = exchange.document
    tables: list[tuple[str, list[list[Cell]]]] = []
    rows: list[list[Cell]] = [
        list(DOCUMENT_COLUMNS),
        [
            document.year,
            document.title,
            document.plan_years,
            STATUS_WORDS[BudgetDocument.Status(document.status)],
            document.decision_reference,
            document.decision_date,
        ],
    ]
    tables.append((DOCUMENT, rows))

    for statement, name in STATEMENT_SECTIONS.items():
        lines = exchange.lines_of(statement)
        columns = _columns(exchange, name, (column for line in lines for column in line.amounts))
        rows = [[*STATEMENT_COLUMNS, *(column.header for column in columns)]]
        for line in lines:
            rows.append([line.label, line.role, YES if line.is_total else NO, *(line.amounts.get(c) for c in columns)])
        tables.append((name, rows))

    totals = [total for total in exchange.totals if total.table == StatedTotal.Table.OPERATING]
    columns = _columns(exchange, OPERATING, (column for row in exchange.operating for column in row.amounts))
    total_years = {year for total in totals for year in total.amounts}
    columns += [YearColumn(year, Basis.BUDGET) for year in sorted(total_years - {c.year for c in columns})]
    # A stated sum goes under the first column of its year.
    first_of_year = [column == next(c for c in columns if c.year == column.year) for column in columns]
    rows = [[*OPERATING_COLUMNS, *(column.header for column in columns)]]
    rows += [[row.committee, *(row.amounts.get(column) for column in columns)] for row in exchange.operating]
    for total in totals:
        rows.append(
            [
                total.label,
                *(
                    total.amounts.get(c.year) if first else None
                    for c, first in zip(columns, first_of_year, strict=True)
                ),
            ]
        )
    tables.append((OPERATING, rows))

    totals = [total for total in exchange.totals if total.table == StatedTotal.Table.INVESTMENT]
    named: list[tuple[str, dict[int, Decimal]]] = [
        (row.committee if row.area == InvestmentArea.COMMITTEE else AREA_WORDS[InvestmentArea(row.area)], row.amounts)
        for row in exchange.investments
    ]
    named += [(total.label, total.amounts) for total in totals]
    columns = _columns(exchange, INVESTMENT, {YearColumn(year) for _name, amounts in named for year in amounts})
    rows = [[*INVESTMENT_COLUMNS, *(column.header for column in columns)]]
    rows += [[name, *(amounts.get(column.year) for column in columns)] for name, amounts in named]
    tables.append((INVESTMENT, rows))

    rows = [list(TEXT_COLUMNS)]
    rows += [[text.heading, text.body] for text in exchange.texts]
    tables.append((TEXTS, rows))
    return tables


@dataclass
class DisplayTable:
    name: str
    header: list[str]
    rows: list[list[str]]


def display_tables(exchange: BudgetExchange) -> list[DisplayTable]:
    """The file's tables as text for a preview page, figures in Swedish format; Dokument is left out."""
    tables = []
    for name, rows in sections(exchange)[1:]:
        body = [[_display(cell) for cell in row] for row in rows[1:]]
        tables.append(DisplayTable(name, [str(cell) for cell in rows[0]], body))
    return tables


def _display(value: Cell) -> str:
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    return _text(value)


def to_xlsx(exchange: BudgetExchange) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, rows in sections(exchange):
        sheet = workbook.create_sheet(name)
        for values in rows:
            sheet.append(values)
        for cell in sheet[1]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal | int) and name != DOCUMENT:
                    cell.number_format = "#,##0" if cell.value == int(cell.value) else "#,##0.00"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 45 if name != DOCUMENT else 10
        for index in range(2, len(rows[0]) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 14
        if name == DOCUMENT:
            sheet.column_dimensions["B"].width = 40
            sheet.column_dimensions["E"].width = 25
        if name == TEXTS:
            sheet.column_dimensions["A"].width = 35
            sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(exchange: BudgetExchange) -> bytes:
    """Semicolons, decimal comma and UTF-8 with BOM: what Swedish Excel opens without asking."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for name, rows in sections(exchange):
        for values in rows:
            writer.writerow([name, *(_csv_cell(value) for value in values)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str:
    if isinstance(value, Decimal):
        return format_csv_number(value)
    return _text(value) if not isinstance(value, str) else value


# --- The database: documents, the template, and checks against what exists ------


def exchange_from_document(document: BudgetDocument) -> BudgetExchange:
    """The document as plain values, ready to write; six queries."""
    exchange = BudgetExchange(
        DocumentInfo(
            year=document.year,
            title=document.title,
            plan_years=document.plan_years,
            status=document.status,
            decision_reference=document.decision_reference,
            decision_date=document.decision_date,
        )
    )
    lines = document.statement_lines.order_by("sort_order", "pk").prefetch_related(
        Prefetch("amounts", queryset=StatementAmount.objects.order_by("year", "basis"))
    )
    for statement in STATEMENT_SECTIONS:
        for line in lines:
            if line.statement == statement:
                exchange.lines.append(
                    LineData(
                        statement,
                        line.label,
                        line.role,
                        line.is_total,
                        {YearColumn(a.year, a.basis): a.amount for a in line.amounts.all()},
                    )
                )
    rows: dict[int, OperatingRow] = {}
    for budget in document.operating_budgets.select_related("committee").order_by(
        "committee__sort_order", "committee__name", "year"
    ):
        row = rows.setdefault(budget.committee_id, OperatingRow(budget.committee.name))
        row.amounts[YearColumn(budget.year, budget.basis)] = budget.amount
    exchange.operating = list(rows.values())
    investments: dict[tuple[str, int | None], InvestmentRow] = {}
    area_order = list(InvestmentArea.values)
    for investment in sorted(
        document.investment_budgets.select_related("committee"),
        key=lambda i: (
            area_order.index(i.area),
            (i.committee.sort_order, i.committee.name) if i.committee else (0, ""),
            i.year,
        ),
    ):
        key = (investment.area, investment.committee_id)
        name = investment.committee.name if investment.committee else ""
        investments.setdefault(key, InvestmentRow(investment.area, name)).amounts[investment.year] = investment.amount
    exchange.investments = list(investments.values())
    totals: dict[tuple[str, str], TotalRow] = {}
    for total in document.stated_totals.order_by("table", "year"):
        totals.setdefault((total.table, total.label), TotalRow(total.table, total.label)).amounts[total.year] = (
            total.amount
        )
    exchange.totals = list(totals.values())
    exchange.texts = [TextData(text.heading, text.body) for text in document.texts.order_by("sort_order", "pk")]
    return exchange


def template_exchange(*, year: int) -> BudgetExchange:
    """An empty document to fill in: the usual lines with their meanings, and every active committee."""
    exchange = BudgetExchange(DocumentInfo(year=year, title=f"Mål och budget {year}"))
    for role, statement in ROLE_STATEMENT.items():
        exchange.lines.append(LineData(statement, str(LineRole(role).label), role, role in TOTAL_ROLES))
    committees = list(
        Committee.objects.active()
        .filter(kind__in=[Committee.Kind.COMMITTEE, Committee.Kind.EXECUTIVE_BOARD])
        .order_by("sort_order", "name")
    )
    exchange.operating = [OperatingRow(committee.name) for committee in committees]
    exchange.totals = [
        TotalRow(StatedTotal.Table.OPERATING, "Summa kommunbidrag"),
        TotalRow(StatedTotal.Table.INVESTMENT, "Summa investeringar"),
    ]
    exchange.investments = [
        *(InvestmentRow(InvestmentArea.COMMITTEE, committee.name) for committee in committees),
        *(InvestmentRow(area) for area in AREA_WORDS),
    ]
    return exchange


def committee_lookup() -> dict[str, Committee]:
    """Every committee by its name and by its abbreviation, case-folded; one query."""
    lookup: dict[str, Committee] = {}
    for committee in Committee.objects.all():
        lookup[committee.abbreviation.casefold()] = committee
        lookup[committee.name.casefold()] = committee
    return lookup


def check_against_database(exchange: BudgetExchange, committees: dict[str, Committee]) -> list[Problem]:
    """Committees named in the file must exist, each at most once per table."""
    problems: list[Problem] = []
    for rows, header in (
        (exchange.operating, "Nämnd"),
        ([row for row in exchange.investments if row.area == InvestmentArea.COMMITTEE], "Nämnd/område"),
    ):
        seen: dict[int, str] = {}
        for row in rows:
            committee = committees.get(row.committee.casefold())
            if row.source is None:
                continue
            if committee is None:
                problems.append(
                    _problem(
                        row.source,
                        _(
                            "Nämnden ”%(name)s” finns inte i portalen. Skriv nämndens namn eller förkortning som de "
                            "står i portalen (till exempel ”%(example)s”), eller be en administratör lägga till "
                            "nämnden."
                        )
                        % {
                            "name": row.committee,
                            "example": next(iter(committees.values())).name if committees else "",
                        },
                        index=0,
                        header=header,
                    )
                )
            elif committee.pk in seen:
                problems.append(
                    _problem(
                        row.source,
                        _("”%(name)s” är samma nämnd som ”%(other)s” på en annan rad. Ta bort den ena raden.")
                        % {"name": row.committee, "other": seen[committee.pk]},
                        index=0,
                        header=header,
                    )
                )
            else:
                seen[committee.pk] = row.committee
    return problems
