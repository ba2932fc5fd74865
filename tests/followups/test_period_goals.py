"""A period's goals committee by committee, each with the committee's assessment: its word and a pattern,
never colour alone, each a link to the assessment (followups:period_goals)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from followups.models import Assessment, FollowUp
from followups.services import period_open
from portal.models import Committee, ReportingPeriod, User
from tests.factories import CommitteeGoalFactory
from tests.followups.helpers import client_for


def test_each_committee_goal_shows_its_assessment_in_words_and_links_to_it(
    followup: FollowUp, strategist: User
) -> None:
    first, second = Assessment.objects.filter(followup=followup).order_by("goal__sort_order", "pk")
    Assessment.objects.filter(pk=first.pk).update(status="fulfilled")
    Assessment.objects.filter(pk=second.pk).update(status="not_fulfilled")
    page = client_for(strategist).get(reverse("followups:period_goals", args=[followup.period_id])).content.decode()
    detail = reverse("followups:followup_detail", args=[followup.pk])
    assert f'<a href="{detail}#assessment-{first.pk}"><span class="status status-fulfilled">Uppfyllt</span>' in page
    assert (
        f'href="{detail}#assessment-{second.pk}"><span class="status status-not_fulfilled">Ej uppfyllt</span>' in page
    )
    assert re.search(r'status-fulfilled">Uppfyllt</span>\s*1\b', page)  # the count per status
    assert re.search(r'status-not_fulfilled">Ej uppfyllt</span>\s*1\b', page)
    overview = client_for(strategist).get(reverse("followups:period_overview", args=[followup.period_id]))
    assert reverse("followups:period_goals", args=[followup.period_id]) in overview.content.decode()


def test_the_page_answers_with_the_same_number_of_queries_for_more_committees(
    client: Any, strategist: User, period: ReportingPeriod, committee: Committee, django_assert_num_queries: Any
) -> None:
    url = reverse("followups:period_goals", args=[period.pk])
    client.force_login(strategist)
    CommitteeGoalFactory(committee=committee)
    period_open(period=period, actor=None)
    client.get(url)
    # session, user, groups and memberships (roles), the period, its follow-ups with committees, their
    # assessments with goals, the municipality (header)
    with django_assert_num_queries(8):
        client.get(url)
    for number in range(5):
        CommitteeGoalFactory(committee=CommitteeGoalFactory().committee, title=f"Mål {number}")
    period_open(period=period, actor=None)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
