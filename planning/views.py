"""The planning editor: a committee's plan (or the council's), its goals, indicators and targets, and adoption.

Access (planning/rules.py): the plan is read by whoever may see the committee
(the council's by every role); drafts only by the committee's own roles,
strategists and administrators, the rest are told nothing (404). The reporter
and the approver draft, the approver adopts; strategists do both for the
council's plan. A member who may read but not change is refused (403).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals.models import Goal, Indicator, Target
from planning import services
from planning.forms import AdoptForm, GoalForm, IndicatorForm, TargetForm
from planning.history import goal_timeline
from planning.models import Adoption, PeriodTarget
from portal.access import get_committee_for_user, request_user, require_perm
from portal.errors import Refused
from portal.models import Committee
from portal.querystring import query_year


def plan_url(committee: Committee | None) -> str:
    if committee is None:
        return reverse("planning:council")
    return reverse("planning:committee", args=[committee.slug])


def _council(request: HttpRequest) -> None:
    require_perm(request, "goals.view_goals")


def get_goal_for_user(request: HttpRequest, pk: int) -> Goal:
    """The goal named in the URL; 403 without a role, 404 if none, of a committee the user may not see,
    or a draft the user may not see."""
    require_perm(request, "goals.view_goals")
    try:
        goal = Goal.objects.select_related("committee").get(pk=pk)
    except Goal.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("planning.view_plan", goal.committee):
        raise Http404
    if goal.status == Goal.Status.DRAFT and not request.user.has_perm("planning.view_drafts", goal.committee):
        raise Http404
    return goal


@require_GET
@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """The plans the user may open: the council's, and each committee's they may see."""
    require_perm(request, "goals.view_goals")
    committees = [c for c in Committee.objects.active() if request.user.has_perm("planning.view_plan", c)]
    return render(
        request,
        "planning/plan_index.html",
        {"committees": committees, "may_roll_over": request.user.has_perm("planning.roll_over")},
    )


def _plan(request: HttpRequest, committee: Committee | None) -> HttpResponse:
    """Queries: the roles, the goals with their focus areas, council goals, indicators and targets, adoptions."""
    year = query_year(request, datetime.date.today().year)
    goals = Goal.objects.for_year(year).select_related("committee")
    goals = goals.filter(committee=committee) if committee else goals.council()
    sees_drafts = request.user.has_perm("planning.view_drafts", committee)
    if not sees_drafts:
        goals = goals.adopted()
    goals = goals.prefetch_related(
        "focus_areas",
        Prefetch("contributes_to", queryset=Goal.objects.order_by("sort_order", "pk")),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("targets", queryset=Target.objects.filter(year=year)),
                Prefetch("period_targets", queryset=PeriodTarget.objects.filter(year=year)),
            ),
        ),
        Prefetch("adoptions", queryset=Adoption.objects.filter(indicator=None)),
    ).order_by("status", "sort_order", "pk")
    return render(
        request,
        "planning/plan.html",
        {
            "committee": committee,
            "year": year,
            "goals": list(goals),
            "may_draft": request.user.has_perm("planning.draft_plan", committee),
            "sees_drafts": sees_drafts,
        },
    )


@require_GET
@login_required
def council_plan(request: HttpRequest) -> HttpResponse:
    _council(request)
    return _plan(request, None)


@require_GET
@login_required
def committee_plan(request: HttpRequest, committee: str) -> HttpResponse:
    return _plan(request, get_committee_for_user(request, committee, "planning.view_plan"))


def _goal_create(request: HttpRequest, committee: Committee | None) -> HttpResponse:
    if not request.user.has_perm("planning.draft_plan", committee):
        raise PermissionDenied("missing-permission perm=planning.draft_plan")
    form = GoalForm(request.POST or None, committee=committee, initial={"first_year": datetime.date.today().year})
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("Målet är sparat som utkast. Lägg till indikatorer och målvärden."))
        return redirect("planning:goal", goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/goal_form.html", {"form": form, "committee": committee}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def council_goal_create(request: HttpRequest) -> HttpResponse:
    _council(request)
    return _goal_create(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def committee_goal_create(request: HttpRequest, committee: str) -> HttpResponse:
    return _goal_create(request, get_committee_for_user(request, committee, "planning.view_plan"))


@require_http_methods(["GET", "POST"])
@login_required
def goal(request: HttpRequest, goal: int) -> HttpResponse:
    """The goal in the editor: its form while it is a draft the user may change, its indicators, the adoption."""
    item = get_goal_for_user(request, goal)
    user = request_user(request)
    may_change = services.may_change(user, item)
    form = GoalForm(request.POST or None, instance=item, committee=item.committee) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("missing-permission perm=planning.draft_plan")
        if form.is_valid():
            form.save()
            messages.success(request, _("Målet är sparat."))
            return redirect("planning:goal", item.pk)
    return _goal_page(request, item, form=form, status=400 if request.method == "POST" else 200)


def _goal_page(
    request: HttpRequest,
    item: Goal,
    *,
    form: GoalForm | None = None,
    adopt_form: AdoptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    may_adopt = item.status == Goal.Status.DRAFT and user.has_perm("planning.adopt_plan", item.committee)
    indicators = Indicator.objects.filter(goal=item).prefetch_related("targets", "period_targets", "adoptions")
    return render(
        request,
        "planning/goal.html",
        {
            "goal": item,
            "form": form,
            "indicators": list(indicators),
            "adoptions": list(item.adoptions.select_related("actor", "indicator")),
            "timeline": goal_timeline(item),
            "activities": list(item.activities.order_by("start_date", "title", "pk")),
            "may_add_activity": item.committee is not None and user.has_perm("planning.draft_plan", item.committee),
            "adopt_form": adopt_form or (AdoptForm(goal=item) if may_adopt else None),
            "may_change": services.may_change(user, item),
            "may_add_indicator": services.may_change(user, item)
            or (item.status == Goal.Status.ADOPTED and user.has_perm("planning.adopt_plan", item.committee)),
            "plan_url": plan_url(item.committee),
        },
        status=status,
    )


@require_POST
@login_required
def goal_adopt(request: HttpRequest, goal: int) -> HttpResponse:
    item = get_goal_for_user(request, goal)
    if not request.user.has_perm("planning.adopt_plan", item.committee):
        raise PermissionDenied("missing-permission perm=planning.adopt_plan")
    form = AdoptForm(request.POST, goal=item)
    if not form.is_valid():
        return _goal_page(request, item, adopt_form=form, status=400)
    try:
        services.goal_adopt(
            goal=item, actor=request_user(request), decision_reference=form.cleaned_data["decision_reference"]
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("planning:goal", item.pk)
    messages.success(request, _("Målet är antaget. Det finns nu i målkedjan och i nämndens öppna uppföljningar."))
    return redirect("planning:goal", item.pk)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, goal: int) -> HttpResponse:
    item = get_goal_for_user(request, goal)
    user = request_user(request)
    allowed = services.may_change(user, item) or (
        item.status == Goal.Status.ADOPTED and user.has_perm("planning.adopt_plan", item.committee)
    )
    if not allowed:
        raise PermissionDenied("missing-permission perm=planning.draft_plan")
    form = IndicatorForm(request.POST or None, goal=item)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        try:
            services.indicator_add(
                goal=item,
                indicator=indicator,
                actor=user,
                decision_reference=form.cleaned_data.get("decision_reference", ""),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Indikatorn är sparad. Ange dess målvärden."))
            return redirect("planning:indicator", indicator.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/indicator_form.html", {"form": form, "goal": item}, status=status)


def _indicator_page(
    request: HttpRequest,
    indicator: Indicator,
    *,
    form: IndicatorForm | None,
    target_form: TargetForm | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "planning/indicator.html",
        {
            "indicator": indicator,
            "goal": indicator.goal,
            "form": form,
            "target_form": target_form,
            "targets": list(indicator.targets.order_by("year")),
            "period_targets": list(indicator.period_targets.order_by("year", "period")),
        },
        status=status,
    )


def get_indicator_for_user(request: HttpRequest, pk: int) -> Indicator:
    try:
        indicator = Indicator.objects.select_related("goal__committee").get(pk=pk)
    except Indicator.DoesNotExist:
        require_perm(request, "goals.view_goals")
        raise Http404 from None
    get_goal_for_user(request, indicator.goal_id)
    return indicator


@require_http_methods(["GET", "POST"])
@login_required
def indicator(request: HttpRequest, indicator: int) -> HttpResponse:
    item = get_indicator_for_user(request, indicator)
    may_change = services.may_change(request_user(request), item.goal)
    form = IndicatorForm(request.POST or None, instance=item, goal=item.goal) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("missing-permission perm=planning.draft_plan")
        if form.is_valid():
            form.save()
            messages.success(request, _("Indikatorn är sparad."))
            return redirect("planning:indicator", item.pk)
    target_form = TargetForm(initial={"year": item.goal.first_year}) if may_change else None
    return _indicator_page(
        request, item, form=form, target_form=target_form, status=400 if request.method == "POST" else 200
    )


@require_POST
@login_required
def target_set(request: HttpRequest, indicator: int) -> HttpResponse:
    item = get_indicator_for_user(request, indicator)
    if not services.may_change(request_user(request), item.goal):
        raise PermissionDenied("missing-permission perm=planning.draft_plan")
    form = TargetForm(request.POST)
    if not form.is_valid():
        edit = IndicatorForm(instance=item, goal=item.goal)
        return _indicator_page(request, item, form=edit, target_form=form, status=400)
    services.target_set(indicator=item, actor=request_user(request), **form.cleaned_data)
    messages.success(request, _("Målvärdet är sparat."))
    return redirect("planning:indicator", item.pk)
