"""The annual compilation of goal fulfillment, computed live: gather a year's evidence, judge it.

``compute_year(year=2026)`` reads everything the judgement needs with a fixed
number of queries, whatever the number of goals (see its docstring), and hands
plain values to the rules in goals/fulfillment.py. It writes nothing: the
Celery task that makes a report snapshot (goals.services) and the live cascade
pages call the same function. The result carries every input it was judged
from, as canonical JSON, and the SHA-256 digest of it: the same inputs give
the same digest.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from budgets.models import BudgetDocument
from budgets.ratios import Ratio
from budgets.services import document_overview
from goals.fulfillment import (
    Basis,
    Evidence,
    GoalRule,
    IndicatorInput,
    MajorityCounting,
    Result,
    Status,
    Verdict,
    assess_indicator,
    best_evidence,
    compare_with_assessment,
    roll_up,
    sound_financial_management,
    status_by_majority,
    status_from_indicators,
)
from goals.models import Assessment, FocusArea, FollowUp, Goal, Indicator, Measurement, Target, Vision
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


@dataclass(frozen=True)
class IndicatorFulfillment:
    id: int
    goal_id: int
    name: str
    target: str  # the target in words, or "" without one for the year
    judged: bool  # False for an indicator that only serves another's target ("not faster than")
    result: Result
    inputs: dict[str, Any]


@dataclass(frozen=True)
class GoalFulfillment:
    id: int
    title: str
    level: str
    kind: str
    committee: str
    rule: str  # the rule actually used: a council goal without indicators falls back to the cascade
    result: Result
    indicators: tuple[IndicatorFulfillment, ...]
    contributes_to: tuple[int, ...]
    focus_areas: tuple[int, ...]
    assessed_status: str | None = None
    assessed_in: str = ""  # the follow-up's period, e.g. "Helår 2026"
    difference: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def is_council_goal(self) -> bool:
        return self.level == Goal.Level.COUNCIL


@dataclass(frozen=True)
class FocusAreaFulfillment:
    id: int
    name: str
    result: Result
    goal_ids: tuple[int, ...]


@dataclass(frozen=True)
class YearFulfillment:
    year: int
    as_of_id: int | None
    as_of_label: str
    counting: str
    verdict: Verdict
    goals: tuple[GoalFulfillment, ...]
    focus_areas: tuple[FocusAreaFulfillment, ...]
    inputs: dict[str, Any]
    digest: str

    @property
    def row_count(self) -> int:
        """How many report rows a snapshot of this has: focus areas, goals and indicators."""
        return len(self.focus_areas) + len(self.goals) + sum(len(goal.indicators) for goal in self.goals)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same inputs are always the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(inputs: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(inputs).encode()).hexdigest()


def _number(value: Decimal | None) -> str | None:
    """A decimal as canonical text: 4.4000 and 4.4 are the same input."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _period_end(year: int, period: str) -> datetime.date:
    month, day, _rank = PERIOD_ENDS[Measurement.Period(period)]
    return datetime.date(year, month, day)


def _period_rank(period: str) -> int:
    return PERIOD_ENDS[Measurement.Period(period)][2]


def _reason(ratio: Ratio) -> str:
    """The ratio's reason without its lead ("ej bedömt: utfall 2025 saknas" -> "utfall 2025 saknas"):
    assess_indicator says "ej bedömd" itself."""
    return ratio.reason.partition(": ")[2] or ratio.reason


def _as_share_of_unit(value: Decimal | None, unit: str) -> Decimal | None:
    """Ratios are shares (0.044); an indicator in % holds 4.4."""
    if value is None:
        return None
    return value * 100 if unit.strip() == "%" else value


@dataclass
class _Gathered:
    goals: list[Goal]
    measurements: dict[int, list[Measurement]]
    accepted_followups: set[tuple[int, str]]  # (committee id, measurement period) with an accepted follow-up
    assessments: dict[int, Assessment]  # goal id -> the latest accepted assessment
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
    goals = list(
        goal_queryset.select_related("committee")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.only("pk")),
            Prefetch("contributes_to", queryset=Goal.objects.only("pk")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("targets", queryset=Target.objects.filter(year=year).select_related("reference_indicator"))
                ),
            ),
        )
        .order_by("sort_order", "pk")
    )
    measurements: dict[int, list[Measurement]] = {}
    for measurement in Measurement.objects.filter(
        year__in=[year - 1, year], indicator__goal__in=goal_queryset
    ).order_by("pk"):
        measurements.setdefault(measurement.indicator_id, []).append(measurement)

    followups = FollowUp.objects.filter(period__year=year, state__in=ACCEPTED, period__figures_date__lte=cutoff)
    accepted_followups = {
        (committee_id, str(FOLLOWUP_PERIODS[ReportingPeriod.Kind(kind)]))
        for committee_id, kind in followups.values_list("committee_id", "period__kind")
        if kind in FOLLOWUP_PERIODS
    }
    assessments: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(followup__in=followups)
        .select_related("followup__period")
        .order_by("followup__period__figures_date", "pk")
    ):
        assessments[assessment.goal_id] = assessment  # the latest period last

    ratios: dict[str, Ratio] = {}
    document = None
    if any(indicator.source == Indicator.Source.BUDGET_RATIO for goal in goals for indicator in goal.indicators.all()):
        document = BudgetDocument.objects.adopted().filter(year=year).first()
        if document is not None:
            overview = document_overview(document)
            for group in overview.ratios:
                for ratio in group.by_year:
                    if ratio.year == year:
                        ratios[ratio.key] = ratio

    vision = Vision.objects.current()
    focus_areas = list(vision.focus_areas.order_by("sort_order", "name")) if vision else []
    return _Gathered(goals, measurements, accepted_followups, assessments, document, ratios, focus_areas)


