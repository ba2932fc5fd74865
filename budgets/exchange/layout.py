"""The file format's fixed words and limits.

Sheet and column names, the words for bases, statuses and areas, the lines
the template offers, and how large a file may be. These words are part of the
file format, not of the interface: they stay Swedish whatever language the
user reads the portal in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from budgets.models import Basis, BudgetDocument, InvestmentArea, LineRole, Statement

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

MAX_ROWS = 5_000  # rows with content per sheet; a budget document has a few dozen
MAX_COLUMNS = 60
# What a workbook may cost to read. A filled template unpacks to well under 1 MB and a few thousand
# cells; the limits leave room for formatting and long texts, and bound the time and memory of a parse
# whatever the file claims (a zip's members are cut off at their stated size, so stated sizes bound the work).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # the parts that are parsed: the layout's sheets, texts, styles
MAX_CELLS = 200_000  # cell elements in the layout's sheets, empty formatted ones too
MAX_CELL_CHARS = 50_000  # one cell's text; a narrative text is a few thousand
MAX_PARTS = 2_000  # members of the zip; Excel writes a few per sheet
INVESTMENT_YEARS = 10  # how far beyond the budget year an investment column may reach
AMOUNT_LIMIT = Decimal(10) ** 14  # the models' max_digits=16, decimal_places=2
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Cell = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None
FileFormat = Literal["xlsx", "csv"]
