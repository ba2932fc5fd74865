"""The compilation's fast paths (issue 17) say exactly what the plain ORM says: what ``gather`` reads as tuples
against the model instances, the report rows written with one prepared INSERT against ``bulk_create``, and the
figures of the year before that it no longer reads, which must not change any result."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Q

from fulfillment.compilation import compute_year
from fulfillment.gathering import gather
from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.results import canonical_json
from fulfillment.services import _insert_rows, _report_rows
from goals.models import Goal, Indicator, Measurement, Target
from tests.factories import CommitteeGoalFactory, IndicatorFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db

PERIODS = ("Q1", "Q2", "Q3", "year")
BASES = ("outcome", "forecast", "budget")


@pytest.fixture
def year_of_figures(db: None) -> Goal:
    """The example municipality with figures of every period and basis, some missing, for 2024–2026, and a
    committee goal with every comparator, a reference indicator and tolerances."""
    call_command("load_example", stdout=io.StringIO())
    goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, first_year=2024, title="Ett mål med alla slags mål")
    reference = IndicatorFactory(goal=goal, name="Kostnadsutveckling", unit="%")
    TargetFactory(indicator=reference, year=2026, comparator=Target.Comparator.AT_MOST, value=Decimal("3.25"))
    for comparator, value, tolerance in (
        (Target.Comparator.AT_LEAST, Decimal("88.5"), Decimal("0.5")),
        (Target.Comparator.ABOVE_REFERENCE, None, None),
        (Target.Comparator.UNCHANGED_OR_RISING, None, None),
        (Target.Comparator.NOT_FASTER_THAN, None, Decimal("0.1")),
    ):
        TargetFactory(
            indicator=IndicatorFactory(goal=goal, unit="kr" if value else ""),
            year=2026,
            comparator=comparator,
            value=value,
            tolerance=tolerance,
            reference_indicator=reference if comparator == Target.Comparator.NOT_FASTER_THAN else None,
        )
    number = 0
    for indicator in Indicator.objects.order_by("pk"):
        for year in (2023, 2024, 2025, 2026):
            for period in PERIODS:
                for basis in BASES:
                    number += 1
                    if number % 5 == 0:
                        continue
                    MeasurementFactory(
                        indicator=indicator,
                        year=year,
                        period=period,
                        basis=basis,
                        value=None if number % 11 == 0 else Decimal(number % 97) + Decimal("0.125"),
                        reference_value=None if number % 3 else Decimal(number % 89) + Decimal("0.5"),
                        source=f"Källa {number % 4}",
                    )
    return goal


def test_gather_reads_what_the_models_say(year_of_figures: Goal) -> None:
    gathered = gather(2026, None)
    adopted = Goal.objects.adopted().for_year(2026)
    assert [goal.pk for goal in gathered.goals] == list(
        adopted.order_by("sort_order", "pk").values_list("pk", flat=True)
    )
    for row in gathered.goals:
        goal = Goal.objects.select_related("committee").get(pk=row.pk)
        assert row.committee == (goal.committee.name if goal.committee else "") and row.title == goal.title
    targets = Target.objects.filter(year=2026, indicator__goal__in=adopted).select_related("indicator")
    assert targets.count() == len(gathered.targets) > 5
    for target in targets:
        kept = gathered.targets[target.indicator_id]
        assert kept.sentence == target.sentence
        assert (kept.comparator, kept.value, kept.tolerance) == (target.comparator, target.value, target.tolerance)
    read = 0
    for indicator_id, figures in gathered.measurements.items():
        for figure in figures:
            stored = Measurement.objects.get(
                indicator_id=indicator_id, year=figure.year, period=figure.period, basis=figure.basis
            )
            assert gathered.value_of(figure.value) == stored.value
            assert gathered.reference_of(figure.reference_value) == stored.reference_value
            assert str(gathered.value_of(figure.value)) == str(stored.value)  # the same decimal, digit for digit
            read += 1
    # Everything the judgement may use: the year, and the whole year before (no lagging indicator in force here
    # judges on earlier years with a figure missing for 2026, so those are all that is read besides them).
    wanted = Measurement.objects.filter(
        Q(year=2026) | Q(year=2025, period=Measurement.Period.YEAR), indicator__goal__in=adopted
    )
    assert read >= wanted.count() > 100


def test_figures_of_the_year_before_other_than_the_whole_year_change_nothing(year_of_figures: Goal) -> None:
    """gather reads of the year before only its whole-year figures (but every figure of the years an indicator
    judged on the latest published year may fall back to): the others must never decide anything."""
    before = compute_year(year=2026)
    unread = (
        Measurement.objects.filter(year=2025)
        .exclude(period=Measurement.Period.YEAR)
        .exclude(indicator__year_rule=Indicator.YearRule.LATEST_PUBLISHED)
    )
    assert unread.count() > 50
    unread.filter(basis=Measurement.Basis.OUTCOME).update(value=Decimal("-999"), reference_value=Decimal("999"))
    unread.exclude(basis=Measurement.Basis.OUTCOME).delete()
    assert compute_year(year=2026).digest == before.digest
    # A whole-year figure of the year before is read: changing it changes the result.
    Measurement.objects.filter(year=2025, period=Measurement.Period.YEAR).update(value=Decimal("-999"))
    assert compute_year(year=2026).digest != before.digest


def test_the_rows_written_are_what_bulk_create_writes(year_of_figures: Goal) -> None:
    result = compute_year(year=2026)
    report = FulfillmentReport.objects.create(year=2026, version=1, counting="per_group")
    rows = _report_rows(result)
    assert len(rows) == result.row_count
    _insert_rows(rows, start=0, report_id=report.pk, generation=1)
    ReportRow.objects.bulk_create(
        ReportRow(report_id=report.pk, generation=2, position=position, **row)
        for position, row in enumerate(rows, start=1)
    )

    def written(generation: int) -> list[str]:
        values = ReportRow.objects.filter(report=report, generation=generation).order_by("position").values()
        return [
            json.dumps({key: value for key, value in row.items() if key not in ("id", "generation")}, default=str)
            for row in values
        ]

    assert written(1) == written(2)
    first = ReportRow.objects.get(report=report, generation=1, position=1)
    assert first.inputs == rows[0]["inputs"] and first.kind == ReportRow.Kind.FOCUS_AREA
    # The stored inputs are the compilation's own, key for key and in their order.
    last = ReportRow.objects.filter(report=report, generation=1).order_by("-position").first()
    assert last is not None and canonical_json(last.inputs) == canonical_json(rows[-1]["inputs"])
