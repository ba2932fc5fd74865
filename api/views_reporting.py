"""The write API's outcome and forecast per report date: the same checks and the same write as the file import."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.access import may
from api.models import ApiToken
from api.serializers import ErrorSerializer
from api.serializers_reporting import ReportOutcomeResultSerializer, ReportOutcomeSerializer
from api.services import ItemError
from api.views_write import MeasurementIngest, TooLarge, flatten, refusal
from budgets.exchange.database import committee_lookup
from reporting.data import (
    CommitteeValue,
    InvestmentValue,
    LineValue,
    OutcomeData,
    Where,
    check_outcome,
    committee_by_name,
    outcomes_store,
)
from reporting.models import KIND_SLUGS, ReportDate
from reporting.outcomes import budget_document

_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}


class ReportOutcomeIngest(MeasurementIngest):
    """Replace a report date's outcome and forecast: all rows or none, with a strategist's key."""

    @extend_schema(
        request=ReportOutcomeSerializer,
        responses={
            201: OpenApiResponse(ReportOutcomeResultSerializer, description=_("Utfall och prognos sparades.")),
            400: OpenApiResponse(ErrorSerializer, description=_("Fel i en rad: inget sparades.")),
            401: OpenApiResponse(ErrorSerializer, description=_("Nyckel saknas, är ogiltig eller återkallad.")),
            403: OpenApiResponse(ErrorSerializer, description=_("Nyckeln får inte skriva utfall.")),
            404: OpenApiResponse(ErrorSerializer, description=_("Rapporttillfället finns inte.")),
        },
    )
    def post(self, request: Request) -> Response:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            raise TooLarge(_("Anropet är för stort. Dela upp raderna i flera anrop."))
        assert isinstance(request.auth, ApiToken)
        if not may(request, "reporting.edit_report"):
            raise exceptions.PermissionDenied(
                _("Nyckeln får inte skriva utfall och prognos: använd en nyckel för kommunledningskontoret.")
            )
        serializer = ReportOutcomeSerializer(data=request.data)
        if not serializer.is_valid():
            return refusal(status.HTTP_400_BAD_REQUEST, flatten(serializer.errors))
        values: dict[str, Any] = serializer.validated_data
        report = ReportDate.objects.filter(year=values["year"], kind=_KINDS[values["kind"]]).first()
        if report is None:
            raise exceptions.NotFound(
                _("Rapporttillfället finns inte i portalen. Skapa det under Delårsrapport och årsredovisning först.")
            )
        data, errors = _outcome_data(values)
        if not errors:
            errors = [
                ItemError(
                    problem.where.row if problem.where else None,
                    problem.where.section if problem.where else None,
                    problem.message,
                )
                for problem in check_outcome(data, budget_document(report))
            ]
        if errors:
            return refusal(status.HTTP_400_BAD_REQUEST, errors)
        outcomes_store(report=report, data=data, actor=None)
        body = ReportOutcomeResultSerializer({"report": str(report), "figures": data.figure_count}).data
        return Response(body, status=status.HTTP_201_CREATED)


def _outcome_data(values: dict[str, Any]) -> tuple[OutcomeData, list[ItemError]]:
    lookup = committee_lookup()
    data = OutcomeData()
    errors: list[ItemError] = []
    for index, line in enumerate(values["lines"]):
        data.lines.append(
            LineValue(
                line["statement"],
                line["label"],
                line["role"],
                line["is_total"],
                line["outcome"],
                line["forecast"],
                Where("lines", index),
            )
        )
    for index, row in enumerate(values["committees"]):
        committee = committee_by_name(row["committee"], lookup)
        if committee is None:
            errors.append(ItemError(index, "committees", _unknown(row["committee"])))
            continue
        data.committees.append(
            CommitteeValue(committee.pk, committee.name, row["outcome"], row["forecast"], Where("committees", index))
        )
    for index, row in enumerate(values["investments"]):
        where = Where("investments", index)
        if row["area"] != "committee":
            data.investments.append(
                InvestmentValue(row["area"], None, row["area"], row["outcome"], row["forecast"], where)
            )
            continue
        committee = committee_by_name(row["committee"], lookup)
        if committee is None:
            errors.append(ItemError(index, "investments", _unknown(row["committee"])))
            continue
        data.investments.append(
            InvestmentValue("committee", committee.pk, committee.name, row["outcome"], row["forecast"], where)
        )
    return data, errors


def _unknown(name: str) -> str:
    return _("Nämnden ”%(name)s” finns inte i portalen. Skriv nämndens namn eller förkortning.") % {"name": name}
