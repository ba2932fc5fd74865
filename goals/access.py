"""Fetching a follow-up or a reporting period for the user, as portal.access does for committees."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from goals.models import FollowUp, FulfillmentReport
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
    if not request.user.has_perm("goals.view_followup", followup):
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


def get_report_for_user(request: HttpRequest, pk: int, perm: str | None = None) -> FulfillmentReport:
    """The fulfillment report named in the URL, if the user may read it and (when given) holds ``perm`` on it.

    403 for users without any role (reports are no secret to them, the content is); 404 for a report
    that does not exist or a draft the user may not read; 403 for readers without ``perm``.
    """
    if not request.user.has_perm("goals.view_fulfillment_reports"):
        raise PermissionDenied("missing-permission perm=goals.view_fulfillment_reports")
    try:
        reports = FulfillmentReport.objects.select_related("as_of", "created_by", "published_by")
        report = reports.defer("inputs").get(pk=pk)  # the year's inputs: megabytes, read only when exported
    except FulfillmentReport.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("goals.view_fulfillment_report", report):
        log_refusal(request, "not-visible", report=report.pk)
        raise Http404
    if perm is not None and not request.user.has_perm(perm, report):
        raise PermissionDenied(f"missing-permission perm={perm} report={report.pk}")
    return report
