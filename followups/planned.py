"""A goal or indicator adopted while a period is open joins the committee's open follow-ups.

planning (below followups) sends ``planning.signals.adopted`` inside the
adopting transaction; this adds an assessment for the goal and a value per
adopted indicator to each draft follow-up of the committee in the open periods
of the goal's years, creates the follow-up if the committee had none, and tells
the committee's reporters (a notification in the outbox). A follow-up already
submitted is not changed: it holds what the committee decided on.
"""

from __future__ import annotations

from typing import Any

from simple_history.utils import bulk_create_with_history  # type: ignore[import-untyped]

from followups import notifications
from followups.models import Assessment, AssignmentReport, FollowUp, IndicatorValue, Notification
from followups.services import period_open
from goals.models import Goal, Indicator
from planning.models import Assignment
from portal import bulk
from portal.models import ReportingPeriod, User


def join_open_followups(*, goal: Goal, indicators: list[Indicator], actor: User | None) -> list[FollowUp]:
    """Adds what is missing of ``goal`` and ``indicators`` to the committee's draft follow-ups of open periods;
    returns the follow-ups that changed (each told to its reporters)."""
    if goal.committee_id is None:
        return []  # the council's goals are assessed in the annual report, not in a committee's follow-up
    periods = ReportingPeriod.objects.open().filter(year__gte=goal.first_year)
    if goal.last_year is not None:
        periods = periods.filter(year__lte=goal.last_year)
    changed: list[FollowUp] = []
    for period in periods.order_by("figures_date", "pk"):
        created = {f.pk for f in period_open(period=period, actor=actor) if f.committee_id == goal.committee_id}
        followup = (
            FollowUp.objects.select_for_update()
            .select_related("period", "committee")
            .filter(period=period, committee_id=goal.committee_id, state=FollowUp.State.DRAFT)
            .first()
        )
        if followup is None:
            continue
        if followup.pk not in created:
            has_goal = Assessment.objects.filter(followup=followup, goal=goal).exists()
            if not has_goal:
                bulk_create_with_history([Assessment(followup=followup, goal=goal)], Assessment, default_user=actor)
            present = set(
                IndicatorValue.objects.filter(followup=followup, indicator__in=indicators).values_list(
                    "indicator_id", flat=True
                )
            )
            missing = [IndicatorValue(followup=followup, indicator=i) for i in indicators if i.pk not in present]
            if missing:
                bulk_create_with_history(missing, IndicatorValue, default_user=actor)
            bulk.written(Assessment)
            if has_goal and not missing:
                continue
        notifications.notify(
            kind=Notification.Kind.PLAN_CHANGED,
            followup=followup,
            actor=actor,
            comment=", ".join([goal.title, *(i.name for i in indicators)]),
        )
        changed.append(followup)
    return changed


def on_adopted(sender: Any, *, goal: Goal, indicators: list[Indicator], actor: User | None, **kwargs: Any) -> None:
    join_open_followups(goal=goal, indicators=indicators, actor=actor)


def report_in_open_followups(*, assignment: Assignment, actor: User | None) -> list[FollowUp]:
    """Adds a report on a new assignment to the owner's draft follow-ups of open periods from its year on
    (creating the follow-up if the owner had none); returns the follow-ups that gained one."""
    changed: list[FollowUp] = []
    for period in ReportingPeriod.objects.open().filter(year__gte=assignment.year).order_by("figures_date", "pk"):
        period_open(period=period, actor=actor)  # creates the owner's follow-up, with the report, if it had none
        followup = FollowUp.objects.filter(
            period=period, committee_id=assignment.owner_id, state=FollowUp.State.DRAFT
        ).first()
        if followup is None or AssignmentReport.objects.filter(followup=followup, assignment=assignment).exists():
            if followup is not None:
                changed.append(followup)
            continue
        report = AssignmentReport(
            followup=followup, assignment=assignment, status=assignment.status, comment=assignment.comment
        )
        bulk_create_with_history([report], AssignmentReport, default_user=actor)
        changed.append(followup)
    return changed


def on_assigned(sender: Any, *, assignment: Assignment, actor: User | None, **kwargs: Any) -> None:
    report_in_open_followups(assignment=assignment, actor=actor)
