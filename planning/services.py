"""The writes of planning: adopting a goal or an indicator, and setting a target.

Each runs in one transaction and changes nothing when it refuses. Adopting
records an ``Adoption`` and sends ``planning.signals.adopted`` in the same
transaction, so the open follow-ups gain the goal exactly when it is adopted.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from goals.models import Goal, Indicator, Measurement, Target
from planning import signals
from planning.models import Adoption, PeriodTarget
from portal.errors import Refused
from portal.models import Committee, User


def deciding_committee(goal_committee: Committee | None) -> Committee | None:
    """Whose decision adopts the plan: the committee's own, or for the council's plan the council
    (a committee of kind council), if the portal knows it."""
    if goal_committee is not None:
        return goal_committee
    return Committee.objects.active().filter(kind=Committee.Kind.COUNCIL).order_by("sort_order").first()


def decision_problem(goal_committee: Committee | None, reference: str) -> str | None:
    """Why ``reference`` is not a decision that can adopt the plan, as a sentence that says what to write;
    None when it is one. The committee's own check (the one the follow-up's approval uses)."""
    text = " ".join(reference.split())
    if not text:
        return _("Ange beslutet, till exempel BUN 2026-04-22 § 45, och anta igen.")
    committee = deciding_committee(goal_committee)
    return committee.decision_reference_problem(text) if committee is not None else None


def _lock_goal(goal_id: int) -> Goal:
    return Goal.objects.select_for_update(of=("self",)).select_related("committee").get(pk=goal_id)


def goal_adopt(*, goal: Goal, actor: User, decision_reference: str) -> Goal:
    """Adopts a draft goal with its indicators; refused when it is adopted already or the decision is not one
    of the committee's."""
    with transaction.atomic():
        locked = _lock_goal(goal.pk)
        if not actor.has_perm("planning.adopt_plan", locked.committee):
            raise PermissionDenied("missing-permission perm=planning.adopt_plan")
        if locked.status == Goal.Status.ADOPTED:
            raise Refused(_("Målet är redan antaget. Ladda om sidan för att se det som det är nu."))
        problem = decision_problem(locked.committee, decision_reference)
        if problem:
            raise Refused(problem)
        reference = " ".join(decision_reference.split())
        locked.status = Goal.Status.ADOPTED
        locked.save(update_fields=["status"])
        Adoption.objects.create(goal=locked, decision_reference=reference, actor=actor)
        indicators = list(locked.indicators.order_by("sort_order", "pk"))
        signals.adopted.send(sender=Goal, goal=locked, indicators=indicators, actor=actor)
    return locked


def indicator_add(*, goal: Goal, indicator: Indicator, actor: User, decision_reference: str = "") -> Indicator:
    """Adds an indicator to a goal. To a draft: whoever drafts the plan. To an adopted goal: whoever adopts it,
    with the decision that adds it; it then joins the open follow-ups at once."""
    with transaction.atomic():
        locked = _lock_goal(goal.pk)
        if locked.status == Goal.Status.DRAFT:
            if not actor.has_perm("planning.draft_plan", locked.committee):
                raise PermissionDenied("missing-permission perm=planning.draft_plan")
            indicator.goal = locked
            indicator.save()
            return indicator
        if not actor.has_perm("planning.adopt_plan", locked.committee):
            raise PermissionDenied("missing-permission perm=planning.adopt_plan")
        problem = decision_problem(locked.committee, decision_reference)
        if problem:
            raise Refused(problem)
        indicator.goal = locked
        indicator.save()
        Adoption.objects.create(
            goal=locked, indicator=indicator, decision_reference=" ".join(decision_reference.split()), actor=actor
        )
        signals.adopted.send(sender=Indicator, goal=locked, indicators=[indicator], actor=actor)
    return indicator


def may_change(user: User, goal: Goal) -> bool:
    """A goal's text, indicators and targets change while it is a draft, by those who draft its plan."""
    return goal.status == Goal.Status.DRAFT and user.has_perm("planning.draft_plan", goal.committee)


def target_set(
    *, indicator: Indicator, actor: User, year: int, period: str, comparator: str, value: Decimal
) -> Target | PeriodTarget:
    """Sets the indicator's target for the year (``period`` "year") or for a quarter of it, replacing one set before."""
    with transaction.atomic():
        goal = _lock_goal(indicator.goal_id)
        if not may_change(actor, goal):
            raise PermissionDenied("missing-permission perm=planning.draft_plan")
        if period == Measurement.Period.YEAR:
            target, _created = Target.objects.update_or_create(
                indicator=indicator,
                year=year,
                defaults={
                    "comparator": comparator,
                    "value": value,
                    "reference_indicator": None,
                    "reference_description": "",
                },
            )
            return target
        period_target, _created = PeriodTarget.objects.update_or_create(
            indicator=indicator, year=year, period=period, defaults={"comparator": comparator, "value": value}
        )
        return period_target
