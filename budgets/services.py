"""A budget document gathered for reading: its five tables, key ratios, consistency findings and charts.

``document_overview()`` reads a document with a fixed number of queries and
hands plain values to the ratio and check functions, so the page, a PDF or a
follow-up all show the same figures and the same verdicts.
``document_charts()`` turns an overview into chart geometry without queries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from budgets import charts, checks, ratios
from budgets.models import (
    BUDGET_UNIT,
    STATEMENT_UNIT,
    Basis,
    BudgetDocument,
    InvestmentArea,
    LineRole,
    StatedTotal,
    Statement,
    StatementAmount,
    StatementLine,
)

# Which figure of a year counts when a line has several: the document's own first.
BASIS_PRIORITY = [Basis.BUDGET, Basis.PLAN, Basis.OUTCOME, Basis.FORECAST]

# What a key ratio should at least reach in a year, as a share (0.04 for 4 %), or None: the council's
# targets live in goals/, which budgets may not import, so goals registers the lookup at start-up
# (GoalsConfig.ready) and the result ratio chart draws its goal line from it.
RatioTarget = Callable[[str, int], Decimal | None]
_ratio_targets: list[RatioTarget] = []


def register_ratio_target(lookup: RatioTarget) -> None:
    """``lookup(ratio_key, year)``: the share the ratio should at least reach that year, or None."""
    _ratio_targets.append(lookup)


def ratio_target(key: str, year: int) -> Decimal | None:
    """The first registered lookup's answer; None when no app knows a target."""
    return next((share for share in (lookup(key, year) for lookup in _ratio_targets) if share is not None), None)


@dataclass(frozen=True)
class Column:
    year: int
    basis: str = ""

    @property
    def label(self) -> str:
        """ "Budget 2026", "Plan 2027", or just "2029" where the table has no basis."""
        if not self.basis:
            return str(self.year)
        return f"{Basis(self.basis).label} {self.year}"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Decimal | None, ...]
    is_total: bool = False

    @property
    def is_heading(self) -> bool:
        return not self.is_total and all(cell is None for cell in self.cells)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    unit: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # A printed line of shares under the figures: the income statement's result ratio.
    share_rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Text:
    heading: str
    html: SafeString


@dataclass(frozen=True)
class RatioGroup:
    """One key ratio over the document's years."""

    key: str
    name: str
    formula: str
    kind: str
    by_year: tuple[ratios.Ratio, ...]


