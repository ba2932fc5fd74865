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
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from budgets.ratios import Ratio
from fulfillment.gathering import (
    BUDGET_RATIO,
    LATEST_PUBLISHED,
    LOOKBACK_YEARS,
    AssessmentRow,
    Figure,
    Gathered,
    GoalRow,
    IndicatorRow,
    gather,
)
from fulfillment.judging import (
    BASIS_ORDER,
    Basis,
    Evidence,
    IndicatorInput,
    MajorityCounting,
    Result,
    _,
    assess_indicator,
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
from goals.models import Goal, Measurement, Target
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


OUTCOME, FORECAST, BUDGET = (str(basis.value) for basis in Measurement.Basis)
WHOLE_YEAR = str(Measurement.Period.YEAR.value)
NOT_FASTER_THAN = str(Target.Comparator.NOT_FASTER_THAN.value)


def _figure(measurement: Figure, gathered: Gathered) -> dict[str, Any]:
    return {
        "value": _number(gathered.value_of(measurement.value)),
        "reference_value": _number(gathered.reference_of(measurement.reference_value)),
        "period": measurement.period,
        "source": measurement.source,
    }


@lru_cache(maxsize=64)
def _ended(year: int, cutoff: datetime.date) -> dict[str, bool]:
    """Whether each measurement period of ``year`` has ended by ``cutoff``."""
    return {period: _period_end(year, period) <= cutoff for period in PERIOD_ENDS}


def _best(candidates: dict[str, Decimal | None]) -> tuple[str | None, Decimal | None]:
    """``best_evidence``'s basis and value (outcome before forecast before budget), without an Evidence."""
    for basis in BASIS_ORDER:
        value = candidates.get(basis)
        if value is not None:
            return basis, value
    return None, None


@dataclass(frozen=True)
class _IndicatorEvidence:
    evidence: Evidence
    inputs: dict[str, Any]


def _evidence_for(
    indicator: IndicatorRow,
    *,
    committee_id: int | None,
    year: int,
    cutoff: datetime.date,
    gathered: Gathered,
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
    # The latest figure of each basis among the periods of value_year ended by the cutoff (the first of equals).
    # A committee's forecast counts once its follow-up for the period is accepted; the council's own as entered.
    ended = _ended(value_year, cutoff)
    accepted = gathered.accepted_followups
    latest: dict[str, tuple[int, Figure]] = {}
    for row in rows:
        if row.year != value_year or not ended[row.period] or row.value is None:
            continue
        basis = row.basis
        if basis == FORECAST and committee_id is not None and (committee_id, row.period) not in accepted:
            continue
        rank = _period_rank(row.period)
        best = latest.get(basis)
        if best is None or rank > best[0]:
            latest[basis] = (rank, row)
    chosen: dict[str, Figure] = {basis: latest[basis][1] for basis in BASIS_ORDER if basis in latest}

    value_of = gathered.value_of
    candidates: dict[str, Decimal | None] = {basis: value_of(row.value) for basis, row in chosen.items()}
    inputs: dict[str, Any] = {
        "candidates": {basis: _figure(row, gathered) for basis, row in chosen.items()},
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

    previous_basis, previous_value = _best(
        {
            row.basis: value_of(row.value)
            for row in rows
            if row.year == value_year - 1 and row.period == WHOLE_YEAR and row.value is not None
        }
    )  # outcome before forecast before budget
    best_basis, best_value = _best(candidates)
    if lagging and best_value is None and not missing:
        missing = _("inget utfall publicerat för %(first)d–%(last)d") % {"first": year - LOOKBACK_YEARS, "last": year}
    reference_value = None
    if best_basis in chosen:
        reference_value = gathered.reference_of(chosen[best_basis].reference_value)
    inputs["previous"] = (
        {"value": _number(previous_value), "basis": previous_basis} if previous_value is not None else None
    )
    evidence = Evidence(
        year=value_year,
        value=best_value,
        basis=best_basis,
        reference_value=reference_value,
        previous=previous_value,
        missing="" if best_value is not None else missing or _("värde för %(year)d saknas") % {"year": year},
        latest_published=value_year != year,
    )
    source = chosen[best_basis].source if best_basis in chosen else ""
    if not source and best_basis == Basis.BUDGET and gathered.document is not None:
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
    goal: GoalRow, *, year: int, cutoff: datetime.date, gathered: Gathered
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


def _assessment_result(assessment: AssessmentRow | None) -> Result:
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
    gathered = gather(year, as_of)
    cutoff = as_of.figures_date if as_of is not None else datetime.date(year, 12, 31)

    indicators_by_goal = {
        goal.pk: _assess_goal_indicators(goal, year=year, cutoff=cutoff, gathered=gathered) for goal in gathered.goals
    }
    contributions: dict[int, list[GoalRow]] = {}
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
            "committee": goal.committee,
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
            committee=goal.committee,
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
