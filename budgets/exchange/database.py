"""The database's side of an exchange: a document as a BudgetExchange, the template, and checks against what exists.

Everything else in the package works on plain values; these functions query.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from budgets.exchange.layout import AREA_WORDS, ROLE_STATEMENT, STATEMENT_SECTIONS, TOTAL_ROLES
from budgets.exchange.values import (
    BudgetExchange,
    DocumentInfo,
    InvestmentRow,
    LineData,
    OperatingRow,
    Problem,
    TextData,
    TotalRow,
    YearColumn,
    problem_at,
)
from budgets.models import BudgetDocument, InvestmentArea, LineRole, StatedTotal, StatementAmount
from portal.models import Committee


def exchange_from_document(document: BudgetDocument) -> BudgetExchange:
    """The document as plain values, ready to write; six queries."""
    exchange = BudgetExchange(
        DocumentInfo(
            year=document.year,
            title=document.title,
            plan_years=document.plan_years,
            status=document.status,
            decision_reference=document.decision_reference,
            decision_date=document.decision_date,
        )
    )
    lines = document.statement_lines.order_by("sort_order", "pk").prefetch_related(
        Prefetch("amounts", queryset=StatementAmount.objects.order_by("year", "basis"))
    )
    for statement in STATEMENT_SECTIONS:
        for line in lines:
            if line.statement == statement:
                exchange.lines.append(
                    LineData(
                        statement,
                        line.label,
                        line.role,
                        line.is_total,
                        {YearColumn(a.year, a.basis): a.amount for a in line.amounts.all()},
                    )
                )
    rows: dict[int, OperatingRow] = {}
    for budget in document.operating_budgets.select_related("committee").order_by(
        "committee__sort_order", "committee__name", "year"
    ):
        row = rows.setdefault(budget.committee_id, OperatingRow(budget.committee.name))
        row.amounts[YearColumn(budget.year, budget.basis)] = budget.amount
    exchange.operating = list(rows.values())
    investments: dict[tuple[str, int | None], InvestmentRow] = {}
    area_order = list(InvestmentArea.values)
    for investment in sorted(
        document.investment_budgets.select_related("committee"),
        key=lambda i: (
            area_order.index(i.area),
            (i.committee.sort_order, i.committee.name) if i.committee else (0, ""),
            i.year,
        ),
    ):
        key = (investment.area, investment.committee_id)
        name = investment.committee.name if investment.committee else ""
        investments.setdefault(key, InvestmentRow(investment.area, name)).amounts[investment.year] = investment.amount
    exchange.investments = list(investments.values())
    totals: dict[tuple[str, str], TotalRow] = {}
    for total in document.stated_totals.order_by("table", "year"):
        totals.setdefault((total.table, total.label), TotalRow(total.table, total.label)).amounts[total.year] = (
            total.amount
        )
    exchange.totals = list(totals.values())
    exchange.texts = [TextData(text.heading, text.body) for text in document.texts.order_by("sort_order", "pk")]
    return exchange


# Who has a row in the operating and investment budgets: the committees and the executive board, not the
# council (which adopts the budget) or the municipal companies (which have budgets of their own).
BUDGET_KINDS = (Committee.Kind.COMMITTEE, Committee.Kind.EXECUTIVE_BOARD)


def template_exchange(*, year: int) -> BudgetExchange:
    """An empty document to fill in: the usual lines with their meanings, and every active committee."""
    exchange = BudgetExchange(DocumentInfo(year=year, title=f"Mål och budget {year}"))
    for role, statement in ROLE_STATEMENT.items():
        exchange.lines.append(LineData(statement, str(LineRole(role).label), role, role in TOTAL_ROLES))
    committees = list(Committee.objects.active().filter(kind__in=BUDGET_KINDS).order_by("sort_order", "name"))
    exchange.operating = [OperatingRow(committee.name) for committee in committees]
    exchange.totals = [
        TotalRow(StatedTotal.Table.OPERATING, "Summa kommunbidrag"),
        TotalRow(StatedTotal.Table.INVESTMENT, "Summa investeringar"),
    ]
    exchange.investments = [
        *(InvestmentRow(InvestmentArea.COMMITTEE, committee.name) for committee in committees),
        *(InvestmentRow(area) for area in AREA_WORDS),
    ]
    return exchange


def committee_lookup() -> dict[str, Committee]:
    """Every committee by its name and by its abbreviation, case-folded; one query."""
    lookup: dict[str, Committee] = {}
    for committee in Committee.objects.all():
        lookup[committee.abbreviation.casefold()] = committee
        lookup[committee.name.casefold()] = committee
    return lookup


def check_against_database(exchange: BudgetExchange, committees: dict[str, Committee]) -> list[Problem]:
    """Committees named in the file must exist, each at most once per table."""
    problems: list[Problem] = []
    for rows, header in (
        (exchange.operating, "Nämnd"),
        ([row for row in exchange.investments if row.area == InvestmentArea.COMMITTEE], "Nämnd/område"),
    ):
        seen: dict[int, str] = {}
        for row in rows:
            committee = committees.get(row.committee.casefold())
            if row.source is None:
                continue
            if committee is None:
                problems.append(
                    problem_at(
                        row.source,
                        _(
                            "Nämnden ”%(name)s” finns inte i portalen. Skriv nämndens namn eller förkortning som de "
                            "står i portalen (till exempel ”%(example)s”), eller be en administratör lägga till "
                            "nämnden."
                        )
                        % {
                            "name": row.committee,
                            "example": next(iter(committees.values())).name if committees else "",
                        },
                        index=0,
                        header=header,
                    )
                )
            elif committee.kind not in BUDGET_KINDS:
                problems.append(
                    problem_at(
                        row.source,
                        _(
                            "”%(name)s” är inte en nämnd eller kommunstyrelsen, och tabellen har bara rader för "
                            "dem (som i mallen). Ta bort raden, eller skriv den nämnd som beloppet hör till."
                        )
                        % {"name": row.committee},
                        index=0,
                        header=header,
                    )
                )
            elif committee.pk in seen:
                problems.append(
                    problem_at(
                        row.source,
                        _("”%(name)s” är samma nämnd som ”%(other)s” på en annan rad. Ta bort den ena raden.")
                        % {"name": row.committee, "other": seen[committee.pk]},
                        index=0,
                        header=header,
                    )
                )
            else:
                seen[committee.pk] = row.committee
    return problems
