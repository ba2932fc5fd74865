"""The annual compilation of goal fulfillment, computed live: gather a year's evidence, judge it.

``compute_year(year=2026)`` reads everything the judgement needs with a fixed
number of queries, whatever the number of goals (see its docstring), and hands
plain values to the rules in fulfillment/judging.py. It writes nothing: the
Celery task that makes a report snapshot (fulfillment.services) and the live cascade
pages call the same function. The result carries every input it was judged
from, as canonical JSON, and the SHA-256 digest of it: the same inputs give
the same digest.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Q

from budgets.models import BudgetDocument
from budgets.ratios import Ratio
from budgets.services import document_overview
from followups.models import Assessment, FollowUp
from fulfillment.judging import (
    Basis,
    Evidence,
    IndicatorInput,
    MajorityCounting,
    Result,
    _,
    assess_indicator,
    best_evidence,
    compare_with_assessment,
    one_language,
    roll_up,
    sound_financial_management,
    status_by_majority,
    status_from_indicators,
)
from fulfillment.results import (
    FocusAreaFulfillment,
    GoalFulfillment,
    IndicatorFulfillment,
    YearFulfillment,
    digest,
)
from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision
from goals.status import GoalRule, Status
from portal.models import ReportingPeriod

# The day each measurement period ends, and which of two periods ending the same day wins (the year).
PERIOD_ENDS = {
    Measurement.Period.Q1: (3, 31, 1),
    Measurement.Period.Q2: (6, 30, 2),
    Measurement.Period.Q3: (9, 30, 3),
    Measurement.Period.Q4: (12, 31, 4),
    Measurement.Period.YEAR: (12, 31, 5),
}
# Which measurement period a reporting period's follow-up gives forecasts for.
FOLLOWUP_PERIODS = {
    ReportingPeriod.Kind.Q1: Measurement.Period.Q1,
    ReportingPeriod.Kind.Q2: Measurement.Period.Q2,
    ReportingPeriod.Kind.Q3: Measurement.Period.Q3,
    ReportingPeriod.Kind.ANNUAL: Measurement.Period.YEAR,
}
ACCEPTED = (FollowUp.State.ACCEPTED, FollowUp.State.PUBLISHED)


def _number(value: Decimal | None) -> str | None:
    """A decimal as canonical text: 4.4000 and 4.4 are the same input."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _period_end(year: int, period: str) -> datetime.date:
    month, day, _rank = PERIOD_ENDS[period]  # type: ignore[index]  # a choice's value is its member's key
    return datetime.date(year, month, day)


def _period_rank(period: str) -> int:
    return PERIOD_ENDS[period][2]  # type: ignore[index]


def _reason(ratio: Ratio) -> str:
    """The ratio's reason without its lead ("ej bedömt: utfall 2025 saknas" -> "utfall 2025 saknas"):
    assess_indicator says "ej bedömd" itself."""
    return ratio.reason.partition(": ")[2] or ratio.reason


def _as_share_of_unit(value: Decimal | None, unit: str) -> Decimal | None:
    """Ratios are shares (0.044); an indicator in % holds 4.4."""
    if value is None:
        return None
    return value * 100 if unit.strip() == "%" else value


class _Figure(NamedTuple):
    """A measurement as the compilation reads it: a tuple, not a model instance (there are tens of thousands)."""

    indicator_id: int
    year: int
    period: str
    basis: str
    value: Decimal | None
    reference_value: Decimal | None
    source: str


OUTCOME, FORECAST, BUDGET = (str(basis.value) for basis in Measurement.Basis)
WHOLE_YEAR = str(Measurement.Period.YEAR.value)
BUDGET_RATIO = str(Indicator.Source.BUDGET_RATIO.value)
NOT_FASTER_THAN = str(Target.Comparator.NOT_FASTER_THAN.value)
LATEST_PUBLISHED = str(Indicator.YearRule.LATEST_PUBLISHED.value)
# How many years back "the latest published year" looks (Kolada publishes a year in the autumn of the next).
LOOKBACK_YEARS = 3


