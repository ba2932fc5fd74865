"""A control's result saved from the follow-up's editor, and the executive board's summary of the year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from followups.access import get_followup_for_user
from internalcontrol import services
from internalcontrol.forms import AdoptForm, ResultForm, SummaryForm
from internalcontrol.models import ControlResult, YearSummary
from internalcontrol.rules import executive_boards
from internalcontrol.summary import committees_with_controls, committees_without_plan
from portal.access import request_user, require_perm
from portal.errors import Refused
from portal.http import is_htmx_swap
from portal.querystring import FIRST_YEAR, LAST_YEAR


@require_POST
@login_required
def result_save(request: HttpRequest, followup: int, control: int) -> HttpResponse:
    """Saves one control's result in the follow-up; the reporter's, while the follow-up may be edited."""
    obj = get_followup_for_user(request, followup, "followups.edit_followup")
    item = next((planned for planned in services.planned_controls(obj) if planned.pk == control), None)
    if item is None:
        raise Http404
    result = ControlResult.objects.filter(followup=obj, control=item).first()
    form = ResultForm(request.POST, instance=result, prefix=f"c{item.pk}")
    context: dict[str, Any] = {"followup": obj, "control": item, "result": result, "editable": True, "form": form}
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in ResultForm.Meta.fields}
        saved = services.result_save(followup=obj, control=item, actor=request_user(request), values=values)
        if is_htmx_swap(request):
            fresh = ResultForm(instance=saved, prefix=f"c{item.pk}")
            context |= {"result": saved, "form": fresh, "saved_at": saved.updated_at}
            return render(request, "internalcontrol/control_result.html", context)
        messages.success(request, _("Resultatet för ”%(control)s” är sparat.") % {"control": item.title})
        return redirect(reverse("followups:followup_edit", args=[obj.pk]) + f"#control-{item.pk}")
    if is_htmx_swap(request):  # htmx swaps only 2xx answers: the section with its errors, in place
        return render(request, "internalcontrol/control_result.html", context)
    return render(request, "internalcontrol/result_form.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def summary(request: HttpRequest, year: int) -> HttpResponse:
    """The year across committees: controls, results, deviations and actions, and the board's summary."""
    require_perm(request, "internalcontrol.view_summary")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    boards = executive_boards()
    board = boards[0] if boards else None
    document = YearSummary.objects.filter(committee=board, year=year).first() if board else None
    may_write = board is not None and request.user.has_perm("internalcontrol.write_summary")
    editable = may_write and (document is None or document.is_draft)
    form = SummaryForm(request.POST or None, initial={"text": document.text if document else ""})
    status = 200
    if request.method == "POST":
        if not editable or board is None:
            raise PermissionDenied("missing-permission perm=internalcontrol.write_summary")
        if form.is_valid():
            try:
                services.summary_save(
                    board=board, year=year, actor=request_user(request), text=form.cleaned_data["text"]
                )
            except Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Sammanfattningen är sparad som utkast."))
            return redirect("internalcontrol:summary", year)
        status = 400
    shows_text = document is not None and (
        not document.is_draft or request.user.has_perm("internalcontrol.view_summary_draft")
    )
    return render(
        request,
        "internalcontrol/summary.html",
        {
            "year": year,
            "board": board,
            "summary": document if shows_text else None,
            "committees": committees_with_controls(year),
            "without_plan": committees_without_plan(year),
            "form": form if editable else None,
            "adopt_form": AdoptForm(committee=board) if editable and board and document and document.text else None,
        },
        status=status,
    )


@require_POST
@login_required
def summary_adopt(request: HttpRequest, year: int) -> HttpResponse:
    require_perm(request, "internalcontrol.write_summary")
    boards = executive_boards()
    if not boards or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    form = AdoptForm(request.POST, committee=boards[0])
    if not form.is_valid():
        for error in form.errors.get("decision_reference", []):
            messages.error(request, str(error))
        return redirect("internalcontrol:summary", year)
    try:
        services.summary_adopt(
            board=boards[0],
            year=year,
            actor=request_user(request),
            decision_reference=form.cleaned_data["decision_reference"],
        )
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sammanställningen är antagen."))
    return redirect("internalcontrol:summary", year)
