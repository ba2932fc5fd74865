"""One goal: its place in the cascade, its indicators, targets and measurements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Goal, Measurement, Target
from portal.models import Committee, User
from tests.conftest import PERSONAS
from tests.factories import (
    CommitteeGoalFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
)

ROLES = [persona for persona in PERSONAS if persona != "outsider"]


def url(goal: Goal | int) -> str:
    return reverse("goals:goal", args=[goal if isinstance(goal, int) else goal.pk])


@pytest.fixture
def goal(db: None) -> Goal:
    goal = GoalFactory(
        status=Goal.Status.ADOPTED,
        kind=Goal.Kind.FINANCIAL,
        title="Årets resultat ska uppgå till minst 4 procent av skatteintäkter och generella statsbidrag",
        description="Varje generation bär sina egna kostnader.",
    )
    TargetFactory(
        indicator=IndicatorFactory(goal=goal, name="Resultat i förhållande till skatteintäkter", unit="%"),
        value=Decimal(4),
        reference_description="av skatteintäkter och generella statsbidrag",
        tolerance=Decimal("0.5"),
    )
    return goal


@pytest.mark.parametrize("persona", ROLES)
def test_every_role_reads_a_goal(request: pytest.FixtureRequest, client: Client, goal: Goal, persona: str) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(goal))
    assert response.status_code == 200
    page = response.content.decode()
    assert goal.title in page
    assert "Varje generation bär sina egna kostnader." in page
    assert "2026: Minst 4\u00a0% av skatteintäkter och generella statsbidrag" in page
    assert "tolerans 0,5\u00a0%" in page


def test_without_measurements_the_page_says_they_are_missing(client: Client, viewer: User, goal: Goal) -> None:
    client.force_login(viewer)
    page = client.get(url(goal)).content.decode()
    assert "Mätvärden saknas." in page


def test_measurements_in_swedish_format(client: Client, viewer: User, goal: Goal) -> None:
    indicator = goal.indicators.get()
    MeasurementFactory(indicator=indicator, value=Decimal("4.35"), reference_value=None, source="Mål och budget 2026")
    MeasurementFactory(indicator=indicator, basis=Measurement.Basis.FORECAST, value=None, source="Prognos Q2")
    client.force_login(viewer)
    page = client.get(url(goal)).content.decode()
    assert "4,4\u00a0%" in page
    assert "Mål och budget 2026" in page
    assert "Prognos" in page
    assert page.count("saknas") >= 2  # the forecast's value and the outcome's reference value
    assert "Mätvärden saknas." not in page


def test_an_indicator_without_targets_or_an_index_unit(client: Client, viewer: User) -> None:
    goal = GoalFactory(status=Goal.Status.ADOPTED, kind=Goal.Kind.OPERATIONAL)
    indicator = IndicatorFactory(goal=goal, unit="", decimals=0, name="Effektivitetsindex för förskola")
    MeasurementFactory(indicator=indicator, value=Decimal("62.4"), reference_value=Decimal("58"))
    client.force_login(viewer)
    page = client.get(url(goal)).content.decode()
    assert "Målvärden saknas." in page
    assert ">62<" in page.replace(" ", "").replace("\n", "")
    assert ">58<" in page.replace(" ", "").replace("\n", "")


def test_a_council_goal_lists_the_committee_goals_that_contribute(
    client: Client, viewer: User, goal: Goal, committee: Committee
) -> None:
    committee_goal = CommitteeGoalFactory(committee=committee, title="Fler elever når målen")
    committee_goal.contributes_to.add(goal)
    client.force_login(viewer)
    page = client.get(url(goal)).content.decode()
    assert "Fler elever når målen" in page
    assert url(committee_goal) in page
    assert "Barn- och ungdomsnämnden" in page


def test_a_committee_goal_links_to_the_council_goals_it_serves(
    client: Client, reporter: User, goal: Goal, committee: Committee
) -> None:
    committee_goal = CommitteeGoalFactory(committee=committee, title="Fler elever når målen")
    client.force_login(reporter)
    assert "Kopplingen till kommunfullmäktiges mål saknas." in client.get(url(committee_goal)).content.decode()
    committee_goal.contributes_to.add(goal)
    page = client.get(url(committee_goal)).content.decode()
    assert "Nämndmål" in page
    assert url(goal) in page


def test_unknown_goal_is_404(client: Client, viewer: User, goal: Goal) -> None:
    client.force_login(viewer)
    assert client.get(url(goal.pk + 1000)).status_code == 404


def test_outsider_is_refused_whether_or_not_the_goal_exists(client: Client, outsider: User, goal: Goal) -> None:
    client.force_login(outsider)
    assert client.get(url(goal)).status_code == 403
    assert client.get(url(goal.pk + 1000)).status_code == 403


def test_not_faster_than_names_the_other_indicator(client: Client, viewer: User) -> None:
    goal = GoalFactory(status=Goal.Status.ADOPTED)
    growth = IndicatorFactory(goal=goal, name="Utveckling av skatteintäkter")
    TargetFactory(
        indicator=IndicatorFactory(goal=goal, name="Nettokostnadsutveckling"),
        comparator=Target.Comparator.NOT_FASTER_THAN,
        value=None,
        reference_indicator=growth,
    )
    client.force_login(viewer)
    assert "Ökar inte snabbare än Utveckling av skatteintäkter" in client.get(url(goal)).content.decode()


def test_query_count_does_not_grow_with_indicators(
    client: Client, viewer: User, goal: Goal, django_assert_num_queries: object
) -> None:
    client.force_login(viewer)
    client.get(url(goal))  # the first request stamps the session's last activity (a write)
    # session, user, groups and memberships (roles), municipality (header), the goal with its committee,
    # its focus areas, the goals it contributes to, its contributions, its indicators, their targets,
    # their measurements
    with django_assert_num_queries(12):
        client.get(url(goal))
    for indicator in IndicatorFactory.create_batch(5, goal=goal):
        TargetFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator, basis=Measurement.Basis.BUDGET)
    with django_assert_num_queries(12):
        client.get(url(goal))


def test_a_draft_is_read_only_by_those_who_see_its_plan(client: Client, viewer: User, strategist: User) -> None:
    draft = GoalFactory(title="Ett utkast till mål")
    client.force_login(viewer)
    assert client.get(url(draft)).status_code == 404
    client.force_login(strategist)
    assert "Ett utkast till mål" in client.get(url(draft)).content.decode()
