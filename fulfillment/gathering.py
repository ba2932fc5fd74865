"""What the annual compilation reads (fulfillment/compilation.py judges it): a fixed number of queries, as tuples.

A large municipality's year is about 1 300 goals, 6 250 indicators and targets, and 50 000 measurements.
Read as model instances, with every decimal made, that alone cost several times the database's own time,
so everything is read as tuples (``values_list``), and a measurement's decimals are made only for the
few figures the judgement uses (``Gathered.value_of``): on SQLite each is made from a float and quantized,
as Django's converter does, and the same raw value is made once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.sql.constants import MULTI
from django.utils.translation import get_language

from budgets.models import BudgetDocument
from budgets.ratios import Ratio
from budgets.services import document_overview
from followups.models import Assessment, FollowUp
from goals.models import FocusArea, Goal, Indicator, Measurement, Vision
from goals.models import Target as TargetModel
from goals.targets import target_sentence
from portal.models import ReportingPeriod

# Which measurement period a reporting period's follow-up gives forecasts for.
FOLLOWUP_PERIODS = {
    ReportingPeriod.Kind.Q1: Measurement.Period.Q1,
    ReportingPeriod.Kind.Q2: Measurement.Period.Q2,
    ReportingPeriod.Kind.Q3: Measurement.Period.Q3,
    ReportingPeriod.Kind.ANNUAL: Measurement.Period.YEAR,
}
ACCEPTED = (FollowUp.State.ACCEPTED, FollowUp.State.PUBLISHED)
BUDGET_RATIO = str(Indicator.Source.BUDGET_RATIO.value)
LATEST_PUBLISHED = str(Indicator.YearRule.LATEST_PUBLISHED.value)
# How many years back "the latest published year" looks (Kolada publishes a year in the autumn of the next).
LOOKBACK_YEARS = 3


class GoalRow(NamedTuple):
    """A goal as the compilation reads it, with its committee's name ("" for the council's)."""

    pk: int
    title: str
    level: str
    kind: str
    committee_id: int | None
    committee: str
    fulfillment_rule: str


class IndicatorRow(NamedTuple):
    pk: int
    goal_id: int
    name: str
    unit: str
    decimals: int
    source: str
    ratio_key: str
    external_id: str
    year_rule: str


class TargetRow(NamedTuple):
    """An indicator's target for the year, with its sentence (``Target.sentence``) said once."""

    comparator: str
    value: Decimal | None
    tolerance: Decimal | None
    reference_indicator_id: int | None
    reference_description: str
    sentence: str


class Figure(NamedTuple):
    """A measurement as the compilation reads it. ``value`` and ``reference_value`` are as the database gave
    them (None stays None): ``Gathered.value_of`` and ``reference_of`` make the decimals of the few it uses."""

    indicator_id: int
    year: int
    period: str
    basis: str
    value: Any
    reference_value: Any
    source: str


class AssessmentRow(NamedTuple):
    """A committee's assessment of a goal in an accepted follow-up, with the follow-up's period in words."""

    status: str
    followup_id: int
    period: str


@dataclass
class Gathered:
    goals: list[GoalRow]
    focus_areas_of: dict[int, list[int]]  # goal id -> focus area ids
    contributes_to: dict[int, list[int]]  # goal id -> the goals it contributes to
    indicators: dict[int, list[IndicatorRow]]  # goal id -> its indicators in order
    targets: dict[int, TargetRow]  # indicator id -> its target for the year
    measurements: dict[int, list[Figure]]
    value_of: Callable[[Any], Decimal | None]  # a measurement's raw value -> its decimal, as Django makes it
    reference_of: Callable[[Any], Decimal | None]  # the same for its reference value
    accepted_followups: set[tuple[int, str]]  # (committee id, measurement period) with an accepted follow-up
    assessments: dict[int, AssessmentRow]  # goal id -> the latest accepted assessment
    document: BudgetDocument | None
    ratios: dict[str, Ratio]
    focus_areas: list[FocusArea]


def _raw_rows(queryset: QuerySet[Any]) -> tuple[list[tuple[Any, ...]], dict[int, Callable[[Any], Any]]]:
    """A ``values_list`` queryset's rows as the database gives them, and, by column, what Django's converters
    would make of a value (None where a column has none), each distinct value converted once."""
    compiler = queryset.query.get_compiler(queryset.db)
    chunks = compiler.execute_sql(MULTI)
    rows = list(chain.from_iterable(chunks)) if chunks is not None else []
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    connection = compiler.connection

    def converting(converters: list[Any], expression: Any) -> Callable[[Any], Any]:
        seen: dict[Any, Any] = {None: None}

        def convert(raw: Any) -> Any:
            try:
                return seen[raw]
            except KeyError:
                value = raw
                for converter in converters:
                    value = converter(value, expression, connection)
                seen[raw] = value
                return value

        return convert

    converters = {
        position: converting(convs, expression)
        for position, (convs, expression) in compiler.get_converters(fields).items()
    }
    return rows, converters


def _plain(value: Any) -> Any:
    return value


@lru_cache(maxsize=8192)
def _sentence(language: str | None, comparator: str, value: Decimal | None, unit: str, reference: str) -> str:
    """``Target.sentence``, kept per language: the same target said for thousands of indicators and years."""
    return target_sentence(comparator=comparator, value=value, unit=unit, reference=reference)


