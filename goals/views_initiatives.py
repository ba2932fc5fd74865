"""The HR editor's pages for employer initiatives: the list, the editor, the preview and the status steps.

Access: ``goals.manage_initiatives`` (HR editors) for every page; the services do the writing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from goals import services_initiatives as services
from goals.forms_initiatives import InitiativeForm, ScheduleForm
from goals.models import EmployerInitiative
from portal.access import require_perm
from portal.errors import Refused

MANAGE = "goals.manage_initiatives"


def get_initiative_for_editor(request: HttpRequest, pk: int) -> EmployerInitiative:
    """The initiative named in the URL; 403 for anyone but an HR editor, 404 if none."""
    require_perm(request, MANAGE)
    try:
        return EmployerInitiative.objects.prefetch_related("focus_areas", "goals").get(pk=pk)
    except EmployerInitiative.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET"])
@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Queries: the user's roles, the initiatives."""
    require_perm(request, MANAGE)
    initiatives = list(EmployerInitiative.objects.order_by("status", "sort_order", "title"))
    return render(request, "goals/initiative_list.html", {"initiatives": initiatives})


@require_http_methods(["GET", "POST"])
@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = services.initiative_save(initiative=EmployerInitiative(), values=form.values())
        messages.success(request, _("Utkastet är sparat. Förhandsgranska och publicera när det är klart."))
        return redirect("goals:initiative_detail", initiative.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/initiative_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def initiative_edit(request: HttpRequest, initiative: int) -> HttpResponse:
    item = get_initiative_for_editor(request, initiative)
    form = InitiativeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.initiative_save(initiative=item, values=form.values())
        messages.success(request, _("Ändringarna är sparade."))
        return redirect("goals:initiative_detail", item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/initiative_form.html", {"form": form, "initiative": item}, status=status)


@require_http_methods(["GET"])
@login_required
def initiative_detail(request: HttpRequest, initiative: int) -> HttpResponse:
    """The preview: the initiative as the public will read it, with the steps it can take."""
    item = get_initiative_for_editor(request, initiative)
    return render(
        request,
        "goals/initiative_detail.html",
        {"initiative": item, "schedule_form": ScheduleForm(), "is_public": item.is_public()},
    )


def _step(request: HttpRequest, initiative: int, do: Callable[[EmployerInitiative], object], done: str) -> HttpResponse:
    item = get_initiative_for_editor(request, initiative)
    try:
        do(item)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("goals:initiative_detail", item.pk)


@require_POST
@login_required
def initiative_publish(request: HttpRequest, initiative: int) -> HttpResponse:
    return _step(
        request,
        initiative,
        lambda item: services.initiative_publish(initiative=item),
        _("Satsningen är publicerad på den offentliga webbplatsen."),
    )


@require_POST
@login_required
def initiative_schedule(request: HttpRequest, initiative: int) -> HttpResponse:
    item = get_initiative_for_editor(request, initiative)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "goals/initiative_detail.html",
            {"initiative": item, "schedule_form": form, "is_public": item.is_public()},
            status=400,
        )
    return _step(
        request,
        initiative,
        lambda item: services.initiative_schedule(initiative=item, publish_at=form.cleaned_data["publish_at"]),
        _("Satsningen är schemalagd och blir synlig vid den valda tiden."),
    )


@require_POST
@login_required
def initiative_unpublish(request: HttpRequest, initiative: int) -> HttpResponse:
    return _step(
        request,
        initiative,
        lambda item: services.initiative_unpublish(initiative=item),
        _("Satsningen är inte längre publicerad; den är ett utkast igen."),
    )


@require_POST
@login_required
def initiative_archive(request: HttpRequest, initiative: int) -> HttpResponse:
    return _step(
        request,
        initiative,
        lambda item: services.initiative_archive(initiative=item),
        _("Satsningen är arkiverad och visas inte längre."),
    )
