"""Year rollover: next year's plan starts from this year's, and every row of this year is left as it was."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Goal, Indicator, Target
from planning.models import Adoption, PeriodTarget
from portal.models import Committee, User
from tests.factories import CommitteeGoalFactory, FocusAreaFactory, GoalFactory, IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def every_row() -> dict[str, Any]:
    """Every row of every table the rollover reads, with its many-to-many links, keyed by primary key."""
    return {
        "goals": {g["id"]: g for g in Goal.objects.values()},
        "focus_areas": sorted(Goal.focus_areas.through.objects.values_list("goal_id", "focusarea_id")),
        "contributes_to": sorted(Goal.contributes_to.through.objects.values_list("from_goal_id", "to_goal_id")),
        "indicators": {i["id"]: i for i in Indicator.objects.values()},
        "targets": {t["id"]: t for t in Target.objects.values()},
        "period_targets": {t["id"]: t for t in PeriodTarget.objects.values()},
        "adoptions": {a["id"]: a for a in Adoption.objects.values()},
    }


@pytest.fixture
def plan(committee: Committee, approver: User) -> dict[str, Any]:
    focus_area = FocusAreaFactory()
    council = GoalFactory(title="Livslångt lärande", status=Goal.Status.ADOPTED, first_year=2026, last_year=2026)
    ending = CommitteeGoalFactory(committee=committee, title="Fler behöriga", first_year=2026, last_year=2026)
    ending.focus_areas.add(focus_area)
    ending.contributes_to.add(council)
    indicator = IndicatorFactory(goal=ending, name="Behöriga till gymnasiet")
    TargetFactory(indicator=indicator, year=2026, comparator="at_least", value=Decimal("85.5"))
    PeriodTarget.objects.create(indicator=indicator, year=2026, period="Q2", comparator="at_least", value=80)
    Adoption.objects.create(goal=ending, decision_reference="BUN 2025-12-10 § 90", actor=approver)
    going_on = CommitteeGoalFactory(committee=committee, title="Nöjda föräldrar", first_year=2025, last_year=None)
    lasting = IndicatorFactory(goal=going_on, name="Andel nöjda")
    TargetFactory(indicator=lasting, year=2026, comparator="at_least", value=Decimal(70))
    return {"council": council, "ending": ending, "indicator": indicator, "going_on": going_on, "lasting": lasting}


def test_rollover_copies_the_plan_and_leaves_every_row_of_the_old_year(
    plan: dict[str, Any], strategist: User, reporter: User
) -> None:
    before = every_row()
    reporter_client = Client()
    reporter_client.force_login(reporter)
    assert reporter_client.post(reverse("planning:rollover"), {"year": "2026"}).status_code == 403
    assert every_row() == before

    client = Client()
    client.force_login(strategist)
    response = client.post(reverse("planning:rollover"), {"year": "2026"})
    assert response.status_code == 302
    after = every_row()
    for table, rows in before.items():
        if isinstance(rows, dict):
            assert {pk: after[table][pk] for pk in rows} == rows, table  # every old row exactly as it was
        else:
            assert set(rows) <= set(after[table]), table

    council_copy = Goal.objects.get(title="Livslångt lärande", first_year=2027)
    copy = Goal.objects.get(title="Fler behöriga", first_year=2027)
    assert (copy.status, copy.last_year, copy.committee_id) == (Goal.Status.DRAFT, 2027, plan["ending"].committee_id)
    assert list(copy.contributes_to.all()) == [council_copy]
    assert list(copy.focus_areas.all()) == list(plan["ending"].focus_areas.all())
    new_indicator = copy.indicators.get()
    assert new_indicator.name == "Behöriga till gymnasiet" and new_indicator.pk != plan["indicator"].pk
    assert Target.objects.get(indicator=new_indicator).year == 2027
    assert Target.objects.get(indicator=new_indicator).value == Decimal("85.5")
    assert PeriodTarget.objects.get(indicator=new_indicator).year == 2027
    assert not Adoption.objects.filter(goal=copy).exists()  # a copy is adopted anew
    # A goal that goes on keeps its indicator, which gets next year's target from this year's.
    assert not Goal.objects.filter(title="Nöjda föräldrar", first_year=2027).exists()
    assert Target.objects.get(indicator=plan["lasting"], year=2027).value == Decimal(70)

    # Again: nothing more.
    rows = every_row()
    client.post(reverse("planning:rollover"), {"year": "2026"})
    assert every_row() == rows


def test_a_year_out_of_range_is_refused_and_nothing_copied(strategist: User, plan: dict[str, Any]) -> None:
    before = every_row()
    client = Client()
    client.force_login(strategist)
    response = client.post(reverse("planning:rollover"), {"year": "20266"})
    assert response.status_code == 400
    assert "Ange ett år mellan" in response.content.decode()
    assert every_row() == before
