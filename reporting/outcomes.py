"""Outcome and forecast against budget, as tables: the three statements, driftredovisning, investeringsredovisning.

Deviations are computed here and never stored. Their sign says whether the outcome is better than the budget:
- statement lines: outcome (or forecast) minus budget, since costs are negative figures there (−3 055):
  a positive deviation is a better result or a larger balance;
- committees and investments: budget minus outcome (or forecast), since their figures are positive costs:
  a positive deviation is money left (the committee's överskott, an investment not yet made).
The percentage is the deviation over the budget's absolute value; no budget, no percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.models import (
    BUDGET_UNIT,
    STATEMENT_UNIT,
    Basis,
    BudgetDocument,
    InvestmentArea,
    InvestmentBudget,
    OperatingBudget,
    Statement,
    StatementAmount,
)
from followups.models import FinancialOutcome, FollowUp
from reporting.models import CommitteeOutcome, InvestmentLineOutcome, LineOutcome, ReportDate

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    budget: Decimal | None
    outcome: Decimal | None
    forecast: Decimal | None
    is_total: bool = False
    cost: bool = False  # positive figures are costs: the deviation is budget minus outcome
    anchor: str = ""  # the row's id on the page, for the balanskravsutredning's links
    explanation: str = ""  # the committee's own explanation (Markdown), from its approved follow-up
    explanation_html: str = ""  # the same, as rendered when it was saved (portal.markdown)
    explanation_source: str = ""  # which follow-up, and the committee's decision

    def _deviation(self, value: Decimal | None) -> Decimal | None:
        if value is None or self.budget is None:
            return None
        return self.budget - value if self.cost else value - self.budget

    def _percent(self, deviation: Decimal | None) -> Decimal | None:
        if deviation is None or not self.budget:
            return None
        return deviation / abs(self.budget) * HUNDRED

    @property
    def outcome_deviation(self) -> Decimal | None:
        return self._deviation(self.outcome)

    @property
    def outcome_deviation_percent(self) -> Decimal | None:
        return self._percent(self.outcome_deviation)

    @property
    def forecast_deviation(self) -> Decimal | None:
        return self._deviation(self.forecast)

    @property
    def forecast_deviation_percent(self) -> Decimal | None:
        return self._percent(self.forecast_deviation)

    @property
    def is_heading(self) -> bool:
        return not self.is_total and self.budget is None and self.outcome is None and self.forecast is None


@dataclass(frozen=True)
class OutcomeTable:
    key: str
    name: str
    unit: str
    rows: list[OutcomeRow]


def _report_names() -> dict[str, str]:
    # In a report the statements are the accounts' own: resultaträkning, not resultatbudget.
    return {
        Statement.INCOME: _("Resultaträkning"),
        Statement.BALANCE: _("Balansräkning"),
        Statement.CASH_FLOW: _("Kassaflödesanalys"),
    }


def budget_document(report: ReportDate) -> BudgetDocument | None:
    return BudgetDocument.objects.filter(year=report.year).first()


def line_anchor(statement: str, label: str) -> str:
    """The row's id on the outcome page: stable for a label, safe in HTML."""
    return f"rad-{statement}-{abs(hash_label(label))}"


def hash_label(label: str) -> int:
    """A short stable number for a label (not Python's salted hash)."""
    value = 0
    for char in label.casefold():
        value = (value * 131 + ord(char)) % 1_000_000_007
    return value


def statement_tables(report: ReportDate, document: BudgetDocument | None) -> list[OutcomeTable]:
    """The three statements: the budget document's lines in its order, then outcome lines the budget lacks."""
    budgets: dict[tuple[str, str], Decimal] = {}
    order: list[tuple[str, str, str, bool]] = []  # statement, key, label, is_total
    if document is not None:
        amounts = StatementAmount.objects.filter(
            line__document=document, year=report.year, basis=Basis.BUDGET
        ).select_related("line")
        budgets = {(a.line.statement, a.line.label.casefold()): a.amount for a in amounts}
        for line in document.statement_lines.all():
            order.append((line.statement, line.label.casefold(), line.label, line.is_total))
    outcomes = {(o.statement, o.label.casefold()): o for o in LineOutcome.objects.filter(report=report)}
    known = {(statement, key) for statement, key, _label, _total in order}
    for (statement, key), outcome in sorted(outcomes.items(), key=lambda item: item[1].sort_order):
        if (statement, key) not in known:
            order.append((statement, key, outcome.label, outcome.is_total))
    tables = []
    for statement in Statement:
        rows = []
        for line_statement, key, label, is_total in order:
            if line_statement != statement:
                continue
            found = outcomes.get((statement, key))
            rows.append(
                OutcomeRow(
                    label,
                    budgets.get((statement, key)),
                    found.outcome if found else None,
                    found.forecast if found else None,
                    is_total=is_total,
                    anchor=line_anchor(statement, label),
                )
            )
        tables.append(OutcomeTable(statement.value, _report_names()[statement], STATEMENT_UNIT, rows))
    return tables


