"""The outcome file: the budget document's template with outcome and forecast columns, read into OutcomeData.

The file is read with the budget exchange's readers (budgets/exchange: reading, sheets, values), so it is
told by content (.xlsx or CSV), its figures are written as Swedish Excel writes them, and every problem names
its sheet, row and column. It has the budget's sheets ``Resultatbudget``, ``Balansbudget``,
``Kassaflödesbudget``, ``Driftbudget`` and ``Investeringsbudget`` with the same first columns, and the columns
``Utfall <år>`` and ``Prognos <år>`` for the report's year; ``Budget`` and ``Plan`` columns may stay (an
exported budget document filled in) and are not read: the budget is the portal's. docs/reporting.md.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from budgets.exchange.layout import (
    AREA_WORDS,
    INVESTMENT,
    INVESTMENT_COLUMNS,
    NO,
    OPERATING,
    OPERATING_COLUMNS,
    STATEMENT_COLUMNS,
    STATEMENT_SECTIONS,
    TOTAL_PREFIX,
    YES,
)
from budgets.exchange.reading import read_file
from budgets.exchange.sheets import Header, SheetReader
from budgets.exchange.values import FileRefused, Problem, RawRow, RawSheet, YearColumn, cell_text
from budgets.models import Basis, BudgetDocument, InvestmentArea, LineRole
from portal.models import Committee
from portal.spreadsheet import append_row
from reporting.data import CommitteeValue, InvestmentValue, LineValue, OutcomeData, Where, committee_by_name

SECTIONS = (*STATEMENT_SECTIONS.values(), OPERATING, INVESTMENT)
_PLAIN_YEAR = re.compile(r"\d{4}")
_AREAS = {word.casefold(): area for area, word in AREA_WORDS.items()} | {
    area.value.casefold(): area for area in AREA_WORDS
}


class _Reader:
    def __init__(self, year: int, committees: dict[str, Committee]) -> None:
        self.year = year
        self.committees = committees
        self.problems: list[Problem] = []
        self.data = OutcomeData()
        self.columns_found = False

    def sheet(
        self, sheet: RawSheet, section: str, fixed: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> tuple[SheetReader, Header, list[RawRow]] | None:
        reader = SheetReader(sheet, section, self.problems)
        header = reader.header(fixed, "basis", optional)
        if header is None:
            return None
        for index, column in header.years:
            if column.basis in (Basis.OUTCOME, Basis.FORECAST):
                if column.year != self.year:
                    reader.report(
                        header.row,
                        _(
                            "Kolumnen gäller %(year)d, men rapporten gäller %(report)d. Byt rubrik till "
                            "”%(word)s %(report)d” eller ta bort kolumnen."
                        )
                        % {"year": column.year, "report": self.year, "word": column.header.split()[0]},
                        index=index,
                        header=column.header,
                    )
                else:
                    self.columns_found = True
        return reader, header, reader.data_rows(header)

    def figures(self, reader: SheetReader, row: RawRow, header: Header) -> tuple[Decimal | None, Decimal | None]:
        amounts = reader.amounts(row, header)
        return amounts.get(YearColumn(self.year, Basis.OUTCOME)), amounts.get(YearColumn(self.year, Basis.FORECAST))

    def statement(self, sheet: RawSheet, statement: str, section: str) -> None:
        found = self.sheet(sheet, section, STATEMENT_COLUMNS, optional=("Betydelse", "Summarad"))
        if found is None:
            return
        reader, header, rows = found
        roles = {role.value for role in LineRole}
        for row in rows:
            label = reader.text(row, header, "Rad")
            outcome, forecast = self.figures(reader, row, header)
            if not label:
                if outcome is not None or forecast is not None:
                    reader.report_at(row, header, "Rad", _("Raden har belopp men ingen rubrik. Skriv radens namn."))
                continue
            role = reader.text(row, header, "Betydelse")
            if role and role not in roles:
                reader.report_at(
                    row, header, "Betydelse", _("Okänd betydelse ”%(role)s”. Använd mallens ord.") % {"role": role}
                )
            total = reader.text(row, header, "Summarad").casefold()
            if total not in ("", YES, NO):
                reader.report_at(row, header, "Summarad", _("Skriv ”ja” eller ”nej” (tomt betyder nej)."))
            self.data.lines.append(
                LineValue(statement, label, role, total == YES, outcome, forecast, Where(sheet.name, row.number))
            )

    def operating(self, sheet: RawSheet) -> None:
        found = self.sheet(sheet, OPERATING, OPERATING_COLUMNS)
        if found is None:
            return
        reader, header, rows = found
        for row in rows:
            name = reader.text(row, header, "Nämnd")
            outcome, forecast = self.figures(reader, row, header)
            if not name or name.casefold().startswith(TOTAL_PREFIX):
                continue  # the stated sum: the portal adds the rows up itself
            committee = committee_by_name(name, self.committees)
            if committee is None:
                reader.report_at(row, header, "Nämnd", _unknown_committee(name))
                continue
            self.data.committees.append(
                CommitteeValue(committee.pk, committee.name, outcome, forecast, Where(sheet.name, row.number))
            )

    def investment(self, sheet: RawSheet) -> None:
        found = self.sheet(_without_plain_years(sheet), INVESTMENT, INVESTMENT_COLUMNS)
        if found is None:
            return
        reader, header, rows = found
        for row in rows:
            name = reader.text(row, header, "Nämnd/område")
            outcome, forecast = self.figures(reader, row, header)
            if not name or name.casefold().startswith(TOTAL_PREFIX):
                continue
            area = _AREAS.get(name.casefold())
            where = Where(sheet.name, row.number)
            if area is not None:
                self.data.investments.append(InvestmentValue(area, None, str(area.label), outcome, forecast, where))
                continue
            committee = committee_by_name(name, self.committees)
            if committee is None:
                reader.report_at(row, header, "Nämnd/område", _unknown_committee(name))
                continue
            self.data.investments.append(
                InvestmentValue(InvestmentArea.COMMITTEE, committee.pk, committee.name, outcome, forecast, where)
            )


def _without_plain_years(sheet: RawSheet) -> RawSheet:
    """The investment sheet without the budget's plain year columns ("2026", "2027", as an exported budget
    document has them): they are the budget's, not read, and the reader for outcome columns would take
    them for unknown columns."""
    if not sheet.rows:
        return sheet
    plain = {index for index, cell in enumerate(sheet.rows[0].cells) if _PLAIN_YEAR.fullmatch(cell_text(cell))}
    if not plain:
        return sheet
    rows = [
        RawRow(row.number, [None if index in plain else cell for index, cell in enumerate(row.cells)])
        for row in sheet.rows
    ]
    return RawSheet(sheet.name, rows, sheet.container, sheet.column_offset, sheet.unread, sheet.problems)


def _unknown_committee(name: str) -> str:
    return _(
        "Nämnden ”%(name)s” finns inte i portalen. Skriv nämndens namn eller förkortning som portalen har dem."
    ) % {"name": name}


def read_outcome_file(
    data: bytes, *, year: int, committees: dict[str, Committee]
) -> tuple[OutcomeData | None, list[Problem], list[str]]:
    """The file's outcome and forecast for ``year``, or None with every problem; and notes for the preview."""
    try:
        _format, sheets, encoding = read_file(data, SECTIONS)
    except FileRefused as refused:
        return None, [refused.problem], []
    notes = [_("CSV-filen lästes med teckenkodningen %(encoding)s.") % {"encoding": encoding}] if encoding else []
    reader = _Reader(year, committees)
    by_name = {sheet.name.casefold(): sheet for sheet in sheets}
    for raw in sheets:
        if raw.unread:
            notes.append(_("Bladet ”%(sheet)s” lästes inte: det hör inte till utfallsfilen.") % {"sheet": raw.name})
        reader.problems += raw.problems
    for statement, section in STATEMENT_SECTIONS.items():
        if (sheet := by_name.get(section.casefold())) is not None:
            reader.statement(sheet, statement, section)
    if (sheet := by_name.get(OPERATING.casefold())) is not None:
        reader.operating(sheet)
    if (sheet := by_name.get(INVESTMENT.casefold())) is not None:
        reader.investment(sheet)
    if not reader.columns_found and not reader.problems:
        reader.problems.append(
            Problem(
                message=_(
                    "Filen har ingen kolumn ”Utfall %(year)d” eller ”Prognos %(year)d”. Ladda ner mallen för "
                    "rapporten, fyll i utfall och prognos och ladda upp den igen."
                )
                % {"year": year}
            )
        )
    if reader.problems:
        return None, reader.problems, notes
    return reader.data, [], notes


