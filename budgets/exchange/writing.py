"""Writing a BudgetExchange as .xlsx or .csv, and its tables as text for the preview page."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from budgets.exchange.layout import (
    AREA_WORDS,
    DOCUMENT,
    DOCUMENT_COLUMNS,
    INVESTMENT,
    INVESTMENT_COLUMNS,
    NO,
    OPERATING,
    OPERATING_COLUMNS,
    STATEMENT_COLUMNS,
    STATEMENT_SECTIONS,
    STATUS_WORDS,
    TEXT_COLUMNS,
    TEXTS,
    YES,
    Cell,
)
from budgets.exchange.values import BudgetExchange, YearColumn, cell_text, format_csv_number
from budgets.models import Basis, BudgetDocument, InvestmentArea, StatedTotal
from portal.formatting import format_number
from portal.spreadsheet import append_row, csv_text


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
    return cell_text(value)


def to_xlsx(exchange: BudgetExchange) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, rows in sections(exchange):
        sheet = workbook.create_sheet(name)
        for values in rows:
            append_row(sheet, values)
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
            writer.writerow([csv_text(name), *(_csv_cell(value) for value in values)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str:
    if isinstance(value, Decimal):
        return format_csv_number(value)
    return csv_text(cell_text(value) if not isinstance(value, str) else value)
