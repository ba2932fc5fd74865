"""The goal model's rules: who owns a goal, the cascade, one current measurement, revisions kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, models, transaction

from goals.models import Goal, Indicator, Measurement, Target
from portal.models import Committee
from tests.factories import (
    CommitteeGoalFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(model: type[models.Model] = Goal, **values: object) -> None:
    """Saving a row with these values breaks a database constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.create(**values)


def test_committee_goal_must_have_a_committee() -> None:
    refused(level=Goal.Level.COMMITTEE, committee=None, title="Nämndmål utan nämnd", first_year=2026)


def test_council_goal_must_not_have_a_committee(committee: Committee) -> None:
    refused(level=Goal.Level.COUNCIL, committee=committee, title="Fullmäktigemål med nämnd", first_year=2026)


def test_a_goal_cannot_end_before_it_begins() -> None:
    refused(level=Goal.Level.COUNCIL, title="Baklänges", first_year=2026, last_year=2025)


def test_council_goal_titles_are_unique_per_year() -> None:
    GoalFactory(title="Samma mål", first_year=2026)
    refused(level=Goal.Level.COUNCIL, title="Samma mål", first_year=2026)
    GoalFactory(title="Samma mål", first_year=2027)


def test_two_committees_may_have_goals_with_the_same_title(committee: Committee, other_committee: Committee) -> None:
    CommitteeGoalFactory(committee=committee, title="Nöjdare invånare")
    CommitteeGoalFactory(committee=other_committee, title="Nöjdare invånare")
    refused(level=Goal.Level.COMMITTEE, committee=committee, title="Nöjdare invånare", first_year=2026)


def test_one_current_measurement_per_indicator_year_period_and_basis() -> None:
    measurement = MeasurementFactory()
    same = {"indicator": measurement.indicator, "year": measurement.year, "period": measurement.period}
    refused(model=Measurement, basis=measurement.basis, **same)
    MeasurementFactory(basis=Measurement.Basis.FORECAST, **same)
    MeasurementFactory(**same | {"period": Measurement.Period.Q2})


def test_a_budget_ratio_indicator_names_its_ratio() -> None:
    goal = GoalFactory()
    refused(model=Indicator, goal=goal, name="Resultat", source=Indicator.Source.BUDGET_RATIO, ratio_key="")
    refused(model=Indicator, goal=goal, name="Hand", source=Indicator.Source.MANUAL, ratio_key="result_ratio")
    refused(model=Indicator, goal=goal, name="Kolada?", source=Indicator.Source.MANUAL, external_id="U11901")


def test_a_target_has_what_its_comparator_needs() -> None:
    indicator = IndicatorFactory()
    refused(model=Target, indicator=indicator, year=2026, comparator=Target.Comparator.AT_LEAST, value=None)
    refused(
        model=Target,
        indicator=indicator,
        year=2027,
        comparator=Target.Comparator.ABOVE_REFERENCE,
        value=Decimal(1),
    )
    refused(model=Target, indicator=indicator, year=2028, comparator=Target.Comparator.NOT_FASTER_THAN)
    refused(
        model=Target,
        indicator=indicator,
        year=2029,
        comparator=Target.Comparator.AT_MOST,
        value=Decimal(1),
        tolerance=Decimal(-1),
    )


def test_a_committee_goal_contributes_to_council_goals(committee: Committee) -> None:
    overarching = GoalFactory(kind=Goal.Kind.OVERARCHING)
    financial = GoalFactory(kind=Goal.Kind.FINANCIAL)
    committee_goal = CommitteeGoalFactory(committee=committee)
    committee_goal.contributes_to.set([overarching, financial])

    assert set(committee_goal.contributes_to.all()) == {overarching, financial}
    assert list(overarching.contributions.all()) == [committee_goal]
    assert not committee_goal.contributions.exists()
    # Only council goals are offered in the form.
    assert Goal._meta.get_field("contributes_to").get_limit_choices_to() == {"level": Goal.Level.COUNCIL}


def test_goal_querysets(committee: Committee, other_committee: Committee) -> None:
    council = GoalFactory(first_year=2024, last_year=2026)
    open_ended = GoalFactory(first_year=2027)
    ours = CommitteeGoalFactory(committee=committee, first_year=2026)
    CommitteeGoalFactory(committee=other_committee)

    assert set(Goal.objects.council()) == {council, open_ended}
    assert list(Goal.objects.for_committee(committee)) == [ours]
    assert set(Goal.objects.for_year(2026)) == {council, ours, *Goal.objects.for_committee(other_committee)}
    assert set(Goal.objects.council().for_year(2030)) == {open_ended}


def test_editing_a_measurement_keeps_the_earlier_value() -> None:
    reporter = UserFactory()
    measurement = MeasurementFactory(value=Decimal("61"), reference_value=Decimal("55"))
    measurement.value = Decimal("63")
    measurement._history_user = reporter  # type: ignore[attr-defined]
    measurement.save()

    history = list(measurement.history.order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    assert [record.value for record in history] == [Decimal("61"), Decimal("63")]
    assert [record.history_type for record in history] == ["+", "~"]
    assert history[-1].history_user == reporter
    assert Measurement.objects.get().value == Decimal("63")


def test_target_sentence_uses_the_indicators_unit() -> None:
    target = TargetFactory(
        indicator__unit="%", value=Decimal(4), reference_description="av skatteintäkter och generella statsbidrag"
    )
    assert target.sentence == "Minst 4\u00a0% av skatteintäkter och generella statsbidrag"
    growth = TargetFactory(
        indicator__goal=target.indicator.goal,
        comparator=Target.Comparator.NOT_FASTER_THAN,
        value=None,
        reference_indicator=IndicatorFactory(goal=target.indicator.goal, name="Skatteintäkternas utveckling"),
    )
    assert growth.sentence == "Ökar inte snabbare än Skatteintäkternas utveckling"