class _Assessment(NamedTuple):
    """A committee's assessment of a goal in an accepted follow-up, with the follow-up's period in words."""

    status: str
    followup_id: int
    period: str


@dataclass
class _Gathered:
    goals: list[Goal]
    focus_areas_of: dict[int, list[int]]  # goal id -> focus area ids
    contributes_to: dict[int, list[int]]  # goal id -> the goals it contributes to
    indicators: dict[int, list[Indicator]]  # goal id -> its indicators in order
    targets: dict[int, Target]  # indicator id -> its target for the year
    measurements: dict[int, list[_Figure]]
    accepted_followups: set[tuple[int, str]]  # (committee id, measurement period) with an accepted follow-up
    assessments: dict[int, _Assessment]  # goal id -> the latest accepted assessment
    document: BudgetDocument | None
    ratios: dict[str, Ratio]
    focus_areas: list[FocusArea]


def _gather(year: int, as_of: ReportingPeriod | None) -> _Gathered:
    """Every query of the compilation (a fixed number, whatever the number of goals):
    goals, their focus areas, contributions, indicators, targets; measurements of the year and the one
    before; accepted follow-ups; their assessments; the vision and its focus areas; and, when an indicator
    is a budget ratio, the budget document and the seven queries of its overview."""
    cutoff = as_of.figures_date if as_of is not None else datetime.date(year, 12, 31)
    goal_queryset = Goal.objects.adopted().for_year(year)
    goals = list(goal_queryset.select_related("committee").order_by("sort_order", "pk"))
    # The goals' links, indicators and targets by goal (or indicator) id, each one query with the goals as a
    # subquery: no IN-list of thousands of ids, and no related manager per goal.
    focus_areas: dict[int, list[int]] = {}
    contributes_to: dict[int, list[int]] = {}
    indicators: dict[int, list[Indicator]] = {}
    targets: dict[int, Target] = {}
    if goals:
        area_links = Goal.focus_areas.through.objects.filter(goal__in=goal_queryset)
        for goal_id, area_id in area_links.values_list("goal_id", "focusarea_id"):
            focus_areas.setdefault(goal_id, []).append(area_id)
        goal_links = Goal.contributes_to.through.objects.filter(from_goal__in=goal_queryset)
        for goal_id, council_id in goal_links.values_list("from_goal_id", "to_goal_id"):
            contributes_to.setdefault(goal_id, []).append(council_id)
        by_id = {}
        for indicator in Indicator.objects.filter(goal__in=goal_queryset).order_by("sort_order", "pk"):
            indicators.setdefault(indicator.goal_id, []).append(indicator)
            by_id[indicator.pk] = indicator
        year_targets = Target.objects.filter(year=year, indicator__goal__in=goal_queryset)
        for target in year_targets.select_related("reference_indicator").order_by("pk"):
            target.indicator = by_id[target.indicator_id]  # its sentence names the unit: no query per target
            targets.setdefault(target.indicator_id, target)
    measurements: dict[int, list[_Figure]] = {}
    # The year and the one before; for an indicator judged on the latest published year, the years it may fall
    # back to and the year before each (its "unchanged or rising" compares with that).
    lagging = Q(indicator__year_rule=LATEST_PUBLISHED, year__gte=year - LOOKBACK_YEARS - 1, year__lte=year)
    for row in (
        Measurement.objects.filter(year__gte=year - LOOKBACK_YEARS - 1, year__lte=year)  # a range the index can use
        .filter(Q(year__in=[year - 1, year]) | lagging, indicator__goal__in=goal_queryset)
        .order_by("pk")
        .values_list(*_Figure._fields)
    ):
        figure = _Figure(*row)
        measurements.setdefault(figure.indicator_id, []).append(figure)

    followups = FollowUp.objects.filter(period__year=year, state__in=ACCEPTED, period__figures_date__lte=cutoff)
    accepted = list(followups.select_related("period").only("committee_id", "period"))
    accepted_followups = {
        (followup.committee_id, str(FOLLOWUP_PERIODS[ReportingPeriod.Kind(followup.period.kind)]))
        for followup in accepted
        if followup.period.kind in FOLLOWUP_PERIODS
    }
    period_of = {followup.pk: (followup.period.figures_date, str(followup.period)) for followup in accepted}
    assessments: dict[int, _Assessment] = {}
    rows = Assessment.objects.filter(followup__in=followups).values_list("goal_id", "status", "followup_id", "pk")
    for goal_id, status, followup_id, _pk in sorted(rows, key=lambda row: (period_of[row[2]][0], row[3])):
        assessments[goal_id] = _Assessment(status, followup_id, period_of[followup_id][1])  # the latest period last

    ratios: dict[str, Ratio] = {}
    document = None
    if any(indicator.source == BUDGET_RATIO for rows in indicators.values() for indicator in rows):
        document = BudgetDocument.objects.adopted().filter(year=year).first()
        if document is not None:
            overview = document_overview(document)
            for group in overview.ratios:
                for ratio in group.by_year:
                    if ratio.year == year:
                        ratios[ratio.key] = ratio

    vision = Vision.objects.current()
    vision_areas = list(vision.focus_areas.order_by("sort_order", "name")) if vision else []
    return _Gathered(
        goals,
        focus_areas,
        contributes_to,
        indicators,
        targets,
        measurements,
        accepted_followups,
        assessments,
        document,
        ratios,
        vision_areas,
    )


