"""The "Mina uppföljningar" panel on Min sida: what waits for the user's next step."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followups.models import FollowUp, Transition
from portal.access import roles_for
from portal.models import Role

RECENT = 12  # how many of the committees' follow-ups Min sida lists besides those waiting


def my_followups(request: HttpRequest) -> dict[str, Any] | None:
    """Two queries (what waits, the committees' latest), none for users whose roles never wait for one."""
    role_set = roles_for(request.user)
    can_view_periods = request.user.has_perm("followups.view_periods")
    waiting = FollowUp.objects.waiting_for(role_set)
    if not role_set.committee_roles and not can_view_periods:
        return None
    today = timezone.localdate()
    todo = {
        FollowUp.State.DRAFT: _("Fyll i och lämna in"),
        FollowUp.State.SUBMITTED: _("Godkänn eller skicka tillbaka"),
        FollowUp.State.APPROVED: _("Acceptera eller skicka tillbaka"),
        FollowUp.State.ACCEPTED: _("Publicera"),
    }
    # The last step's action and comment ride along in the same query: a draft sent back shows why.
    last_step = Transition.objects.filter(followup=OuterRef("pk")).order_by("-at", "-pk")
    waiting = waiting.annotate(
        last_action=Subquery(last_step.values("action")[:1]), last_comment=Subquery(last_step.values("comment")[:1])
    )
    items: list[dict[str, Any]] = []
    for followup in waiting.select_related("committee", "period").order_by("period__deadline", "committee__sort_order"):
        view = "followups:followup_edit" if followup.is_draft else "followups:followup_detail"
        items.append(
            {
                "followup": followup,
                "overdue": followup.is_overdue(today),
                "todo": todo.get(FollowUp.State(followup.state), ""),
                "url": reverse(view, args=[followup.pk]),
                "returned_comment": followup.last_comment  # type: ignore[attr-defined]
                if followup.is_draft and followup.last_action == Transition.Action.RETURN  # type: ignore[attr-defined]
                else "",
            }
        )
    # Every follow-up of the user's committees, in any state: a handled one stays in sight (one query).
    waiting_ids = {item["followup"].pk for item in items}
    committee_ids = list(role_set.committee_roles)
    handled = [
        followup
        for followup in FollowUp.objects.filter(committee_id__in=committee_ids)
        .select_related("committee", "period")
        .order_by("-period__figures_date", "committee__sort_order")[:RECENT]
        if followup.pk not in waiting_ids
    ]
    return {"followups": items, "handled": handled, "can_view_periods": can_view_periods}


def up_for_decision(request: HttpRequest) -> dict[str, Any] | None:
    """For elected members: the follow-ups handed in and waiting for their committee's decision, each with
    its PDF to read before the meeting. One query; none for other roles."""
    if not roles_for(request.user).has(Role.VIEWER):
        return None
    waiting = (
        FollowUp.objects.filter(state=FollowUp.State.SUBMITTED)
        .select_related("committee", "period")
        .order_by("committee__sort_order", "period__figures_date")
    )
    return {"followups": list(waiting)}
