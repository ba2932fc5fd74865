"""Separation of duties: with the municipality's setting on (``Municipality.separation_of_duties``),
the person who submitted a follow-up cannot approve it, and the person who approved it cannot accept it,
whatever roles they hold. The rules (followups/rules.py) say who holds a role; this says who may not use it
on this follow-up. The read view leaves the step out and says why; the step view and the service refuse."""

from __future__ import annotations

from django.utils.translation import gettext as _

from followups.models import FollowUp, Transition
from portal.models import Membership, Municipality, Role, User

# The step that is refused -> the earlier step whose actor may not take it.
EARLIER = {Transition.Action.APPROVE: Transition.Action.SUBMIT, Transition.Action.ACCEPT: Transition.Action.APPROVE}


def required() -> bool:
    """Whether the municipality requires two people. One query."""
    return Municipality.objects.filter(separation_of_duties=True).exists()


def _others(followup: FollowUp, action: str, actor: User) -> list[str]:
    """The names of the others who hold the role the step needs, in name order."""
    if action == Transition.Action.APPROVE:
        users = User.objects.filter(
            memberships__committee_id=followup.committee_id,
            memberships__role=Membership.Role.APPROVER,
            memberships__committee__is_active=True,
        )
    else:
        users = User.objects.filter(groups__name=Role.STRATEGIST)
    users = users.filter(is_active=True).exclude(pk=actor.pk).distinct().order_by("first_name", "last_name", "pk")
    return [str(user) for user in users]


def conflict(followup: FollowUp, actor: User, action: str) -> str | None:
    """Why ``actor`` may not take ``action`` on ``followup`` under separation of duties, as a sentence that
    says who else must; None when the step is theirs to take (or the setting is off). Up to three queries."""
    earlier = EARLIER.get(Transition.Action(action))
    if earlier is None or not required():
        return None
    last = Transition.objects.filter(followup=followup, action=earlier).order_by("-at", "-pk").first()
    if last is None or last.actor_id != actor.pk:
        return None
    others = _others(followup, action, actor)
    names = ", ".join(others)
    if action == Transition.Action.APPROVE:
        if others:
            return _(
                "Kommunen kräver två personer: du lämnade in uppföljningen och kan därför inte godkänna den. "
                "Be en annan godkännare i %(committee)s (%(names)s) att godkänna den."
            ) % {"committee": followup.committee.abbreviation, "names": names}
        return _(
            "Kommunen kräver två personer: du lämnade in uppföljningen och kan därför inte godkänna den, och "
            "%(committee)s har ingen annan godkännare. Be en administratör att ge någon annan rollen godkännare "
            "i %(committee)s."
        ) % {"committee": followup.committee.abbreviation}
    if others:
        return _(
            "Kommunen kräver två personer: du godkände uppföljningen och kan därför inte acceptera den. "
            "Be en annan strateg (%(names)s) att acceptera den."
        ) % {"names": names}
    return _(
        "Kommunen kräver två personer: du godkände uppföljningen och kan därför inte acceptera den, och det "
        "finns ingen annan strateg. Be en administratör att ge någon annan rollen strateg."
    )
