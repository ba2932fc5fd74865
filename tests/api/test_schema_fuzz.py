"""Property-based run against the generated OpenAPI schema (schemathesis): never a 500, always as documented.

Every operation in /api/v1/schema/ gets generated requests, valid ones and
invalid ones (wrong types, out-of-range numbers, unknown values, missing
fields), through the Django WSGI application and the test database. The
write operation is called with a key, so that its validation is exercised
and not only its 401. Kept small (``EXAMPLES`` per operation and mode), so
the run takes seconds.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Published

pytestmark = pytest.mark.django_db

EXAMPLES = 12
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error, status_code_conformance, negative_data_rejection],
}


@pytest.fixture
def wsgi_application() -> Any:
    """The WSGI application, kept from closing the test's database connection after each request.

    Django's test client does the same: otherwise the request_finished signal closes the connection
    that holds the test's transaction.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(
    published: Published,
    unpublished: Any,
    committee_token: Any,
    many_requests: None,
    wsgi_application: Any,
    mode: GenerationMode,
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_application)
    key = {"Authorization": f"Bearer {committee_token[1]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    exercised = []

    for operation in operations:
        headers = key if operation.method.upper() == "POST" else None

        @given(case=operation.as_strategy(mode, headers=headers))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            # The same examples every run, so CI is never flaky; SCHEMA_FUZZ_RANDOM=1 explores new ones.
            derandomize=not os.environ.get("SCHEMA_FUZZ_RANDOM"),
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(checks=CHECKS[mode])

        try:
            run()
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (no parameters, no body).
            assert mode == GenerationMode.NEGATIVE, operation.label
            continue
        exercised.append(operation.label)
    assert len(exercised) >= (12 if mode == GenerationMode.POSITIVE else 8), exercised
