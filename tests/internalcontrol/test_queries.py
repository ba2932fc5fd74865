"""The internal control pages make the same number of queries for more risks, controls and results."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from followups.services import period_open
from internalcontrol.models import ControlPlan, ControlResult, RiskAnalysis, State
from portal.models import Committee, User
from tests.factories import ControlFactory, OperatingBudgetFactory, ReportingPeriodFactory, RiskFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db


def grow(committee: Committee, count: int) -> None:
    for _number in range(count):
        ControlFactory(plan__committee=committee)
        RiskFactory(analysis__committee=committee, consequence=4, probability=4)


def test_the_risk_analysis_and_the_plan(reporter: User, committee: Committee, django_assert_num_queries: Any) -> None:
    client = client_for(reporter)
    for count in (1, 8):
        grow(committee, count)
        risks = reverse("internalcontrol:risks", args=[committee.slug, 2026])
        plan = reverse("internalcontrol:plan", args=[committee.slug, 2026])
        client.get(risks)  # the first request stamps the session's last activity
        # session, user, groups and memberships (roles), the committee, the analysis with its adopter, its
        # risks, the latest changes to its risks with who made them, the municipality (header)
        with django_assert_num_queries(9):
            page = client.get(risks).content.decode()
        assert page.count('class="risk-cell') == 16
        # the same, with the plan and its controls with their risks, and whether the year has risks
        with django_assert_num_queries(10):
            client.get(plan)


def test_the_index_and_the_summary(
    reporter: User, strategist: User, committee: Committee, django_assert_num_queries: Any
) -> None:
    client = client_for(strategist)
    period = ReportingPeriodFactory()
    OperatingBudgetFactory(committee=committee, document__year=2026)
    (followup,) = period_open(period=period, actor=None)
    for count in (1, 6):
        grow(committee, count)
        RiskAnalysis.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-02-18 § 12")
        ControlPlan.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-03-18 § 20")
        for control in ControlPlan.objects.get().controls.all():
            ControlResult.objects.get_or_create(
                followup=followup,
                control=control,
                defaults={"performed": True, "deviations": False, "description": "Inga fel.", "updated_by": reporter},
            )
        client.get(reverse("internalcontrol:index"))
        # session, user, roles (2), the committees, the year's analyses, the year's plans, the municipality
        with django_assert_num_queries(8):
            client.get(reverse("internalcontrol:index") + "?ar=2026")
        # session, user, roles (2), the executive boards, the controls with their plans, committees and risks,
        # the results with their follow-ups and periods, the committees without an adopted plan, the municipality
        with django_assert_num_queries(9):
            page = client.get(reverse("internalcontrol:summary", args=[2026])).content.decode()
        assert page.count("Inga fel.") == ControlResult.objects.count()
