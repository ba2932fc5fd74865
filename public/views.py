"""The public site: no sign-in, published content only.

What "published" means, in one place per kind: adopted goals
(``Goal.objects.adopted()``), adopted budget documents
(``BudgetDocument.objects.adopted()``), published follow-ups
(``FollowUp.State.PUBLISHED``), published fulfillment reports
(``FulfillmentReport.State.PUBLISHED``) and public initiatives
(``EmployerInitiative.objects.public()``). Each page's body is cached for
anonymous visitors by ``portal.publiccache.public_page``; publishing forgets it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from budgets.models import BudgetDocument
from budgets.services import document_charts, document_overview
from followups.models import Assessment, FollowUp
from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.reports import build_tree, status_label
from goals.models import EmployerInitiative, FocusArea, Goal, Indicator, Target, Vision
from portal.models import Committee
from portal.pdf import html_to_pdf
from portal.publiccache import public_page
from portal.throttling import throttled


def published_reports() -> QuerySet[FulfillmentReport]:
    published = FulfillmentReport.objects.filter(state=FulfillmentReport.State.PUBLISHED)
    return published.select_related("as_of").defer("inputs")  # the year's inputs: megabytes, never shown


def published_followups() -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(state=FollowUp.State.PUBLISHED).select_related("committee", "period")


def _report_rows(report: FulfillmentReport) -> list[ReportRow]:
    return list(ReportRow.objects.filter(report=report, generation=report.generation).order_by("position"))


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        vision = Vision.objects.current()
        focus_areas = list(vision.focus_areas.order_by("sort_order", "name")) if vision else []
        return _("Start"), {"vision": vision, "focus_areas": focus_areas}

    return public_page(request, "public/start.html", build)


@require_GET
def goals(request: HttpRequest) -> HttpResponse:
    """The council's adopted goals, each with its status and explanation from the latest published report."""

    def build() -> tuple[str, dict[str, Any]]:
        report = published_reports().filter(as_of__isnull=True).order_by("-year", "-version").first()
        rows = {}
        if report is not None:
            rows = {
                row.subject_id: row
                for row in ReportRow.objects.filter(
                    report=report, generation=report.generation, kind=ReportRow.Kind.GOAL
                )
            }
        items = [
            {
                "goal": goal,
                "row": rows.get(goal.pk),
                "status": status_label(rows[goal.pk].status) if goal.pk in rows else "",
            }
            for goal in Goal.objects.council()
            .adopted()
            .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("sort_order")))
            .order_by("sort_order", "pk")
        ]
        return _("Kommunfullmäktiges mål"), {"items": items, "report": report}

    return public_page(request, "public/goals.html", build)


@require_GET
def goal(request: HttpRequest, goal: int) -> HttpResponse:
    """An adopted goal: what it says, its focus areas, its indicators and targets, the committee goals that
    break it down (or the council goals it serves), and its fulfillment in the latest published report."""

    def build() -> tuple[str, dict[str, Any]]:
        item = get_object_or_404(
            Goal.objects.adopted()
            .select_related("committee")
            .prefetch_related(
                Prefetch("focus_areas", queryset=FocusArea.objects.order_by("sort_order")),
                Prefetch("contributes_to", queryset=Goal.objects.adopted().order_by("sort_order", "pk")),
                Prefetch(
                    "contributions",
                    queryset=Goal.objects.adopted().select_related("committee").order_by("sort_order", "pk"),
                ),
            ),
            pk=goal,
        )
        report = published_reports().filter(as_of__isnull=True).order_by("-year", "-version").first()
        year = report.year if report is not None else timezone.localdate().year
        indicators = list(
            Indicator.objects.filter(goal=item)
            .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=year), to_attr="year_targets"))
            .order_by("sort_order", "pk")
        )
        rows: dict[tuple[str, int], ReportRow] = {}
        if report is not None:
            subjects = [item.pk, *(other.pk for other in item.contributions.all())]
            rows = {
                (row.kind, row.subject_id): row
                for row in ReportRow.objects.filter(report=report, generation=report.generation).filter(
                    Q(kind=ReportRow.Kind.GOAL, subject_id__in=subjects)
                    | Q(kind=ReportRow.Kind.INDICATOR, parent_id=item.pk)
                )
            }

        def status(kind: str, pk: int) -> dict[str, Any] | None:
            row = rows.get((kind, pk))
            return {"label": status_label(row.status), "row": row} if row is not None else None

        return item.title, {
            "goal": item,
            "report": report,
            "year": year,
            "status": status(ReportRow.Kind.GOAL, item.pk),
            "indicators": [{"indicator": i, "status": status(ReportRow.Kind.INDICATOR, i.pk)} for i in indicators],
            "contributions": [
                {"goal": other, "status": status(ReportRow.Kind.GOAL, other.pk)} for other in item.contributions.all()
            ],
        }

    return public_page(request, "public/goal.html", build)


