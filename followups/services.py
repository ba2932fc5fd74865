"""Follow-ups: opening a period, saving a section, and the workflow.

Every function here is a write that spans several models; each runs in one
transaction and changes nothing when it refuses. The workflow is a small
table (``STEPS``): which permission a step needs (followups/rules.py decides
who holds it, state included), the state it leads to, and whom it tells.
Every step is recorded as a ``Transition``; emails are written to the outbox
in the same transaction and queued after it commits (followups/notifications.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history  # type: ignore[import-untyped]

from budgets.models import InvestmentArea, InvestmentBudget, OperatingBudget
from followups import completeness, duties, notifications
from followups.computations import explanation_required
from followups.models import (
    Assessment,
    AssignmentReport,
    FinancialOutcome,
    FollowUp,
    IndicatorValue,
    InvestmentOutcome,
    KeyEvents,
    Notification,
    Section,
    Transition,
)
from goals.models import Goal, Measurement
from planning.models import Assignment
from portal import bulk, publiccache
from portal.errors import Refused
from portal.models import Committee, ReportingPeriod, User

S = TypeVar("S", bound=Section)

logger = logging.getLogger("portal.fulfillment")


@dataclass(frozen=True)
class Change:
    """A field someone else saved since you opened the section: theirs next to yours."""

    name: str
    label: str
    theirs: Any
    yours: Any


class StaleSection(Refused):
    """Someone saved the section since the version the save was made from."""

    def __init__(self, message: str, *, current: Section, changes: list[Change]) -> None:
        super().__init__(message)
        self.current = current
        self.changes = changes


# --- Periods ----------------------------------------------------------------------

# Which measurement period a reporting period's indicator values are written to.
# A custom period (a tertial) has none: its values stay on the follow-up.
MEASUREMENT_PERIODS = {
    ReportingPeriod.Kind.Q1: Measurement.Period.Q1,
    ReportingPeriod.Kind.Q2: Measurement.Period.Q2,
    ReportingPeriod.Kind.Q3: Measurement.Period.Q3,
    ReportingPeriod.Kind.ANNUAL: Measurement.Period.YEAR,
}


def _latest_per_committee(rows: Iterable[tuple[int, int, Decimal]]) -> dict[int, Decimal]:
    """From (committee, document year, amount), the amount of the latest document per committee."""
    picked: dict[int, tuple[int, Decimal]] = {}
    for committee_id, document_year, amount in rows:
        if committee_id not in picked or document_year > picked[committee_id][0]:
            picked[committee_id] = (document_year, amount)
    return {committee_id: amount for committee_id, (_, amount) in picked.items()}


def period_open(*, period: ReportingPeriod, actor: User | None) -> list[FollowUp]:
    """Opens the period and creates the follow-ups that are missing.

    A follow-up is made for every active committee that has adopted goals in force in
    the period's year or an operating budget for it (a committee with a
    municipal grant reports on its money even without goals of its own). Each
    gets an assessment per goal, a value per indicator of those goals, and the
    financial, investment and key-event sections, a report per open assignment
    the committee owns (planning.Assignment; an owner with assignments reports
    too), with the budgets copied from
    the latest budget document that covers the year. Opening again creates
    only what is missing. Returns the follow-ups created.
    """
    with transaction.atomic():
        period.is_open = True
        period.save(update_fields=["is_open"])
        year = period.year
        goals = list(
            Goal.objects.filter(level=Goal.Level.COMMITTEE, committee__is_active=True)
            .adopted()  # a draft of a committee's plan joins when it is adopted (followups/planned.py)
            .for_year(year)
            .prefetch_related("indicators")
            .order_by("sort_order", "pk")
        )
        operating = _latest_per_committee(
            OperatingBudget.objects.filter(year=year, committee__is_active=True).values_list(
                "committee_id", "document__year", "amount"
            )
        )
        investment = _latest_per_committee(
            InvestmentBudget.objects.filter(
                year=year, area=InvestmentArea.COMMITTEE, committee__is_active=True
            ).values_list("committee_id", "document__year", "amount")
        )
        assignments = list(
            Assignment.objects.open().for_year(year).filter(owner__is_active=True).order_by("title", "pk")
        )
        reporting = {goal.committee_id for goal in goals} | set(operating) | {a.owner_id for a in assignments}
        existing = set(FollowUp.objects.filter(period=period).values_list("committee_id", flat=True))
        committees = Committee.objects.filter(pk__in=reporting - existing).order_by("sort_order", "name")
        created = FollowUp.objects.bulk_create([FollowUp(period=period, committee=c) for c in committees])

        assessments: list[Assessment] = []
        values: list[IndicatorValue] = []
        financial: list[FinancialOutcome] = []
        investments: list[InvestmentOutcome] = []
        events: list[KeyEvents] = []
        reports: list[AssignmentReport] = []
        for followup in created:
            reports.extend(
                AssignmentReport(followup=followup, assignment=a, status=a.status, comment=a.comment)
                for a in assignments
                if a.owner_id == followup.committee_id
            )
            for goal in (goal for goal in goals if goal.committee_id == followup.committee_id):
                assessments.append(Assessment(followup=followup, goal=goal))
                values.extend(IndicatorValue(followup=followup, indicator=i) for i in goal.indicators.all())
            financial.append(FinancialOutcome(followup=followup, budget=operating.get(followup.committee_id)))
            investments.append(InvestmentOutcome(followup=followup, budget=investment.get(followup.committee_id)))
            events.append(KeyEvents(followup=followup))
        for model, objects in (
            (Assessment, assessments),
            (IndicatorValue, values),
            (FinancialOutcome, financial),
            (InvestmentOutcome, investments),
            (KeyEvents, events),
            (AssignmentReport, reports),
        ):
            if objects:
                bulk_create_with_history(objects, model, default_user=actor)
        bulk.written(FollowUp, Assessment)  # bulk_create sends no post_save
    return created


def period_close(*, period: ReportingPeriod) -> None:
    """Closes the period: drafts can no longer be edited or submitted, and no reminders go out."""
    period.is_open = False
    period.save(update_fields=["is_open"])


# --- Sections ---------------------------------------------------------------------


def _lock_draft(followup_id: int, actor: User) -> FollowUp:
    """The follow-up, locked for the rest of the transaction; refused unless the actor may edit it now."""
    followup = FollowUp.objects.select_for_update().select_related("period").get(pk=followup_id)
    if not actor.has_perm("followups.edit_followup", followup):
        raise PermissionDenied("missing-permission perm=followups.edit_followup")
    return followup


def _changes_since(current: S, version: int, values: dict[str, Any]) -> list[Change]:
    """What the other person changed since ``version``, with what this save wanted for the same field.

    Compares with the revision the editor started from when history still has
    it; otherwise every field where the saved value differs from this save's.
    """
    started_from = current.history.filter(version=version).order_by("-history_date").first()  # type: ignore[attr-defined]
    changes = []
    for name in current.content_fields:
        theirs = getattr(current, name)
        yours = values.get(name, theirs)
        changed = getattr(started_from, name) != theirs if started_from is not None else theirs != yours
        if changed:
            label = field_label(type(current), name)
            changes.append(Change(name, label, theirs, yours))
    return changes


def field_label(model: type[models.Model], name: str) -> str:
    """A field's name as the forms show it: "Analys"."""
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def _stale_message() -> str:
    return _(
        "Någon annan har sparat det här avsnittet sedan du öppnade det. Jämför deras text med din nedan, "
        "ändra det som behövs och spara igen."
    )


