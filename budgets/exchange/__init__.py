"""Import and export of a whole budget document as .xlsx or .csv.

docs/budget-exchange.md describes the layout for the people who fill it in.
In short: one sheet per section (``Dokument``, the three statements,
``Driftbudget``, ``Investeringsbudget``, ``Texter``), each a table whose first
row holds the column headings; a CSV file holds the same tables one after
another, with the section's name in the first column of every row.

The modules, each importing only from those listed before it:

- ``layout``: the format's fixed words and limits;
- ``values``: ``BudgetExchange`` and its rows, ``Problem``, and cells' numbers,
  dates and words as Swedish Excel writes them;
- ``xlsx``: a workbook's sheets read at a bounded cost;
- ``reading``: a file into sheets of cells;
- ``sheets``: one sheet's heading row and rows;
- ``parsing``: the sheets into a ``BudgetExchange``;
- ``writing``: a ``BudgetExchange`` into .xlsx or .csv, and the preview's tables;
- ``database``: ``exchange_from_document``, ``template_exchange``,
  ``committee_lookup`` and ``check_against_database``, the only functions here
  that touch the database;
- ``comparing``: what a replacement changes, figure by figure.

budgets/services_exchange.py previews and writes. Every refusal is a
``Problem`` that names the sheet, row and column and says, in Swedish, how to
put it right. This module re-exports the names the rest of the project uses.
"""

from __future__ import annotations

from budgets.exchange.database import (
    check_against_database,
    committee_lookup,
    exchange_from_document,
    template_exchange,
)
from budgets.exchange.layout import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, FileFormat
from budgets.exchange.parsing import parse_sheets
from budgets.exchange.reading import FileRefused, read_file
from budgets.exchange.values import (
    BudgetExchange,
    Problem,
    YearColumn,
    exchange_from_data,
    exchange_to_data,
    format_csv_number,
    parse_number,
)
from budgets.exchange.writing import display_tables, to_csv, to_xlsx

__all__ = [
    "CSV_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "BudgetExchange",
    "FileFormat",
    "FileRefused",
    "Problem",
    "YearColumn",
    "check_against_database",
    "committee_lookup",
    "display_tables",
    "exchange_from_data",
    "exchange_from_document",
    "exchange_to_data",
    "format_csv_number",
    "parse_number",
    "parse_sheets",
    "read_file",
    "template_exchange",
    "to_csv",
    "to_xlsx",
]