@dataclass
class DocumentOverview:
    document: BudgetDocument
    statements: list[Table]
    operating: Table
    investment: Table
    texts: list[Text]
    ratios: list[RatioGroup]
    findings: list[checks.Finding]
    # role -> year -> figure (mnkr)
    figures: dict[str, dict[int, Decimal]] = field(default_factory=dict)
    # year -> investment area -> amount (tkr), the committees summed under "committee"
    investments_by_year: dict[int, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def notes(self) -> list[checks.Finding]:
        return [finding for finding in self.findings if not finding.is_error]

    @property
    def errors(self) -> list[checks.Finding]:
        return [finding for finding in self.findings if finding.is_error]

    def ratio(self, key: str) -> RatioGroup | None:
        return next((group for group in self.ratios if group.key == key), None)


def _pick(amounts: Mapping[tuple[int, str], Decimal]) -> dict[int, Decimal]:
    """Per year, the figure of the first basis in BASIS_PRIORITY."""
    picked: dict[int, Decimal] = {}
    for basis in reversed(BASIS_PRIORITY):
        for (year, amount_basis), amount in amounts.items():
            if amount_basis == basis:
                picked[year] = amount
    return picked


def _default_columns(document: BudgetDocument) -> set[Column]:
    return {Column(year, Basis.BUDGET if year == document.year else Basis.PLAN) for year in document.years}


def _sorted_columns(columns: Iterable[Column]) -> tuple[Column, ...]:
    order = {basis: index for index, basis in enumerate(BASIS_PRIORITY)}
    return tuple(sorted(set(columns), key=lambda column: (column.year, order.get(Basis(column.basis), 0))))


def document_overview(document: BudgetDocument) -> DocumentOverview:
    """Everything the document page shows. Runs six queries: statement lines, their amounts,
    operating budgets (with committees), investment budgets (with committees), stated totals, texts."""
    lines = list(
        StatementLine.objects.filter(document=document)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("amounts", queryset=StatementAmount.objects.order_by("year", "basis")))
    )
    operating_rows = list(document.operating_budgets.select_related("committee").order_by("committee__sort_order"))
    investment_rows = list(document.investment_budgets.select_related("committee"))
    stated = list(document.stated_totals.all())
    texts = [Text(text.heading, text.body_html) for text in document.texts.order_by("sort_order", "pk")]

    # --- the three statements (mnkr)
    line_amounts = {
        line.pk: {(amount.year, amount.basis): amount.amount for amount in line.amounts.all()} for line in lines
    }
    statement_columns = _sorted_columns(
        _default_columns(document)
        | {Column(year, basis) for amounts in line_amounts.values() for year, basis in amounts}
    )
    statements = []
    for statement in Statement:
        rows = tuple(
            Row(
                line.label,
                tuple(line_amounts[line.pk].get((column.year, column.basis)) for column in statement_columns),
                line.is_total,
            )
            for line in lines
            if line.statement == statement
        )
        statements.append(Table(statement.value, str(statement.label), STATEMENT_UNIT, statement_columns, rows))

    by_role = {line.role: _pick(line_amounts[line.pk]) for line in lines if line.role}

    # --- the operating budget (tkr), one row per committee
    operating_columns = _sorted_columns(
        _default_columns(document) | {Column(row.year, row.basis) for row in operating_rows}
    )
    operating_by_committee: dict[int, dict[tuple[int, str], Decimal]] = {}
    committee_names: dict[int, str] = {}
    for budget in operating_rows:
        committee_names[budget.committee_id] = budget.committee.name
        operating_by_committee.setdefault(budget.committee_id, {})[(budget.year, budget.basis)] = budget.amount
    operating_stated = {total.year: total for total in stated if total.table == StatedTotal.Table.OPERATING}
    operating_table_rows = [
        Row(committee_names[pk], tuple(amounts.get((column.year, column.basis)) for column in operating_columns))
        for pk, amounts in operating_by_committee.items()
    ]
    if operating_stated:
        operating_table_rows.append(_stated_row(operating_stated, [column.year for column in operating_columns]))
    operating = Table(
        "operating",
        str(StatedTotal.Table.OPERATING.label),
        BUDGET_UNIT,
        operating_columns,
        tuple(operating_table_rows),
    )

    # --- the investment budget (tkr), committees first, then the areas in their order
    investment_stated = {total.year: total for total in stated if total.table == StatedTotal.Table.INVESTMENT}
    investment_years = sorted({row.year for row in investment_rows} | set(investment_stated))
    area_order = {area: index for index, area in enumerate(InvestmentArea)}
    keyed: dict[tuple[int, int, str], dict[int, Decimal]] = {}
    labels: dict[tuple[int, int, str], str] = {}
    investments_by_year: dict[int, dict[str, Decimal]] = {}
    for investment_row in investment_rows:
        if investment_row.committee is not None:
            key = (0, investment_row.committee.sort_order, investment_row.committee.name)
            labels[key] = investment_row.committee.name
        else:
            key = (1, area_order[InvestmentArea(investment_row.area)], investment_row.area)
            labels[key] = str(InvestmentArea(investment_row.area).label)
        keyed.setdefault(key, {})[investment_row.year] = investment_row.amount
        per_area = investments_by_year.setdefault(investment_row.year, {})
        per_area[investment_row.area] = per_area.get(investment_row.area, Decimal(0)) + investment_row.amount
    investment_table_rows = [
        Row(labels[key], tuple(keyed[key].get(year) for year in investment_years)) for key in sorted(keyed)
    ]
    if investment_stated:
        investment_table_rows.append(_stated_row(investment_stated, investment_years))
    investment = Table(
        "investment",
        str(StatedTotal.Table.INVESTMENT.label),
        BUDGET_UNIT,
        tuple(Column(year) for year in investment_years),
        tuple(investment_table_rows),
    )

    key_ratios = _key_ratios(document, by_role, investments_by_year)
    # The income statement prints the result ratio under its figures.
    result_ratios = {
        ratio.year: ratio.value for group in key_ratios for ratio in group.by_year if ratio.key == "result_ratio"
    }
    income = next(index for index, table in enumerate(statements) if table.key == Statement.INCOME)
    statements[income] = dataclasses.replace(
        statements[income],
        share_rows=(
            Row(
                _("Årets resultat i förhållande till skatteintäkter och generella statsbidrag (%)"),
                tuple(result_ratios.get(column.year) for column in statement_columns),
            ),
        ),
    )

    findings = _findings(
        document,
        lines,
        line_amounts,
        by_role,
        operating_by_committee=[_pick(amounts) for amounts in operating_by_committee.values()],
        operating_stated=operating_stated,
        investment_by_row=list(keyed.values()),
        investment_stated=investment_stated,
        investments_by_year=investments_by_year,
    )
    return DocumentOverview(
        document=document,
        statements=statements,
        operating=operating,
        investment=investment,
        texts=texts,
        ratios=key_ratios,
        findings=findings,
        figures=by_role,
        investments_by_year=investments_by_year,
    )