def _save_locked(current: S, *, actor: User, values: dict[str, Any]) -> S:
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, values[name])
    current.version += 1
    current.updated_at = timezone.now()
    current.updated_by = actor
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


def section_save(*, section: S, actor: User, version: int, values: dict[str, Any]) -> S:
    """Saves one section of a draft follow-up and returns it as saved.

    ``version`` is the section's version the editor started from. Refused
    (nothing saved) with ``StaleSection`` when someone saved in between, and
    with PermissionDenied when the follow-up is no longer a draft the actor may
    edit. A save that changes nothing keeps the version and writes no history.
    """
    if set(values) - set(section.content_fields):
        raise ValueError(
            f"not content fields of {type(section).__name__}: {sorted(set(values) - set(section.content_fields))}"
        )
    with transaction.atomic():
        followup = _lock_draft(section.followup_id, actor)  # type: ignore[attr-defined]
        current = type(section)._default_manager.select_for_update().get(pk=section.pk)
        if current.version != version:
            raise StaleSection(_stale_message(), current=current, changes=_changes_since(current, version, values))
        if (
            isinstance(current, FinancialOutcome)
            and explanation_required(
                budget=current.budget,
                forecast=values.get("forecast", current.forecast),
                threshold_percent=followup.period.deviation_threshold_percent,
            )
            and not values.get("explanation", current.explanation).strip()
        ):
            raise Refused(_explanation_missing(followup.period))
        saved = _save_locked(current, actor=actor, values=values)
        if isinstance(saved, AssignmentReport):  # the assignment keeps its latest reported status, with history
            assignment = Assignment.objects.select_for_update().get(pk=saved.assignment_id)
            if (assignment.status, assignment.comment) != (saved.status, saved.comment):
                assignment.status, assignment.comment = saved.status, saved.comment
                assignment.status_changed_at = timezone.now()
                assignment._history_user = actor  # type: ignore[attr-defined]
                assignment.save()
        return saved