def gather(year: int, as_of: ReportingPeriod | None) -> Gathered:
    """Every query of the compilation (a fixed number, whatever the number of goals):
    goals, their focus areas, contributions, indicators, targets; measurements of the year and the whole
    year before; accepted follow-ups; their assessments; the vision and its focus areas; and, when an indicator
    is a budget ratio, the budget document and the seven queries of its overview."""
    cutoff = as_of.figures_date if as_of is not None else datetime.date(year, 12, 31)
    goal_queryset = Goal.objects.adopted().for_year(year)
    goals = [
        GoalRow(pk, title, level, kind, committee_id, committee or "", rule)
        for pk, title, level, kind, committee_id, committee, rule in goal_queryset.order_by(
            "sort_order", "pk"
        ).values_list("pk", "title", "level", "kind", "committee_id", "committee__name", "fulfillment_rule")
    ]
    # The goals' links, indicators and targets by goal (or indicator) id, each one query with the goals as a
    # subquery: no IN-list of thousands of ids, and no related manager per goal.
    focus_areas: dict[int, list[int]] = {}
    contributes_to: dict[int, list[int]] = {}
    indicators: dict[int, list[IndicatorRow]] = {}
    targets: dict[int, TargetRow] = {}
    if goals:
        area_links = Goal.focus_areas.through.objects.filter(goal__in=goal_queryset)
        for goal_id, area_id in area_links.values_list("goal_id", "focusarea_id"):
            focus_areas.setdefault(goal_id, []).append(area_id)
        goal_links = Goal.contributes_to.through.objects.filter(from_goal__in=goal_queryset)
        for goal_id, council_id in goal_links.values_list("from_goal_id", "to_goal_id"):
            contributes_to.setdefault(goal_id, []).append(council_id)
        unit_of = {}
        for row in (
            Indicator.objects.filter(goal__in=goal_queryset)
            .order_by("sort_order", "pk")
            .values_list(*IndicatorRow._fields)
        ):
            indicator = IndicatorRow(*row)
            indicators.setdefault(indicator.goal_id, []).append(indicator)
            unit_of[indicator.pk] = indicator.unit
        language = get_language()
        year_targets = TargetModel.objects.filter(year=year, indicator__goal__in=goal_queryset).order_by("pk")
        for (
            indicator_id,
            comparator,
            value,
            tolerance,
            reference_id,
            description,
            reference_name,
        ) in year_targets.values_list(
            "indicator_id",
            "comparator",
            "value",
            "tolerance",
            "reference_indicator_id",
            "reference_description",
            "reference_indicator__name",
        ):
            if indicator_id in targets:
                continue
            reference = description or (reference_name if reference_id else "") or ""
            sentence = _sentence(language, comparator, value, unit_of[indicator_id], reference)
            targets[indicator_id] = TargetRow(comparator, value, tolerance, reference_id, description, sentence)
    measurements: dict[int, list[Figure]] = {}
    # The year, and the whole year before (an indicator's "unchanged or rising" compares with that); for an
    # indicator judged on the latest published year, every figure of the years it may fall back to and the year
    # before each. In no particular order: an indicator has one figure per year, period and basis, so the
    # judgement never depends on their order.
    lagging = Q(indicator__year_rule=LATEST_PUBLISHED, year__gte=year - LOOKBACK_YEARS - 1, year__lte=year)
    rows, converters = _raw_rows(
        Measurement.objects.filter(year__gte=year - LOOKBACK_YEARS - 1, year__lte=year)  # a range the index can use
        .filter(
            Q(year=year) | Q(year=year - 1, period=Measurement.Period.YEAR) | lagging,
            indicator__goal__in=goal_queryset,
        )
        .order_by()
        .values_list(*Figure._fields)
    )
    value_at, reference_at = Figure._fields.index("value"), Figure._fields.index("reference_value")
    eager = {position: convert for position, convert in converters.items() if position not in (value_at, reference_at)}
    for row in rows:
        if eager:  # no backend converts the ids and texts today; were one to, it would run here
            row = tuple(eager[i](v) if i in eager else v for i, v in enumerate(row))
        figure = Figure(*row)
        measurements.setdefault(figure.indicator_id, []).append(figure)

    followups = FollowUp.objects.filter(period__year=year, state__in=ACCEPTED, period__figures_date__lte=cutoff)
    accepted = list(followups.select_related("period").only("committee_id", "period"))
    accepted_followups = {
        (followup.committee_id, str(FOLLOWUP_PERIODS[ReportingPeriod.Kind(followup.period.kind)]))
        for followup in accepted
        if followup.period.kind in FOLLOWUP_PERIODS
    }
    period_of = {followup.pk: (followup.period.figures_date, str(followup.period)) for followup in accepted}
    assessments: dict[int, AssessmentRow] = {}
    assessment_rows = Assessment.objects.filter(followup__in=followups).values_list(
        "goal_id", "status", "followup_id", "pk"
    )
    for goal_id, status, followup_id, _pk in sorted(assessment_rows, key=lambda row: (period_of[row[2]][0], row[3])):
        assessments[goal_id] = AssessmentRow(status, followup_id, period_of[followup_id][1])  # the latest last

    ratios: dict[str, Ratio] = {}
    document = None
    if any(indicator.source == BUDGET_RATIO for rows_ in indicators.values() for indicator in rows_):
        document = BudgetDocument.objects.adopted().filter(year=year).first()
        if document is not None:
            overview = document_overview(document)
            for group in overview.ratios:
                for ratio in group.by_year:
                    if ratio.year == year:
                        ratios[ratio.key] = ratio

    vision = Vision.objects.current()
    vision_areas = list(vision.focus_areas.order_by("sort_order", "name")) if vision else []
    return Gathered(
        goals,
        focus_areas,
        contributes_to,
        indicators,
        targets,
        measurements,
        converters.get(value_at, _plain),
        converters.get(reference_at, _plain),
        accepted_followups,
        assessments,
        document,
        ratios,
        vision_areas,
    )
