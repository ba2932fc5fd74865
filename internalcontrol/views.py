"""A committee's risk analysis (with its matrix) and control plan: reading, drafting and adopting.

Access (internalcontrol/rules.py): ``portal.access.get_committee_for_user`` answers 404 to those who may not
see the committee; a draft is shown only to those who see the committee's drafts, and to the rest the page
says that nothing is adopted. Changing needs the reporter's role and a draft, adopting the approver's: the
services ask again under a lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from internalcontrol import services
from internalcontrol.forms import AdoptForm, ControlForm, RiskForm
from internalcontrol.matrix import LEVEL_WORDS, build_matrix, probability_labels
from internalcontrol.models import Control, ControlPlan, Risk, RiskAnalysis
from portal.access import get_committee_for_user, request_user, require_perm
from portal.errors import Refused
from portal.models import Committee
from portal.querystring import FIRST_YEAR, LAST_YEAR, query_year

VIEW = "internalcontrol.view_control"


def _committee(request: HttpRequest, slug: str, year: int) -> Committee:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return get_committee_for_user(request, slug, VIEW)


def _shown(request: HttpRequest, document: RiskAnalysis | ControlPlan | None) -> RiskAnalysis | ControlPlan | None:
    """The document if the user may see it: an adopted one, or a draft for those who see drafts."""
    if document is None or not document.is_draft:
        return document
    return document if request.user.has_perm("internalcontrol.view_drafts", document.committee) else None


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The committees whose internal control the user may read, with the state of each's documents."""
    require_perm(request, "internalcontrol.view_index")
    year = query_year(request, datetime.date.today().year)
    committees = [c for c in Committee.objects.active() if request.user.has_perm(VIEW, c)]
    analyses = {a.committee_id: a for a in RiskAnalysis.objects.filter(year=year).select_related("committee")}
    plans = {p.committee_id: p for p in ControlPlan.objects.filter(year=year).select_related("committee")}
    rows = [(c, _shown(request, analyses.get(c.pk)), _shown(request, plans.get(c.pk))) for c in committees]
    return render(
        request,
        "internalcontrol/index.html",
        {"year": year, "rows": rows, "may_summarise": request.user.has_perm("internalcontrol.view_summary")},
    )


HISTORY_SHOWN = 50


def _changes(model: type[Risk] | type[Control], **lookup: int) -> list[Any]:
    """The latest changes to the document's risks or controls, newest first, with who made them (one query)."""
    records = model.history.filter(**lookup).select_related("history_user")
    return list(records.order_by("-history_date", "-history_id")[:HISTORY_SHOWN])


def _risk_rows(risks: list[Risk]) -> list[Risk]:
    return sorted(risks, key=lambda risk: (-risk.value, -risk.consequence, risk.pk))


