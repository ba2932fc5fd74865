"""The strategist's reporting periods: the list, creating and changing one, the committee-by-status
overview, opening (which makes the committees' follow-ups), closing, and the Excel export.

Access: ``followups.access.get_period_for_user`` (404 for outsiders, 403 for readers without the rule).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followups import services
from followups.access import get_period_for_user
from followups.forms import (
    PeriodForm,
)
from followups.models import Assessment, FollowUp
from followups.spreadsheet import period_workbook
from goals.status import Status
from portal import publiccache
from portal.access import request_user, require_perm
from portal.models import ReportingPeriod


@require_GET
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "followups.view_periods")
    periods = ReportingPeriod.objects.order_by("-year", "-figures_date", "-pk")
    return render(request, "followups/period_list.html", {"periods": periods})


@require_http_methods(["GET", "POST"])
@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "followups.manage_periods")
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = form.save()
        messages.success(
            request,
            _("Perioden %(period)s är skapad. Öppna den när nämnderna ska börja rapportera.") % {"period": period},
        )
        return redirect("followups:period_overview", period.pk)
    return render(request, "followups/period_form.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def period_edit(request: HttpRequest, period: int) -> HttpResponse:
    obj = get_period_for_user(request, period, "followups.manage_periods")
    form = PeriodForm(request.POST or None, instance=obj)
    published = obj.has_published_followups()
    if request.method == "POST" and form.is_valid():
        form.save()
        if published:
            publiccache.bump()  # the public pages name the period: a corrected label shows at once
        messages.success(request, _("Perioden är sparad."))
        return redirect("followups:period_overview", obj.pk)
    return render(
        request,
        "followups/period_form.html",
        {"form": form, "period": obj, "published": published},
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
@never_cache
def period_overview(request: HttpRequest, period: int) -> HttpResponse:
    """The committee-by-status grid of a period; overdue drafts are marked. Two queries besides the page's own."""
    obj = get_period_for_user(request, period, "followups.view_periods")
    followups = list(
        FollowUp.objects.filter(period=obj)
        .select_related("committee")
        .order_by("committee__sort_order", "committee__name")
    )
    today = timezone.localdate()
    rows = [(followup, followup.is_draft and obj.is_past_deadline(today)) for followup in followups]
    counts = {state: sum(1 for f in followups if f.state == state) for state in FollowUp.State.values}
    return render(
        request,
        "followups/period_overview.html",
        {
            "period": obj,
            "rows": rows,
            "states": [(value, label, counts[value]) for value, label in FollowUp.State.choices],
            "overdue_count": sum(1 for _, overdue in rows if overdue),
            "can_manage": request.user.has_perm("followups.manage_periods"),
            "can_export": request.user.has_perm("followups.export_periods"),
        },
    )


@require_GET
@login_required
@never_cache
def period_goals(request: HttpRequest, period: int) -> HttpResponse:
    """The period's goals committee by committee, each with the status the committee assessed (its word and
    a pattern, never colour alone), each linking to the assessment in its follow-up. Two queries besides
    the page's own: the follow-ups with their committees, the assessments with their goals."""
    obj = get_period_for_user(request, period, "followups.view_periods")
    followups = list(
        FollowUp.objects.filter(period=obj).select_related("committee").order_by("committee__sort_order", "pk")
    )
    by_followup: dict[int, list[Assessment]] = {}
    for assessment in (
        Assessment.objects.filter(followup__period=obj).select_related("goal").order_by("goal__sort_order", "pk")
    ):
        by_followup.setdefault(assessment.followup_id, []).append(assessment)
    rows = [(followup, by_followup.get(followup.pk, [])) for followup in followups]
    counts = {
        status: sum(1 for _, assessments in rows for a in assessments if a.status == status) for status in Status.values
    }
    return render(
        request,
        "followups/period_goals.html",
        {"period": obj, "rows": rows, "counts": [(value, label, counts[value]) for value, label in Status.choices]},
    )


@require_POST
@login_required
def period_open(request: HttpRequest, period: int) -> HttpResponse:
    obj = get_period_for_user(request, period, "followups.manage_periods")
    created = services.period_open(period=obj, actor=request_user(request))
    messages.success(
        request,
        _("Perioden är öppen. %(count)d nya uppföljningar skapades.") % {"count": len(created)},
    )
    return redirect("followups:period_overview", obj.pk)


@require_POST
@login_required
def period_close(request: HttpRequest, period: int) -> HttpResponse:
    obj = get_period_for_user(request, period, "followups.manage_periods")
    services.period_close(period=obj)
    messages.success(request, _("Perioden är stängd. Utkast kan inte längre ändras eller lämnas in."))
    return redirect("followups:period_overview", obj.pk)


@require_GET
@login_required
def period_export(request: HttpRequest, period: int) -> HttpResponse:
    obj = get_period_for_user(request, period, "followups.export_periods")
    content = period_workbook(obj, today=timezone.localdate())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"uppfoljningar-{obj.year}-{obj.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