def outcome_template(*, year: int, document: BudgetDocument | None) -> bytes:
    """The outcome file to fill in: the budget document's lines with its budget, and empty outcome and forecast."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    budget, outcome, forecast = f"Budget {year}", f"Utfall {year}", f"Prognos {year}"
    for statement, section in STATEMENT_SECTIONS.items():
        sheet = workbook.create_sheet(section)
        sheet.append([*STATEMENT_COLUMNS, budget, outcome, forecast])
        if document is None:
            continue
        for line in document.statement_lines.filter(statement=statement).prefetch_related("amounts"):
            amount = next((a.amount for a in line.amounts.all() if a.year == year and a.basis == Basis.BUDGET), None)
            append_row(sheet, [line.label, line.role, YES if line.is_total else NO, amount])
    sheet = workbook.create_sheet(OPERATING)
    sheet.append([*OPERATING_COLUMNS, budget, outcome, forecast])
    if document is not None:
        for row in document.operating_budgets.filter(year=year, basis=Basis.BUDGET).select_related("committee"):
            append_row(sheet, [row.committee.name, row.amount])
    sheet = workbook.create_sheet(INVESTMENT)
    sheet.append([*INVESTMENT_COLUMNS, budget, outcome, forecast])
    if document is not None:
        for item in document.investment_budgets.filter(year=year).select_related("committee"):
            name = item.committee.name if item.committee else AREA_WORDS[InvestmentArea(item.area)]
            append_row(sheet, [name, item.amount])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