def indicator_values_save(
    *, followup: FollowUp, actor: User, rows: list[tuple[IndicatorValue, int, dict[str, Any]]]
) -> list[IndicatorValue]:
    """Saves the indicator values of a draft follow-up together: all of them, or (if one is stale) none.

    ``rows`` holds each value with the version the editor started from and the
    new values.
    """
    with transaction.atomic():
        _lock_draft(followup.pk, actor)
        currents = (
            IndicatorValue.objects.select_for_update(of=("self",))
            .select_related("indicator")
            .filter(followup=followup)
            .in_bulk([row.pk for row, _, _ in rows])
        )
        if len(currents) != len(rows):
            raise PermissionDenied("indicator value of another follow-up")
        changes: list[Change] = []
        stale: IndicatorValue | None = None
        for row, version, values in rows:
            current = currents[row.pk]
            if current.version != version:
                changes.extend(
                    Change(change.name, f"{current.indicator.name}: {change.label}", change.theirs, change.yours)
                    for change in _changes_since(current, version, values)
                )
                stale = current
        if changes and stale is not None:
            raise StaleSection(_stale_message(), current=stale, changes=changes)
        return [_save_locked(currents[row.pk], actor=actor, values=values) for row, _, values in rows]


def _explanation_missing(period: ReportingPeriod) -> str:
    return _(
        "Prognosen avviker från driftbudgeten med mer än %(threshold)s %%. Skriv en förklaring av avvikelsen "
        "och spara igen."
    ) % {"threshold": f"{period.deviation_threshold_percent.normalize():f}".replace(".", ",")}


def deviation_problems(financial: FinancialOutcome | None, period: ReportingPeriod) -> list[str]:
    """The economy's deviation beyond the period's threshold without an explanation, as a sentence; no
    queries. Unlike a gap, it cannot be explained away anywhere else."""
    if (
        financial is not None
        and explanation_required(
            budget=financial.budget, forecast=financial.forecast, threshold_percent=period.deviation_threshold_percent
        )
        and not financial.explanation.strip()
    ):
        return [_explanation_missing(period)]
    return []


def submit_problems(followup: FollowUp) -> list[str]:
    """What stops the follow-up from being submitted, as sentences that say what to do; empty if nothing.
    Four queries: the economy, then the gaps (followups/completeness.py)."""
    problems = deviation_problems(FinancialOutcome.objects.filter(followup=followup).first(), followup.period)
    missing = completeness.unexplained(completeness.gaps(followup))
    if missing:
        problems.append(completeness.refusal(missing))
    return problems


# --- The workflow -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    action: str
    perm: str
    to_state: str
    notify: str | None  # the Notification kind sent to those who act next


STEPS = {
    Transition.Action.SUBMIT: Step(
        Transition.Action.SUBMIT, "followups.submit_followup", FollowUp.State.SUBMITTED, Notification.Kind.SUBMITTED
    ),
    Transition.Action.APPROVE: Step(
        Transition.Action.APPROVE, "followups.approve_followup", FollowUp.State.APPROVED, Notification.Kind.APPROVED
    ),
    Transition.Action.RETURN: Step(
        Transition.Action.RETURN, "followups.return_followup", FollowUp.State.DRAFT, Notification.Kind.RETURNED
    ),
    Transition.Action.ACCEPT: Step(
        Transition.Action.ACCEPT, "followups.accept_followup", FollowUp.State.ACCEPTED, Notification.Kind.ACCEPTED
    ),
    Transition.Action.PUBLISH: Step(
        Transition.Action.PUBLISH, "followups.publish_followup", FollowUp.State.PUBLISHED, None
    ),
}