@require_GET
def committees(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        return _("Nämnder och styrelser"), {"committees": list(Committee.objects.active().order_by("sort_order"))}

    return public_page(request, "public/committees.html", build)


@require_GET
def committee(request: HttpRequest, committee: str) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        item = get_object_or_404(Committee.objects.active(), slug=committee)
        goals = list(
            Goal.objects.for_committee(item)
            .adopted()
            .prefetch_related(Prefetch("contributes_to", queryset=Goal.objects.adopted().order_by("sort_order")))
            .order_by("sort_order", "pk")
        )
        followups = list(published_followups().filter(committee=item).order_by("-period__figures_date"))
        return item.name, {"committee": item, "goals": goals, "followups": followups}

    return public_page(request, "public/committee.html", build)


def _budget(request: HttpRequest, year: int | None) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        documents = BudgetDocument.objects.adopted()
        document = documents.order_by("-year").first() if year is None else documents.filter(year=year).first()
        if year is not None and document is None:
            raise Http404
        context: dict[str, Any] = {"document": document, "documents": list(documents.order_by("-year"))}
        if document is not None:
            overview = document_overview(document)
            context |= {"overview": overview, "charts": document_charts(overview)}
        return (document.title if document else _("Budget")), context

    return public_page(request, "public/budget.html", build)


@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    return _budget(request, None)


@require_GET
def budget_year(request: HttpRequest, year: int) -> HttpResponse:
    return _budget(request, year)


@require_GET
def followups(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        items = list(published_followups().order_by("-period__figures_date", "committee__sort_order"))
        return _("Uppföljningar"), {"followups": items}

    return public_page(request, "public/followups.html", build)


@require_GET
def followup(request: HttpRequest, followup: int) -> HttpResponse:
    """A published follow-up: assessments, figures and key events. Never its workflow, comments or history."""

    def build() -> tuple[str, dict[str, Any]]:
        item = get_object_or_404(
            published_followups().select_related("financial_outcome", "investment_outcome", "key_events"),
            pk=followup,
        )
        assessments = list(Assessment.objects.filter(followup=item).select_related("goal"))
        title = _("Uppföljning %(period)s, %(committee)s") % {"period": item.period, "committee": item.committee.name}
        return title, {"followup": item, "assessments": assessments}

    return public_page(request, "public/followup.html", build)


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        return _("Måluppfyllelse"), {"reports": list(published_reports().order_by("-year", "-version"))}

    return public_page(request, "public/reports.html", build)


@require_GET
def report(request: HttpRequest, report: int) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        item = get_object_or_404(published_reports(), pk=report)
        tree = build_tree(_report_rows(item))
        return str(item), {"report": item, "tree": tree, "caveat": item.caveat(tree.goal_counts)}

    return public_page(request, "public/report.html", build)


# How long a report's PDF is kept: a published report never changes, and its key names its version.
REPORT_PDF_SECONDS = 24 * 60 * 60


@require_GET
@throttled(
    "public_pdf",
    gettext_lazy("Du har hämtat många PDF-filer på kort tid. Vänta en stund och hämta filen igen."),
)
def report_pdf(request: HttpRequest, report: int) -> HttpResponse:
    """The published report as PDF, rendered as the portal's report PDF is, once per version and language:
    kept under the report's id, version, generation and inputs digest (a PDF takes seconds to make)."""
    item = get_object_or_404(published_reports(), pk=report)
    key = (
        f"public:report-pdf:{item.pk}:v{item.version}:g{item.generation}:{item.inputs_digest}:"
        f"{translation.get_language()}"
    )
    pdf = cache.get(key)
    if pdf is None:
        tree = build_tree(_report_rows(item))
        context = {"report": item, "tree": tree, "caveat": item.caveat(tree.goal_counts)}
        html = render_to_string("fulfillment/report_pdf.html", context, request)
        pdf = html_to_pdf(html)
        cache.set(key, pdf, REPORT_PDF_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="maluppfyllelse-{item.year}-v{item.version}.pdf"'
    return response


@require_GET
def initiatives(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        items = list(EmployerInitiative.objects.public().order_by("sort_order", "title"))
        return _("Arbetsgivarsatsningar"), {"initiatives": items}

    return public_page(request, "public/initiatives.html", build)


@require_GET
def initiative(request: HttpRequest, initiative_slug: str) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        item = get_object_or_404(
            EmployerInitiative.objects.public().prefetch_related(
                Prefetch("focus_areas", queryset=FocusArea.objects.order_by("sort_order")),
                Prefetch("goals", queryset=Goal.objects.adopted().order_by("sort_order")),
            ),
            slug=initiative_slug,
        )
        return item.title, {"initiative": item}

    return public_page(request, "public/initiative.html", build)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[str, dict[str, Any]]:
        return _("Tillgänglighetsredogörelse"), {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}

    return public_page(request, "public/accessibility.html", build)


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text. Django marks them ``type="html"``, so a feed reader would
    render the markup an HR editor typed into an initiative's summary as HTML."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class InitiativeFeed(Feed):
    """The public initiatives as an Atom feed, newest first."""

    feed_type = PlainTextAtomFeed

    def title(self) -> str:
        return _("Arbetsgivarsatsningar")

    def subtitle(self) -> str:
        return _("Kommunens satsningar som arbetsgivare.")

    def link(self) -> str:
        return reverse("public:initiatives")

    def items(self) -> QuerySet[EmployerInitiative]:
        return EmployerInitiative.objects.public().order_by("-publish_at")[:50]

    def item_title(self, item: EmployerInitiative) -> str:
        return item.title

    def item_description(self, item: EmployerInitiative) -> str:
        return item.summary

    def item_link(self, item: EmployerInitiative) -> str:
        return reverse("public:initiative", args=[item.slug])

    def item_pubdate(self, item: EmployerInitiative) -> Any:
        return item.publish_at

    def item_updateddate(self, item: EmployerInitiative) -> Any:
        return max(item.updated_at, item.publish_at) if item.publish_at else item.updated_at
