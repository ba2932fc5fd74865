"""A file's sheets read into a BudgetExchange, section by section, with every problem found on the way."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from django.db.models import CharField, Model
from django.utils.translation import gettext as _

from budgets.exchange.layout import (
    AREA_WORDS,
    DOCUMENT,
    DOCUMENT_COLUMNS,
    INVESTMENT,
    INVESTMENT_COLUMNS,
    INVESTMENT_YEARS,
    NO,
    OPERATING,
    OPERATING_COLUMNS,
    REQUIRED_SECTIONS,
    ROLE_STATEMENT,
    SECTIONS,
    STATEMENT_COLUMNS,
    STATEMENT_SECTIONS,
    STATUS_WORDS,
    TEXT_COLUMNS,
    TEXTS,
    TOTAL_PREFIX,
    YES,
)
from budgets.exchange.sheets import Header, SheetReader
from budgets.exchange.values import (
    BudgetExchange,
    DocumentInfo,
    FileRefused,
    InvestmentRow,
    LineData,
    OperatingRow,
    Problem,
    RawRow,
    RawSheet,
    TextData,
    TotalRow,
    cell_date,
    cell_integer,
    cell_text,
)
from budgets.models import (
    Basis,
    BudgetDocument,
    DocumentText,
    InvestmentArea,
    LineRole,
    StatedTotal,
    Statement,
    StatementLine,
)
from portal.formatting import format_number
from portal.markdown import MARKDOWN_MAX_LENGTH


def _max_length(model: type[Model], name: str) -> int:
    """The column's length in the database: a longer text would be cut or refused by PostgreSQL."""
    field = model._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None
    return field.max_length


TITLE_LENGTH = _max_length(BudgetDocument, "title")
DECISION_LENGTH = _max_length(BudgetDocument, "decision_reference")
LABEL_LENGTH = _max_length(StatementLine, "label")
TOTAL_LABEL_LENGTH = _max_length(StatedTotal, "label")
HEADING_LENGTH = _max_length(DocumentText, "heading")


