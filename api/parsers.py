"""JSON with a bounded nesting depth, checked before it is parsed."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from portal.jsondepth import json_depth

# A batch of measurements is three levels deep ({"items": [{...}]}); a thousand levels made the parser or the
# error report recurse past Python's limit, and the answer was a 500.
MAX_JSON_DEPTH = 32


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing JSON nested deeper than ``MAX_JSON_DEPTH`` with a 400 before parsing it."""

    def parse(
        self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        body = stream.read() if stream is not None else b""
        if json_depth(body) > MAX_JSON_DEPTH:
            raise ParseError(
                _('JSON-innehållet är nästlat i fler än %(depth)d nivåer. Skicka posterna som {"items": [...]}.')
                % {"depth": MAX_JSON_DEPTH}
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)
