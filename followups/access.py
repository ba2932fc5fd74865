"""Fetching a follow-up or a reporting period for the user, as portal.access does for committees."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from followups.models import FollowUp
from portal.access import log_refusal
from portal.models import ReportingPeriod


def get_followup_for_user(
    request: HttpRequest, pk: int, perm: str | None = None, queryset: QuerySet[FollowUp] | None = None
) -> FollowUp:
    """The follow-up named in the URL, if the user may read it and (when given) holds ``perm`` on it.

    Outsiders and members of other committees get 404 (they learn nothing
    about what exists); readers who may not take the step get 403.
    """
    queryset = queryset if queryset is not None else FollowUp.objects.all()
    try:
        followup = queryset.select_related("committee", "period").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("followups.view_followup", followup):
        log_refusal(request, "not-visible", followup=followup.pk)
        raise Http404
    if perm is not None and not request.user.has_perm(perm, followup):
        raise PermissionDenied(f"missing-permission perm={perm} followup={followup.pk} state={followup.state}")
    return followup


def get_period_for_user(request: HttpRequest, pk: int, perm: str) -> ReportingPeriod:
    """The reporting period named in the URL; 403 without ``perm`` (periods are no secret to any role), 404 if none."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(f"missing-permission perm={perm}")
    try:
        return ReportingPeriod.objects.get(pk=pk)
    except ReportingPeriod.DoesNotExist:
        raise Http404 from None
