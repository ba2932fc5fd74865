"""Outcome data on its way in, from a file or the write API, and the checks it must pass before it is stored.

``OutcomeData`` is what both ways in produce; ``check_outcome`` refuses, with the line named, figures that do
not add up (the result against its lines, the balance sheet's totals, the year's cash flow) and committees
the portal does not have; ``outcomes_store`` writes it in one transaction, replacing the report's outcome.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import BudgetDocument, InvestmentArea, LineRole, Statement
from portal.formatting import format_number
from portal.models import Committee, User
from reporting.models import CommitteeOutcome, InvestmentLineOutcome, LineOutcome, ReportDate

logger = logging.getLogger("portal.reporting")

TOLERANCE = Decimal(1)  # mnkr: the printed figures are rounded, so a sum may be off by one


@dataclass
class Where:
    """Where a value came from: a sheet and row of a file, or a list and index of an API call."""

    section: str
    row: int

    def text(self) -> str:
        return _("”%(section)s”, rad %(row)d") % {"section": self.section, "row": self.row}


@dataclass
class LineValue:
    statement: str
    label: str
    role: str
    is_total: bool
    outcome: Decimal | None
    forecast: Decimal | None
    where: Where


@dataclass
class CommitteeValue:
    committee: int
    name: str
    outcome: Decimal | None
    forecast: Decimal | None
    where: Where


@dataclass
class InvestmentValue:
    area: str
    committee: int | None
    name: str
    outcome: Decimal | None
    forecast: Decimal | None
    where: Where


@dataclass
class OutcomeData:
    lines: list[LineValue] = field(default_factory=list)
    committees: list[CommitteeValue] = field(default_factory=list)
    investments: list[InvestmentValue] = field(default_factory=list)

    @property
    def figure_count(self) -> int:
        rows: list[Any] = [*self.lines, *self.committees, *self.investments]
        return sum((row.outcome is not None) + (row.forecast is not None) for row in rows)

    def to_json(self) -> dict[str, Any]:
        def plain(row: Any) -> dict[str, Any]:
            values = asdict(row)
            for key in ("outcome", "forecast"):
                values[key] = None if values[key] is None else str(values[key])
            return values

        return {
            "lines": [plain(row) for row in self.lines],
            "committees": [plain(row) for row in self.committees],
            "investments": [plain(row) for row in self.investments],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutcomeData:
        def values(row: dict[str, Any]) -> dict[str, Any]:
            return row | {
                "where": Where(**row["where"]),
                "outcome": None if row["outcome"] is None else Decimal(row["outcome"]),
                "forecast": None if row["forecast"] is None else Decimal(row["forecast"]),
            }

        return cls(
            [LineValue(**values(row)) for row in data["lines"]],
            [CommitteeValue(**values(row)) for row in data["committees"]],
            [InvestmentValue(**values(row)) for row in data["investments"]],
        )


@dataclass(frozen=True)
class OutcomeProblem:
    message: str
    where: Where | None = None

    def __str__(self) -> str:
        return f"{self.where.text()}: {self.message}" if self.where else self.message


# Which lines a total is the sum of, by meaning: (total, parts).
SUMS: list[tuple[str, tuple[str, ...]]] = [
    (LineRole.TOTAL_ASSETS, (LineRole.FIXED_ASSETS, LineRole.CURRENT_ASSETS)),
    (
        LineRole.TOTAL_EQUITY_AND_LIABILITIES,
        (
            LineRole.EQUITY,
            LineRole.PROVISIONS,
            LineRole.LONG_TERM_LIABILITIES,
            LineRole.SHORT_TERM_LIABILITIES,
        ),
    ),
    (
        LineRole.CASH_FLOW_YEAR,
        (LineRole.CASH_FLOW_OPERATING, LineRole.CASH_FLOW_INVESTING, LineRole.CASH_FLOW_FINANCING),
    ),
]


def fill_roles(data: OutcomeData, document: BudgetDocument | None) -> None:
    """Lines without a meaning take the budget line's of the same label (the template's file leaves none out)."""
    if document is None:
        return
    budget = {(line.statement, line.label.casefold()): line for line in document.statement_lines.all()}
    for line in data.lines:
        found = budget.get((line.statement, line.label.casefold()))
        if found is not None:
            line.role = line.role or found.role
            line.is_total = line.is_total or found.is_total


def check_outcome(data: OutcomeData, document: BudgetDocument | None) -> list[OutcomeProblem]:
    """Every reason the data may not be stored; empty when it may. Reads the budget document's lines only."""
    fill_roles(data, document)
    problems: list[OutcomeProblem] = []
    if not data.figure_count:
        problems.append(
            OutcomeProblem(
                _(
                    "Det finns inga belopp att spara. Fyll i kolumnerna för utfall och prognos (i filen ”Utfall "
                    "<år>” och ”Prognos <år>”) och försök igen."
                )
            )
        )
    seen: dict[tuple[str, str], LineValue] = {}
    roles: dict[str, LineValue] = {}
    for line in data.lines:
        key = (line.statement, line.label.casefold())
        if key in seen:
            problems.append(
                OutcomeProblem(
                    _("Raden ”%(label)s” finns två gånger (också %(other)s). Ta bort den ena.")
                    % {"label": line.label, "other": seen[key].where.text()},
                    line.where,
                )
            )
        seen[key] = line
        if line.role:
            if line.role in roles:
                problems.append(
                    OutcomeProblem(
                        _("Betydelsen ”%(role)s” står på två rader (också %(other)s). Ta bort den på den ena.")
                        % {"role": line.role, "other": roles[line.role].where.text()},
                        line.where,
                    )
                )
            roles[line.role] = line
    for basis, word in (("outcome", _("utfallet")), ("forecast", _("prognosen"))):
        income = [line for line in data.lines if line.statement == Statement.INCOME]
        result = roles.get(LineRole.RESULT)
        parts = [getattr(line, basis) for line in income if not line.is_total and line.role != LineRole.RESULT]
        if result is not None and getattr(result, basis) is not None and any(p is not None for p in parts):
            problems += _sum_problem(result, sum((p for p in parts if p is not None), Decimal(0)), basis, word)
        for total_role, part_roles in SUMS:
            total = roles.get(total_role)
            lines = [roles.get(role) for role in part_roles]
            values = [getattr(line, basis) if line else None for line in lines]
            if total is None or getattr(total, basis) is None or any(value is None for value in values):
                continue
            problems += _sum_problem(total, sum((v for v in values if v is not None), Decimal(0)), basis, word)
        assets, claims = roles.get(LineRole.TOTAL_ASSETS), roles.get(LineRole.TOTAL_EQUITY_AND_LIABILITIES)
        if assets and claims and getattr(assets, basis) is not None and getattr(claims, basis) is not None:
            problems += _sum_problem(claims, getattr(assets, basis), basis, word)
    named = {row.committee for row in data.committees} | {row.committee for row in data.investments if row.committee}
    existing = set(Committee.objects.filter(pk__in=named).values_list("pk", flat=True))
    rows: list[CommitteeValue | InvestmentValue] = [*data.committees, *data.investments]
    for row in rows:
        if row.committee is not None and row.committee not in existing:  # removed since the file was read
            problems.append(
                OutcomeProblem(
                    _("Nämnden ”%(name)s” finns inte längre i portalen. Ladda upp filen igen.") % {"name": row.name},
                    row.where,
                )
            )
    problems += _duplicates([(row.committee, row.name, row.where) for row in data.committees])
    problems += _duplicates(
        [((row.area, row.committee), row.name, row.where) for row in data.investments], committees=False
    )
    return problems