class _Parse:
    """One file's sections read into a BudgetExchange, with every problem found on the way."""

    def __init__(self, sheets: dict[str, RawSheet]) -> None:
        self.sheets = sheets  # by case-folded section name
        self.problems: list[Problem] = []
        self.headers: dict[str, tuple[SheetReader, Header]] = {}
        self.exchange = BudgetExchange(DocumentInfo(year=0, title=""))
        self.roles_seen: dict[str, LineData] = {}

    def reader(
        self, section: str, fixed: Sequence[str], years: Literal["basis", "plain", "none"], optional: Sequence[str] = ()
    ) -> tuple[SheetReader, Header, list[RawRow]] | None:
        sheet = self.sheets.get(section.casefold())
        if sheet is None:
            return None
        reader = SheetReader(sheet, section, self.problems)
        header = reader.header(fixed, years, optional)
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
            year = cell_integer(reader.cell(row, header.fixed["År"]))
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            report("År", _("Budgetåret ska vara ett årtal med fyra siffror, till exempel 2026."))
        try:
            plan_text = reader.text(row, header, "Antal planår")
            plan_years = cell_integer(reader.cell(row, header.fixed["Antal planår"])) if plan_text else 2
            if not 0 <= plan_years <= 10:
                raise ValueError
        except ValueError:
            report("Antal planår", _("Antal planår ska vara ett heltal mellan 0 och 10, till exempel 2."))
        title = reader.text(row, header, "Titel")
        if not title:
            report("Titel", _("Titeln saknas. Skriv dokumentets titel, till exempel ”Mål och budget 2026”."))
        elif len(title) > TITLE_LENGTH:
            report("Titel", _("Titeln är längre än %(limit)d tecken. Korta den.") % {"limit": TITLE_LENGTH})
        statuses = {word.casefold(): status for status, word in STATUS_WORDS.items()}
        statuses.update({str(status): status for status in STATUS_WORDS})
        status = statuses.get(reader.text(row, header, "Status").casefold())
        if status is None:
            report("Status", _("Status ska vara ”Förslag” eller ”Antagen”."))
        reference = reader.text(row, header, "Beslut")
        if len(reference) > DECISION_LENGTH:
            report(
                "Beslut",
                _("Beslutet är längre än %(limit)d tecken. Skriv bara beteckningen, t.ex. ”KF 2025-11-26 § 180”.")
                % {"limit": DECISION_LENGTH},
            )
        decision_date = None
        try:
            decision_date = cell_date(reader.cell(row, header.fixed["Beslutsdatum"]))
        except ValueError:
            report("Beslutsdatum", _("Beslutsdatum ska vara ett datum som 2025-11-26, eller lämnas tomt."))
        if len(self.problems) > before or status is None:
            return None
        return DocumentInfo(year, title, plan_years, status, reference, decision_date)

    def statement(self, statement: str, section: str) -> None:
        found = self.reader(section, STATEMENT_COLUMNS, "basis", optional=("Betydelse",))
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
            if len(label) > LABEL_LENGTH:
                reader.report_at(
                    row,
                    header,
                    "Rad",
                    _("Radens namn är längre än %(limit)d tecken. Korta det.") % {"limit": LABEL_LENGTH},
                )
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
        self, reader: SheetReader, row: RawRow, header: Header, table: str, amounts: dict[int, Decimal]
    ) -> None:
        """A "Summa ..." row; the document states at most one sum per table and year."""
        name = header.fixed[OPERATING_COLUMNS[0] if table == StatedTotal.Table.OPERATING else INVESTMENT_COLUMNS[0]]
        label = cell_text(reader.cell(row, name))
        if len(label) > TOTAL_LABEL_LENGTH:
            reader.report(
                row.number,
                _("Summaradens namn är längre än %(limit)d tecken. Korta det, till exempel till ”Summa kommunbidrag”.")
                % {"limit": TOTAL_LABEL_LENGTH},
                index=name,
            )
            return
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
        areas_seen: dict[str, tuple[str, int]] = {}  # area -> its name as written, and its row
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
                area = areas[name.casefold()]
                if area in areas_seen:  # "VA" and "water" are two spellings of one area
                    other, other_row = areas_seen[area]
                    reader.report_at(
                        row,
                        header,
                        "Nämnd/område",
                        _("”%(name)s” är samma område som ”%(other)s” på rad %(row)d. Ta bort den ena raden.")
                        % {"name": name, "other": other, "row": other_row},
                    )
                    continue
                areas_seen[area] = (name, row.number)
                self.exchange.investments.append(InvestmentRow(area, "", amounts, source))
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
            elif len(heading) > HEADING_LENGTH:
                reader.report_at(
                    row,
                    header,
                    "Rubrik",
                    _("Rubriken är längre än %(limit)d tecken. Korta den.") % {"limit": HEADING_LENGTH},
                )
            elif not body.strip():
                reader.report_at(row, header, "Text", _("Texten saknas. Skriv texten eller ta bort raden."))
            elif len(body) > MARKDOWN_MAX_LENGTH:
                reader.report_at(
                    row,
                    header,
                    "Text",
                    _("Texten har %(length)s tecken men får ha högst %(limit)s. Korta texten och ladda upp filen igen.")
                    % {"length": format_number(len(body)), "limit": format_number(MARKDOWN_MAX_LENGTH)},
                )
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
        elif sheet.rows or sheet.unread:
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
    for sheet in by_name.values():
        parse.problems += sheet.problems  # cells the reader could not read (a formula without its result)
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
    exchange = parse.exchange
    has_figures = (
        any(line.amounts for line in exchange.lines)
        or any(row.amounts for row in exchange.operating)
        or any(row.amounts for row in exchange.investments)
        or any(total.amounts for total in exchange.totals)
    )
    if not parse.problems and not has_figures:
        # The template as downloaded reads without a fault; stored, it would be an empty document for next year.
        parse.problems.append(
            Problem(
                message=_(
                    "Filen har inga belopp i någon tabell, så den ser ut som den tomma mallen. Fyll i beloppen i "
                    "resultat-, balans- och kassaflödesbudgeten, driftbudgeten och investeringsbudgeten och ladda "
                    "upp filen igen."
                )
            )
        )
    return (None if parse.problems else exchange), parse.problems, notes
