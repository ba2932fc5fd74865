"""Consistency checks of a budget document, as plain functions over plain values.

The document's sums are rounded: its income statement lines add up to 147
while the stated result is 146. A difference within one unit of the table's
unit (1 mnkr for the statements, 1 tkr for the operating and investment
budgets) is therefore a note; a larger one is an error. Each check returns its
findings, an empty list when everything agrees. A year whose figures are
missing is not checked: the tables show those figures as missing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.models import BUDGET_UNIT, STATEMENT_UNIT
from portal.formatting import format_amount

ONE_UNIT = Decimal(1)
TKR_PER_MNKR = Decimal(1000)


class Severity(enum.StrEnum):
    NOTE = "note"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """A difference the checks found: ``difference`` is the computed figure minus the stated one."""

    check: str
    severity: Severity
    table: str
    year: int
    message: str
    difference: Decimal
    unit: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True)
class Line:
    """A statement line as plain values: its figures per year (mnkr)."""

    label: str
    amounts: Mapping[int, Decimal]
    is_total: bool = False


def _amount(value: Decimal, unit: str) -> str:
    # Up to three decimals, so that 585,999 mnkr is not shown as 586.
    exponent = value.normalize().as_tuple().exponent
    decimals = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_amount(value, unit, decimals)


def _compare(
    *,
    check: str,
    table: str,
    year: int,
    computed: Decimal,
    stated: Decimal,
    unit: str,
    what: str,
    values: Mapping[str, object] | None = None,
    tolerance: Decimal = ONE_UNIT,
) -> list[Finding]:
    """One finding if ``computed`` differs from ``stated``: a note within ``tolerance``, else an error.

    ``what`` is the sentence's middle, with %(computed)s and %(stated)s for the
    two figures and the other placeholders from ``values``.
    """
    difference = computed - stated
    if difference == 0:
        return []
    severity = Severity.NOTE if abs(difference) <= tolerance else Severity.ERROR
    if severity == Severity.NOTE:
        ending = _("skillnad %(difference)s, inom avrundning") % {"difference": _amount(difference, unit)}
    else:
        ending = _("skillnad %(difference)s, mer än avrundning") % {"difference": _amount(difference, unit)}
    body = what % {"computed": _amount(computed, unit), "stated": _amount(stated, unit), **(values or {})}
    message = _("%(table)s %(year)s: %(body)s (%(ending)s).") % {
        "table": table,
        "year": year,
        "body": body,
        "ending": ending,
    }
    return [Finding(check, severity, table, year, message, difference, unit)]


def statement_sums(*, table: str, lines: Sequence[Line], unit: str = STATEMENT_UNIT) -> list[Finding]:
    """Each total line against the sum of the lines above it, back to the previous total line.

    That fits the seed's statements: the income statement's result sums every
    line above it, the balance sheet's two totals each sum their own half.
    A year where the total or one of its parts is missing is not checked.
    """
    findings: list[Finding] = []
    parts: list[Line] = []
    for line in lines:
        if not line.is_total:
            if line.amounts:  # a heading has no figures
                parts.append(line)
            continue
        for year, stated in sorted(line.amounts.items()):
            if parts and all(year in part.amounts for part in parts):
                findings += _compare(
                    check="statement_sum",
                    table=table,
                    year=year,
                    computed=sum((part.amounts[year] for part in parts), Decimal(0)),
                    stated=stated,
                    unit=unit,
                    what=_("raderna ovanför summerar till %(computed)s men %(label)s anges till %(stated)s"),
                    values={"label": line.label},
                )
        parts = []
    return findings


def stated_total(
    *,
    table: str,
    label: str,
    rows: Sequence[Mapping[int, Decimal]],
    stated: Mapping[int, Decimal],
    unit: str = BUDGET_UNIT,
) -> list[Finding]:
    """The rows of the operating or investment budget against the total the document states, per year."""
    findings: list[Finding] = []
    for year, stated_amount in sorted(stated.items()):
        figures = [row[year] for row in rows if year in row]
        if not figures:
            continue
        findings += _compare(
            check="stated_total",
            table=table,
            year=year,
            computed=sum(figures, Decimal(0)),
            stated=stated_amount,
            unit=unit,
            what=_("raderna summerar till %(computed)s men %(label)s anges till %(stated)s"),
            values={"label": label},
        )
    return findings


def assets_equal_equity_and_liabilities(
    *,
    year: int,
    total_assets: Decimal,
    equity: Decimal,
    provisions: Decimal,
    long_term_liabilities: Decimal,
    short_term_liabilities: Decimal,
) -> list[Finding]:
    """Summa tillgångar against eget kapital + avsättningar + långfristiga + kortfristiga skulder."""
    return _compare(
        check="assets_equal_equity_and_liabilities",
        table=_("Balansbudget"),
        year=year,
        computed=equity + provisions + long_term_liabilities + short_term_liabilities,
        stated=total_assets,
        unit=STATEMENT_UNIT,
        what=_(
            "eget kapital, avsättningar och skulder (%(equity)s + %(provisions)s + %(long)s + %(short)s) "
            "blir %(computed)s men summa tillgångar är %(stated)s"
        ),
        values={
            "equity": _amount(equity, STATEMENT_UNIT),
            "provisions": _amount(provisions, STATEMENT_UNIT),
            "long": _amount(long_term_liabilities, STATEMENT_UNIT),
            "short": _amount(short_term_liabilities, STATEMENT_UNIT),
        },
    )


def equity_rolls_forward(*, year: int, equity: Decimal, previous_equity: Decimal, result: Decimal) -> list[Finding]:
    """Eget kapital at the end of ``year`` against last year's plus the year's result: 2 116 + 125 = 2 241."""
    return _compare(
        check="equity_rolls_forward",
        table=_("Balansbudget"),
        year=year,
        computed=previous_equity + result,
        stated=equity,
        unit=STATEMENT_UNIT,
        what=_(
            "eget kapital %(previous_year)s plus årets resultat (%(previous)s + %(result)s) blir %(computed)s "
            "men eget kapital anges till %(stated)s"
        ),
        values={
            "previous_year": year - 1,
            "previous": _amount(previous_equity, STATEMENT_UNIT),
            "result": _amount(result, STATEMENT_UNIT),
        },
    )


def investments_match_cash_flow(
    *, year: int, investments: Decimal, financial_leasing: Decimal, cash_flow_investing: Decimal
) -> list[Finding]:
    """Investments less financial leasing (tkr) against minus the cash flow from investing (mnkr).

    610 999 − 25 000 tkr = 585,999 mnkr against 586 mnkr: a note. Financial
    leasing is an investment that pays no cash out, hence left out.
    """
    return _compare(
        check="investments_match_cash_flow",
        table=_("Kassaflödesbudget"),
        year=year,
        computed=(investments - financial_leasing) / TKR_PER_MNKR,
        stated=-cash_flow_investing,
        unit=STATEMENT_UNIT,
        what=_(
            "investeringarna utan finansiell leasing (%(investments)s − %(leasing)s) blir %(computed)s men "
            "kassaflödet från investeringsverksamheten är %(cash_flow)s"
        ),
        values={
            "investments": _amount(investments, BUDGET_UNIT),
            "leasing": _amount(financial_leasing, BUDGET_UNIT),
            "cash_flow": _amount(cash_flow_investing, STATEMENT_UNIT),
        },
    )


def cash_flow_adds_up(*, year: int, parts: Mapping[str, Decimal], year_cash_flow: Decimal) -> list[Finding]:
    """The cash flow parts (löpande, investering, finansiering) against årets kassaflöde."""
    return _compare(
        check="cash_flow_adds_up",
        table=_("Kassaflödesbudget"),
        year=year,
        computed=sum(parts.values(), Decimal(0)),
        stated=year_cash_flow,
        unit=STATEMENT_UNIT,
        what=_("kassaflödena (%(parts)s) summerar till %(computed)s men årets kassaflöde anges till %(stated)s"),
        values={"parts": ", ".join(f"{label} {_amount(value, STATEMENT_UNIT)}" for label, value in parts.items())},
    )
