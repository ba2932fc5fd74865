"""Writing measurements with a key: all or nothing, once per external id, within the key's scope."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from api.models import ApiToken, IngestRecord
from goals.models import Measurement
from portal.models import User
from tests.api.conftest import Published, bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/measurements/"


def post(client: Client, raw: str, body: Any, **extra: Any):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **bearer(raw), **extra)


def item(indicator: int, external_id: str, **fields: Any) -> dict[str, Any]:
    return {"indicator": indicator, "year": 2026, "value": 61.5, "external_id": external_id, **fields}


def test_a_batch_is_stored_with_history_and_its_key(client: Client, published: Published, committee_token) -> None:
    token, raw = committee_token
    indicator = published.committee_indicator.pk
    body = {
        "items": [
            item(indicator, "bun-1", reference_value=58.2, source="Kolada N15419"),
            item(indicator, "bun-2", period="Q2", basis="forecast", value=None),
        ]
    }
    response = post(client, raw, body)
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    first = Measurement.objects.get(indicator_id=indicator, period="year")
    assert first.value == Decimal("61.5") and first.reference_value == Decimal("58.2")
    assert first.source == "Kolada N15419"
    assert Measurement.objects.get(indicator_id=indicator, period="Q2").value is None
    assert first.history.get().history_change_reason == "API-nyckel ”Läsappen”"
    assert set(IngestRecord.objects.values_list("token", "external_id")) == {(token.pk, "bun-1"), (token.pk, "bun-2")}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_same_batch_twice_is_stored_once(client: Client, published: Published, committee_token) -> None:
    _token, raw = committee_token
    body = {"items": [item(published.committee_indicator.pk, "bun-1")]}
    assert post(client, raw, body).status_code == 201
    again = post(client, raw, body)
    assert again.status_code == 200
    assert again.json()["unchanged"] == 1
    assert Measurement.objects.count() == 1 and IngestRecord.objects.count() == 1
    assert Measurement.history.count() == 1


def test_one_bad_item_stores_nothing_and_names_item_and_field(
    client: Client, published: Published, committee_token
) -> None:
    _token, raw = committee_token
    indicator = published.committee_indicator.pk
    body = {"items": [item(indicator, "ok-1"), item(indicator, "bad", year=2026, period="Q9", value="mycket")]}
    response = post(client, raw, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(error["index"], error["field"]) for error in errors} == {(1, "period"), (1, "value")}
    assert response.json()["detail"] == "Inget sparades: 2 fel."
    assert not Measurement.objects.exists() and not IngestRecord.objects.exists()


def test_unknown_indicator_and_duplicates_in_a_batch(client: Client, published: Published, committee_token) -> None:
    _token, raw = committee_token
    indicator = published.committee_indicator.pk
    response = post(client, raw, {"items": [item(indicator, "a"), item(indicator, "a"), item(999999, "b")]})
    assert response.status_code == 400
    messages = {(error["index"], error["field"]): error["message"] for error in response.json()["errors"]}
    assert "finns redan i post 0" in messages[(1, "external_id")]
    assert messages[(2, "indicator")] == "Indikatorn 999999 finns inte."
    assert not Measurement.objects.exists()


def test_a_new_external_id_updates_the_value_and_keeps_the_old_in_history(
    client: Client, published: Published, committee_token
) -> None:
    _token, raw = committee_token
    indicator = published.committee_indicator.pk
    post(client, raw, {"items": [item(indicator, "v1", value=10)]})
    response = post(client, raw, {"items": [item(indicator, "v2", value=12)]})
    assert response.json()["updated"] == 1
    measurement = Measurement.objects.get()
    assert measurement.value == 12
    assert sorted(measurement.history.values_list("value", flat=True)) == [10, 12]


def test_the_same_external_id_with_other_values_is_a_conflict(
    client: Client, published: Published, committee_token
) -> None:
    _token, raw = committee_token
    indicator = published.committee_indicator.pk
    post(client, raw, {"items": [item(indicator, "v1", value=10)]})
    response = post(client, raw, {"items": [item(indicator, "v1", value=11)]})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "external_id"
    assert Measurement.objects.get().value == 10


def test_a_committee_key_writes_only_its_committees_indicators(
    client: Client, published: Published, committee_token
) -> None:
    _token, raw = committee_token
    body = {"items": [item(published.committee_indicator.pk, "ok"), item(published.council_indicator.pk, "no")]}
    response = post(client, raw, body)
    assert response.status_code == 403
    assert response.json()["errors"][0]["index"] == 1
    assert not Measurement.objects.exists()


def test_a_strategist_key_writes_every_indicator(client: Client, published: Published, strategist_token) -> None:
    _token, raw = strategist_token
    body = {"items": [item(published.committee_indicator.pk, "a"), item(published.council_indicator.pk, "b")]}
    assert post(client, raw, body).status_code == 201
    assert Measurement.objects.count() == 2


def test_revoked_key_is_refused(client: Client, published: Published, committee_token) -> None:
    token, raw = committee_token
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    response = post(client, raw, {"items": [item(published.committee_indicator.pk, "a")]})
    assert response.status_code == 401 and "återkallad" in response.json()["detail"]
    assert not Measurement.objects.exists()


def test_without_a_key_is_refused_even_when_signed_in(client: Client, published: Published, strategist: User) -> None:
    body = json.dumps({"items": [item(published.committee_indicator.pk, "a")]})
    assert client.post(URL, data=body, content_type="application/json").status_code == 401
    client.force_login(strategist)
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{inte json", "application/json", 400),
        ("[]", "application/json", 400),
        ('{"items": []}', "application/json", 400),
        ('{"items": "en"}', "application/json", 400),
        ('{"items": [{"indicator": "ett", "year": 2026, "value": 1, "external_id": "x"}]}', "application/json", 400),
        ('{"items": [{"indicator": 1, "year": 99999, "value": 1e30, "external_id": "x"}]}', "application/json", 400),
        ("indicator=1", "application/x-www-form-urlencoded", 415),
    ],
)
def test_malformed_requests_are_4xx_with_a_message(
    client: Client, published: Published, committee_token, body: str, content_type: str, status: int
) -> None:
    response = client.post(URL, data=body, content_type=content_type, **bearer(committee_token[1]))
    assert response.status_code == status
    assert response.json()["detail"]


def test_too_many_items_and_too_large_bodies(client: Client, published: Published, committee_token, settings) -> None:
    _token, raw = committee_token
    items = [item(published.committee_indicator.pk, f"id-{n}", year=2000 + n % 100) for n in range(501)]
    response = post(client, raw, {"items": items})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "items"
    settings.API_MAX_BODY_BYTES = 1024
    response = post(client, raw, {"items": items})
    assert response.status_code == 413 and "för stort" in response.json()["detail"]


def test_get_is_405(client: Client, db: None) -> None:
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, '{"items": ' + "[" * 1000 + "]" * 1000 + "}", "{" * 1000])
def test_json_nested_too_deep_is_refused_with_a_message(
    client: Client, published: Published, committee_token, body: str
) -> None:
    response = client.post(URL, data=body, content_type="application/json", **bearer(committee_token[1]))
    assert response.status_code == 400
    assert "nästlat i fler än 32 nivåer" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(client: Client, published: Published, committee_token) -> None:
    _token, raw = committee_token
    response = post(client, raw, {"items": [item(published.committee_indicator.pk, "[" * 40 + '\\"{' * 10)]})
    assert response.status_code == 201
