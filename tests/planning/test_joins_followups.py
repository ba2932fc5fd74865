"""A goal or indicator adopted while a period is open joins the committee's open follow-ups, with a notice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from followups.models import Assessment, FollowUp, IndicatorValue, Notification
from followups.services import period_open
from goals.models import Goal, Indicator
from portal.models import Committee, User
from tests.factories import CommitteeGoalFactory, IndicatorFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_followup(committee: Committee, reporter: User) -> FollowUp:
    reporter.email = "rapportor@example.se"
    reporter.save()
    CommitteeGoalFactory(committee=committee, title="Redan antaget")
    return period_open(period=ReportingPeriodFactory(), actor=None)[0]


def test_a_goal_adopted_mid_period_joins_the_open_followup(
    open_followup: FollowUp, committee: Committee, approver: User, reporter: User
) -> None:
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT, title="Nytt mål")
    indicator = IndicatorFactory(goal=goal)
    assert not Assessment.objects.filter(goal=goal).exists()
    response = client_for(approver).post(
        reverse("planning:goal_adopt", args=[goal.pk]), {"decision_reference": "BUN 2026-02-10 § 12"}
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(followup=open_followup, goal=goal).count() == 1
    assert IndicatorValue.objects.filter(followup=open_followup, indicator=indicator).count() == 1
    notice = Notification.objects.get(kind=Notification.Kind.PLAN_CHANGED)
    assert (notice.recipient, notice.followup) == (reporter, open_followup)
    assert "Nytt mål" in notice.body
    # The reporter sees it in the follow-up editor.
    page = client_for(reporter).get(reverse("followups:followup_edit", args=[open_followup.pk])).content.decode()
    assert "Nytt mål" in page


def test_an_indicator_added_to_an_adopted_goal_joins_with_the_decision(
    open_followup: FollowUp, committee: Committee, approver: User, reporter: User
) -> None:
    goal = Goal.objects.get(title="Redan antaget")
    url = reverse("planning:indicator_create", args=[goal.pk])
    data = {"name": "Nöjda föräldrar", "unit": "%", "decimals": "0", "direction": "higher", "source": "manual"}
    # The reporter may not change an adopted goal; without a decision the approver is refused, nothing stored.
    assert client_for(reporter).post(url, data | {"decision_reference": "BUN 2026-03-01 § 3"}).status_code == 403
    assert client_for(approver).post(url, data).status_code == 400
    assert not Indicator.objects.filter(name="Nöjda föräldrar").exists()
    assert client_for(approver).post(url, data | {"decision_reference": "BUN 2026-03-01 § 3"}).status_code == 302
    indicator = Indicator.objects.get(name="Nöjda föräldrar")
    assert IndicatorValue.objects.filter(followup=open_followup, indicator=indicator).exists()
    assert Notification.objects.filter(kind=Notification.Kind.PLAN_CHANGED, recipient=reporter).count() == 1


def test_a_submitted_followup_is_left_as_decided(open_followup: FollowUp, committee: Committee, approver: User) -> None:
    FollowUp.objects.filter(pk=open_followup.pk).update(state=FollowUp.State.SUBMITTED)
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT, title="Sent mål")
    client_for(approver).post(
        reverse("planning:goal_adopt", args=[goal.pk]), {"decision_reference": "BUN 2026-02-10 § 12"}
    )
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ADOPTED
    assert not Assessment.objects.filter(goal=goal).exists()
    assert not Notification.objects.filter(kind=Notification.Kind.PLAN_CHANGED).exists()


def test_a_committee_without_followup_gets_one(committee: Committee, approver: User) -> None:
    period = ReportingPeriodFactory()
    period_open(period=period, actor=None)
    assert not FollowUp.objects.filter(committee=committee).exists()
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT, title="Första målet")
    client_for(approver).post(
        reverse("planning:goal_adopt", args=[goal.pk]), {"decision_reference": "BUN 2026-02-10 § 12"}
    )
    followup = FollowUp.objects.get(committee=committee, period=period)
    assert list(followup.assessments.values_list("goal__title", flat=True)) == ["Första målet"]
