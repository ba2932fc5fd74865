"""Wrong API keys are throttled per client address (issue 21): after API_KEY_FAILURE_LIMIT wrong keys in the
window, every key from that address gets 429, the right one too, until the window has passed. Every 429 of
the API is Swedish all through."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/committees/"


@pytest.fixture
def three_failures(settings) -> None:
    settings.API_KEY_FAILURE_LIMIT = 3
    settings.API_KEY_FAILURE_WINDOW_MINUTES = 15


def test_after_the_limit_even_the_right_key_is_refused_until_the_window_passes(
    client: Client, committee_token, three_failures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _token, raw = committee_token
    assert client.get(URL, **bearer(raw)).status_code == 200
    for number in range(3):
        response = client.get(URL, **bearer(f"sp_gissning{number}"))
        assert response.status_code == 401 and response.json()["detail"] == "Nyckeln är ogiltig."

    response = client.get(URL, **bearer(raw))
    assert response.status_code == 429
    assert 890 <= int(response["Retry-After"]) <= 900
    assert re.fullmatch(r"För många anrop\. Vänta \d+ sekunder och försök igen\.", response.json()["detail"])
    assert client.get(URL, **bearer("sp_gissning9")).status_code == 429  # no more guesses counted or checked

    # Another address is not held back, nor are readers without a key.
    assert client.get(URL, **bearer(raw), REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(URL).status_code == 200

    # The window passes: the right key works again.
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(URL, **bearer(raw)).status_code == 200


def test_malformed_and_revoked_keys_count_too(client: Client, committee_token, three_failures: None) -> None:
    token, raw = committee_token
    token.revoked_at = token.created_at
    token.save()
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer a b").status_code == 401
    assert client.get(URL, **bearer(raw)).status_code == 401
    assert client.get(URL, **bearer(raw)).status_code == 429


def test_the_write_endpoint_is_throttled_alike(client: Client, committee_token, three_failures: None) -> None:
    _token, raw = committee_token
    for _ in range(3):
        response = client.post("/api/v1/measurements/", "{}", content_type="application/json", **bearer("sp_fel"))
        assert response.status_code == 401
    response = client.post("/api/v1/measurements/", "{}", content_type="application/json", **bearer(raw))
    assert response.status_code == 429 and "Retry-After" in response


def test_the_rate_limits_429_is_swedish_all_through(client: Client, settings) -> None:
    rates = {"anonymous": "1/min", "token": "1/min", "user": "1/min"}
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}
    assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    detail = response.json()["detail"]
    assert re.fullmatch(r"För många anrop\. Vänta \d+ sekunde?r? och försök igen\.", detail), detail
    assert "Expected" not in detail and "seconds" not in detail
