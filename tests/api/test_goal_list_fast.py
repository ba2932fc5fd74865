"""The goal list is written from tuples (api/goal_list.py), the detail by GoalSerializer: every goal of the list
must read exactly as its detail reads, byte for byte, for every kind of goal, indicator and target, for a caller
who sees adopted goals only and for one who sees drafts, through filters and pages."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.renderers import JSONRenderer

from goals.models import Goal, Target
from portal.models import Committee
from tests.api.conftest import bearer
from tests.factories import (
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(committee: Committee) -> list[Goal]:
    """The example municipality, and goals with every comparator, missing and odd figures, and drafts."""
    call_command("load_example", stdout=io.StringIO())
    council = GoalFactory(title="Ett antaget fullmäktigemål", status=Goal.Status.ADOPTED)
    draft_council = GoalFactory(title="Ett fullmäktigemål i utkast", status=Goal.Status.DRAFT)
    goal = CommitteeGoalFactory(
        committee=committee, status=Goal.Status.ADOPTED, last_year=2027, description="Beskrivning – med ”citat”"
    )
    goal.contributes_to.add(council, draft_council)
    goal.focus_areas.add(FocusAreaFactory(name="Testområde", description="Ett gott liv"))
    goal.focus_areas.add(FocusAreaFactory(name="Annat område", sort_order=0))
    reference = IndicatorFactory(goal=goal, unit="", name="Referens")
    percent = IndicatorFactory(goal=goal, unit="%", decimals=2, sort_order=5)
    TargetFactory(
        indicator=IndicatorFactory(goal=goal, unit="kr", sort_order=1),
        comparator=Target.Comparator.NOT_FASTER_THAN,
        value=None,
        reference_indicator=reference,
        tolerance=Decimal("0.25"),
    )
    TargetFactory(indicator=reference, value=Decimal("4.1235"), year=2027)
    TargetFactory(indicator=reference, value=Decimal("-1234567.5"), year=2026, comparator=Target.Comparator.AT_MOST)
    TargetFactory(indicator=percent, value=Decimal("4.10"), year=2025, reference_description="av skatteintäkterna")
    TargetFactory(indicator=percent, comparator=Target.Comparator.ABOVE_REFERENCE, value=None, year=2026)
    TargetFactory(indicator=percent, comparator=Target.Comparator.UNCHANGED_OR_RISING, value=None, year=2027)
    CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT, title="Ett nämndmål i utkast")
    return list(Goal.objects.all())


def detail(client: Client, goal_id: int, **headers: str) -> bytes:
    response = client.get(f"/api/v1/goals/{goal_id}/", **headers)
    assert response.status_code == 200
    return response.content


def rendered(item: dict) -> bytes:
    """An item of the list's JSON rendered again: floats stay floats (4.0, not 4), keys keep their order."""
    return JSONRenderer().render(item)


@pytest.mark.parametrize("who", ["anonymous", "strategist"])
@pytest.mark.parametrize(
    "query",
    [{"page_size": 200}, {"page_size": 3, "page": 2}, {"level": "committee", "page_size": 200}, {"year": 2027}],
)
def test_every_goal_of_the_list_reads_as_its_detail(
    client: Client, varied: list[Goal], strategist_token, who: str, query: dict
) -> None:
    headers = bearer(strategist_token[1]) if who == "strategist" else {}
    response = client.get("/api/v1/goals/", query, **headers)
    assert response.status_code == 200
    body = json.loads(response.content)
    results = body["results"]
    assert results, "the query must list goals for the comparison to mean anything"
    for item in results:
        assert rendered(item) == detail(client, item["id"], **headers)

    drafts = [goal.pk for goal in varied if goal.status == Goal.Status.DRAFT]
    listed = [item["id"] for item in results]
    contributions = {to for item in results for to in item["contributes_to"]}
    if who == "anonymous":
        assert not set(drafts) & set(listed) and not set(drafts) & contributions
    elif query == {"page_size": 200}:
        assert set(drafts) <= set(listed) and set(drafts) & contributions


def test_the_list_carries_every_kind_of_figure_and_sentence(client: Client, varied: list[Goal]) -> None:
    results = client.get("/api/v1/goals/", {"page_size": 200}).json()["results"]
    targets = [target for goal in results for indicator in goal["indicators"] for target in indicator["targets"]]
    comparators = {target["comparator"] for target in targets}
    assert set(Target.Comparator.values) <= comparators
    assert any(target["value"] is None for target in targets) and any(target["tolerance"] for target in targets)
    assert any(goal["committee"] is None for goal in results) and any(goal["committee"] for goal in results)
    assert any(len(goal["focus_areas"]) > 1 for goal in results)
    assert b"4.1235" in client.get("/api/v1/goals/", {"page_size": 200}).content  # four decimals, a JSON number
