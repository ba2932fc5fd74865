"""The evidence trail of one goal's assessment in a fulfillment report: everything that reached it.

``goal_evidence(row)`` gathers, for a goal's row (``ReportRow`` of kind goal): the status and its sentence
as the report keeps them, the rule applied, every indicator's value with its basis, source and fetch date
(Kolada's fetches of it for the year, the measurements as recorded), the committee's follow-up texts
with every step of the follow-ups (who, when, the decision reference), the decisions that adopted the goal,
and the history of the goal, its indicators and targets. The result is plain JSON-able data, so that the
page, the JSON file in the package and a test read the same thing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from followups.models import Assessment, FollowUp, Transition
from fulfillment.judging import basis_label
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Goal, Indicator, Measurement, Target
from goals.status import GoalRule
from goals.status import Status as FulfillmentStatus
from kolada.models import FetchChange, KoladaBinding
from planning.models import Adoption

FOLLOWED_STATES = (FollowUp.State.ACCEPTED, FollowUp.State.PUBLISHED)


def rule_sentence(rule: str) -> str:
    """How a goal's status follows from its evidence, in words (fulfillment/judging.py)."""
    sentences = {
        GoalRule.INDICATORS: _(
            "Från indikatorerna: alla uppfyllda ger uppfyllt, någon uppfylld eller delvis uppfylld ger delvis "
            "uppfyllt, ingen bedömd ger ej bedömt, annars ej uppfyllt. Ett värde väljs i ordningen utfall, "
            "prognos, budget, och statusen är aldrig säkrare än det svagaste underlaget."
        ),
        GoalRule.MAJORITY: _(
            "Majoritet av indikatorerna: uppfyllt när fler än hälften av indikatorerna är uppfyllda; avgörs först "
            "när de som inte är bedömda inte längre kan ändra utfallet."
        ),
        GoalRule.CASCADE: _(
            "Från de mål som bidrar till det: statusen räknas fram ur de bidragande nämndmålens statusar, på samma "
            "sätt som från indikatorerna."
        ),
        GoalRule.ASSESSMENT: _(
            "Nämndens bedömning: statusen är nämndens egen bedömning i den senaste accepterade uppföljningen."
        ),
    }
    return str(sentences.get(rule, rule))  # type: ignore[call-overload]


