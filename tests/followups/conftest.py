"""A reporting period and BUN's follow-up in it, for the follow-up tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from followups.models import FollowUp
from followups.services import period_open
from portal.models import Committee, Membership, ReportingPeriod, User
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    IndicatorFactory,
    InvestmentBudgetFactory,
    MembershipFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
)
from tests.followups.helpers import fill_in


@pytest.fixture
def period(db: None) -> ReportingPeriod:
    """Q1 2026, deadline 24 April 2026, threshold 2 %; not yet open."""
    return ReportingPeriodFactory()


@pytest.fixture
def followup(committee: Committee, period: ReportingPeriod) -> FollowUp:
    """BUN's draft: two goals of its own with an indicator each, its operating and investment budgets."""
    document = BudgetDocumentFactory()
    OperatingBudgetFactory(document=document, committee=committee, amount=Decimal(1_131_226))
    InvestmentBudgetFactory(document=document, committee=committee, amount=Decimal(18_590))
    for number in (1, 2):
        IndicatorFactory(
            goal=CommitteeGoalFactory(committee=committee, title=f"Nämndmål {number}"), name=f"Ind {number}"
        )
    (created,) = period_open(period=period, actor=None)
    return created


@pytest.fixture
def mailboxes(reporter: User, approver: User, strategist: User) -> None:
    """Email addresses for the personas that workflow emails go to."""
    for user in (reporter, approver, strategist):
        user.email = f"{user.username}@kommun.example"
        user.save(update_fields=["email"])


@pytest.fixture
def other_reporter(other_committee: Committee) -> User:
    """A reporter of another committee: BUN's follow-up does not exist for them."""
    return MembershipFactory(
        user__username="annan-rapportor", committee=other_committee, role=Membership.Role.REPORTER
    ).user


@pytest.fixture
def filled_in(followup: FollowUp) -> FollowUp:
    """The draft as a reporter leaves it ready to hand in (tests.followups.helpers.fill_in)."""
    fill_in(followup)
    return followup
