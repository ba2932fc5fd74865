"""The live fulfillment is computed once per change of its inputs, and never outlives a change
(fulfillment/inputs.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from fulfillment import inputs
from fulfillment.cascade import find_gaps
from goals.models import Goal, Measurement
from goals.status import Status
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def status_of(goal: Goal) -> str:
    return next(item.result.status for item in inputs.fulfillment(year=2026).goals if item.id == goal.pk)


@pytest.fixture
def goal() -> Goal:
    """A council goal with one indicator whose target is at least 4 and whose 2026 outcome is 3: not met."""
    target = TargetFactory(indicator__goal__status=Goal.Status.ADOPTED, value=Decimal(4))
    MeasurementFactory(indicator=target.indicator, value=Decimal(3))
    return target.indicator.goal


def test_kept_until_an_input_changes(goal: Goal, django_assert_num_queries: Any) -> None:
    assert status_of(goal) == Status.NOT_FULFILLED
    with django_assert_num_queries(1):  # the version only
        assert status_of(goal) == Status.NOT_FULFILLED

    Measurement.objects.filter(indicator__goal=goal).get().delete()
    MeasurementFactory(indicator=goal.indicators.get(), value=Decimal(5))

    assert status_of(goal) == Status.FULFILLED


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda goal: setattr(goal, "title", "Nytt namn") or goal.save(), id="goal saved"),
        pytest.param(lambda goal: goal.focus_areas.add(FocusAreaFactory()), id="goal linked to a focus area"),
        pytest.param(lambda goal: goal.contributes_to.clear(), id="goal's links cleared"),
        pytest.param(lambda goal: goal.indicators.get().targets.get().delete(), id="target deleted"),
        pytest.param(lambda goal: BudgetDocumentFactory(), id="budget document made"),
        pytest.param(lambda goal: CommitteeFactory(), id="committee made"),
    ],
)
def test_every_kind_of_write_gives_a_new_version(goal: Goal, change: Any) -> None:
    before = inputs.token()
    change(goal)
    assert inputs.token() not in (None, before)


def test_a_change_rolled_back_leaves_the_result_of_the_data_that_stays(goal: Goal) -> None:
    assert status_of(goal) == Status.NOT_FULFILLED
    with pytest.raises(RuntimeError), transaction.atomic():
        Measurement.objects.filter(indicator__goal=goal).update(value=Decimal(9))
        inputs.changed()
        assert status_of(goal) == Status.FULFILLED  # computed, and kept, inside the transaction
        raise RuntimeError("rolled back")
    assert status_of(goal) == Status.NOT_FULFILLED


def test_not_kept_when_the_inputs_change_while_computing(goal: Goal, monkeypatch: pytest.MonkeyPatch) -> None:
    computed = []
    real = inputs.compute_year

    def compute_while_someone_writes(**kwargs: Any) -> Any:
        computed.append(kwargs)
        result = real(**kwargs)
        inputs.changed()  # a change committed between the first and the last read of the year
        return result

    monkeypatch.setattr(inputs, "compute_year", compute_while_someone_writes)
    status_of(goal)
    monkeypatch.setattr(inputs, "compute_year", real)
    status_of(goal)
    status_of(goal)
    assert len(computed) == 1  # the first result was not kept; the second was computed (unpatched) and kept


def test_without_a_version_row_it_computes_every_time(goal: Goal) -> None:
    inputs.InputsVersion.objects.all().delete()
    assert status_of(goal) == Status.NOT_FULFILLED
    assert inputs.token() is None
    Measurement.objects.filter(indicator__goal=goal).update(value=Decimal(9))  # no signal, no version: still seen
    assert status_of(goal) == Status.FULFILLED
    GoalFactory()  # the next write makes the row again
    assert inputs.token() is not None


def test_the_gaps_are_kept_until_an_input_changes(goal: Goal, strategist: Any, django_assert_num_queries: Any) -> None:
    indicator = IndicatorFactory(goal=goal)  # no target for 2026
    today = datetime.date(2026, 11, 27)
    assert indicator in find_gaps(year=2026, user=strategist, today=today).indicators_without_target
    with django_assert_num_queries(2):  # the version, and the overdue follow-ups (the user's own)
        assert indicator in find_gaps(year=2026, user=strategist, today=today).indicators_without_target

    TargetFactory(indicator=indicator)

    assert indicator not in find_gaps(year=2026, user=strategist, today=today).indicators_without_target


def test_many_cheap_results_never_push_out_the_year(goal: Goal, django_assert_num_queries: Any) -> None:
    status_of(goal)
    now = inputs.token()
    for committee in range(inputs.KEEP["gaps"] + 5):  # more committees' gaps than are kept
        inputs.kept(("gaps", 2026, committee), list, now=now)
    with django_assert_num_queries(1):  # the version only: the year is still kept
        assert status_of(goal) == Status.NOT_FULFILLED