def _stated_row(stated: Mapping[int, StatedTotal], years: list[int]) -> Row:
    label = next(iter(stated.values())).label
    return Row(label, tuple(stated[year].amount if year in stated else None for year in years), is_total=True)


def _key_ratios(
    document: BudgetDocument,
    by_role: Mapping[str, Mapping[int, Decimal]],
    investments_by_year: Mapping[int, Mapping[str, Decimal]],
) -> list[RatioGroup]:
    def figure(role: LineRole, year: int) -> Decimal | None:
        return by_role.get(role, {}).get(year)

    def tax_and_grants(year: int) -> Decimal | None:
        tax, grants = figure(LineRole.TAX_INCOME, year), figure(LineRole.GENERAL_GRANTS, year)
        return None if tax is None or grants is None else tax + grants

    per_key: dict[str, list[ratios.Ratio]] = {}
    for year in document.years:
        result = figure(LineRole.RESULT, year)
        for ratio in (
            ratios.result_ratio(
                year=year,
                result=result,
                tax_income=figure(LineRole.TAX_INCOME, year),
                general_grants=figure(LineRole.GENERAL_GRANTS, year),
            ),
            ratios.equity_ratio(
                year=year, equity=figure(LineRole.EQUITY, year), total_assets=figure(LineRole.TOTAL_ASSETS, year)
            ),
            ratios.self_financing_ratio(
                year=year,
                result=result,
                depreciation=figure(LineRole.DEPRECIATION, year),
                investments=investments_by_year.get(year, {}),
            ),
            ratios.net_cost_growth(
                year=year,
                net_cost=figure(LineRole.NET_COST, year),
                previous_net_cost=figure(LineRole.NET_COST, year - 1),
                tax_and_grants=tax_and_grants(year),
                previous_tax_and_grants=tax_and_grants(year - 1),
            ),
            ratios.tax_income_growth(
                year=year, tax_and_grants=tax_and_grants(year), previous_tax_and_grants=tax_and_grants(year - 1)
            ),
            ratios.structural_result(year=year, result=result, one_off_items=figure(LineRole.ONE_OFF_ITEMS, year)),
        ):
            per_key.setdefault(ratio.key, []).append(ratio)
    return [
        RatioGroup(key=key, name=items[0].name, formula=items[0].formula, kind=items[0].kind, by_year=tuple(items))
        for key, items in per_key.items()
    ]


