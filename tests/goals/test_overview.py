"""The vision and the council's goals, for everyone with a role."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Goal, Target
from portal.models import User
from tests.conftest import PERSONAS
from tests.factories import (
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    TargetFactory,
    VisionFactory,
)

OVERVIEW = reverse("goals:overview")
ROLES = [persona for persona in PERSONAS if persona != "outsider"]


@pytest.fixture
def framework(db: None) -> Goal:
    """A vision with a focus area, and one council goal of each kind that has a target."""
    FocusAreaFactory(vision=VisionFactory(), name="Vackra miljöer")
    GoalFactory(status=Goal.Status.ADOPTED, kind=Goal.Kind.OVERARCHING, title="Att bli Sveriges mest effektiva kommun")
    financial = GoalFactory(
        status=Goal.Status.ADOPTED, kind=Goal.Kind.FINANCIAL, title="Årets resultat ska uppgå till minst 4 procent"
    )
    TargetFactory(
        indicator=IndicatorFactory(goal=financial, name="Resultat i förhållande till skatteintäkter"),
        value=Decimal(4),
        reference_description="av skatteintäkter och generella statsbidrag",
    )
    operational = GoalFactory(
        status=Goal.Status.ADOPTED, kind=Goal.Kind.OPERATIONAL, title="Effektivitetsindex för förskola över snittet"
    )
    TargetFactory(
        indicator=IndicatorFactory(goal=operational, name="Effektivitetsindex för förskola", unit=""),
        comparator=Target.Comparator.ABOVE_REFERENCE,
        value=None,
        reference_description="genomsnittet för Sveriges kommuner",
    )
    return financial


@pytest.mark.parametrize("persona", ROLES)
def test_every_role_reads_the_goals(request: pytest.FixtureRequest, client: Client, framework: Goal, persona: str):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Testkommunen är en plats där alla trivs." in page
    assert "KF 2018-03-28 § 55" in page
    assert "Vackra miljöer" in page
    assert reverse("goals:goal", args=[framework.pk]) in page


def test_goals_are_grouped_by_kind_with_targets_in_words(client: Client, viewer: User, framework: Goal) -> None:
    client.force_login(viewer)
    page = client.get(OVERVIEW).content.decode()
    headings = ["Övergripande mål", "Finansiella mål för god ekonomisk hushållning", "Verksamhetsmål för god"]
    assert [page.index(heading) for heading in headings] == sorted(page.index(heading) for heading in headings)
    assert "Minst 4\u00a0% av skatteintäkter och generella statsbidrag (2026)" in page
    assert "Över genomsnittet för Sveriges kommuner (2026)" in page
    assert "Övriga mål" not in page  # no empty groups


def test_committee_goals_are_not_listed(client: Client, viewer: User, framework: Goal) -> None:
    CommitteeGoalFactory(title="Ett nämndmål")
    client.force_login(viewer)
    assert "Ett nämndmål" not in client.get(OVERVIEW).content.decode()


def test_without_a_vision_the_page_says_so(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    page = client.get(OVERVIEW).content.decode()
    assert "Vision saknas." in page
    assert "Kommunfullmäktiges mål saknas." in page


def test_outsider_is_refused(client: Client, outsider: User, framework: Goal) -> None:
    client.force_login(outsider)
    response = client.get(OVERVIEW)
    assert response.status_code == 403
    assert "Årets resultat" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={OVERVIEW}"


def test_query_count_does_not_grow_with_goals(
    client: Client, viewer: User, framework: Goal, django_assert_num_queries: object
) -> None:
    client.force_login(viewer)
    client.get(OVERVIEW)  # the first request stamps the session's last activity (a write)
    # session, user, groups and memberships (roles), municipality (header), current vision, its focus areas,
    # council goals, their focus areas, their indicators, the indicators' targets with reference indicators
    with django_assert_num_queries(11):
        client.get(OVERVIEW)
    for goal in GoalFactory.create_batch(10, kind=Goal.Kind.OPERATIONAL, status=Goal.Status.ADOPTED):
        goal.focus_areas.set(FocusAreaFactory.create_batch(2, vision=VisionFactory()))
        for indicator in IndicatorFactory.create_batch(2, goal=goal):
            TargetFactory(indicator=indicator, year=2026)
            TargetFactory(
                indicator=indicator,
                year=2027,
                comparator=Target.Comparator.NOT_FASTER_THAN,
                value=None,
                reference_indicator=indicator,
            )
    with django_assert_num_queries(11):
        page = client.get(OVERVIEW).content.decode()
    assert page.count("Ökar inte snabbare än") == 20
