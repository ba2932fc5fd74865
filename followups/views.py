"""Follow-ups: the editor (each section saves on its own, with htmx or without),
the read view with its timeline and the workflow steps. The reporting periods are in views_periods.py.

Access: ``followups.access`` fetches the follow-up for the user (404 for those
who may not read it, 403 for readers without the step); the services do the
writing and refuse again under a lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from followups import completeness, duties, sections, services
from followups.access import get_followup_for_user
from followups.attachments import AttachmentForm, section_choices
from followups.comments import ValueCommentForm, comments_of
from followups.computations import forecast_deviation
from followups.forms import (
    ApproveForm,
    AssessmentForm,
    AssignmentReportForm,
    FinancialOutcomeForm,
    IndicatorValueForm,
    InvestmentOutcomeForm,
    KeyEventsForm,
    ReturnForm,
    SectionForm,
    StepForm,
)
from followups.models import (
    Assessment,
    AssignmentReport,
    Attachment,
    FinancialOutcome,
    FollowUp,
    IndicatorValue,
    InvestmentOutcome,
    KeyEvents,
    Section,
    Transition,
)
from followups.timeline import followup_timeline
from goals.models import Measurement, Target
from goals.paging import GoalPage, page_number
from portal.access import log_refusal, request_user
from portal.http import is_htmx_swap
from portal.pdf import html_to_pdf

EDIT = "followups.edit_followup"


def _followups_with_sections() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("financial_outcome", "investment_outcome", "key_events")


def _refused(request: HttpRequest, followup: FollowUp, perm: str) -> HttpResponse:
    """403 with a sentence that says why this step cannot be taken now, and what to do."""
    log_refusal(request, "step-refused", perm=perm, followup=followup.pk, state=followup.state)
    if perm == EDIT and not followup.is_draft:
        message = _(
            "Uppföljningen har status %(state)s och kan inte ändras. Om något behöver rättas, be nämndens "
            "godkännare eller strategen att skicka tillbaka den."
        ) % {"state": followup.get_state_display().lower()}
    elif perm in (EDIT, "followups.submit_followup") and followup.is_draft and not followup.period.is_open:
        message = _("Perioden är stängd. Be strategen att öppna den igen om uppföljningen ska ändras.")
    else:
        message = _(
            "Det steget kan du inte ta: uppföljningen har status %(state)s. Öppna uppföljningen för att se vem "
            "som är på tur."
        ) % {"state": followup.get_state_display().lower()}
    return render(request, "followups/followup_refused.html", {"followup": followup, "message": message}, status=403)


# --- The editor -------------------------------------------------------------------


def _section(item: Any, form: Any, **extra: Any) -> dict[str, Any]:
    return {"item": item, "form": form, "conflict": None, "saved_at": None, "error": None} | extra


def _assessments(followup: FollowUp) -> list[Assessment]:
    return list(Assessment.objects.filter(followup=followup).select_related("goal").order_by("goal__sort_order", "pk"))


def _indicator_values(
    followup: FollowUp, goal_ids: list[int] | None = None, *, outcomes: bool = False
) -> list[IndicatorValue]:
    """The follow-up's indicator values (only the goals', if given), with their indicators, goals and
    targets for the year, and (``outcomes``) the indicators' recent outcomes: two or three queries (none
    for no goals)."""
    if goal_ids is not None and not goal_ids:
        return []
    values = IndicatorValue.objects.filter(followup=followup)
    if goal_ids is not None:
        values = values.filter(indicator__goal__in=goal_ids)
    targets = Target.objects.filter(year=followup.period.year).select_related("reference_indicator")
    values = values.select_related("indicator__goal").prefetch_related(
        Prefetch("indicator__targets", queryset=targets, to_attr="year_targets")
    )
    if outcomes:
        recent = Measurement.objects.filter(
            basis=Measurement.Basis.OUTCOME, value__isnull=False, year__gte=followup.period.year - 2
        ).only("indicator_id", "year", "period", "value")
        values = values.prefetch_related(Prefetch("indicator__measurements", queryset=recent, to_attr="outcomes"))
    return list(
        values.order_by("indicator__goal__sort_order", "indicator__goal__pk", "indicator__sort_order", "indicator__pk")
    )


def _compare_with(value: IndicatorValue, before: datetime.date) -> tuple[Decimal, str] | None:
    """What a new value is checked against: the latest outcome before the period's figures date, else the
    year's target value (``_indicator_values(..., outcomes=True)`` has read both)."""
    earlier = [m for m in getattr(value.indicator, "outcomes", []) if m.ends_on() < before]
    if earlier:
        latest = max(earlier, key=lambda m: m.ends_on())
        return latest.value, _("utfallet %(period)s %(year)s") % {
            "period": latest.get_period_display(),
            "year": latest.year,
        }
    target = next((t for t in getattr(value.indicator, "year_targets", []) if t.value is not None), None)
    return (target.value, _("målvärdet")) if target is not None else None