@require_GET
@login_required
def risks(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    """The risk analysis: the matrix picture, the same as a table, and the risks by value."""
    item = _committee(request, committee, year)
    analysis = _shown(
        request,
        RiskAnalysis.objects.filter(committee=item, year=year).select_related("adopted_by", "committee").first(),
    )
    found = list(analysis.risks.all()) if isinstance(analysis, RiskAnalysis) else []
    may_draft = request.user.has_perm(services.DRAFT, item) and (analysis is None or analysis.is_draft)
    may_adopt = request.user.has_perm(services.ADOPT, item) and analysis is not None and analysis.is_draft
    return render(
        request,
        "internalcontrol/risks.html",
        {
            "committee": item,
            "year": year,
            "analysis": analysis,
            "risks": _risk_rows(found),
            "matrix": build_matrix((risk.title, risk.consequence, risk.probability) for risk in found),
            "probabilities": probability_labels(),
            "levels": [(level.value, word) for level, word in LEVEL_WORDS.items()],
            "may_draft": may_draft,
            "adopt_form": AdoptForm(committee=item) if may_adopt and found else None,
            "changes": _changes(Risk, analysis_id=analysis.pk) if analysis is not None else [],
            "may_reopen": analysis is not None
            and not analysis.is_draft
            and request.user.has_perm(services.ADOPT, item),
        },
    )


def _get_risk(request: HttpRequest, pk: int) -> Risk:
    """The risk named in the URL, for its committee's reporter while the analysis is a draft: 404 for those
    who may not see it, 403 for readers."""
    risk = Risk.objects.select_related("analysis__committee").filter(pk=pk).first()
    if risk is None:
        raise Http404
    analysis = risk.analysis
    get_committee_for_user(request, analysis.committee.slug, VIEW)
    if _shown(request, analysis) is None:
        raise Http404
    if not request.user.has_perm(services.DRAFT, analysis.committee) or not analysis.is_draft:
        raise PermissionDenied("missing-permission perm=internalcontrol.draft_control")
    return risk


def _item_form_page(
    request: HttpRequest,
    committee: Committee,
    year: int,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], object],
    saved: str,
    then: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A risk's or a control's form: saved through ``save`` (the service, which refuses under a lock), then back
    to the committee's page ``then`` with the message ``saved``; a refusal or bad input shows the form (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            save({name: form.cleaned_data[name] for name in form.Meta.fields})
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, saved)
            return redirect(then, committee.slug, year)
    return render(
        request,
        template,
        {"form": form, "committee": committee, "year": year, **context},
        status=400 if request.method == "POST" else 200,
    )


