"""The vision, the council's goals, and one goal with its indicators and measurements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision
from portal.access import require_perm

VIEW_GOALS = "goals.view_goals"

# Headings for the groups of the overview, in the order of Goal.Kind.
KIND_HEADINGS = {
    Goal.Kind.OVERARCHING: _("Övergripande mål"),
    Goal.Kind.FINANCIAL: _("Finansiella mål för god ekonomisk hushållning"),
    Goal.Kind.OPERATIONAL: _("Verksamhetsmål för god ekonomisk hushållning"),
    Goal.Kind.OTHER: _("Övriga mål"),
}


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW_GOALS)
    vision = Vision.objects.current()
    focus_areas = list(vision.focus_areas.all()) if vision else []
    council_goals = Goal.objects.council()
    if not request.user.has_perm("goals.read_goal_drafts"):
        council_goals = council_goals.adopted()  # a draft of the council's plan is for strategists (goals/rules.py)
    goals = list(council_goals.with_indicators().order_by("sort_order", "pk"))
    goals_by_kind = [
        (heading, [goal for goal in goals if goal.kind == kind]) for kind, heading in KIND_HEADINGS.items()
    ]
    return render(
        request,
        "goals/overview.html",
        {
            "vision": vision,
            "focus_areas": focus_areas,
            "goals_by_kind": [(heading, kind_goals) for heading, kind_goals in goals_by_kind if kind_goals],
        },
    )


def get_goal_for_user(request: HttpRequest, pk: int) -> Goal:
    """The goal named in the URL, with what its page shows; 403 without the right to read goals, 404 if none
    or if it is a draft the user may not see (goals/rules.py)."""
    require_perm(request, VIEW_GOALS)
    goals = Goal.objects.select_related("committee").prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("sort_order", "name")),
        Prefetch("contributes_to", queryset=Goal.objects.adopted().order_by("sort_order", "pk")),
        Prefetch(
            "contributions",
            queryset=Goal.objects.adopted().select_related("committee").order_by("sort_order", "pk"),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("targets", queryset=Target.objects.select_related("reference_indicator")),
                Prefetch("measurements", queryset=Measurement.objects.order_by("-year", "period", "basis")),
            ),
        ),
    )
    try:
        goal = goals.get(pk=pk)
    except Goal.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("goals.read_goal", goal):
        raise Http404
    return goal


@require_GET
@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request, pk)
    return render(request, "goals/goal_detail.html", {"goal": goal})
