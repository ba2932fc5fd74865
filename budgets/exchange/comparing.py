"""What replacing a document with a file changes, figure by figure: plain values, no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budgets.exchange.layout import AREA_WORDS, INVESTMENT, OPERATING, STATEMENT_SECTIONS
from budgets.exchange.values import BudgetExchange, YearColumn
from budgets.models import InvestmentArea, StatedTotal, Statement
from portal.formatting import format_number

Key = tuple[str, str, YearColumn]  # table, row, column


@dataclass(frozen=True)
class Change:
    """One figure that differs: its place, the old value and the new (None where there is none)."""

    table: str
    row: str
    column: str
    old: Decimal | None
    new: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return self.new - self.old if self.new is not None and self.old is not None else None

    @property
    def old_text(self) -> str:
        return _display(self.old)

    @property
    def new_text(self) -> str:
        return _display(self.new)

    @property
    def difference_text(self) -> str:
        difference = self.difference
        return ("+" if difference is not None and difference > 0 else "") + _display(difference)


def _display(value: Decimal | None) -> str:
    """A figure in Swedish format with the decimals it has (146, 1 197 078,25); "–" for none."""
    if value is None:
        return "–"
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _figures(
    exchange: BudgetExchange, committee_name: Callable[[str], str], labels: dict[Key, str]
) -> dict[Key, Decimal]:
    """Every figure of the exchange by its place, committees by the portal's name for them."""
    figures: dict[Key, Decimal] = {}
    for line in exchange.lines:
        section = STATEMENT_SECTIONS[Statement(line.statement)]
        for column, amount in line.amounts.items():
            figures[(section, line.label, column)] = amount
    for row in exchange.operating:
        for column, amount in row.amounts.items():
            figures[(OPERATING, committee_name(row.committee), column)] = amount
    for investment in exchange.investments:
        name = (
            committee_name(investment.committee)
            if investment.area == InvestmentArea.COMMITTEE
            else AREA_WORDS[InvestmentArea(investment.area)]
        )
        for year, amount in investment.amounts.items():
            figures[(INVESTMENT, name, YearColumn(year))] = amount
    for total in exchange.totals:
        table = OPERATING if total.table == StatedTotal.Table.OPERATING else INVESTMENT
        for year, amount in total.amounts.items():
            # A stated sum is one per table and year, whatever its label says.
            figures[(table, "", YearColumn(year))] = amount
            labels.setdefault((table, "", YearColumn(year)), total.label)
    return figures


def figure_changes(old: BudgetExchange, new: BudgetExchange, committee_name: Callable[[str], str]) -> list[Change]:
    """Every figure that is added, removed or changed, in the new file's order and then the removed ones.

    ``committee_name`` turns a committee as written (name or abbreviation, any case) into one name, so
    that "BUN" in the file and "Barn- och ungdomsnämnden" in the portal are the same row.
    """
    labels: dict[Key, str] = {}  # a stated sum's label, the new file's first
    after = _figures(new, committee_name, labels)
    before = _figures(old, committee_name, labels)
    changes = []
    for key in [*after, *(key for key in before if key not in after)]:
        if before.get(key) != after.get(key):
            table, row, column = key
            changes.append(Change(table, row or labels[key], column.header, before.get(key), after.get(key)))
    return changes
