"""A follow-up's timeline for its read view and PDF: the workflow's steps and every change of a section's
content (django-simple-history keeps the rows; ``computations.build_timeline`` merges them), newest first."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from followups import services
from followups.computations import Revision, TimelineEntry, build_timeline
from followups.models import (
    Assessment,
    FinancialOutcome,
    FollowUp,
    IndicatorValue,
    InvestmentOutcome,
    KeyEvents,
    Section,
    Transition,
)


def followup_timeline(
    transitions: list[Transition], followup: FollowUp, assessments: list[Assessment], values: list[IndicatorValue]
) -> list[TimelineEntry]:
    """Transitions and content changes, newest first: five queries (the sections' histories)."""
    steps = [
        TimelineEntry(
            at=t.at,
            who=str(t.actor),
            is_transition=True,
            title=f"{t.get_action_display()}: {t.get_from_state_display()} → {t.get_to_state_display()}",
            detail=t.comment or t.decision_reference,
        )
        for t in transitions
    ]
    goal_titles = {a.goal_id: a.goal.title for a in assessments}
    indicator_names = {v.indicator_id: v.indicator.name for v in values}
    revisions: list[Revision] = []
    labels: dict[str, str] = {}
    sources: list[tuple[type[Section], Any]] = [
        (Assessment, lambda h: _("Bedömning: %(goal)s") % {"goal": goal_titles.get(h.goal_id, "")}),
        (IndicatorValue, lambda h: _("Indikatorvärde: %(name)s") % {"name": indicator_names.get(h.indicator_id, "")}),
        (FinancialOutcome, lambda h: _("Ekonomiskt utfall")),
        (InvestmentOutcome, lambda h: _("Investeringar")),
        (KeyEvents, lambda h: _("Väsentliga händelser")),
    ]
    for model, name in sources:
        for field in model.content_fields:
            labels[field] = services.field_label(model, field)
        for record in model.history.filter(followup_id=followup.pk).select_related("history_user"):  # type: ignore[attr-defined]
            revisions.append(
                Revision(
                    section=name(record),
                    object_key=(model.__name__, record.id),
                    at=record.history_date,
                    who=str(record.history_user or _("okänd")),
                    kind=record.history_type,
                    values={field: getattr(record, field) for field in model.content_fields},
                )
            )
    return build_timeline(steps, revisions, labels)
