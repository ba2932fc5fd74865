from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pagination(PageNumberPagination):
    """50 items a page; ``page_size`` asks for 1 to 200. A page size that is not that is refused, not ignored."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Ange ett heltal från 1 till %(max)d.") % {"max": self.max_page_size}]}
            )
        return int(value)

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: [_("Ange ett sidnummer, eller utelämna parametern.")]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = _("Antal per sida, 1–%(max)d (50 om inget anges).") % {
                    "max": self.max_page_size
                }
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] |= {"minimum": 1}
                parameter["description"] = _("Sidnummer, från 1.")
        return parameters
