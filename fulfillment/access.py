"""Fetching a fulfillment report for the user, as portal.access does for committees."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from fulfillment.models import FulfillmentReport
from portal.access import log_refusal


def get_report_for_user(request: HttpRequest, pk: int, perm: str | None = None) -> FulfillmentReport:
    """The fulfillment report named in the URL, if the user may read it and (when given) holds ``perm`` on it.

    403 for users without any role (reports are no secret to them, the content is); 404 for a report
    that does not exist or a draft the user may not read; 403 for readers without ``perm``.
    """
    if not request.user.has_perm("fulfillment.view_fulfillment_reports"):
        raise PermissionDenied("missing-permission perm=fulfillment.view_fulfillment_reports")
    try:
        reports = FulfillmentReport.objects.select_related("as_of", "created_by", "published_by")
        report = reports.defer("inputs").get(pk=pk)  # the year's inputs: megabytes, read only when exported
    except FulfillmentReport.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("fulfillment.view_fulfillment_report", report):
        log_refusal(request, "not-visible", report=report.pk)
        raise Http404
    if perm is not None and not request.user.has_perm(perm, report):
        raise PermissionDenied(f"missing-permission perm={perm} report={report.pk}")
    return report