def _figure(measurement: _Figure) -> dict[str, Any]:
    return {
        "value": _number(measurement.value),
        "reference_value": _number(measurement.reference_value),
        "period": measurement.period,
        "source": measurement.source,
    }


def _latest(rows: Iterable[_Figure]) -> _Figure | None:
    rows = [row for row in rows if row.value is not None]
    return max(rows, key=lambda row: _period_rank(row.period)) if rows else None


@dataclass(frozen=True)
class _IndicatorEvidence:
    evidence: Evidence
    inputs: dict[str, Any]


def _evidence_for(
    indicator: Indicator,
    *,
    committee_id: int | None,
    year: int,
    cutoff: datetime.date,
    gathered: _Gathered,
) -> _IndicatorEvidence:
    """The best evidence for one indicator: outcome, then the latest accepted forecast, then the budget.

    An indicator judged on the latest published year (``Indicator.YearRule.LATEST_PUBLISHED``) without an
    outcome for the year is judged on the latest of the LOOKBACK_YEARS before it that has one, and says so."""
    rows = gathered.measurements.get(indicator.pk, [])
    value_year = year
    lagging = indicator.year_rule == LATEST_PUBLISHED
    if lagging and not any(row.year == year and row.basis == OUTCOME and row.value is not None for row in rows):
        published = [
            row.year
            for row in rows
            if year - LOOKBACK_YEARS <= row.year < year and row.basis == OUTCOME and row.value is not None
        ]
        if published:
            value_year = max(published)
    this_year = [row for row in rows if row.year == value_year and _period_end(value_year, row.period) <= cutoff]
    chosen: dict[str, _Figure] = {}
    outcome = _latest(row for row in this_year if row.basis == OUTCOME)
    if outcome is not None:
        chosen[Basis.OUTCOME] = outcome
    # A committee's forecast counts once its follow-up for the period is accepted; the council's own as entered.
    forecast = _latest(
        row
        for row in this_year
        if row.basis == FORECAST and (committee_id is None or (committee_id, row.period) in gathered.accepted_followups)
    )
    if forecast is not None:
        chosen[Basis.FORECAST] = forecast
    budget = _latest(row for row in this_year if row.basis == BUDGET)
    if budget is not None:
        chosen[Basis.BUDGET] = budget

    candidates: dict[str, Decimal | None] = {basis: row.value for basis, row in chosen.items()}
    inputs: dict[str, Any] = {
        "candidates": {basis: _figure(row) for basis, row in chosen.items()},
    }
    missing = ""  # why there is no value: "värde för 2026 saknas" unless a ratio says more
    if indicator.source == BUDGET_RATIO and BUDGET not in chosen and value_year == year:
        ratio = gathered.ratios.get(indicator.ratio_key)
        if gathered.document is None:
            missing = _("antagen budget för %(year)d saknas") % {"year": year}
        elif ratio is not None:
            candidates[Basis.BUDGET] = _as_share_of_unit(ratio.value, indicator.unit)
            inputs["ratio"] = {
                "key": ratio.key,
                "document": gathered.document.title,
                "value": _number(ratio.value),
                "formula": ratio.formula,
                "figures": [[figure.label, _number(figure.value), figure.unit] for figure in ratio.figures],
                "reason": ratio.reason,
            }
            if ratio.value is None:
                missing = _reason(ratio)
            else:
                inputs["candidates"][Basis.BUDGET] = {
                    "value": _number(candidates[Basis.BUDGET]),
                    "reference_value": None,
                    "period": Measurement.Period.YEAR,
                    "source": gathered.document.title,
                }

    previous_rows = [row for row in rows if row.year == value_year - 1 and row.period == WHOLE_YEAR]
    previous = best_evidence(
        value_year - 1, {row.basis: row.value for row in previous_rows if row.value is not None}
    )  # outcome before forecast before budget
    value_evidence = best_evidence(value_year, candidates)
    if lagging and value_evidence.value is None and not missing:
        missing = _("inget utfall publicerat för %(first)d–%(last)d") % {"first": year - LOOKBACK_YEARS, "last": year}
    reference_value = None
    if value_evidence.basis in chosen:
        reference_value = chosen[value_evidence.basis].reference_value
    inputs["previous"] = (
        {"value": _number(previous.value), "basis": previous.basis} if previous.value is not None else None
    )
    evidence = Evidence(
        year=value_year,
        value=value_evidence.value,
        basis=value_evidence.basis,
        reference_value=reference_value,
        previous=previous.value,
        missing="" if value_evidence.value is not None else missing or _("värde för %(year)d saknas") % {"year": year},
        latest_published=value_year != year,
    )
    source = chosen[value_evidence.basis].source if value_evidence.basis in chosen else ""
    if not source and value_evidence.basis == Basis.BUDGET and gathered.document is not None:
        source = gathered.document.title
    inputs |= {
        "value": _number(evidence.value),
        "value_year": value_year if evidence.value is not None else None,
        "year_rule": indicator.year_rule,
        "value_source": source,
        "basis": evidence.basis,
        "reference_value": _number(reference_value),
        "missing": evidence.missing,
    }
    return _IndicatorEvidence(evidence, inputs)


