"""The cache lives on a Redis database of its own, never the Celery broker's, and every entry expires."""

from __future__ import annotations

import time
from typing import Any

import pytest
import redis
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from portal import publiccache
from portal.env import redis_url_next_database, same_redis_database
from tests.factories import VisionFactory
from tests.integration.services import portal_settings_with

BROKER = "redis://redis.kommun.example:6379/0"
REDIS_CACHE = "redis://127.0.0.1:6379/13"


def test_the_cache_takes_the_next_database_of_redis_url() -> None:
    configured = portal_settings_with(REDIS_URL=BROKER, CACHE_URL="", CELERY_BROKER_URL="", CELERY_RESULT_BACKEND="")
    cache_settings = configured["CACHES"]["default"]
    assert cache_settings["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache_settings["LOCATION"] == "redis://redis.kommun.example:6379/1"
    assert configured["CELERY_BROKER_URL"] == BROKER
    assert cache_settings["TIMEOUT"] == 300  # nothing is kept for ever
    assert 0 < cache_settings["OPTIONS"]["socket_timeout"] <= 5


def test_cache_url_chooses_the_cache_and_may_not_be_the_brokers_database() -> None:
    own = portal_settings_with(REDIS_URL=BROKER, CACHE_URL="redis://cache.kommun.example:6379/0")
    assert own["CACHES"]["default"]["LOCATION"] == "redis://cache.kommun.example:6379/0"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL names the same Redis database as Celery's broker"):
        portal_settings_with(REDIS_URL=BROKER, CACHE_URL="redis://redis.kommun.example/0")
    with pytest.raises(ImproperlyConfigured, match="is not a Redis address"):
        portal_settings_with(REDIS_URL=BROKER, CACHE_URL="memcached://cache:11211")


def test_another_database_of_the_same_server() -> None:
    assert redis_url_next_database("rediss://:pw@r:6380/2?ssl_cert_reqs=none") == (
        "rediss://:pw@r:6380/3?ssl_cert_reqs=none"
    )
    assert redis_url_next_database("redis://r") == "redis://r/1"
    assert redis_url_next_database("redis://r:6379/15") == "redis://r:6379/14"  # the last has no next
    assert redis_url_next_database("unix:///run/redis.sock?db=4") == "unix:///run/redis.sock?db=5"
    assert same_redis_database("redis://r/0", "redis://r:6379") and not same_redis_database(
        "redis://r/0", "redis://r/1"
    )
    with pytest.raises(ImproperlyConfigured, match="does not name a Redis database by number"):
        redis_url_next_database("redis://r/x")


@pytest.mark.django_db
def test_every_public_cache_entry_expires_on_redis(client: Client, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE}}
    cache.clear()
    try:
        VisionFactory(text="Kommunens vision")
        assert client.get(reverse("public:start")).status_code == 200
        server = redis.Redis.from_url(REDIS_CACHE)
        keys = server.keys("*public:*")
        assert len(keys) == 3  # the version, the body and the whole page
        assert all(server.ttl(key) > 0 for key in keys), {key: server.ttl(key) for key in keys}
    finally:
        cache.clear()


@pytest.mark.django_db
def test_a_lost_version_never_brings_back_an_older_page(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    first = publiccache.version()
    publiccache.bump()
    bumped = publiccache.version()
    assert bumped == first + 1
    cache.delete(publiccache.VERSION_KEY)  # expired, or evicted under Redis's memory limit
    time.sleep(0.002)
    later = time.monotonic() + publiccache.VERSION_READ_SECONDS  # once the process reads the version again
    monkeypatch.setattr(publiccache, "_clock", lambda: later)
    assert publiccache.version() > bumped
