"""The read API: vision, committees, goals and budget documents, and their downloads.

Anonymous callers see published data only (adopted goals, adopted budget
documents); a signed-in user or a key sees what its roles may see, decided by
the rules in api/access.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api import downloads, goal_list
from api.access import sees_unpublished_budgets, sees_unpublished_goals
from api.filters import BudgetDocumentFilter, GoalFilter
from api.serializers import (
    BudgetDocumentDetailSerializer,
    BudgetDocumentSerializer,
    CommitteeSerializer,
    EmployerInitiativeSerializer,
    FulfillmentReportDetailSerializer,
    FulfillmentReportSerializer,
    GoalSerializer,
    VisionSerializer,
)
from budgets.models import BudgetDocument, BudgetDocumentQuerySet
from budgets.services import document_overview
from fulfillment import inputs
from fulfillment.models import FulfillmentReport
from goals.models import EmployerInitiative, FocusArea, Goal, GoalQuerySet, Indicator, Target, Vision
from portal.models import Committee, CommitteeQuerySet


def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/v1/: a 404 in JSON, as every API answer, not the portal's HTML page."""
    return JsonResponse(
        {"detail": _("Adressen finns inte i API:et. Se /api/v1/ för vad som finns; adresserna slutar med /.")},
        status=404,
    )


GOAL_ORDER = ("level", "committee__sort_order", "sort_order", "pk")


def visible_goals(request: Request) -> GoalQuerySet:
    """Goals the caller may read, with what GoalSerializer shows: five queries whatever the number."""
    goals = Goal.objects.all() if sees_unpublished_goals(request) else Goal.objects.adopted()
    return (
        goals.select_related("committee")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by(*goal_list.FOCUS_AREA_ORDER)),
            # Only goals the caller may read are named as what a goal contributes to.
            Prefetch("contributes_to", queryset=goals.order_by("sort_order", "pk").only("pk")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("targets", queryset=Target.objects.select_related("reference_indicator"))
                ),
            ),
        )
        .order_by(*GOAL_ORDER)
    )


def public_initiatives() -> QuerySet[EmployerInitiative]:
    """Employer initiatives are published only for everyone: drafts are HR's, not the API's, whoever asks."""
    return (
        EmployerInitiative.objects.public()
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("sort_order", "name")),
            Prefetch("goals", queryset=Goal.objects.adopted().order_by("sort_order", "pk").only("pk")),
        )
        .order_by("sort_order", "title")
    )


def published_reports() -> QuerySet[FulfillmentReport]:
    """Published fulfillment reports only, for every caller: drafts are read in the portal."""
    return (
        FulfillmentReport.objects.filter(state=FulfillmentReport.State.PUBLISHED)
        .select_related("as_of")
        .order_by("-year", "-version", "-pk")
    )


def visible_documents(request: Request) -> BudgetDocumentQuerySet:
    """Budget documents the caller may read: adopted ones, and proposals for internal readers."""
    return BudgetDocument.objects.all() if sees_unpublished_budgets(request) else BudgetDocument.objects.adopted()


class JSONOnly(BaseContentNegotiation):
    """Files and errors are JSON whatever the Accept header asks for; a CSV file is written directly."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)


class Root(APIView):
    """The API's entry point: links to every list, the schema and the documentation."""

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Länkar till API:ets delar."))})
    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return reverse(f"api:{name}", request=request)

        return Response(
            {
                "vision": link("vision"),
                "committees": link("committees"),
                "goals": link("goals"),
                "goals_csv": link("goals_csv"),
                "goals_json": link("goals_json"),
                "budget_documents": link("budget_documents"),
                "employer_initiatives": link("employer_initiatives"),
                "fulfillment_reports": link("fulfillment_reports"),
                "measurements": link("measurements"),
                "schema": link("schema"),
                "docs": link("docs"),
            }
        )


class VisionView(generics.RetrieveAPIView[Vision]):
    """The vision in force (the one adopted last) with its focus areas."""

    serializer_class = VisionSerializer

    def get_object(self) -> Vision:
        vision = Vision.objects.prefetch_related("focus_areas").current()
        if vision is None:
            raise NotFound(_("Ingen vision är registrerad."))
        return vision


class CommitteeList(generics.ListAPIView[Committee]):
    """The active committees; their slugs filter the goals."""

    serializer_class = CommitteeSerializer

    def get_queryset(self) -> CommitteeQuerySet:
        return Committee.objects.active().order_by("sort_order", "name")


