"""The schema and the documentation page: generated from the code, served from our own static files."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_lists_every_endpoint(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in (
        "/api/v1/goals/",
        "/api/v1/goals/{id}/",
        "/api/v1/goals.csv",
        "/api/v1/budget-documents/{year}/tables.csv",
        "/api/v1/measurements/",
        "/api/v1/vision/",
    ):
        assert path in paths


def test_docs_page_uses_only_our_static_files_and_no_inline_code(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    page = response.content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    assert "<script>" not in page and "<style>" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in page
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