def _person(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _status(status: str) -> str:
    return str(FulfillmentStatus(status).label) if status in FulfillmentStatus.values else status


def _history(model: Any, **lookup: Any) -> list[dict[str, Any]]:
    """A simple_history trail: when, who, what kind of change, and which fields changed from the previous."""
    records = list(model.history.filter(**lookup).select_related("history_user").order_by("history_date", "pk"))
    trail = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        changed = [] if before is None else [change.field for change in record.diff_against(before).changes]
        trail.append(
            {
                "id": record.id,
                "at": _when(record.history_date),
                "by": _person(record.history_user),
                "change": {"+": _("skapad"), "~": _("ändrad"), "-": _("borttagen")}.get(record.history_type, ""),
                "fields": changed,
                "reason": record.history_change_reason or "",
            }
        )
        previous[record.id] = record
    return trail


def _indicators(report: FulfillmentReport, row: ReportRow) -> list[dict[str, Any]]:
    rows = ReportRow.objects.filter(
        report=report, generation=report.generation, kind=ReportRow.Kind.INDICATOR, parent_id=row.subject_id
    ).order_by("position")
    indicator_rows = list(rows)
    ids = [item.subject_id for item in indicator_rows]
    bindings = {b.indicator_id: b for b in KoladaBinding.objects.filter(indicator_id__in=ids)}
    fetches: dict[int, list[dict[str, Any]]] = {}
    for change in (
        FetchChange.objects.filter(indicator_id__in=ids, year__in=[report.year - 1, report.year])
        .select_related("run")
        .order_by("run__created_at", "pk")
    ):
        fetches.setdefault(change.indicator_id, []).append(
            {
                "run": change.run_id,
                "kpi_id": change.kpi_id,
                "year": change.year,
                "kind": change.get_kind_display(),
                "trigger": change.run.get_trigger_display(),
                "fetched_at": _when(change.run.finished_at or change.run.started_at or change.run.created_at),
                "old_value": _number(change.old_value),
                "new_value": _number(change.new_value),
            }
        )
    measurements: dict[int, list[dict[str, Any]]] = {}
    for measurement in (
        Measurement.objects.filter(indicator_id__in=ids, year__in=[report.year - 1, report.year])
        .select_related("recorded_by")
        .order_by("year", "period", "basis", "pk")
    ):
        measurements.setdefault(measurement.indicator_id, []).append(
            {
                "year": measurement.year,
                "period": measurement.get_period_display(),
                "basis": measurement.get_basis_display(),
                "value": _number(measurement.value),
                "reference_value": _number(measurement.reference_value),
                "source": measurement.source or _("inmatat för hand"),
                "recorded_at": _when(measurement.recorded_at),
                "recorded_by": _person(measurement.recorded_by),
            }
        )
    result = []
    for item in indicator_rows:
        inputs = item.inputs
        binding = bindings.get(item.subject_id)
        result.append(
            {
                "id": item.subject_id,
                "name": item.title,
                "status": _status(item.status),
                "explanation": item.explanation,
                "target": inputs.get("target_text", ""),
                "value": inputs.get("value"),
                "unit": inputs.get("unit", ""),
                "value_year": inputs.get("value_year"),
                "basis": basis_label(inputs.get("basis")),
                "source": inputs.get("value_source") or (_("inmatat för hand") if inputs.get("value") else ""),
                "missing": inputs.get("missing", ""),
                "kolada": None
                if binding is None
                else {
                    "kpi_id": binding.kpi_id,
                    "comparison": binding.comparison_label,
                    "fetches": fetches.get(item.subject_id, []),
                },
                "ratio": inputs.get("ratio"),
                "candidates": inputs.get("candidates", {}),
                "measurements": measurements.get(item.subject_id, []),
            }
        )
    return result


def _followups(report: FulfillmentReport, goal_id: int) -> list[dict[str, Any]]:
    """The follow-ups of the report's year that assess the goal, with their texts and every step."""
    assessments = list(
        Assessment.objects.filter(goal_id=goal_id, followup__period__year=report.year)
        .select_related("followup__period", "followup__committee", "updated_by")
        .order_by("followup__period__figures_date", "pk")
    )
    steps: dict[int, list[dict[str, Any]]] = {}
    followup_ids = [assessment.followup_id for assessment in assessments]
    for transition in Transition.objects.filter(followup_id__in=followup_ids).select_related("actor"):
        steps.setdefault(transition.followup_id, []).append(
            {
                "action": transition.get_action_display(),
                "from": transition.get_from_state_display(),
                "to": transition.get_to_state_display(),
                "by": _person(transition.actor),
                "at": _when(transition.at),
                "decision_reference": transition.decision_reference,
                "comment": transition.comment,
            }
        )
    history: dict[int, list[dict[str, Any]]] = {}
    for record in _history(Assessment, id__in=[a.pk for a in assessments]):
        history.setdefault(record["id"], []).append(record)
    return [
        {
            "followup": assessment.followup_id,
            "period": str(assessment.followup.period),
            "committee": str(assessment.followup.committee),
            "state": assessment.followup.get_state_display(),
            "counted": assessment.followup.state in FOLLOWED_STATES,
            "decision_reference": assessment.followup.decision_reference,
            "status": _status(assessment.status) if assessment.status else "",
            "forecast_status": _status(assessment.forecast_status) if assessment.forecast_status else "",
            "analysis": assessment.analysis,
            "measures": assessment.measures,
            "updated_at": _when(assessment.updated_at),
            "updated_by": _person(assessment.updated_by),
            "steps": steps.get(assessment.followup_id, []),
            "history": history.get(assessment.pk, []),
        }
        for assessment in assessments
    ]


def goal_evidence(row: ReportRow, report: FulfillmentReport) -> dict[str, Any]:
    """The evidence trail of the goal's assessment. About a dozen queries, whatever the goal's size."""
    goal_id = row.subject_id
    indicator_ids = list(Indicator.objects.filter(goal_id=goal_id).values_list("pk", flat=True))
    adoptions = [
        {
            "what": _("indikatorn %(name)s") % {"name": adoption.indicator} if adoption.indicator_id else _("målet"),
            "decision_reference": adoption.decision_reference,
            "by": _person(adoption.actor),
            "at": _when(adoption.at),
        }
        for adoption in Adoption.objects.filter(goal_id=goal_id).select_related("actor", "indicator")
    ]
    assessed_in = row.inputs.get("assessment") or None
    contributing = ReportRow.objects.filter(
        report=report,
        generation=report.generation,
        kind=ReportRow.Kind.GOAL,
        subject_id__in=row.inputs.get("contributions") or [],
    ).order_by("position")
    return {
        "report": {
            "id": report.pk,
            "title": str(report),
            "year": report.year,
            "version": report.version,
            "state": report.get_state_display(),
            "compiled_at": _when(report.compiled_at),
            "published_at": _when(report.published_at),
            "published_by": _person(report.published_by),
            "inputs_digest": report.inputs_digest,
        },
        "goal": {
            "id": goal_id,
            "title": row.title,
            "committee": row.committee or _("Kommunfullmäktige"),
            "status": _status(row.status),
            "explanation": row.explanation,
            "basis": row.basis_label,
            "assessed_status": _status(row.assessed_status) if row.assessed_status else "",
            "assessed_in": row.inputs.get("assessed_in", ""),
            "counted_followup": assessed_in.get("followup") if isinstance(assessed_in, dict) else None,
            "difference": row.difference,
        },
        "rule": {
            "key": row.rule,
            "name": str(GoalRule(row.rule).label) if row.rule in GoalRule.values else row.rule,
            "explanation": rule_sentence(row.rule),
            "contributions": [
                {
                    "id": other.subject_id,
                    "title": other.title,
                    "committee": other.committee,
                    "status": _status(other.status),
                }
                for other in contributing
            ],
        },
        "indicators": _indicators(report, row),
        "followups": _followups(report, goal_id),
        "decisions": adoptions,
        "history": {
            "goal": _history(Goal, id=goal_id),
            "indicators": _history(Indicator, id__in=indicator_ids),
            "targets": _history(Target, indicator_id__in=indicator_ids),
        },
    }