class GoalList(generics.ListAPIView[Goal]):
    """The council's and the committees' goals with indicators and targets; adopted goals only without sign-in."""

    serializer_class = GoalSerializer
    filterset_class = GoalFilter

    def get_queryset(self) -> GoalQuerySet:
        return visible_goals(self.request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page from tuples (api/goal_list.py): what GoalSerializer says, without its cost per field.

        What a page holds depends only on whether the caller sees unpublished goals, the address (its filters,
        its page, the links to the next) and the language, and it reads only the fulfillment's inputs (goals,
        their links, indicators, targets, committees): so it is kept in the process per inputs version
        (fulfillment/inputs.py, one query to check), and any write to those models makes the next request
        build it anew. A refused filter raises before anything is kept."""
        everything = sees_unpublished_goals(request)

        def page_data() -> Any:
            goals = (Goal.objects.all() if everything else Goal.objects.adopted()).order_by(*GOAL_ORDER)
            rows = goal_list.goal_rows(self.filter_queryset(goals))
            page = cast("list[tuple[Any, ...]] | None", self.paginate_queryset(rows))
            return self.get_paginated_response(goal_list.represent(page or [], adopted_only=not everything)).data

        return Response(inputs.kept(("api goal list", everything, request.build_absolute_uri()), page_data))


class GoalDetail(generics.RetrieveAPIView[Goal]):
    """One goal; a goal the caller may not read answers 404."""

    serializer_class = GoalSerializer

    def get_queryset(self) -> GoalQuerySet:
        return visible_goals(self.request)

    def get_object(self) -> Goal:
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("Målet finns inte.")) from None


class GoalDownload(generics.ListAPIView[Goal]):
    """Every goal of the list (same filters, no pages) as a file."""

    serializer_class = GoalSerializer
    filterset_class = GoalFilter
    pagination_class = None
    content_negotiation_class = JSONOnly
    renderer_classes = [JSONRenderer]
    file_format = "json"

    def get_queryset(self) -> GoalQuerySet:
        return visible_goals(self.request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        data = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        if self.file_format == "csv":
            return downloads.csv_response(downloads.goal_rows(data), "mal.csv")
        return downloads.json_response(data, "mal.json")


@extend_schema_view(get=extend_schema(operation_id="goals_csv", responses={(200, "text/csv"): OpenApiTypes.STR}))
class GoalDownloadCSV(GoalDownload):
    """Every goal of the list as CSV for Swedish Excel: semicolons, decimal comma, UTF-8 with BOM."""

    file_format = "csv"


@extend_schema_view(
    get=extend_schema(operation_id="goals_json", responses={(200, "application/json"): GoalSerializer(many=True)})
)
class GoalDownloadJSON(GoalDownload):
    """Every goal of the list as one JSON file."""

    file_format = "json"


class BudgetDocumentList(generics.ListAPIView[BudgetDocument]):
    """Budget documents; adopted ones only without sign-in."""

    serializer_class = BudgetDocumentSerializer
    filterset_class = BudgetDocumentFilter

    def get_queryset(self) -> BudgetDocumentQuerySet:
        return visible_documents(self.request).order_by("-year")


class BudgetDocumentDetail(generics.GenericAPIView[BudgetDocument]):
    """One year's document with its five tables and key ratios, as the budget page shows them."""

    serializer_class = BudgetDocumentDetailSerializer
    lookup_field = "year"

    def get_queryset(self) -> BudgetDocumentQuerySet:
        return visible_documents(self.request)

    def get_object(self) -> BudgetDocument:
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("Det finns ingen budget för året.")) from None

    def detail(self) -> dict[str, Any]:
        return dict(self.get_serializer(document_overview(self.get_object())).data)

    def get(self, request: Request, year: int) -> Response:
        return Response(self.detail())


@extend_schema_view(
    get=extend_schema(operation_id="budget_tables_csv", responses={(200, "text/csv"): OpenApiTypes.STR})
)
class BudgetTablesCSV(BudgetDocumentDetail):
    """The five tables and the key ratios as CSV for Swedish Excel."""

    content_negotiation_class = JSONOnly
    renderer_classes = [JSONRenderer]

    def get(self, request: Request, year: int) -> HttpResponse:  # type: ignore[override]
        return downloads.csv_response(downloads.document_rows(self.detail()), f"budget-{year}.csv")


@extend_schema_view(
    get=extend_schema(
        operation_id="budget_tables_json", responses={(200, "application/json"): BudgetDocumentDetailSerializer}
    )
)
class BudgetTablesJSON(BudgetDocumentDetail):
    """The document with its tables and key ratios as one JSON file."""

    content_negotiation_class = JSONOnly
    renderer_classes = [JSONRenderer]

    def get(self, request: Request, year: int) -> HttpResponse:  # type: ignore[override]
        return downloads.json_response(self.detail(), f"budget-{year}.json")


class EmployerInitiativeList(generics.ListAPIView[EmployerInitiative]):
    """The employer initiatives that are public now (published, or scheduled with their time come)."""

    serializer_class = EmployerInitiativeSerializer

    def get_queryset(self) -> QuerySet[EmployerInitiative]:
        return public_initiatives()


class EmployerInitiativeDetail(generics.RetrieveAPIView[EmployerInitiative]):
    """One public initiative by its slug; any other answers 404, whoever asks."""

    serializer_class = EmployerInitiativeSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "initiative_slug"

    def get_queryset(self) -> QuerySet[EmployerInitiative]:
        return public_initiatives()

    def get_object(self) -> EmployerInitiative:
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("Satsningen finns inte.")) from None


class FulfillmentReportList(generics.ListAPIView[FulfillmentReport]):
    """Published fulfillment reports with the verdict on sound financial management, newest first."""

    serializer_class = FulfillmentReportSerializer

    def get_queryset(self) -> QuerySet[FulfillmentReport]:
        return published_reports()


class FulfillmentReportDetail(generics.RetrieveAPIView[FulfillmentReport]):
    """One published report with its rows (focus areas, goals, indicators) as compiled; drafts answer 404."""

    serializer_class = FulfillmentReportDetailSerializer

    def get_queryset(self) -> QuerySet[FulfillmentReport]:
        return published_reports()

    def get_object(self) -> FulfillmentReport:
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("Sammanställningen finns inte eller är inte publicerad.")) from None