def _figure(measurement: Measurement) -> dict[str, Any]:
    return {
        "value": _number(measurement.value),
        "reference_value": _number(measurement.reference_value),
        "period": measurement.period,
        "source": measurement.source,
    }


def _latest(rows: Iterable[Measurement]) -> Measurement | None:
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
    """The best evidence for one indicator: outcome, then the latest accepted forecast, then the budget."""
    rows = gathered.measurements.get(indicator.pk, [])
    this_year = [row for row in rows if row.year == year and _period_end(year, row.period) <= cutoff]
    chosen: dict[str, Measurement] = {}
    outcome = _latest(row for row in this_year if row.basis == Measurement.Basis.OUTCOME)
    if outcome is not None:
        chosen[Basis.OUTCOME] = outcome
    # A committee's forecast counts once its follow-up for the period is accepted; the council's own as entered.
    forecast = _latest(
        row
        for row in this_year
        if row.basis == Measurement.Basis.FORECAST
        and (committee_id is None or (committee_id, row.period) in gathered.accepted_followups)
    )
    if forecast is not None:
        chosen[Basis.FORECAST] = forecast
    budget = _latest(row for row in this_year if row.basis == Measurement.Basis.BUDGET)
    if budget is not None:
        chosen[Basis.BUDGET] = budget

    candidates: dict[str, Decimal | None] = {basis: row.value for basis, row in chosen.items()}
    inputs: dict[str, Any] = {
        "candidates": {basis: _figure(row) for basis, row in chosen.items()},
    }
    missing = _("värde för %(year)d saknas") % {"year": year}
    if indicator.source == Indicator.Source.BUDGET_RATIO and Basis.BUDGET not in chosen:
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

    previous_rows = [row for row in rows if row.year == year - 1 and row.period == Measurement.Period.YEAR]
    previous = best_evidence(
        year - 1, {row.basis: row.value for row in previous_rows if row.value is not None}
    )  # outcome before forecast before budget
    value_evidence = best_evidence(year, candidates)
    reference_value = None
    if value_evidence.basis in chosen:
        reference_value = chosen[value_evidence.basis].reference_value
    inputs["previous"] = (
        {"value": _number(previous.value), "basis": previous.basis} if previous.value is not None else None
    )
    evidence = Evidence(
        year=year,
        value=value_evidence.value,
        basis=value_evidence.basis,
        reference_value=reference_value,
        previous=previous.value,
        missing="" if value_evidence.value is not None else missing,
    )
    inputs |= {
        "value": _number(evidence.value),
        "basis": evidence.basis,
        "reference_value": _number(reference_value),
        "missing": evidence.missing,
    }
    return _IndicatorEvidence(evidence, inputs)


def _assess_goal_indicators(
    goal: Goal, *, year: int, cutoff: datetime.date, gathered: _Gathered
) -> tuple[IndicatorFulfillment, ...]:
    indicators = list(goal.indicators.all())
    evidence = {
        i.pk: _evidence_for(i, committee_id=goal.committee_id, year=year, cutoff=cutoff, gathered=gathered)
        for i in indicators
    }
    targets = {i.pk: next(iter(i.targets.all()), None) for i in indicators}
    # An indicator without a target of its own that another's target compares with is evidence, not judged.
    references = {t.reference_indicator_id for t in targets.values() if t is not None and t.reference_indicator_id}
    names = {i.pk: i.name for i in indicators}
    assessed = []
    for indicator in indicators:
        target = targets[indicator.pk]
        found = evidence[indicator.pk]
        item = found.evidence
        compared_with_name = ""
        if target is not None and target.comparator == Target.Comparator.NOT_FASTER_THAN:
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


def _assessment_result(assessment: Assessment | None) -> Result:
    if assessment is None:
        return Result(Status.NOT_ASSESSED, _("Ej bedömt: nämnden har inte bedömt målet i en accepterad uppföljning"))
    return Result(
        assessment.status,
        _("Nämndens bedömning i uppföljningen %(period)s: %(status)s")
        % {"period": assessment.followup.period, "status": Status(assessment.status).label.lower()},
    )


def compute_year(
    *, year: int, as_of: ReportingPeriod | None = None, counting: str = MajorityCounting.PER_GROUP
) -> YearFulfillment:
    """Every adopted goal in force in ``year``, every focus area of the current vision, and the verdict
    on sound financial management, judged from the evidence as of ``as_of`` (a reporting period of the
    year; None: the whole year). Reads with a fixed number of queries (see ``_gather``); writes nothing."""
    if as_of is not None and as_of.year != year:
        raise ValueError(f"period {as_of} is not in {year}")
    gathered = _gather(year, as_of)
    cutoff = as_of.figures_date if as_of is not None else datetime.date(year, 12, 31)

    indicators_by_goal = {
        goal.pk: _assess_goal_indicators(goal, year=year, cutoff=cutoff, gathered=gathered) for goal in gathered.goals
    }
    contributions: dict[int, list[Goal]] = {}
    for goal in gathered.goals:
        for council_goal in goal.contributes_to.all():
            contributions.setdefault(council_goal.pk, []).append(goal)

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
        contributes_to = sorted(other.pk for other in goal.contributes_to.all())
        focus_area_ids = sorted(area.pk for area in goal.focus_areas.all())
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
                "period": str(assessment.followup.period),
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
            assessed_in=str(assessment.followup.period) if assessment is not None else "",
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
