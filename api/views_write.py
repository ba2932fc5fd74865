"""The write API: measurements from other systems, with a key."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import ApiTokenAuthentication
from api.models import ApiToken
from api.parsers import DepthLimitedJSONParser
from api.serializers import BatchResultSerializer, ErrorSerializer, MeasurementBatchSerializer
from api.services import IngestRefused, ItemError, measurements_ingest
from api.throttles import AnonymousThrottle, TokenThrottle


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class HasToken(permissions.BasePermission):
    message = gettext_lazy("Skriv med en API-nyckel: Authorization: Bearer <nyckel>.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiToken)


def flatten(errors: dict[str, Any]) -> list[ItemError]:
    """DRF's validation errors for a batch as a flat list naming the item (from 0) and the field."""
    result: list[ItemError] = []

    def messages(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [message for inner in value.values() for message in messages(inner)]
        if isinstance(value, list):
            return [message for inner in value for message in messages(inner)]
        return [str(value)]

    for key, value in errors.items():
        # Per item: a list aligned with the items, or (DRF 3.16 and later) a dict keyed by their index.
        aligned = isinstance(value, list) and all(isinstance(entry, dict) for entry in value)
        per_item = dict(enumerate(value)) if aligned else value
        if key == "items" and isinstance(per_item, dict) and per_item and all(isinstance(i, int) for i in per_item):
            for index, item_errors in per_item.items():
                if not isinstance(item_errors, dict):
                    result += [ItemError(index, None, message) for message in messages(item_errors)]
                    continue
                for field, field_errors in item_errors.items():
                    name = None if field == "non_field_errors" else field
                    result += [ItemError(index, name, message) for message in messages(field_errors)]
        else:
            name = None if key == "non_field_errors" else key
            result += [ItemError(None, name, message) for message in messages(value)]
    return result


def refusal(status_code: int, errors: list[ItemError]) -> Response:
    detail = _("Inget sparades: %(count)d fel.") % {"count": len(errors)}
    body = {"detail": detail, "errors": [{"index": e.index, "field": e.field, "message": e.message} for e in errors]}
    return Response(body, status=status_code)


class MeasurementIngest(APIView):
    """Store indicator values from another system: one or many items, all or none, once per external id."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasToken]
    throttle_classes = [TokenThrottle, AnonymousThrottle]
    parser_classes = [DepthLimitedJSONParser]

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> NoReturn:
        raise exceptions.NotAuthenticated(HasToken.message)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # A method the endpoint does not have is answered 405 before the key is asked for.
        if request.method is None or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=MeasurementBatchSerializer,
        responses={
            200: OpenApiResponse(BatchResultSerializer, description=_("Allt fanns redan: inget nytt sparades.")),
            201: OpenApiResponse(BatchResultSerializer, description=_("Värdena sparades.")),
            400: OpenApiResponse(ErrorSerializer, description=_("Fel i en post: inget sparades.")),
            401: OpenApiResponse(ErrorSerializer, description=_("Nyckel saknas, är ogiltig eller återkallad.")),
            403: OpenApiResponse(ErrorSerializer, description=_("En post ligger utanför nyckelns nämnd.")),
            409: OpenApiResponse(ErrorSerializer, description=_("Ett external_id har använts med andra uppgifter.")),
            413: OpenApiResponse(ErrorSerializer, description=_("Anropet är för stort.")),
            415: OpenApiResponse(ErrorSerializer, description=_("Skicka JSON.")),
            429: OpenApiResponse(ErrorSerializer, description=_("För många anrop.")),
        },
    )
    def post(self, request: Request) -> Response:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            raise TooLarge(
                _("Anropet är för stort (högst %(bytes)d byte). Dela upp posterna i flera anrop.")
                % {"bytes": settings.API_MAX_BODY_BYTES}
            )
        serializer = MeasurementBatchSerializer(data=request.data)
        if not serializer.is_valid():
            return refusal(status.HTTP_400_BAD_REQUEST, flatten(serializer.errors))
        assert isinstance(request.auth, ApiToken)
        try:
            results = measurements_ingest(token=request.auth, items=serializer.validated_data["items"])
        except IngestRefused as refused:
            return refusal(refused.status, refused.errors)
        counts = {kind: sum(1 for r in results if r.result == kind) for kind in ("created", "updated", "unchanged")}
        body = BatchResultSerializer({**counts, "items": results}).data
        created = counts["created"] or counts["updated"]
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
