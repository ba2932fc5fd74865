"""The planning editor over HTTP, as each role: draft, adopt, and who sees and changes what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Goal, Indicator, Target
from planning.models import Adoption, PeriodTarget
from portal.models import Committee, User
from tests.factories import CommitteeGoalFactory, FocusAreaFactory, GoalFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def draft_goal(reporter: User, committee: Committee, council_goal: Goal, focus_area_pk: int) -> Goal:
    response = client_for(reporter).post(
        reverse("planning:committee_goal_create", args=[committee.slug]),
        {
            "title": "Fler elever klarar skolan",
            "description": "Alla elever ska nå målen.",
            "first_year": "2026",
            "last_year": "",
            "focus_areas": [focus_area_pk],
            "contributes_to": [council_goal.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Goal.objects.get(title="Fler elever klarar skolan")


@pytest.fixture
def council_goal() -> Goal:
    return GoalFactory(title="Livslångt lärande", status=Goal.Status.ADOPTED)


def test_reporter_drafts_goal_with_indicator_and_targets(
    reporter: User, committee: Committee, council_goal: Goal
) -> None:
    focus_area = FocusAreaFactory()
    goal = draft_goal(reporter, committee, council_goal, focus_area.pk)
    assert goal.status == Goal.Status.DRAFT
    assert goal.committee == committee and goal.level == Goal.Level.COMMITTEE
    assert list(goal.contributes_to.all()) == [council_goal]
    assert list(goal.focus_areas.all()) == [focus_area]

    client = client_for(reporter)
    response = client.post(
        reverse("planning:indicator_create", args=[goal.pk]),
        {
            "name": "Behöriga till gymnasiet",
            "unit": "%",
            "decimals": "1",
            "direction": "higher",
            "source": "external",
            "ratio_key": "",
            "external_id": "N15419",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(goal=goal)
    assert (indicator.source, indicator.external_id, indicator.decimals) == ("external", "N15419", 1)

    url = reverse("planning:target_set", args=[indicator.pk])
    assert (
        client.post(url, {"year": "2026", "period": "year", "comparator": "at_least", "value": "85,5"}).status_code
        == 302
    )
    assert (
        client.post(url, {"year": "2026", "period": "Q2", "comparator": "at_least", "value": "80"}).status_code == 302
    )
    target = Target.objects.get(indicator=indicator)
    assert (target.year, target.value, target.comparator) == (2026, Decimal("85.5"), "at_least")
    assert PeriodTarget.objects.get(indicator=indicator).value == Decimal(80)
    page = client.get(reverse("planning:indicator", args=[indicator.pk])).content.decode()
    assert "Minst 85,5" in page and "Kvartal 2" in page


def test_indicator_source_must_be_complete(reporter: User, committee: Committee) -> None:
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT)
    response = client_for(reporter).post(
        reverse("planning:indicator_create", args=[goal.pk]),
        {"name": "Soliditet", "unit": "%", "decimals": "1", "direction": "higher", "source": "budget_ratio"},
    )
    assert response.status_code == 400
    assert "Välj vilket nyckeltal ur budgeten" in response.content.decode()
    assert not Indicator.objects.filter(goal=goal).exists()


def test_approver_adopts_with_the_committees_decision(
    reporter: User, approver: User, committee: Committee, council_goal: Goal
) -> None:
    goal = draft_goal(reporter, committee, council_goal, FocusAreaFactory().pk)
    url = reverse("planning:goal_adopt", args=[goal.pk])
    # The reporter drafts but does not adopt.
    assert client_for(reporter).post(url, {"decision_reference": "BUN 2026-02-10 § 12"}).status_code == 403
    # A decision not written the committee's way is refused with a sentence, nothing changed.
    refused = client_for(approver).post(url, {"decision_reference": "KS 2026-02-10 § 12"})
    assert refused.status_code == 400
    assert "följer inte hur BUN skriver sina beslut" in refused.content.decode()
    goal.refresh_from_db()
    assert goal.status == Goal.Status.DRAFT and not Adoption.objects.exists()

    assert client_for(approver).post(url, {"decision_reference": "BUN 2026-02-10 § 12"}).status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ADOPTED
    adoption = Adoption.objects.get()
    assert (adoption.decision_reference, adoption.actor, adoption.indicator) == ("BUN 2026-02-10 § 12", approver, None)
    # Adopted, it can no longer be changed here.
    response = client_for(reporter).post(
        reverse("planning:goal", args=[goal.pk]), {"title": "Ändrat", "first_year": "2026"}
    )
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Fler elever klarar skolan"


def test_adopted_goal_appears_in_the_committees_cascade_page(
    approver: User, reporter: User, committee: Committee, council_goal: Goal, viewer: User
) -> None:
    goal = draft_goal(reporter, committee, council_goal, FocusAreaFactory().pk)
    cascade_url = reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026"
    assert "Fler elever klarar skolan" not in client_for(viewer).get(cascade_url).content.decode()
    client_for(approver).post(
        reverse("planning:goal_adopt", args=[goal.pk]), {"decision_reference": "BUN 2026-02-10 § 12"}
    )
    assert "Fler elever klarar skolan" in client_for(viewer).get(cascade_url).content.decode()


def test_who_sees_a_draft(
    reporter: User,
    approver: User,
    strategist: User,
    viewer: User,
    manager: User,
    other_committee: Committee,
    committee: Committee,
) -> None:
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.DRAFT, title="Hemligt utkast")
    url = reverse("planning:goal", args=[goal.pk])
    for user in (reporter, approver, strategist):
        assert client_for(user).get(url).status_code == 200
    for user in (viewer, manager):  # members read the adopted plan, not its drafts
        assert client_for(user).get(url).status_code == 404
        plan = client_for(user).get(reverse("planning:committee", args=[committee.slug]) + "?ar=2026")
        assert plan.status_code == 200 and "Hemligt utkast" not in plan.content.decode()
    # A reporter of another committee is an outsider to this one: told nothing.
    from tests.factories import MembershipFactory

    outsider = MembershipFactory(committee=other_committee, role="reporter").user
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(reverse("planning:committee", args=[committee.slug])).status_code == 404
    assert client_for(outsider).get(reverse("goals:goal", args=[goal.pk])).status_code == 404


def test_member_cannot_change(viewer: User, approver: User, committee: Committee) -> None:
    goal = CommitteeGoalFactory(committee=committee, status=Goal.Status.ADOPTED, title="Antaget mål")
    indicator = IndicatorFactory(goal=goal)
    client = client_for(viewer)
    assert client.get(reverse("planning:committee_goal_create", args=[committee.slug])).status_code == 403
    assert (
        client.post(reverse("planning:goal", args=[goal.pk]), {"title": "x", "first_year": "2026"}).status_code == 403
    )
    assert client.get(reverse("planning:indicator_create", args=[goal.pk])).status_code == 403
    assert (
        client.post(
            reverse("planning:target_set", args=[indicator.pk]),
            {"year": "2026", "period": "year", "comparator": "at_least", "value": "1"},
        ).status_code
        == 403
    )
    assert not Target.objects.exists()
    goal.refresh_from_db()
    assert goal.title == "Antaget mål"


def test_strategist_manages_council_goals(strategist: User, reporter: User, committee: Committee) -> None:
    Committee.objects.create(name="Kommunfullmäktige", abbreviation="KF", slug="kf", kind=Committee.Kind.COUNCIL)
    client = client_for(strategist)
    response = client.post(
        reverse("planning:council_goal_create"),
        {"title": "Hållbar tillväxt", "kind": "overarching", "first_year": "2026", "last_year": "2027"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Hållbar tillväxt")
    assert goal.level == Goal.Level.COUNCIL and goal.committee is None and goal.status == Goal.Status.DRAFT
    # The council's draft is not on the goals overview for a reporter; it is for the strategist.
    assert "Hållbar tillväxt" not in client_for(reporter).get(reverse("goals:overview")).content.decode()
    assert "Hållbar tillväxt" in client.get(reverse("goals:overview")).content.decode()
    assert client_for(reporter).get(reverse("planning:council_goal_create")).status_code == 403
    adopt = reverse("planning:goal_adopt", args=[goal.pk])
    assert client.post(adopt, {"decision_reference": "BUN 2026-02-10 § 12"}).status_code == 400
    assert client.post(adopt, {"decision_reference": "KF 2026-02-10 § 12"}).status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ADOPTED
    assert "Hållbar tillväxt" in client_for(reporter).get(reverse("goals:overview")).content.decode()


def test_activities_under_a_committee_goal(reporter: User, viewer: User, committee: Committee) -> None:
    from planning.models import Activity

    goal = CommitteeGoalFactory(committee=committee, title="Fler elever klarar skolan")
    url = reverse("planning:activity_create", args=[goal.pk])
    data = {
        "title": "Läsfrämjande insatser",
        "owner": "Skolförvaltningen",
        "start_date": "2026-03-01",
        "end_date": "2026-02-01",
        "status": "ongoing",
    }
    assert client_for(viewer).post(url, data | {"end_date": "2026-06-30"}).status_code == 403
    refused = client_for(reporter).post(url, data)
    assert refused.status_code == 400 and "Slutdatumet ligger före startdatumet" in refused.content.decode()
    assert not Activity.objects.exists()
    assert client_for(reporter).post(url, data | {"end_date": "2026-06-30"}).status_code == 302
    activity = Activity.objects.get()
    assert (activity.goal, activity.owner, activity.status) == (goal, "Skolförvaltningen", "ongoing")
    page = client_for(viewer).get(reverse("planning:goal", args=[goal.pk])).content.decode()
    assert "Läsfrämjande insatser" in page and "Pågår" in page
    assert client_for(viewer).post(reverse("planning:activity", args=[activity.pk]), data).status_code == 403


def test_the_goal_page_shows_who_changed_what_with_old_and_new_values(
    reporter: User, committee: Committee, council_goal: Goal
) -> None:
    goal = draft_goal(reporter, committee, council_goal, FocusAreaFactory().pk)
    client = client_for(reporter)
    client.post(
        reverse("planning:goal", args=[goal.pk]),
        {"title": "Fler elever når målen", "first_year": "2026", "contributes_to": [council_goal.pk]},
    )
    indicator = IndicatorFactory(goal=goal, name="Behöriga")
    url = reverse("planning:target_set", args=[indicator.pk])
    client.post(url, {"year": "2026", "period": "year", "comparator": "at_least", "value": "85,5"})
    client.post(url, {"year": "2026", "period": "year", "comparator": "at_least", "value": "90"})
    page = client.get(reverse("planning:goal", args=[goal.pk])).content.decode()
    assert "Mål: Fler elever klarar skolan → Fler elever når målen" in page
    assert "Målvärde: 85,5 → 90" in page
    assert str(reporter) in page
