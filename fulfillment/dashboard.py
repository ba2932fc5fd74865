"""The goal cascade's panels on Min sida: the strategist's period overview and gaps, the manager's committees.

Managers hold no committee membership, so "their" committees are all active committees, each with how
its goals are doing this year.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from followups.models import FollowUp
from fulfillment import cascade
from fulfillment.models import FulfillmentReport
from goals.status import Status
from portal.access import roles_for
from portal.models import Committee, ReportingPeriod, Role, User


def period_overview(request: HttpRequest) -> dict[str, Any] | None:
    """The strategist's open periods with their follow-ups by state, and the year's gaps. Two queries
    for the periods and the counts, five for the gaps (fulfillment.cascade.find_gaps); none for other roles."""
    if not roles_for(request.user).has(Role.STRATEGIST):
        return None
    assert isinstance(request.user, User)
    today = timezone.localdate()
    periods = list(ReportingPeriod.objects.open().order_by("figures_date", "pk"))
    counts: dict[int, dict[str, int]] = {}
    for row in (
        FollowUp.objects.filter(period__in=periods).values("period_id", "state").annotate(count=Count("pk")).order_by()
    ):
        counts.setdefault(row["period_id"], {})[row["state"]] = row["count"]
    rows = [
        {
            "period": period,
            "states": [(label, counts.get(period.pk, {}).get(value, 0)) for value, label in FollowUp.State.choices],
            "overdue": period.is_past_deadline(today) and counts.get(period.pk, {}).get(FollowUp.State.DRAFT, 0),
        }
        for period in periods
    ]
    return {
        "periods": rows,
        "gaps": cascade.find_gaps(year=today.year, user=request.user, today=today),
        "year": today.year,
    }


def committees_overview(request: HttpRequest) -> dict[str, Any] | None:
    """Every active committee with how many of its goals are in each status this year: the committee
    list, then fulfillment.cascade.load_statuses (a fixed number of queries); nothing for other roles."""
    if not roles_for(request.user).has(Role.MANAGER):
        return None
    assert isinstance(request.user, User)
    year = timezone.localdate().year
    periods = list(ReportingPeriod.objects.for_year(year))
    statuses = cascade.load_statuses(user=request.user, year=year, period=None, periods=periods)
    committees = list(Committee.objects.active().order_by("sort_order", "name"))
    return {
        "year": year,
        "statuses": [(value, label) for value, label in Status.choices],
        "committees": [
            {"committee": committee, "counts": list(cascade.status_summary(statuses, committee.name).values())}
            for committee in committees
        ],
    }


LATEST_REPORTS = 3


def latest_reports(request: HttpRequest) -> dict[str, Any] | None:
    """The latest fulfillment reports the user may read (drafts too, for internal readers): one query;
    none for users without a role."""
    if not request.user.has_perm("fulfillment.view_fulfillment_reports"):
        return None
    assert isinstance(request.user, User)
    reports = list(
        FulfillmentReport.objects.for_user(request.user)
        .select_related("as_of")
        .defer("inputs")
        .order_by("-year", "-version", "-pk")[:LATEST_REPORTS]
    )
    return {"reports": reports}