def _take_step(
    step: Step,
    *,
    followup: FollowUp,
    actor: User,
    version: int | None,
    comment: str = "",
    decision_reference: str = "",
) -> FollowUp:
    """Takes one step of the workflow under a lock on the follow-up and returns it as it now is.

    Refused with PermissionDenied when the actor may not take the step from the
    follow-up's present state, and with ``Refused`` when the page it was taken
    from was out of date (``version``) or the follow-up is not ready for it.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().select_related("period", "committee").get(pk=followup.pk)
        if version is not None and locked.version != version:
            raise Refused(
                _(
                    "Uppföljningen har ändrats sedan du öppnade sidan: den har nu status %(state)s. "
                    "Läs igenom den och försök igen om steget fortfarande behövs."
                )
                % {"state": locked.get_state_display().lower()}
            )
        if not actor.has_perm(step.perm, locked):
            raise PermissionDenied(f"missing-permission perm={step.perm} state={locked.state}")
        conflict = duties.conflict(locked, actor, step.action)
        if conflict:
            raise Refused(conflict)
        if step.action == Transition.Action.SUBMIT:
            problems = submit_problems(locked)
            if problems:
                raise Refused(" ".join(problems))
        from_state = locked.state
        locked.state = step.to_state
        locked.version += 1
        locked.state_changed_at = now
        if step.action == Transition.Action.APPROVE:
            locked.decision_reference = decision_reference
        elif step.action == Transition.Action.RETURN:
            locked.decision_reference = ""  # a returned follow-up must be approved again
        locked.save(update_fields=["state", "version", "state_changed_at", "decision_reference"])
        Transition.objects.create(
            followup=locked,
            action=step.action,
            from_state=from_state,
            to_state=step.to_state,
            actor=actor,
            at=now,
            comment=comment,
            decision_reference=decision_reference,
        )
        if step.action == Transition.Action.ACCEPT:
            _write_measurements(locked, actor=actor, at=now)
        if step.notify:
            notifications.notify(kind=step.notify, followup=locked, actor=actor, comment=comment)
    return locked


def _write_measurements(followup: FollowUp, *, actor: User, at: datetime.datetime) -> None:
    """The accepted follow-up's indicator values become measurements (basis outcome) of the period.

    One query pair per value: acceptance is one click, not a page. A custom
    period has no measurement period, so its values stay on the follow-up.
    """
    measurement_period = MEASUREMENT_PERIODS.get(ReportingPeriod.Kind(followup.period.kind))
    if measurement_period is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # stored data: in the portal's language, not the user's
        source = _("Uppföljning %(period)s, %(committee)s") % {
            "period": followup.period,
            "committee": followup.committee.abbreviation,
        }
    for value in IndicatorValue.objects.filter(followup=followup).exclude(value=None, reference_value=None):
        measurement, _created = Measurement.objects.get_or_create(
            indicator_id=value.indicator_id,
            year=followup.period.year,
            period=measurement_period,
            basis=Measurement.Basis.OUTCOME,
            defaults={"recorded_at": at, "recorded_by": actor},
        )
        measurement.value = value.value
        measurement.reference_value = value.reference_value
        measurement.source = source
        measurement.recorded_at = at
        measurement.recorded_by = actor
        measurement._history_user = actor  # type: ignore[attr-defined]
        measurement.save()
        IndicatorValue.objects.filter(pk=value.pk).update(measurement=measurement)


def followup_submit(*, followup: FollowUp, actor: User, version: int | None = None) -> FollowUp:
    """The reporter hands the draft in to the committee's approver."""
    return _take_step(STEPS[Transition.Action.SUBMIT], followup=followup, actor=actor, version=version)


def followup_approve(
    *, followup: FollowUp, actor: User, decision_reference: str, version: int | None = None
) -> FollowUp:
    """The committee's approver approves, with the committee's decision ("BUN 2026-04-22 § 45")."""
    decision_reference = decision_reference.strip()
    if not decision_reference:
        raise Refused(_("Ange nämndens beslut, till exempel BUN 2026-04-22 § 45, och godkänn igen."))
    return _take_step(
        STEPS[Transition.Action.APPROVE],
        followup=followup,
        actor=actor,
        version=version,
        decision_reference=decision_reference,
    )


def followup_return(*, followup: FollowUp, actor: User, comment: str, version: int | None = None) -> FollowUp:
    """Sends a submitted or approved follow-up back to draft, saying why."""
    comment = comment.strip()
    if not comment:
        raise Refused(_("Skriv vad som behöver ändras innan du skickar tillbaka uppföljningen."))
    return _take_step(STEPS[Transition.Action.RETURN], followup=followup, actor=actor, version=version, comment=comment)


def followup_accept(*, followup: FollowUp, actor: User, version: int | None = None) -> FollowUp:
    """The strategist accepts the approved follow-up; its indicator values become measurements."""
    return _take_step(STEPS[Transition.Action.ACCEPT], followup=followup, actor=actor, version=version)


def followup_publish(*, followup: FollowUp, actor: User, version: int | None = None) -> FollowUp:
    """The strategist publishes the accepted follow-up."""
    published = _take_step(STEPS[Transition.Action.PUBLISH], followup=followup, actor=actor, version=version)
    publiccache.bump()
    return published
