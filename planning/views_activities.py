"""Activities (aktiviteter) under a committee's goal: the committee's reporters and approvers add and update them,
adopted goal or not (an activity is how the work goes, not what was decided); everyone who may read the goal
reads them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from goals.models import Goal
from planning.models import Activity
from planning.views import get_goal_for_user
from portal.access import request_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "description", "owner", "start_date", "end_date", "status", "comment"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "comment": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE,
            "end_date": DATE,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext_lazy("Slutdatumet ligger före startdatumet. Rätta något av dem."))
        return cleaned


def _may_change(request: HttpRequest, goal: Goal) -> bool:
    return goal.committee is not None and request.user.has_perm("planning.draft_plan", goal.committee)


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest, goal: int) -> HttpResponse:
    item = get_goal_for_user(request, goal)
    if not _may_change(request, item):
        raise PermissionDenied("missing-permission perm=planning.draft_plan")
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.goal = item
        activity._history_user = request_user(request)
        activity.save()
        messages.success(request, _("Aktiviteten är sparad."))
        return redirect("planning:goal", item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/activity.html", {"form": form, "goal": item, "activity": None}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def activity(request: HttpRequest, activity: int) -> HttpResponse:
    try:
        item = Activity.objects.select_related("goal").get(pk=activity)
    except Activity.DoesNotExist:
        raise Http404 from None
    goal = get_goal_for_user(request, item.goal_id)
    may_change = _may_change(request, goal)
    form = ActivityForm(request.POST or None, instance=item) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("missing-permission perm=planning.draft_plan")
        if form.is_valid():
            changed = form.save(commit=False)
            changed._history_user = request_user(request)
            changed.save()
            messages.success(request, _("Aktiviteten är sparad."))
            return redirect("planning:goal", goal.pk)
    return render(
        request,
        "planning/activity.html",
        {"form": form, "goal": goal, "activity": item},
        status=400 if request.method == "POST" else 200,
    )
