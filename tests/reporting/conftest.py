"""A budget document for 2026 with the seed's income statement, one committee's grant, and a report date."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.example import STATEMENTS
from budgets.models import Basis, BudgetDocument, InvestmentArea
from portal.models import Committee
from reporting.models import ReportDate, ReportKind
from tests.factories import (
    BudgetDocumentFactory,
    InvestmentBudgetFactory,
    OperatingBudgetFactory,
    StatementAmountFactory,
    StatementLineFactory,
)


@pytest.fixture
def document(committee: Committee) -> BudgetDocument:
    document = BudgetDocumentFactory(year=2026)
    for statement, lines in STATEMENTS.items():
        for order, (label, role, is_total, figures) in enumerate(lines, start=1):
            line = StatementLineFactory(
                document=document, statement=statement, label=label, role=role, is_total=is_total, sort_order=order
            )
            if figures:
                StatementAmountFactory(line=line, year=2026, basis=Basis.BUDGET, amount=Decimal(figures[0]))
    OperatingBudgetFactory(document=document, committee=committee, year=2026, amount=Decimal(100_000))
    InvestmentBudgetFactory(document=document, committee=None, area=InvestmentArea.WATER, amount=Decimal(308_024))
    return document


@pytest.fixture
def interim(document: BudgetDocument) -> ReportDate:
    return ReportDate.objects.create(year=2026, kind=ReportKind.INTERIM)
