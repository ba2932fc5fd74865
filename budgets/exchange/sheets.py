"""Reading one sheet's table: its heading row, the rows under it and their figures, with a Problem for each fault."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from budgets.exchange.layout import BASIS_WORDS, Cell
from budgets.exchange.values import Problem, RawRow, RawSheet, YearColumn, cell_text, parse_number, problem_at

_YEAR_HEADER = re.compile(r"(?:(?P<basis>[^\W\d]+)\s+)?(?P<year>\d{4})")
_BASIS_BY_WORD = {word.casefold(): basis for basis, word in BASIS_WORDS.items()}


@dataclass
class Header:
    row: int
    fixed: dict[str, int]  # column name -> index
    years: list[tuple[int, YearColumn]]


class SheetReader:
    """Reads one sheet's rows, collecting problems rather than stopping at the first."""

    def __init__(self, sheet: RawSheet, section: str, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.section = section
        self.problems = problems

    def report(self, row: int, message: str, *, index: int | None = None, header: str = "") -> None:
        self.problems.append(problem_at(self.sheet.source(row), message, index=index, header=header))

    def header(
        self, fixed: Sequence[str], years: Literal["basis", "plain", "none"], optional: Sequence[str] = ()
    ) -> Header | None:
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
            text = " ".join(cell_text(cell).split())
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
            if name not in found and name not in optional:
                self.report(
                    first.number,
                    _(
                        "Kolumnen ”%(column)s” saknas. Lägg till en kolumn med rubriken ”%(column)s” i rubrikraden, "
                        "som i mallen."
                    )
                    % {"column": name},
                )
                ok = False
        return Header(first.number, found, year_columns) if ok else None

    def data_rows(self, header: Header) -> list[RawRow]:
        """The rows under the header, with a problem for any value in a column without a heading."""
        known = set(header.fixed.values()) | {index for index, _column in header.years}
        rows = self.sheet.rows[1:]
        for row in rows:
            for index, cell in enumerate(row.cells):
                if index not in known and cell_text(cell):
                    self.report(
                        row.number,
                        _("Cellen har ett värde men kolumnen saknar rubrik. Ge kolumnen en rubrik eller töm cellen."),
                        index=index,
                    )
        return rows

    @staticmethod
    def cell(row: RawRow, index: int) -> Cell:
        return row.cells[index] if index < len(row.cells) else None

    def text(self, row: RawRow, header: Header, name: str) -> str:
        """The cell's text; "" when the column is an optional one the sheet leaves out."""
        return cell_text(self.cell(row, header.fixed[name])) if name in header.fixed else ""

    def report_at(self, row: RawRow, header: Header, name: str, message: str) -> None:
        self.report(row.number, message, index=header.fixed[name], header=name)

    def amounts(self, row: RawRow, header: Header) -> dict[YearColumn, Decimal]:
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

    def first_time(self, row: RawRow, header: Header, name: str, seen: dict[str, int]) -> bool:
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