def _findings(
    document: BudgetDocument,
    lines: list[StatementLine],
    line_amounts: Mapping[int, Mapping[tuple[int, str], Decimal]],
    by_role: Mapping[str, Mapping[int, Decimal]],
    *,
    operating_by_committee: list[dict[int, Decimal]],
    operating_stated: Mapping[int, StatedTotal],
    investment_by_row: list[dict[int, Decimal]],
    investment_stated: Mapping[int, StatedTotal],
    investments_by_year: Mapping[int, Mapping[str, Decimal]],
) -> list[checks.Finding]:
    findings: list[checks.Finding] = []
    # Each statement's parts against its total lines; the cash flow statement's
    # one total is checked by cash_flow_adds_up below, which names the parts.
    for statement in (Statement.INCOME, Statement.BALANCE):
        findings += checks.statement_sums(
            table=str(statement.label),
            lines=[
                checks.Line(line.label, _pick(line_amounts[line.pk]), line.is_total)
                for line in lines
                if line.statement == statement
            ],
        )
    cash_flow_lines = [line for line in lines if line.statement == Statement.CASH_FLOW]
    cash_flow_total = next((line for line in cash_flow_lines if line.is_total), None)
    if cash_flow_total is not None:
        parts = [line for line in cash_flow_lines if not line.is_total and line_amounts[line.pk]]
        for year, stated in sorted(_pick(line_amounts[cash_flow_total.pk]).items()):
            values = {line.label: _pick(line_amounts[line.pk]).get(year) for line in parts}
            present = {label: value for label, value in values.items() if value is not None}
            if parts and len(present) == len(values):
                findings += checks.cash_flow_adds_up(year=year, parts=present, year_cash_flow=stated)

    for table, totals, rows in (
        (_("Driftbudget"), operating_stated, operating_by_committee),
        (_("Investeringsbudget"), investment_stated, investment_by_row),
    ):
        if totals:
            findings += checks.stated_total(
                table=table,
                label=next(iter(totals.values())).label,
                rows=rows,
                stated={year: total.amount for year, total in totals.items()},
            )

    def figure(role: LineRole, year: int) -> Decimal | None:
        return by_role.get(role, {}).get(year)

    for year in document.years:
        total_assets, equity, provisions, long_term, short_term = (
            figure(LineRole.TOTAL_ASSETS, year),
            figure(LineRole.EQUITY, year),
            figure(LineRole.PROVISIONS, year),
            figure(LineRole.LONG_TERM_LIABILITIES, year),
            figure(LineRole.SHORT_TERM_LIABILITIES, year),
        )
        if (
            total_assets is not None
            and equity is not None
            and provisions is not None
            and long_term is not None
            and short_term is not None
        ):
            findings += checks.assets_equal_equity_and_liabilities(
                year=year,
                total_assets=total_assets,
                equity=equity,
                provisions=provisions,
                long_term_liabilities=long_term,
                short_term_liabilities=short_term,
            )
        opening, result = figure(LineRole.EQUITY, year - 1), figure(LineRole.RESULT, year)
        if equity is not None and opening is not None and result is not None:
            findings += checks.equity_rolls_forward(year=year, equity=equity, previous_equity=opening, result=result)
        cash_flow_investing = figure(LineRole.CASH_FLOW_INVESTING, year)
        investments = _investment_total(year, investment_stated, investments_by_year)
        if cash_flow_investing is not None and investments is not None:
            findings += checks.investments_match_cash_flow(
                year=year,
                investments=investments,
                financial_leasing=investments_by_year.get(year, {}).get(InvestmentArea.FINANCIAL_LEASING, Decimal(0)),
                cash_flow_investing=cash_flow_investing,
            )
    return findings


def _investment_total(
    year: int, stated: Mapping[int, StatedTotal], by_year: Mapping[int, Mapping[str, Decimal]]
) -> Decimal | None:
    """The year's investments as the document states them, else the sum of its rows."""
    if year in stated:
        return stated[year].amount
    if year in by_year:
        return sum(by_year[year].values(), Decimal(0))
    return None


@dataclass(frozen=True)
class InvestmentChartRow:
    year: int
    amounts: tuple[Decimal, ...]  # tkr, in the order of the series
    total: Decimal


@dataclass(frozen=True)
class DocumentCharts:
    operating: charts.HorizontalBarChart
    operating_column: Column | None
    investment: charts.ColumnChart
    investment_series: tuple[str, ...]
    investment_rows: tuple[InvestmentChartRow, ...]
    result_ratio: charts.ColumnChart


def document_charts(overview: DocumentOverview) -> DocumentCharts:
    """The page's three charts from what ``document_overview`` gathered. One query: the result ratio's
    target for the document's year (``ratio_target``), drawn as the goal line."""
    operating_column = overview.operating.columns[0] if overview.operating.columns else None
    operating = charts.horizontal_bars(
        [
            (row.label, row.cells[0])
            for row in overview.operating.rows
            if not row.is_total and row.cells and row.cells[0] is not None
        ]
    )

    areas = [
        area for area in InvestmentArea if any(area in amounts for amounts in overview.investments_by_year.values())
    ]
    series = tuple(_("Nämnder") if area == InvestmentArea.COMMITTEE else str(area.label) for area in areas)
    rows = tuple(
        InvestmentChartRow(
            year=year,
            amounts=tuple(amounts.get(area, Decimal(0)) for area in areas),
            total=sum(amounts.values(), Decimal(0)),
        )
        for year, amounts in sorted(overview.investments_by_year.items())
    )
    investment = charts.stacked_columns(
        [(str(row.year), [amount / ratios.TKR_PER_MNKR for amount in row.amounts]) for row in rows], series
    )

    result_group = overview.ratio("result_ratio")
    result_items = [(str(ratio.year), ratio.value) for ratio in result_group.by_year] if result_group else []
    result_ratio = charts.share_columns(result_items, goal=ratio_target("result_ratio", overview.document.year))
    return DocumentCharts(operating, operating_column, investment, series, rows, result_ratio)