def _sum_problem(line: LineValue, computed: Decimal, basis: str, word: str) -> list[OutcomeProblem]:
    stated = getattr(line, basis)
    if abs(stated - computed) <= TOLERANCE:
        return []
    return [
        OutcomeProblem(
            _(
                "Raden ”%(label)s” stämmer inte i %(word)s: den anger %(stated)s mnkr men raderna den summerar ger "
                "%(computed)s mnkr. Rätta beloppen så att summan stämmer och ladda upp igen; inget har sparats."
            )
            % {
                "label": line.label,
                "word": word,
                "stated": format_number(stated, 2),
                "computed": format_number(computed, 2),
            },
            line.where,
        )
    ]


def _duplicates(rows: list[tuple[Any, str, Where]], *, committees: bool = True) -> list[OutcomeProblem]:
    seen: dict[Any, Where] = {}
    problems = []
    for key, name, where in rows:
        if key in seen:
            problems.append(
                OutcomeProblem(
                    _("”%(name)s” finns två gånger (också %(other)s). Ta bort den ena raden.")
                    % {"name": name, "other": seen[key].text()},
                    where,
                )
            )
        seen[key] = where
    return problems


def committee_by_name(name: str, lookup: dict[str, Committee]) -> Committee | None:
    committee = lookup.get(name.casefold())
    if committee is None or committee.kind in (Committee.Kind.COUNCIL, Committee.Kind.COMPANY):
        return None
    return committee


@transaction.atomic
def outcomes_store(*, report: ReportDate, data: OutcomeData, actor: User | None) -> None:
    """Replaces the report's outcome and forecast with ``data`` (already checked) in one transaction."""
    report = ReportDate.objects.select_for_update().get(pk=report.pk)
    report.line_outcomes.all().delete()
    report.committee_outcomes.all().delete()
    report.investment_outcomes.all().delete()
    LineOutcome.objects.bulk_create(
        LineOutcome(
            report=report,
            statement=line.statement,
            label=line.label,
            role=line.role,
            is_total=line.is_total,
            outcome=line.outcome,
            forecast=line.forecast,
            sort_order=number,
        )
        for number, line in enumerate(data.lines, start=1)
    )
    CommitteeOutcome.objects.bulk_create(
        CommitteeOutcome(report=report, committee_id=row.committee, outcome=row.outcome, forecast=row.forecast)
        for row in data.committees
    )
    InvestmentLineOutcome.objects.bulk_create(
        InvestmentLineOutcome(
            report=report,
            area=row.area,
            committee_id=row.committee if row.area == InvestmentArea.COMMITTEE else None,
            outcome=row.outcome,
            forecast=row.forecast,
            sort_order=number,
        )
        for number, row in enumerate(data.investments, start=1)
    )
    report.outcome_imported_at = timezone.now()
    report.is_example = False  # the municipality's own figures replace the example's
    report.save(update_fields=["outcome_imported_at", "is_example"])
    logger.info(
        "report outcome stored report=%s-%s figures=%d by user=%s",
        report.year,
        report.kind,
        data.figure_count,
        actor.get_username() if actor else "-",
    )