def _assess_goal_indicators(
    goal: Goal, *, year: int, cutoff: datetime.date, gathered: _Gathered
) -> tuple[IndicatorFulfillment, ...]:
    indicators = gathered.indicators.get(goal.pk, [])
    evidence = {
        i.pk: _evidence_for(i, committee_id=goal.committee_id, year=year, cutoff=cutoff, gathered=gathered)
        for i in indicators
    }
    targets = {i.pk: gathered.targets.get(i.pk) for i in indicators}
    # An indicator without a target of its own that another's target compares with is evidence, not judged.
    references = {t.reference_indicator_id for t in targets.values() if t is not None and t.reference_indicator_id}
    names = {i.pk: i.name for i in indicators}
    assessed = []
    for indicator in indicators:
        target = targets[indicator.pk]
        found = evidence[indicator.pk]
        item = found.evidence
        compared_with_name = ""
        if target is not None and target.comparator == NOT_FASTER_THAN:
            other_id = target.reference_indicator_id
            other = evidence.get(other_id) if other_id else None
            compared_with_name = names.get(other_id, target.reference_description) if other_id else ""
            if other is not None:
                # The other indicator on the same basis where it has one, else its best.
                same_basis = other.inputs["candidates"].get(item.basis) if item.basis else None
                compared = (
                    Decimal(same_basis["value"])
                    if same_basis and same_basis["value"] is not None
                    else other.evidence.value
                )
                item = dataclasses.replace(item, compared_with=compared)
                found.inputs["compared_with"] = _number(compared)
        indicator_input = IndicatorInput(
            name=indicator.name,
            comparator=target.comparator if target is not None else None,
            target=target.value if target is not None else None,
            tolerance=target.tolerance if target is not None else None,
            unit=indicator.unit,
            decimals=indicator.decimals,
            compared_with_name=compared_with_name,
        )
        judged = not (target is None and indicator.pk in references)
        result = assess_indicator(indicator_input, item)
        inputs = {
            "indicator": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "decimals": indicator.decimals,
            "source": indicator.source,
            "ratio_key": indicator.ratio_key,
            "external_id": indicator.external_id,
            "target": None
            if target is None
            else {
                "comparator": target.comparator,
                "value": _number(target.value),
                "tolerance": _number(target.tolerance),
                "reference_indicator": target.reference_indicator_id,
            },
            "judged": judged,
        } | found.inputs
        assessed.append(
            IndicatorFulfillment(
                id=indicator.pk,
                goal_id=goal.pk,
                name=indicator.name,
                target=target.sentence if target is not None else "",
                judged=judged,
                result=result,
                inputs=inputs,
            )
        )
    return tuple(assessed)


