"""Plain values: a BudgetExchange and its rows, a Problem and where it is, and cells as Swedish Excel writes them.

No database and no files: reading and writing both work on these.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgets.exchange.layout import AMOUNT_LIMIT, BASIS_ORDER, BASIS_WORDS, Cell
from budgets.models import Basis, BudgetDocument


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
    unread: bool = False  # a sheet outside the layout: named, never read
    problems: list[Problem] = field(default_factory=list)  # cells that cannot be read, found while reading

    def source(self, row: int) -> Source:
        return Source(self.name, row, self.container, self.column_offset)


class FileRefused(Exception):
    """The file as a whole cannot be read; nothing in it is looked at."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(message=message)


def problem_at(source: Source, message: str, *, index: int | None = None, header: str = "") -> Problem:
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


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def cell_integer(value: Cell) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(cell_text(value).translate(_SPACES))


def cell_date(value: Cell) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    return datetime.date.fromisoformat(text[:10]) if text else None


# --- Kept between preview and confirmation ---------------------------------------
# An upload is read once; what was read is kept as JSON (never pickle: the store is a folder on disk) with
# the places its rows came from, so a refusal at confirmation still names the user's file.

JsonData = dict[str, Any]


def _source_data(source: Source | None) -> list[Any] | None:
    return None if source is None else [source.sheet, source.row, source.container, source.column_offset]


def _source(data: list[Any] | None) -> Source | None:
    return None if data is None else Source(data[0], data[1], data[2], data[3])


def exchange_to_data(exchange: BudgetExchange) -> JsonData:
    """The exchange as JSON-ready values: figures as exact decimal strings, dates as ISO dates."""
    document = exchange.document
    return {
        "document": {
            "year": document.year,
            "title": document.title,
            "plan_years": document.plan_years,
            "status": document.status,
            "decision_reference": document.decision_reference,
            "decision_date": document.decision_date.isoformat() if document.decision_date else None,
        },
        "lines": [
            {
                "statement": line.statement,
                "label": line.label,
                "role": line.role,
                "is_total": line.is_total,
                "amounts": [[column.year, column.basis, str(amount)] for column, amount in line.amounts.items()],
                "source": _source_data(line.source),
            }
            for line in exchange.lines
        ],
        "operating": [
            {
                "committee": row.committee,
                "amounts": [[column.year, column.basis, str(amount)] for column, amount in row.amounts.items()],
                "source": _source_data(row.source),
            }
            for row in exchange.operating
        ],
        "investments": [
            {
                "area": row.area,
                "committee": row.committee,
                "amounts": [[year, str(amount)] for year, amount in row.amounts.items()],
                "source": _source_data(row.source),
            }
            for row in exchange.investments
        ],
        "totals": [
            {
                "table": total.table,
                "label": total.label,
                "amounts": [[year, str(amount)] for year, amount in total.amounts.items()],
                "source": _source_data(total.source),
            }
            for total in exchange.totals
        ],
        "texts": [
            {"heading": text.heading, "body": text.body, "source": _source_data(text.source)} for text in exchange.texts
        ],
        "columns": {
            section: [[column.year, column.basis] for column in columns]
            for section, columns in exchange.columns.items()
        },
    }


def exchange_from_data(data: JsonData) -> BudgetExchange:
    """The exchange ``exchange_to_data`` gave; raises KeyError, TypeError or ValueError for anything else."""
    document = data["document"]
    return BudgetExchange(
        DocumentInfo(
            year=int(document["year"]),
            title=str(document["title"]),
            plan_years=int(document["plan_years"]),
            status=str(document["status"]),
            decision_reference=str(document["decision_reference"]),
            decision_date=datetime.date.fromisoformat(document["decision_date"]) if document["decision_date"] else None,
        ),
        lines=[
            LineData(
                line["statement"],
                line["label"],
                line["role"],
                bool(line["is_total"]),
                {YearColumn(year, basis): Decimal(amount) for year, basis, amount in line["amounts"]},
                _source(line["source"]),
            )
            for line in data["lines"]
        ],
        operating=[
            OperatingRow(
                row["committee"],
                {YearColumn(year, basis): Decimal(amount) for year, basis, amount in row["amounts"]},
                _source(row["source"]),
            )
            for row in data["operating"]
        ],
        investments=[
            InvestmentRow(
                row["area"],
                row["committee"],
                {int(year): Decimal(amount) for year, amount in row["amounts"]},
                _source(row["source"]),
            )
            for row in data["investments"]
        ],
        totals=[
            TotalRow(
                total["table"],
                total["label"],
                {int(year): Decimal(amount) for year, amount in total["amounts"]},
                _source(total["source"]),
            )
            for total in data["totals"]
        ],
        texts=[TextData(text["heading"], text["body"], _source(text["source"])) for text in data["texts"]],
        columns={
            section: [YearColumn(year, basis) for year, basis in columns]
            for section, columns in data["columns"].items()
        },
    )