def _assignment_form(report: AssignmentReport, data: Any = None) -> AssignmentReportForm:
    return AssignmentReportForm(data, instance=report, prefix=f"ar{report.pk}")


def _assessment_form(followup: FollowUp, assessment: Assessment, data: Any = None) -> AssessmentForm:
    return AssessmentForm(
        data, instance=assessment, prefix=f"a{assessment.pk}", has_forecast=followup.period.has_year_end_forecast
    )


def _indicator_forms(
    values: list[IndicatorValue], data: Any = None, before: datetime.date | None = None
) -> list[tuple[IndicatorValue, IndicatorValueForm]]:
    """A form per value; with ``before`` (the period's figures date), each checks a new value against the
    last outcome or the target."""
    return [
        (
            value,
            IndicatorValueForm(
                data,
                instance=value,
                prefix=f"iv{value.pk}",
                compare_with=_compare_with(value, before) if before else None,
            ),
        )
        for value in values
    ]


def _financial_form(followup: FollowUp, instance: FinancialOutcome, data: Any = None) -> FinancialOutcomeForm:
    return FinancialOutcomeForm(
        data, instance=instance, prefix="financial", threshold_percent=followup.period.deviation_threshold_percent
    )


def _investments_form(followup: FollowUp, instance: InvestmentOutcome, data: Any = None) -> InvestmentOutcomeForm:
    return InvestmentOutcomeForm(data, instance=instance, prefix="investments")


def _events_form(followup: FollowUp, instance: KeyEvents, data: Any = None) -> KeyEventsForm:
    return KeyEventsForm(data, instance=instance, prefix="events")


# The sections a follow-up has one of, by key (the form's prefix, the page anchor and the partial's
# name alike): the follow-up's attribute that holds it and the form that edits it.
ONE_PER_FOLLOWUP: dict[str, tuple[str, Callable[..., SectionForm]]] = {
    "financial": ("financial_outcome", _financial_form),
    "investments": ("investment_outcome", _investments_form),
    "events": ("key_events", _events_form),
}


GOALS_PER_PAGE = 5