def _assessment_result(assessment: _Assessment | None) -> Result:
    if assessment is None:
        return Result(Status.NOT_ASSESSED, _("Ej bedömt: nämnden har inte bedömt målet i en accepterad uppföljning"))
    return Result(
        assessment.status,
        _("Nämndens bedömning i uppföljningen %(period)s: %(status)s")
        % {"period": assessment.period, "status": Status(assessment.status).label.lower()},
    )


UNDECIDED_NAMED = 5  # how many of the council goals not assessed the verdict names


def _why_undecided(council_goals: list[GoalFulfillment]) -> str:
    """Why the verdict cannot be decided: the first few council goals not assessed, each with its reason."""
    open_goals = [goal for goal in council_goals if goal.result.status == Status.NOT_ASSESSED]
    if not open_goals:
        return ""
    named = "; ".join(f"{goal.title}: {goal.result.sentence}" for goal in open_goals[:UNDECIDED_NAMED])
    text = _("Ej bedömda: %(goals)s") % {"goals": named}
    if len(open_goals) > UNDECIDED_NAMED:
        text += "; " + _("och %(count)d till") % {"count": len(open_goals) - UNDECIDED_NAMED}
    return text + "."


def compute_year(
    *, year: int, as_of: ReportingPeriod | None = None, counting: str = MajorityCounting.PER_GROUP
) -> YearFulfillment:
    """Every adopted goal in force in ``year``, every focus area of the current vision, and the verdict
    on sound financial management, judged from the evidence as of ``as_of`` (a reporting period of the
    year; None: the whole year). Reads with a fixed number of queries (see ``_gather``); writes nothing."""
    if as_of is not None and as_of.year != year:
        raise ValueError(f"period {as_of} is not in {year}")
    with one_language():
        return _compute_year(year=year, as_of=as_of, counting=counting)


