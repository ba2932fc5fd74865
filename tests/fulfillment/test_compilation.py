"""The compilation of a year from the database (fulfillment/compilation.py): the seed, index values, the
cascade, a committee's differing assessment, the digest, the number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from followups.models import Assessment, FollowUp
from fulfillment.compilation import YearFulfillment, compute_year
from fulfillment.judging import Basis, MajorityCounting
from goals.models import Goal, Indicator, Measurement
from goals.status import GoalRule, Status
from tests.factories import (
    CommitteeFactory,
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    ReportingPeriodFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db: None) -> None:
    call_command("load_example", stdout=io.StringIO())


def plain(text: str) -> str:
    """Swedish figures are written with no-break spaces ("4,4\xa0%"); compared here as plain spaces."""
    return text.replace("\xa0", " ")


def goal_titled(result: YearFulfillment, start: str):
    (goal,) = [goal for goal in result.goals if goal.title.startswith(start)]
    return goal


def enter_indices(above: int) -> None:
    """Efficiency index values for 2026 in the six areas: the first ``above`` over the average, the rest under."""
    indices = Indicator.objects.filter(external_id__in=["U11901", "U15900", "U17900", "U28900", "U31904", "U20900"])
    for number, indicator in enumerate(indices.order_by("goal__sort_order")):
        MeasurementFactory(
            indicator=indicator, value=Decimal(85 if number < above else 75), reference_value=Decimal(80)
        )


def test_the_seed_alone(seed: None) -> None:
    result = compute_year(year=2026)

    result_ratio = goal_titled(result, "Årets resultat")
    assert (result_ratio.result.status, result_ratio.result.basis) == (Status.FULFILLED, Basis.BUDGET)
    assert plain(result_ratio.indicators[0].result.sentence).endswith("4,4 % (budget) mot målet minst 4,0 % – uppfylld")
    self_financing = goal_titled(result, "Självfinansieringsgraden")
    assert (self_financing.result.status, self_financing.result.basis) == (Status.FULFILLED, Basis.BUDGET)
    assert "105,4 % (budget) mot målet minst 100,0 %" in plain(self_financing.indicators[0].result.sentence)
    net_cost = goal_titled(result, "Nettokostnaden")
    assert net_cost.result.status == Status.NOT_ASSESSED
    assert "Nettokostnadsutveckling ej bedömd: utfall 2025 saknas" in net_cost.result.sentence
    # The growth of tax income is what net cost growth is compared with, not a target of its own.
    assert [indicator.judged for indicator in net_cost.indicators] == [True, False]
    equity = goal_titled(result, "Soliditeten för kommunkoncernen")
    assert equity.result.status == Status.NOT_ASSESSED
    assert "Soliditet för kommunkoncernen ej bedömd: värde för 2026 saknas" in equity.result.sentence
    operational = [goal for goal in result.goals if goal.kind == Goal.Kind.OPERATIONAL]
    assert len(operational) == 6
    assert {goal.result.status for goal in operational} == {Status.NOT_ASSESSED}
    assert "inget utfall publicerat för 2023–2026" in operational[0].result.sentence  # judged on the latest published

    assert result.verdict.met is None
    assert result.verdict.sentence.startswith("God ekonomisk hushållning kan inte avgöras ännu")
    assert "Finansiella mål: 2 av 4 uppfyllda, 2 ej bedömda" in result.verdict.sentence
    assert "Verksamhetsmål: 0 av 6 uppfyllda, 6 ej bedömda" in result.verdict.sentence
    assert "var för sig" in result.verdict.sentence  # how the majority was counted


@pytest.mark.parametrize(
    ("above", "counting", "operational_met", "verdict", "head"),
    [
        # Per group: the operational goals have their majority, but the financial goals can still go either way.
        (4, MajorityCounting.PER_GROUP, 4, None, "kan inte avgöras ännu"),
        # Together: 2 financial and 4 operational goals are 6 of 10.
        (4, MajorityCounting.COMBINED, 4, True, "uppnås"),
        # Per group: 2 of 6 operational goals can never be a majority.
        (2, MajorityCounting.PER_GROUP, 2, False, "uppnås inte"),
        # Together: 4 of 10 met and 2 not assessed could still become 6.
        (2, MajorityCounting.COMBINED, 2, None, "kan inte avgöras ännu"),
        (6, MajorityCounting.PER_GROUP, 6, None, "kan inte avgöras ännu"),
        (6, MajorityCounting.COMBINED, 6, True, "uppnås"),
    ],
)
def test_index_values_decide_the_operational_goals(
    seed: None, above: int, counting: str, operational_met: int, verdict: bool | None, head: str
) -> None:
    enter_indices(above)

    result = compute_year(year=2026, counting=counting)

    operational = [goal for goal in result.goals if goal.kind == Goal.Kind.OPERATIONAL]
    assert sum(goal.result.status == Status.FULFILLED for goal in operational) == operational_met
    assert sum(goal.result.status == Status.NOT_FULFILLED for goal in operational) == 6 - operational_met
    assert plain(operational[0].indicators[0].result.sentence) == (
        "Effektivitetsindex för förskola: 85,00 (utfall) mot målet över referensvärdet 80,00 – uppfylld"
    )
    assert result.verdict.met is verdict
    assert result.verdict.sentence.startswith(f"God ekonomisk hushållning {head}")
    assert str(MajorityCounting(counting).label) in result.verdict.sentence


def test_group_equity_with_both_years_is_judged(seed: None) -> None:
    indicator = Indicator.objects.get(name="Soliditet för kommunkoncernen")
    MeasurementFactory(indicator=indicator, year=2025, value=Decimal("31.0"))
    MeasurementFactory(indicator=indicator, year=2026, value=Decimal("30.2"), basis=Measurement.Basis.FORECAST)

    equity = goal_titled(compute_year(year=2026), "Soliditeten för kommunkoncernen")

    assert equity.result.status == Status.NOT_FULFILLED
    assert "30,2 % (prognos) mot målet oförändrad eller ökande från 31,0 %" in plain(
        equity.indicators[0].result.sentence
    )


def test_outcome_beats_forecast_beats_budget() -> None:
    indicator = IndicatorFactory(goal=GoalFactory(status=Goal.Status.ADOPTED))
    TargetFactory(indicator=indicator, value=Decimal(4))
    for basis, value in [("budget", "5"), ("forecast", "3"), ("outcome", "4.2")]:
        MeasurementFactory(indicator=indicator, basis=basis, value=Decimal(value))

    (goal,) = compute_year(year=2026).goals

    assert goal.indicators[0].inputs["basis"] == Basis.OUTCOME
    assert goal.result.status == Status.FULFILLED


def test_as_of_a_period_leaves_out_later_figures() -> None:
    indicator = IndicatorFactory(goal=GoalFactory(status=Goal.Status.ADOPTED))
    TargetFactory(indicator=indicator, value=Decimal(4))
    MeasurementFactory(indicator=indicator, period=Measurement.Period.Q1, value=Decimal("3"))
    MeasurementFactory(indicator=indicator, period=Measurement.Period.YEAR, value=Decimal("5"))

    q1 = ReportingPeriodFactory()
    (as_of_q1,) = compute_year(year=2026, as_of=q1).goals
    (whole_year,) = compute_year(year=2026).goals

    assert as_of_q1.result.status == Status.NOT_FULFILLED
    assert whole_year.result.status == Status.FULFILLED


def test_draft_goals_are_left_out() -> None:
    GoalFactory(status=Goal.Status.DRAFT)
    assert compute_year(year=2026).goals == ()


def test_council_goal_without_indicators_follows_its_committee_goals() -> None:
    council = GoalFactory(status=Goal.Status.ADOPTED, kind=Goal.Kind.OTHER, title="Trygg uppväxt")
    area = FocusAreaFactory(name="Livskvalitet")
    council.focus_areas.add(area)
    for title, value in [("Fler läser", "5"), ("Färre avbrott", "3")]:
        goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, title=title)
        goal.contributes_to.add(council)
        TargetFactory(indicator=IndicatorFactory(goal=goal), value=Decimal(4))
        MeasurementFactory(indicator=goal.indicators.get(), value=Decimal(value))

    result = compute_year(year=2026)

    judged = goal_titled(result, "Trygg uppväxt")
    assert judged.rule == GoalRule.CASCADE
    assert judged.result.status == Status.PARTLY
    assert judged.result.sentence == "1 av 2 bidragande nämndmål uppfyllda"
    (focus_area,) = result.focus_areas
    assert focus_area.goal_ids == (council.pk,)  # its committee goals count through it
    assert focus_area.result.status == Status.PARTLY


def test_a_committee_assessment_that_differs_is_kept_and_flagged() -> None:
    committee = CommitteeFactory(name="Barn- och ungdomsnämnden")
    goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, title="Fler läser")
    indicator = IndicatorFactory(goal=goal)
    TargetFactory(indicator=indicator, value=Decimal(4))
    MeasurementFactory(indicator=indicator, value=Decimal(5))
    annual = ReportingPeriodFactory(kind="annual")
    followup = FollowUp.objects.create(
        period=annual, committee=committee, state=FollowUp.State.ACCEPTED, decision_reference="BUN 2027-02-20 § 4"
    )
    Assessment.objects.create(followup=followup, goal=goal, status=Status.NOT_FULFILLED)

    (judged,) = compute_year(year=2026).goals

    assert judged.result.status == Status.FULFILLED
    assert judged.assessed_status == Status.NOT_FULFILLED
    assert judged.difference == "Nämnden bedömer målet som ej uppfyllt, men underlaget visar uppfyllt."


def test_a_draft_followup_assessment_does_not_count() -> None:
    committee = CommitteeFactory()
    goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, fulfillment_rule=GoalRule.ASSESSMENT)
    followup = FollowUp.objects.create(period=ReportingPeriodFactory(), committee=committee)
    Assessment.objects.create(followup=followup, goal=goal, status=Status.FULFILLED)

    (judged,) = compute_year(year=2026).goals

    assert judged.result.status == Status.NOT_ASSESSED


def test_the_digest_is_stable_and_follows_the_inputs(seed: None) -> None:
    first, again = compute_year(year=2026), compute_year(year=2026)
    assert first.digest == again.digest and len(first.digest) == 64
    assert compute_year(year=2026, counting=MajorityCounting.COMBINED).digest != first.digest

    enter_indices(3)
    changed = compute_year(year=2026)
    assert changed.digest != first.digest
    Measurement.objects.filter(value=Decimal(85)).update(value=Decimal("85.0000"))
    assert compute_year(year=2026).digest == changed.digest  # the same value written otherwise


def test_the_queries_do_not_grow_with_the_goals(seed: None, django_assert_num_queries) -> None:
    # goals, focus areas, contributions, indicators, targets, measurements, accepted follow-ups,
    # their assessments, the budget document and its overview (6), the vision and its focus areas.
    with django_assert_num_queries(17):
        compute_year(year=2026)
    for _ in range(5):
        goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED)
        goal.contributes_to.add(Goal.objects.council().first())
        TargetFactory(indicator=MeasurementFactory(indicator__goal=goal).indicator)
    with django_assert_num_queries(17):
        compute_year(year=2026)
