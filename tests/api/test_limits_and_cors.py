"""Rate limits for anonymous callers and keys, and CORS for the read API only."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import Published, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings) -> None:
    rates = {"anonymous": "3/min", "token": "2/min", "user": "3/min"}
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}


def test_anonymous_callers_are_limited_with_a_message(client: Client, db: None, low_rates: None) -> None:
    for _ in range(3):
        assert client.get("/api/v1/committees/").status_code == 200
    response = client.get("/api/v1/committees/")
    assert response.status_code == 429
    assert response.json()["detail"] and int(response["Retry-After"]) > 0


def test_keys_are_limited_per_key(client: Client, published: Published, committee_token, low_rates: None) -> None:
    _token, raw = committee_token
    body = json.dumps(
        {"items": [{"indicator": published.committee_indicator.pk, "year": 2026, "value": 1, "external_id": "a"}]}
    )
    for _ in range(2):
        assert (
            client.post("/api/v1/measurements/", body, content_type="application/json", **bearer(raw)).status_code < 300
        )
    response = client.post("/api/v1/measurements/", body, content_type="application/json", **bearer(raw))
    assert response.status_code == 429
    # The key's limit is its own: anonymous readers still get through.
    assert client.get("/api/v1/committees/").status_code == 200


def test_read_api_allows_any_origin_without_credentials(client: Client, published: Published) -> None:
    response = client.get("/api/v1/goals/", HTTP_ORIGIN="https://tidning.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/goals/", HTTP_ORIGIN="https://tidning.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_no_cors_for_writes_or_the_portal(client: Client, db: None) -> None:
    for url in ("/api/v1/measurements/", "/api/tokens/", "/"):
        response = client.options(url, HTTP_ORIGIN="https://tidning.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
        assert "Access-Control-Allow-Origin" not in response, url


def test_a_made_up_forwarded_for_does_not_dodge_the_limit(client: Client, db: None, low_rates: None) -> None:
    for number in range(3):
        assert client.get("/api/v1/committees/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code == 200
    assert client.get("/api/v1/committees/", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429
