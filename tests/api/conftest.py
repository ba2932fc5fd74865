"""Published and unpublished data for the API tests, and keys."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache

from api.models import ApiToken
from budgets.models import BudgetDocument, LineRole, Statement
from goals.models import Goal, Indicator
from portal.models import Committee
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    InvestmentBudgetFactory,
    OperatingBudgetFactory,
    StatementAmountFactory,
    StatementLineFactory,
    TargetFactory,
    api_token,
)

DRAFT_GOAL_TITLE = "Hemligt utkast till mål zq81x"
PROPOSAL_TITLE = "Hemligt budgetförslag zq82y"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits count in the cache: every test starts from zero."""
    cache.clear()


@dataclass
class Published:
    council_goal: Goal
    committee_goal: Goal
    council_indicator: Indicator
    committee_indicator: Indicator
    document: BudgetDocument


@pytest.fixture
def published(committee: Committee) -> Published:
    focus_area = FocusAreaFactory(name="Trygghet")
    council_goal = GoalFactory(title="Resultatet ska vara minst 4 %", status=Goal.Status.ADOPTED)
    council_goal.focus_areas.add(focus_area)
    committee_goal = CommitteeGoalFactory(
        title="Fler barn läser", committee=committee, status=Goal.Status.ADOPTED, first_year=2025, last_year=2026
    )
    committee_goal.contributes_to.add(council_goal)
    council_indicator = TargetFactory(indicator__goal=council_goal, value=Decimal(4)).indicator
    committee_indicator = IndicatorFactory(goal=committee_goal, name="Läsande barn")
    document = BudgetDocumentFactory(year=2026, status=BudgetDocument.Status.ADOPTED)
    for role, label, amount in (
        (LineRole.TAX_INCOME, "Skatteintäkter", Decimal(2571)),
        (LineRole.GENERAL_GRANTS, "Generella statsbidrag och utjämning", Decimal(785)),
        (LineRole.RESULT, "Årets resultat", Decimal(146)),
    ):
        line = StatementLineFactory(document=document, statement=Statement.INCOME, label=label, role=role)
        StatementAmountFactory(line=line, year=2026, amount=amount)
    OperatingBudgetFactory(document=document, committee=committee, amount=Decimal("409875.5"))
    InvestmentBudgetFactory(document=document, committee=committee)
    return Published(council_goal, committee_goal, council_indicator, committee_indicator, document)


@pytest.fixture
def unpublished(committee: Committee) -> tuple[Goal, BudgetDocument]:
    """A draft goal (with a draft council goal it contributes to) and a budget proposal, with unique titles."""
    draft = CommitteeGoalFactory(title=DRAFT_GOAL_TITLE, committee=committee, status=Goal.Status.DRAFT)
    IndicatorFactory(goal=draft, name=f"Indikator för {DRAFT_GOAL_TITLE}")
    proposal = BudgetDocumentFactory(year=2031, title=PROPOSAL_TITLE, status=BudgetDocument.Status.PROPOSAL)
    StatementAmountFactory(line__document=proposal, line__label=f"Rad i {PROPOSAL_TITLE}", year=2031)
    return draft, proposal


@pytest.fixture
def committee_token(committee: Committee) -> tuple[ApiToken, str]:
    return api_token(committee=committee, name="Läsappen")


@pytest.fixture
def strategist_token(db: None) -> tuple[ApiToken, str]:
    return api_token(name="Kolada")


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def many_requests(settings) -> None:
    """Rate limits high enough for a test that makes hundreds of requests."""
    rates = dict.fromkeys(("anonymous", "token", "user"), "100000/min")
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}
