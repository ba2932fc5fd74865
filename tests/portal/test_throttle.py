"""portal/throttling.py: attempts counted per scope and identity in a fixed window; the client's address as the
API's rate limits see it."""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory

from portal import throttling as throttle


def test_counts_until_the_limit_then_says_how_long_to_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    assert throttle.wait_seconds("prov", "a@kommun.example", limit=2) == 0
    assert throttle.record("prov", "a@kommun.example", window=600) == 1
    assert throttle.wait_seconds("prov", "a@kommun.example", limit=2) == 0
    assert throttle.record("prov", "A@Kommun.example ", window=600) == 2  # the same address, however written
    assert 599 <= throttle.wait_seconds("prov", "a@kommun.example", limit=2) <= 600
    assert throttle.wait_seconds("prov", "b@kommun.example", limit=2) == 0  # another identity
    assert throttle.wait_seconds("annat", "a@kommun.example", limit=2) == 0  # another scope

    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert throttle.wait_seconds("prov", "a@kommun.example", limit=2) == 0
    assert throttle.record("prov", "a@kommun.example", window=600) == 1  # a new window


def test_an_identity_of_any_length_or_character_is_a_valid_key() -> None:
    identity = "\n\x00 ä" * 10_000
    throttle.record("prov", identity, window=60)
    assert throttle.wait_seconds("prov", identity, limit=1) > 0


def trust_proxies(settings, count: int) -> None:
    """API_TRUSTED_PROXIES as settings.py hands it on to DRF, whose address rule is the one used."""
    settings.API_TRUSTED_PROXIES = count
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"NUM_PROXIES": count}


def test_the_client_address_ignores_a_made_up_header_unless_proxies_are_trusted(settings) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    trust_proxies(settings, 0)
    assert throttle.client_address(request) == "192.0.2.1"
    trust_proxies(settings, 1)
    assert throttle.client_address(request) == "198.51.100.7"
    trust_proxies(settings, 5)
    assert throttle.client_address(request) == "10.0.0.1"
