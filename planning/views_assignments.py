"""Assignments (uppdrag): the list, and the strategist's form to give and change one; and the strategist's
year rollover (planning/rollover.py).

Access (planning/rules.py): every role that may see the owner reads its
assignments; strategists write them. The owner reports status and comment in
its follow-ups (followups.AssignmentReport).
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from planning import signals
from planning.forms_assignments import AssignmentForm
from planning.models import Assignment
from planning.rollover import year_rollover
from portal.access import request_user, require_perm
from portal.models import validate_year
from portal.querystring import LAST_YEAR, query_year

MANAGE = "planning.manage_assignments"


@require_GET
@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The year's assignments of the committees the user may see. Queries: the roles, the assignments."""
    require_perm(request, "goals.view_goals")
    year = query_year(request, datetime.date.today().year)
    assignments = [
        a
        for a in Assignment.objects.for_year(year).select_related("owner").order_by("owner__sort_order", "title")
        if request.user.has_perm("planning.view_assignment", a)
    ]
    return render(
        request,
        "planning/assignment_list.html",
        {"assignments": assignments, "year": year, "may_manage": request.user.has_perm(MANAGE)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    form = AssignmentForm(request.POST or None, initial={"year": datetime.date.today().year})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            assignment = form.save(commit=False)
            assignment._history_user = request_user(request)
            assignment.save()
            signals.assigned.send(sender=Assignment, assignment=assignment, actor=request_user(request))
        messages.success(request, _("Uppdraget är sparat. Nämnden rapporterar det i sina uppföljningar."))
        return redirect("planning:assignment", assignment.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/assignment_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def assignment(request: HttpRequest, assignment: int) -> HttpResponse:
    """The assignment with its history; the strategist's form to change it."""
    require_perm(request, "goals.view_goals")
    try:
        item = Assignment.objects.select_related("owner").get(pk=assignment)
    except Assignment.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("planning.view_assignment", item):
        raise Http404
    may_manage = request.user.has_perm(MANAGE)
    form = AssignmentForm(request.POST or None, instance=item) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(f"missing-permission perm={MANAGE}")
        if form.is_valid():
            changed = form.save(commit=False)
            changed._history_user = request_user(request)
            changed.save()
            messages.success(request, _("Uppdraget är sparat."))
            return redirect("planning:assignment", item.pk)
    history = list(item.history.select_related("history_user").order_by("-history_date")[:50])
    return render(
        request,
        "planning/assignment.html",
        {"assignment": item, "form": form, "history": history},
        status=400 if request.method == "POST" else 200,
    )


class RolloverForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Från år"),
        validators=[validate_year, MaxValueValidator(LAST_YEAR - 1)],
        help_text=gettext_lazy("Årets planer blir utgångspunkt för nästa år. Året som kopieras ändras inte."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def rollover(request: HttpRequest) -> HttpResponse:
    """The strategist copies a year's plans to the next year (planning/rollover.py)."""
    require_perm(request, "planning.roll_over")
    form = RolloverForm(request.POST or None, initial={"year": datetime.date.today().year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        done = year_rollover(year=year, actor=request_user(request))
        messages.success(
            request,
            _(
                "Planerna för %(year)s är kopierade till %(next)s: %(goals)s nya mål som utkast, %(indicators)s "
                "indikatorer och %(targets)s målvärden. Planerna för %(year)s är oförändrade."
            )
            % {
                "year": year,
                "next": year + 1,
                "goals": done.goals,
                "indicators": done.indicators,
                "targets": done.targets,
            },
        )
        return redirect(reverse("planning:council") + f"?ar={year + 1}")
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/rollover.html", {"form": form}, status=status)
