"""Import and export of a whole budget document as .xlsx or .csv: the names the rest of the project uses."""

from __future__ import annotations

from budgets.exchange.parsing import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    BudgetExchange,
    FileFormat,
    FileRefused,
    Problem,
    YearColumn,
    check_against_database,
    committee_lookup,
    display_tables,
    exchange_from_document,
    format_csv_number,
    parse_number,
    parse_sheets,
    read_file,
    template_exchange,
    to_csv,
    to_xlsx,
)

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
    "exchange_from_document",
    "format_csv_number",
    "parse_number",
    "parse_sheets",
    "read_file",
    "template_exchange",
    "to_csv",
    "to_xlsx",
]