def operating_table(report: ReportDate, document: BudgetDocument | None) -> OutcomeTable:
    """Driftredovisning: every committee with a budget or an outcome, in the committees' order."""
    budgets = {}
    if document is not None:
        budgets = {
            b.committee_id: b
            for b in OperatingBudget.objects.filter(
                document=document, year=report.year, basis=Basis.BUDGET
            ).select_related("committee")
        }
    outcomes = {o.committee_id: o for o in CommitteeOutcome.objects.filter(report=report).select_related("committee")}
    explanations = committee_explanations(report)
    committees = {pk: b.committee for pk, b in budgets.items()} | {pk: o.committee for pk, o in outcomes.items()}
    rows = []
    for pk, committee in sorted(committees.items(), key=lambda item: (item[1].sort_order, item[1].name)):
        budget, outcome = budgets.get(pk), outcomes.get(pk)
        rows.append(
            OutcomeRow(
                committee.name,
                budget.amount if budget else None,
                outcome.outcome if outcome else None,
                outcome.forecast if outcome else None,
                cost=True,
                explanation=explanations.get(pk, ("", "", ""))[0],
                explanation_html=explanations.get(pk, ("", "", ""))[1],
                explanation_source=explanations.get(pk, ("", "", ""))[2],
            )
        )
    rows.append(_sum_row(_("Summa nämnderna"), rows))
    return OutcomeTable("operating", _("Driftredovisning"), BUDGET_UNIT, rows)


# Follow-ups whose texts the committee has decided on: approved by the committee, or further along.
DECIDED = (FollowUp.State.APPROVED, FollowUp.State.ACCEPTED, FollowUp.State.PUBLISHED)


def committee_explanations(report: ReportDate) -> dict[int, tuple[str, str, str]]:
    """Per committee: its explanation of the deviation (as written and as HTML) and where it comes from, from
    the follow-ups of the reporting period whose figures are of the report's date, once the committee has
    approved them."""
    found = FinancialOutcome.objects.filter(
        followup__period__year=report.year,
        followup__period__figures_date=report.period_end,
        followup__state__in=DECIDED,
    ).select_related("followup__period")
    explanations = {}
    for outcome in found.exclude(explanation=""):
        followup = outcome.followup
        source = _("Uppföljning %(period)s, beslut %(decision)s") % {
            "period": followup.period,
            "decision": followup.decision_reference or _("utan beslutsbeteckning"),
        }
        explanations[followup.committee_id] = (outcome.explanation, outcome.explanation_html, source)
    return explanations


def investment_table(report: ReportDate, document: BudgetDocument | None) -> OutcomeTable:
    """Investeringsredovisning per line of the investment budget: a committee, or an area (VA, avfall, leasing)."""
    Key = tuple[str, int | None]
    budgets: dict[Key, InvestmentBudget] = {}
    if document is not None:
        budgets = {
            (b.area, b.committee_id): b
            for b in InvestmentBudget.objects.filter(document=document, year=report.year).select_related("committee")
        }
    outcomes: dict[Key, InvestmentLineOutcome] = {
        (o.area, o.committee_id): o
        for o in InvestmentLineOutcome.objects.filter(report=report).select_related("committee")
    }
    keys = list(budgets) + [key for key in outcomes if key not in budgets]
    rows = []
    for key in keys:
        source = budgets.get(key) or outcomes[key]
        label = source.committee.name if source.committee else InvestmentArea(source.area).label
        budget, outcome = budgets.get(key), outcomes.get(key)
        rows.append(
            OutcomeRow(
                str(label),
                budget.amount if budget else None,
                outcome.outcome if outcome else None,
                outcome.forecast if outcome else None,
                cost=True,
            )
        )
    rows.append(_sum_row(_("Summa investeringar"), rows))
    return OutcomeTable("investment", _("Investeringsredovisning"), BUDGET_UNIT, rows)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def _sum_row(label: str, rows: list[OutcomeRow]) -> OutcomeRow:
    return OutcomeRow(
        label,
        _sum([row.budget for row in rows]),
        _sum([row.outcome for row in rows]),
        _sum([row.forecast for row in rows]),
        is_total=True,
        cost=True,
    )


def report_tables(report: ReportDate) -> tuple[BudgetDocument | None, list[OutcomeTable]]:
    document = budget_document(report)
    return document, [
        *statement_tables(report, document),
        operating_table(report, document),
        investment_table(report, document),
    ]
