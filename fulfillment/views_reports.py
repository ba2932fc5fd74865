"""The annual fulfillment reports: the list with the strategist's start form, a report with its
progress (htmx polls a partial while the compilation runs), publishing, and the report as Excel and PDF.

Access: ``fulfillment.access.get_report_for_user`` (published reports for every role, drafts for internal
readers); the services do the writing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from fulfillment import files, inputs, services
from fulfillment.access import get_report_for_user
from fulfillment.forms import CompileForm
from fulfillment.models import FulfillmentReport
from fulfillment.reports import DIFFERENCES, DIFFERENCES_SHOWN, UNLINKED, build_tree, report_rows
from goals.paging import GoalPage, page_number
from portal.access import request_user, require_perm
from portal.http import HtmxHttpRequest


@require_GET
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "fulfillment.view_fulfillment_reports")
    reports = list(FulfillmentReport.objects.for_user(request_user(request)).select_related("as_of"))
    form = None
    if request.user.has_perm("fulfillment.compile"):
        form = CompileForm(initial={"year": timezone.localdate().year})
    return render(request, "fulfillment/report_list.html", {"reports": reports, "form": form})


@require_POST
@login_required
def report_start(request: HttpRequest) -> HttpResponse:
    require_perm(request, "fulfillment.compile")
    form = CompileForm(request.POST)
    if not form.is_valid():
        reports = list(FulfillmentReport.objects.for_user(request_user(request)).select_related("as_of"))
        return render(request, "fulfillment/report_list.html", {"reports": reports, "form": form}, status=400)
    report = services.fulfillment_compile_start(
        year=form.cleaned_data["year"],
        as_of=form.cleaned_data["as_of"],
        actor=request_user(request),
        counting=form.cleaned_data["counting"],
    )
    return redirect("fulfillment:report_detail", report.pk)


COMMITTEE_GOALS_PER_PAGE = 10


@require_GET
@login_required
def report_detail(request: HttpRequest, report: int) -> HttpResponse:
    """The report's overview (the council goals with their indicators, their committee goals counted), or with
    ``?mal=`` one council goal with its committee goals in full (or the committee goals that serve none).

    Queries: the report (with its period and people), its goal rows, the shown goals' indicator rows; the
    user's roles."""
    item = get_report_for_user(request, report)
    focus = request.GET.get("mal", "")
    context: dict[str, object] = {
        "report": item,
        "tree": None,
        "focus": focus,
        "overview": not focus,
    }
    if item.generation:
        # A generation's rows never change: the tree built from them is kept (fulfillment.inputs.kept).
        tree = inputs.kept(
            ("report tree", item.pk, item.generation, focus),
            lambda: build_tree(report_rows(item, indicators_of=focus or None)),
        )
        context["tree"] = tree
        context["caveat"] = item.caveat(tree.goal_counts)
        if not focus:
            context["differences"] = tree.differences[:DIFFERENCES_SHOWN]  # the overview names the first few
        if focus and focus not in (UNLINKED, DIFFERENCES):
            node, area = tree.focused(focus)
            if node is None and area is None:
                raise Http404(_("Sammanställningen har inget sådant av kommunfullmäktiges mål."))
            context |= {"focus_node": node, "focus_area": area}
            if node is not None:  # its committee goals, COMMITTEE_GOALS_PER_PAGE at a time
                every = node.contributions
                page = GoalPage.of(page_number(request), len(every), COMMITTEE_GOALS_PER_PAGE)
                context |= {"page": page, "page_prefix": f"mal={focus}&", "contributions": page.slice(every)}
    return render(request, "fulfillment/report_detail.html", context)


@require_GET
@login_required
def report_progress(request: HtmxHttpRequest, report: int) -> HttpResponse:
    """The progress partial that the report page polls; once the compilation is over, the page reloads."""
    item = get_report_for_user(request, report)
    if request.htmx and not item.is_working:
        return HttpResponseClientRefresh()
    return render(request, "fulfillment/report_detail.html#progress", {"report": item})


@require_POST
@login_required
def report_publish(request: HttpRequest, report: int) -> HttpResponse:
    item = get_report_for_user(request, report, "fulfillment.publish_fulfillment_report")
    try:
        confirmed = request.POST.get("confirm_caveat") == "1"
        services.fulfillment_publish(report=item, actor=request_user(request), confirmed=confirmed)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Sammanställningen är publicerad och ändras inte längre."))
    return redirect("fulfillment:report_detail", item.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def report_xlsx(request: HttpRequest, report: int) -> HttpResponse:
    item = get_report_for_user(request, report)
    if not item.generation:
        messages.info(request, _("Sammanställningen är inte klar ännu."))
        return redirect("fulfillment:report_detail", item.pk)
    return _download(files.report_xlsx_bytes(item), files.XLSX, files.report_filename(item, "xlsx"))


@require_GET
@login_required
def report_pdf(request: HttpRequest, report: int) -> HttpResponse:
    item = get_report_for_user(request, report)
    if not item.generation:
        messages.info(request, _("Sammanställningen är inte klar ännu."))
        return redirect("fulfillment:report_detail", item.pk)
    return _download(files.report_pdf_bytes(item, request), files.PDF, files.report_filename(item, "pdf"))
