"""GoalSerializer builds its output directly (the generic fields took most of the goal list's time): it must say
exactly what the declared fields say, byte for byte, for every kind of goal, indicator and target."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.serializers import GoalSerializer
from goals.models import Goal, Target
from tests.factories import CommitteeGoalFactory, FocusAreaFactory, IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_the_direct_output_is_the_declared_fields_output() -> None:
    call_command("load_example", stdout=io.StringIO())
    council = Goal.objects.council().first()
    goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, last_year=2027, description="Beskrivning")
    goal.contributes_to.add(council)
    goal.focus_areas.add(FocusAreaFactory(name="Testområde", description="Ett gott liv"))
    reference = IndicatorFactory(goal=goal, unit="")
    TargetFactory(
        indicator=IndicatorFactory(goal=goal),
        comparator=Target.Comparator.NOT_FASTER_THAN,
        value=None,
        reference_indicator=reference,
        tolerance=Decimal("0.25"),
    )
    TargetFactory(indicator=reference, value=Decimal("4.12345"), year=2027)
    goals = list(Goal.objects.prefetch_related("focus_areas", "contributes_to", "indicators__targets"))
    assert any(g.committee for g in goals) and any(g.focus_areas.all() for g in goals)

    serializer = GoalSerializer()
    direct = [serializer.to_representation(g) for g in goals]
    declared = [serializers.ModelSerializer.to_representation(serializer, g) for g in goals]

    assert JSONRenderer().render(direct) == JSONRenderer().render(declared)
