"""Additions to the generated OpenAPI schema: the error answers every read endpoint can give."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ItemError"}},
    },
    "additionalProperties": True,
}
# Filter errors name the query parameter: {"year": ["Ange ett heltal."]}.
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

COMMON = {
    "401": "Nyckeln är ogiltig eller återkallad.",
    "404": "Finns inte, eller inte för den som frågar.",
    "406": "Svaret finns inte i det format som Accept begär.",
    "429": "För många anrop; vänta det antal sekunder som Retry-After anger.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: document 400/401/404/406/429 on every operation that lacks them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault(
        "ItemError",
        {
            "type": "object",
            "properties": {
                "index": {"type": "integer", "nullable": True},
                "field": {"type": "string", "nullable": True},
                "message": {"type": "string"},
            },
        },
    )
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON.items():
                responses.setdefault(status, {"description": description, "content": error})
            if any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
                responses.setdefault(
                    "400",
                    {
                        "description": "Ogiltig parameter.",
                        "content": {
                            "application/json": {
                                "schema": {"anyOf": [{"$ref": "#/components/schemas/Error"}, FIELD_ERRORS_SCHEMA]}
                            }
                        },
                    },
                )
    return result