def _risk_form_page(request: HttpRequest, committee: Committee, year: int, risk: Risk | None) -> HttpResponse:
    actor = request_user(request)
    return _item_form_page(
        request,
        committee,
        year,
        RiskForm(request.POST or None, instance=risk),
        save=lambda values: services.risk_save(committee=committee, year=year, actor=actor, values=values, risk=risk),
        saved=_("Risken är sparad."),
        then="internalcontrol:risks",
        template="internalcontrol/risk_form.html",
        context={"risk": risk},
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_create(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    item = _committee(request, committee, year)
    if not request.user.has_perm(services.DRAFT, item):
        raise PermissionDenied("missing-permission perm=internalcontrol.draft_control")
    return _risk_form_page(request, item, year, None)


@require_http_methods(["GET", "POST"])
@login_required
def risk_edit(request: HttpRequest, risk: int) -> HttpResponse:
    item = _get_risk(request, risk)
    return _risk_form_page(request, item.analysis.committee, item.analysis.year, item)


@require_POST
@login_required
def risk_delete(request: HttpRequest, risk: int) -> HttpResponse:
    item = _get_risk(request, risk)
    analysis = item.analysis
    try:
        services.risk_delete(risk=item, actor=request_user(request))
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Risken är borttagen."))
    return redirect("internalcontrol:risks", analysis.committee.slug, analysis.year)


def _adopt(request: HttpRequest, committee: str, year: int, *, plan: bool) -> HttpResponse:
    item = _committee(request, committee, year)
    if not request.user.has_perm(services.ADOPT, item):
        raise PermissionDenied("missing-permission perm=internalcontrol.adopt_control")
    target = "internalcontrol:plan" if plan else "internalcontrol:risks"
    form = AdoptForm(request.POST, committee=item)
    if not form.is_valid():
        for error in form.errors.get("decision_reference", []):
            messages.error(request, str(error))
        return redirect(target, item.slug, year)
    adopt = services.plan_adopt if plan else services.analysis_adopt
    try:
        adopt(
            committee=item,
            year=year,
            actor=request_user(request),
            decision_reference=form.cleaned_data["decision_reference"],
        )
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Antagen med beslut %(decision)s.") % {"decision": form.cleaned_data["decision_reference"]}
        )
    return redirect(target, item.slug, year)


def _reopen(request: HttpRequest, committee: str, year: int, *, plan: bool) -> HttpResponse:
    item = _committee(request, committee, year)
    if not request.user.has_perm(services.ADOPT, item):
        raise PermissionDenied("missing-permission perm=internalcontrol.adopt_control")
    try:
        services.reopen(
            model=ControlPlan if plan else RiskAnalysis, committee=item, year=year, actor=request_user(request)
        )
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ett nytt utkast är öppnat. Det gäller när det antas med ett nytt beslut."))
    return redirect("internalcontrol:plan" if plan else "internalcontrol:risks", item.slug, year)


@require_POST
@login_required
def analysis_reopen(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    return _reopen(request, committee, year, plan=False)


@require_POST
@login_required
def plan_reopen(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    return _reopen(request, committee, year, plan=True)


@require_POST
@login_required
def analysis_adopt(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    return _adopt(request, committee, year, plan=False)


@require_POST
@login_required
def plan_adopt(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    return _adopt(request, committee, year, plan=True)


def _year_risks(committee: Committee, year: int) -> Any:
    return Risk.objects.filter(analysis__committee=committee, analysis__year=year).order_by("pk")


@require_GET
@login_required
def plan(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    """The control plan: each control with its risk, method, owner and frequency."""
    item = _committee(request, committee, year)
    document = _shown(
        request, ControlPlan.objects.filter(committee=item, year=year).select_related("adopted_by", "committee").first()
    )
    controls = (
        list(document.controls.select_related("risk").order_by("pk")) if isinstance(document, ControlPlan) else []
    )
    may_adopt = request.user.has_perm(services.ADOPT, item) and document is not None and document.is_draft
    return render(
        request,
        "internalcontrol/plan.html",
        {
            "committee": item,
            "year": year,
            "plan": document,
            "controls": controls,
            "may_draft": request.user.has_perm(services.DRAFT, item) and (document is None or document.is_draft),
            "has_risks": _year_risks(item, year).exists(),
            "adopt_form": AdoptForm(committee=item) if may_adopt and controls else None,
            "changes": _changes(Control, plan_id=document.pk) if document is not None else [],
            "may_reopen": document is not None
            and not document.is_draft
            and request.user.has_perm(services.ADOPT, item),
        },
    )


def _get_control(request: HttpRequest, pk: int) -> Control:
    control = Control.objects.select_related("plan__committee").filter(pk=pk).first()
    if control is None:
        raise Http404
    plan_ = control.plan
    get_committee_for_user(request, plan_.committee.slug, VIEW)
    if _shown(request, plan_) is None:
        raise Http404
    if not request.user.has_perm(services.DRAFT, plan_.committee) or not plan_.is_draft:
        raise PermissionDenied("missing-permission perm=internalcontrol.draft_control")
    return control


def _control_form_page(request: HttpRequest, committee: Committee, year: int, control: Control | None) -> HttpResponse:
    actor = request_user(request)
    return _item_form_page(
        request,
        committee,
        year,
        ControlForm(request.POST or None, instance=control, risks=_year_risks(committee, year)),
        save=lambda values: services.control_save(
            committee=committee, year=year, actor=actor, values=values, control=control
        ),
        saved=_("Kontrollmomentet är sparat."),
        then="internalcontrol:plan",
        template="internalcontrol/control_form.html",
        context={"control": control},
    )


@require_http_methods(["GET", "POST"])
@login_required
def control_create(request: HttpRequest, committee: str, year: int) -> HttpResponse:
    item = _committee(request, committee, year)
    if not request.user.has_perm(services.DRAFT, item):
        raise PermissionDenied("missing-permission perm=internalcontrol.draft_control")
    return _control_form_page(request, item, year, None)


@require_http_methods(["GET", "POST"])
@login_required
def control_edit(request: HttpRequest, control: int) -> HttpResponse:
    item = _get_control(request, control)
    return _control_form_page(request, item.plan.committee, item.plan.year, item)


@require_POST
@login_required
def control_delete(request: HttpRequest, control: int) -> HttpResponse:
    item = _get_control(request, control)
    plan_ = item.plan
    try:
        services.control_delete(control=item, actor=request_user(request))
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kontrollmomentet är borttaget."))
    return redirect(reverse("internalcontrol:plan", args=[plan_.committee.slug, plan_.year]))