def _editor_context(followup: FollowUp, number: int, replace: dict[str, Any] | None = None) -> dict[str, Any]:
    """One page of the editor's sections with unbound forms, except the one in ``replace`` (a section that
    was just posted).

    Queries: assessments (with goals), the page's indicator values (with indicators and goals), their targets,
    the reports on assignments (with their assignments), the attachments.
    """
    replace = replace or {}
    every = _assessments(followup)
    page = GoalPage.of(number, len(every), GOALS_PER_PAGE)
    shown = page.slice(every)
    assessments = [replace.get(f"assessment-{a.pk}") or _section(a, _assessment_form(followup, a)) for a in shown]
    goal_ids = [a.goal_id for a in shown]
    pages = {assessment.goal_id: index // GOALS_PER_PAGE + 1 for index, assessment in enumerate(every)}
    gaps = completeness.gaps_in(every, completeness.missing_values(followup), followup.financial_outcome)
    gaps += sections.gaps(followup)  # the sections apps above add (followups/sections.py)
    reports = list(AssignmentReport.objects.filter(followup=followup).select_related("assignment"))
    return {
        "followup": followup,
        "page": page,
        "page_query": page.query(),
        # Each gap with the editor page that holds it: a goal's assessment and indicators are on its page.
        "gaps": [(gap, pages.get(gap.goal_id, number) if gap.goal_id else number) for gap in gaps],
        "problems": services.deviation_problems(followup.financial_outcome, followup.period),
        "returned": followup.returned_by(
            list(Transition.objects.filter(followup=followup).select_related("actor").order_by("-at", "-pk")[:1])
        ),
        "assessments": assessments,
        "indicators": replace.get("indicators")
        or _section(None, None, rows=_indicator_forms(_indicator_values(followup, goal_ids))),
        "assignment_reports": [replace.get(f"assignment-{r.pk}") or _section(r, _assignment_form(r)) for r in reports],
        "attachments": list(Attachment.objects.filter(followup=followup).select_related("uploaded_by")),
        "attachment_form": AttachmentForm(followup=followup, choices=section_choices(every, reports)),
        "sections": sections.rendered(followup, editable=True),
    } | {
        key: replace.get(key) or _section(getattr(followup, attribute), form(followup, getattr(followup, attribute)))
        for key, (attribute, form) in ONE_PER_FOLLOWUP.items()
    }


@require_GET
@login_required
@never_cache
def followup_edit(request: HttpRequest, followup: int) -> HttpResponse:
    obj = get_followup_for_user(request, followup, queryset=_followups_with_sections())
    if not request.user.has_perm(EDIT, obj):
        return _refused(request, obj, EDIT)
    return render(request, "followups/followup_edit.html", _editor_context(obj, page_number(request)))


def render_editor(request: HttpRequest, followup: FollowUp, *, attachment_form: Any, status: int) -> HttpResponse:
    """The editor with a refused attachment's form (followups/attachments.py)."""
    obj = _followups_with_sections().get(pk=followup.pk)
    context = _editor_context(obj, page_number(request)) | {"attachment_form": attachment_form}
    return render(request, "followups/followup_edit.html", context, status=status)


def _saved_response(
    request: HttpRequest,
    followup: FollowUp,
    key: str,
    partial: str,
    section: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The section after a save: its partial for htmx, else the editor (after a redirect when it saved).

    htmx only swaps 2xx answers, so a refused save answers 200 to htmx and
    400 (invalid) or 409 (someone else saved) to a plain form.
    """
    if is_htmx_swap(request):
        context = {"followup": followup, "section": section, "page_query": f"?sida={page_number(request)}"}
        return render(request, f"followups/followup_edit.html#{partial}", context)
    number = page_number(request)
    if status == 200:
        messages.success(request, _("Sparat kl. %(time)s.") % {"time": time_format(timezone.localtime(), "H:i")})
        return redirect(reverse("followups:followup_edit", args=[followup.pk]) + f"?sida={number}#{key}")
    return render(
        request, "followups/followup_edit.html", _editor_context(followup, number, {key: section}), status=status
    )


def _with_version(data: Any, prefix: str, version: int) -> Any:
    """The posted data with the section's present version, so that saving again (having seen the
    other person's text) overwrites it on purpose."""
    data = data.copy()
    data[f"{prefix}-version"] = str(version)
    return data


def _save_section(
    request: HttpRequest,
    followup: FollowUp,
    *,
    key: str,
    item: Section,
    make_form: Callable[[Any, Any], SectionForm],
) -> HttpResponse:
    """Saves one section from the posted form and answers with the section again: saved, refused with
    the form's errors (400), or, when someone else saved it since it was read, with their changes (409)."""
    partial = key.split("-")[0]  # "assessment-12" is drawn by the partial "assessment"
    form = make_form(item, request.POST)
    if not form.is_valid():
        return _saved_response(request, followup, key, partial, _section(item, form), status=400)
    try:
        saved = services.section_save(
            section=item, actor=request_user(request), version=form.cleaned_data["version"], values=form.content()
        )
    except services.StaleSection as exc:
        fresh = make_form(exc.current, _with_version(request.POST, form.prefix or "", exc.current.version))
        conflict = {"message": exc.message, "changes": exc.changes, "current": exc.current}
        return _saved_response(
            request, followup, key, partial, _section(exc.current, fresh, conflict=conflict), status=409
        )
    except services.Refused as exc:
        return _saved_response(request, followup, key, partial, _section(item, form, error=exc.message), status=400)
    return _saved_response(
        request, followup, key, partial, _section(saved, make_form(saved, None), saved_at=saved.updated_at)
    )


def _editable(request: HttpRequest, followup: int) -> FollowUp | HttpResponse:
    obj = get_followup_for_user(request, followup, queryset=_followups_with_sections())
    if not request.user.has_perm(EDIT, obj):
        return _refused(request, obj, EDIT)
    return obj


@require_POST
@login_required
def followup_save_assessment(request: HttpRequest, followup: int, assessment: int) -> HttpResponse:
    obj = _editable(request, followup)
    if isinstance(obj, HttpResponse):
        return obj
    item = Assessment.objects.select_related("goal").filter(followup=obj, pk=assessment).first()
    if item is None:
        return render(request, "404.html", status=404)
    return _save_section(
        request,
        obj,
        key=f"assessment-{item.pk}",
        item=item,
        make_form=lambda instance, data: _assessment_form(obj, instance, data),
    )


@require_POST
@login_required
def followup_save_assignment(request: HttpRequest, followup: int, report: int) -> HttpResponse:
    """Saves the status and comment of one of the committee's assignments (planning.Assignment)."""
    obj = _editable(request, followup)
    if isinstance(obj, HttpResponse):
        return obj
    item = AssignmentReport.objects.select_related("assignment").filter(followup=obj, pk=report).first()
    if item is None:
        return render(request, "404.html", status=404)
    return _save_section(
        request, obj, key=f"assignment-{item.pk}", item=item, make_form=lambda i, data: _assignment_form(i, data)
    )


@require_POST
@login_required
def followup_save_section(request: HttpRequest, followup: int, section: str) -> HttpResponse:
    """Saves the economy, the investments or the key events (``ONE_PER_FOLLOWUP``)."""
    obj = _editable(request, followup)
    if isinstance(obj, HttpResponse):
        return obj
    attribute, form = ONE_PER_FOLLOWUP[section]
    return _save_section(
        request,
        obj,
        key=section,
        item=getattr(obj, attribute),
        make_form=lambda instance, data: form(obj, instance, data),
    )


def _page_goal_ids(followup: FollowUp, number: int) -> list[int]:
    """The goals on the editor's page ``number``: their indicator values are what its form posts."""
    every = list(
        Assessment.objects.filter(followup=followup)
        .order_by("goal__sort_order", "pk")
        .values_list("goal_id", flat=True)
    )
    page = GoalPage.of(number, len(every), GOALS_PER_PAGE)
    return page.slice(every)


@require_POST
@login_required
def followup_save_indicators(request: HttpRequest, followup: int) -> HttpResponse:
    obj = _editable(request, followup)
    if isinstance(obj, HttpResponse):
        return obj
    goal_ids = _page_goal_ids(obj, page_number(request))
    values = _indicator_values(obj, goal_ids, outcomes=True)
    rows = _indicator_forms(values, request.POST, before=obj.period.figures_date)
    if not all(form.is_valid() for _, form in rows):
        section = _section(None, None, rows=rows, rows_invalid=True)
        return _saved_response(request, obj, "indicators", "indicators", section, status=400)
    try:
        services.indicator_values_save(
            followup=obj,
            actor=request_user(request),
            rows=[(value, form.cleaned_data["version"], form.content()) for value, form in rows],
        )
    except services.StaleSection as exc:
        fresh = _indicator_values(obj, goal_ids)
        data = request.POST.copy()
        for value in fresh:
            data[f"iv{value.pk}-version"] = str(value.version)
        conflict = {"message": exc.message, "changes": exc.changes, "current": exc.current}
        section = _section(None, None, rows=_indicator_forms(fresh, data), conflict=conflict)
        return _saved_response(request, obj, "indicators", "indicators", section, status=409)
    return _saved_response(
        request,
        obj,
        "indicators",
        "indicators",
        _section(None, None, rows=_indicator_forms(_indicator_values(obj, goal_ids)), saved_at=timezone.now()),
    )


# --- The read view and the workflow -----------------------------------------------

STEP_PERMS = {
    Transition.Action.SUBMIT: "followups.submit_followup",
    Transition.Action.APPROVE: "followups.approve_followup",
    Transition.Action.RETURN: "followups.return_followup",
    Transition.Action.ACCEPT: "followups.accept_followup",
    Transition.Action.PUBLISH: "followups.publish_followup",
}
STEP_FORMS: dict[str, type[StepForm]] = {
    Transition.Action.APPROVE: ApproveForm,
    Transition.Action.RETURN: ReturnForm,
}


def _duty_conflicts(user: Any, followup: FollowUp) -> dict[str, str]:
    """The steps the user holds the role for but may not take on this follow-up under separation of
    duties (followups/duties.py), each with the sentence that says who else must."""
    conflicts: dict[str, str] = {}
    for action in duties.EARLIER:
        if user.has_perm(STEP_PERMS[action], followup):
            message = duties.conflict(followup, user, action)
            if message:
                conflicts[action] = message
    return conflicts


def _step_forms(
    user: Any, followup: FollowUp, conflicts: dict[str, str], bound: tuple[str, StepForm] | None = None
) -> dict[str, StepForm]:
    """A form for each step the user may take now."""
    forms: dict[str, StepForm] = {}
    for action, perm in STEP_PERMS.items():
        if user.has_perm(perm, followup) and action not in conflicts:
            form_class = STEP_FORMS.get(action, StepForm)
            forms[action] = form_class(initial={"version": followup.version}, prefix=action, followup=followup)
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _detail_context(
    request: HttpRequest, followup: FollowUp, bound: tuple[str, StepForm] | None = None
) -> dict[str, Any]:
    assessments = _assessments(followup)
    values = _indicator_values(followup)
    transitions = list(Transition.objects.filter(followup=followup).select_related("actor").order_by("at", "pk"))
    conflicts = _duty_conflicts(request.user, followup)
    return {
        "followup": followup,
        "assessments": assessments,
        "values": values,
        "attachments": list(Attachment.objects.filter(followup=followup)),
        "comments": comments_of(followup),
        "comment_form": (
            ValueCommentForm(values=values)
            if values and request.user.has_perm("followups.comment_followup", followup)
            else None
        ),
        "timeline": followup_timeline(transitions, followup, assessments, values),
        "returned": followup.returned_by(transitions),
        "deviation": forecast_deviation(followup.financial_outcome.budget, followup.financial_outcome.forecast),
        "gaps": [
            (gap, None)
            for gap in completeness.gaps_in(
                assessments, [value for value in values if value.value is None], followup.financial_outcome
            )
            + sections.gaps(followup)
        ],
        "sections": sections.rendered(followup, editable=False),
        "step_forms": _step_forms(request.user, followup, conflicts, bound),
        "duty_conflicts": list(conflicts.values()),
        "can_edit": request.user.has_perm(EDIT, followup),
        "is_overdue": followup.is_overdue(timezone.localdate()),
    }


@require_GET
@login_required
def followup_pdf(request: HttpRequest, followup: int) -> HttpResponse:
    """The follow-up as PDF with its history and decisions, for an elected member to read or print; the
    same content as the read view."""
    obj = get_followup_for_user(request, followup, queryset=_followups_with_sections())
    html = render_to_string("followups/followup_pdf.html", _detail_context(request, obj), request)
    response = HttpResponse(
        html_to_pdf(html, stylesheet="followups/followup_print.css"), content_type="application/pdf"
    )
    name = f"uppfoljning-{obj.committee.abbreviation}-{obj.period.year}-{obj.pk}.pdf".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
@never_cache
def followup_detail(request: HttpRequest, followup: int) -> HttpResponse:
    obj = get_followup_for_user(request, followup, queryset=_followups_with_sections())
    return render(request, "followups/followup_detail.html", _detail_context(request, obj))


@require_POST
@login_required
def followup_step(request: HttpRequest, followup: int, action: str) -> HttpResponse:
    """One step of the workflow (submit, approve, return, accept, publish), from the read view or the editor."""
    perm = STEP_PERMS[Transition.Action(action)]
    obj = get_followup_for_user(request, followup, queryset=_followups_with_sections())
    if not request.user.has_perm(perm, obj):
        return _refused(request, obj, perm)
    conflict = duties.conflict(obj, request_user(request), action)
    if conflict:
        log_refusal(request, "separation-of-duties", perm=perm, followup=obj.pk, state=obj.state)
        return render(request, "followups/followup_refused.html", {"followup": obj, "message": conflict}, status=403)
    form = STEP_FORMS.get(action, StepForm)(request.POST, prefix=action, followup=obj)
    actor = request_user(request)
    if not form.is_valid():
        return render(
            request, "followups/followup_detail.html", _detail_context(request, obj, (action, form)), status=400
        )
    version = form.cleaned_data["version"]
    try:
        if action == Transition.Action.SUBMIT:
            services.followup_submit(followup=obj, actor=actor, version=version)
        elif action == Transition.Action.APPROVE:
            services.followup_approve(
                followup=obj, actor=actor, version=version, decision_reference=form.cleaned_data["decision_reference"]
            )
        elif action == Transition.Action.RETURN:
            services.followup_return(followup=obj, actor=actor, version=version, comment=form.cleaned_data["comment"])
        elif action == Transition.Action.ACCEPT:
            services.followup_accept(followup=obj, actor=actor, version=version)
        else:
            services.followup_publish(followup=obj, actor=actor, version=version)
    except services.Refused as exc:
        context = _detail_context(request, obj, (action, form))
        context["step_error"] = exc.message
        return render(request, "followups/followup_detail.html", context, status=409)
    except PermissionDenied:
        obj.refresh_from_db()
        return _refused(request, obj, perm)
    messages.success(request, _("Klart: %(step)s.") % {"step": Transition.Action(action).label.lower()})
    return redirect("followups:followup_detail", obj.pk)
