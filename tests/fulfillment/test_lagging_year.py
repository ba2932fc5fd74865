"""A lagging source (Kolada publishes a year's efficiency index in the autumn of the next) is judged on the
latest year published when the report is compiled, and the report says which year that is."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fulfillment.compilation import compute_year
from goals.models import Goal, Indicator, Target
from goals.status import Status
from tests.factories import GoalFactory, IndicatorFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.fixture
def index() -> Indicator:
    goal = GoalFactory(status=Goal.Status.ADOPTED, kind=Goal.Kind.OPERATIONAL, title="Effektiv gymnasieskola")
    indicator = IndicatorFactory(
        goal=goal,
        name="Effektivitetsindex gymnasieskola",
        unit="",
        decimals=2,
        source=Indicator.Source.EXTERNAL,
        external_id="U15900",
        year_rule=Indicator.YearRule.LATEST_PUBLISHED,
    )
    TargetFactory(indicator=indicator, year=2026, comparator=Target.Comparator.ABOVE_REFERENCE, value=None)
    return indicator


def test_the_previous_year_published_is_used_and_named(index: Indicator) -> None:
    MeasurementFactory(
        indicator=index, year=2024, value=Decimal("52.10"), reference_value=Decimal("51.00"), source="Kolada U15900"
    )
    MeasurementFactory(
        indicator=index,
        year=2025,
        value=Decimal("50.7012"),
        reference_value=Decimal("51.1688"),
        source="Kolada U15900, hämtat 2026-10-02",
    )

    result = compute_year(year=2026)

    (goal,) = result.goals
    (item,) = goal.indicators
    assert item.result.status == Status.NOT_FULFILLED
    sentence = plain(item.result.sentence)
    assert "50,70 (utfall) mot målet över referensvärdet 51,17 – ej uppfylld" in sentence
    assert "(värdet avser 2025, det senast publicerade)" in sentence
    assert item.inputs["value_year"] == 2025
    assert item.inputs["value_source"] == "Kolada U15900, hämtat 2026-10-02"


def test_the_year_itself_when_published(index: Indicator) -> None:
    MeasurementFactory(indicator=index, year=2025, value=Decimal("49"), reference_value=Decimal("51"))
    MeasurementFactory(indicator=index, year=2026, value=Decimal("53"), reference_value=Decimal("51"))

    (item,) = compute_year(year=2026).goals[0].indicators

    assert item.result.status == Status.FULFILLED
    assert item.inputs["value_year"] == 2026
    assert "senast publicerade" not in item.result.sentence


def test_an_indicator_judged_on_its_own_year_does_not_fall_back(index: Indicator) -> None:
    Indicator.objects.filter(pk=index.pk).update(year_rule=Indicator.YearRule.SAME_YEAR)
    MeasurementFactory(indicator=index, year=2025, value=Decimal("53"), reference_value=Decimal("51"))

    (item,) = compute_year(year=2026).goals[0].indicators

    assert item.result.status == Status.NOT_ASSESSED
    assert "värde för 2026 saknas" in item.result.sentence


def test_with_none_published_the_verdict_says_why(index: Indicator) -> None:
    MeasurementFactory(indicator=index, year=2022, value=Decimal("53"), reference_value=Decimal("51"))  # too old

    result = compute_year(year=2026)

    (item,) = result.goals[0].indicators
    assert item.result.status == Status.NOT_ASSESSED
    assert "inget utfall publicerat för 2023–2026" in item.result.sentence
    assert item.inputs["value_year"] is None
    assert result.verdict.met is None
    assert "Ej bedömda: Effektiv gymnasieskola:" in result.verdict.sentence
    assert "inget utfall publicerat för 2023–2026" in result.verdict.sentence