def _compute_year(*, year: int, as_of: ReportingPeriod | None, counting: str) -> YearFulfillment:
    gathered = _gather(year, as_of)
    cutoff = as_of.figures_date if as_of is not None else datetime.date(year, 12, 31)

    indicators_by_goal = {
        goal.pk: _assess_goal_indicators(goal, year=year, cutoff=cutoff, gathered=gathered) for goal in gathered.goals
    }
    contributions: dict[int, list[Goal]] = {}
    for goal in gathered.goals:
        for council_id in gathered.contributes_to.get(goal.pk, []):
            contributions.setdefault(council_id, []).append(goal)

    results: dict[int, GoalFulfillment] = {}
    # Committee goals first: the council's goals in the cascade are judged from them.
    ordered = sorted(gathered.goals, key=lambda goal: goal.level == Goal.Level.COUNCIL)
    for goal in ordered:
        indicators = indicators_by_goal[goal.pk]
        judged = [item.result for item in indicators if item.judged] or [item.result for item in indicators]
        contributing = [results[other.pk] for other in contributions.get(goal.pk, []) if other.pk in results]
        rule = goal.fulfillment_rule
        if rule == GoalRule.INDICATORS and not indicators and contributing:
            rule = GoalRule.CASCADE
        assessment = gathered.assessments.get(goal.pk)
        if rule == GoalRule.CASCADE:
            result = roll_up([(other.title, other.result) for other in contributing], what=_("bidragande nämndmål"))
        elif rule == GoalRule.MAJORITY:
            result = status_by_majority(judged)
        elif rule == GoalRule.ASSESSMENT:
            result = _assessment_result(assessment)
        else:
            result = status_from_indicators(judged)
        assessed_status = assessment.status if assessment is not None else None
        difference = None if rule == GoalRule.ASSESSMENT else compare_with_assessment(result, assessed_status)
        contributes_to = sorted(gathered.contributes_to.get(goal.pk, []))
        focus_area_ids = sorted(gathered.focus_areas_of.get(goal.pk, []))
        inputs = {
            "goal": goal.pk,
            "title": goal.title,
            "level": goal.level,
            "kind": goal.kind,
            "committee": goal.committee.name if goal.committee else "",
            "rule": goal.fulfillment_rule,
            "rule_used": rule,
            "indicators": [item.id for item in indicators],
            "contributes_to": contributes_to,
            "contributions": sorted(other.id for other in contributing),
            "focus_areas": focus_area_ids,
            "assessment": None
            if assessment is None
            else {
                "status": assessment.status,
                "followup": assessment.followup_id,
                "period": assessment.period,
            },
        }
        results[goal.pk] = GoalFulfillment(
            id=goal.pk,
            title=goal.title,
            level=goal.level,
            kind=goal.kind,
            committee=goal.committee.name if goal.committee else "",
            rule=rule,
            result=result,
            indicators=indicators,
            contributes_to=tuple(contributes_to),
            focus_areas=tuple(focus_area_ids),
            assessed_status=assessed_status,
            assessed_in=assessment.period if assessment is not None else "",
            difference=difference,
            inputs=inputs,
        )

    goals = tuple(results[goal.pk] for goal in gathered.goals)  # council and committee goals in sort order
    council_goals = [goal for goal in goals if goal.is_council_goal]
    focus_areas = []
    for area in gathered.focus_areas:
        council_in_area = {goal.id for goal in council_goals if area.pk in goal.focus_areas}
        members = [
            goal
            for goal in goals
            if area.pk in goal.focus_areas
            and (goal.is_council_goal or not council_in_area.intersection(goal.contributes_to))
        ]
        focus_areas.append(
            FocusAreaFulfillment(
                id=area.pk,
                name=area.name,
                result=roll_up([(goal.title, goal.result) for goal in members], what=_("mål")),
                goal_ids=tuple(goal.id for goal in members),
            )
        )

    verdict = sound_financial_management(
        [goal.result for goal in council_goals if goal.kind == Goal.Kind.FINANCIAL],
        [goal.result for goal in council_goals if goal.kind == Goal.Kind.OPERATIONAL],
        counting=counting,
    )
    if verdict.met is None:
        verdict = dataclasses.replace(verdict, sentence=f"{verdict.sentence} {_why_undecided(council_goals)}".rstrip())
    inputs = {
        "year": year,
        "as_of": None
        if as_of is None
        else {"period": as_of.pk, "label": str(as_of), "figures_date": as_of.figures_date.isoformat()},
        "counting": counting,
        "budget_document": None
        if gathered.document is None
        else {"document": gathered.document.pk, "title": gathered.document.title},
        "goals": [goal.inputs for goal in goals],
        "indicators": [item.inputs for goal in goals for item in goal.indicators],
        "focus_areas": [
            {"focus_area": area.id, "name": area.name, "goals": list(area.goal_ids)} for area in focus_areas
        ],
    }
    return YearFulfillment(
        year=year,
        as_of_id=as_of.pk if as_of is not None else None,
        as_of_label=str(as_of) if as_of is not None else "",
        counting=counting,
        verdict=verdict,
        goals=goals,
        focus_areas=tuple(focus_areas),
        inputs=inputs,
        digest=digest(inputs),
    )
