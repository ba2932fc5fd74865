"""A public page is kept under its path and the query parameters it reads, nothing else: a flood of distinct
query strings (``?utm=<n>``) renders it once and stores it once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import publiccache
from portal.querystring import FIRST_YEAR, LAST_YEAR, parse_number
from tests.factories import VisionFactory

pytestmark = pytest.mark.django_db

REDIS_CACHE = "redis://127.0.0.1:6379/13"


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """The tests' own cache, and the Redis cache production uses (on a database of its own here)."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE}
        }
    cache.clear()
    yield request.param
    cache.clear()


def page_keys(backend: str) -> set[str]:
    """The public pages kept: each key once, whether its body alone or the whole page."""
    if backend == "redis":
        keys = [key.decode() for key in redis.Redis.from_url(REDIS_CACHE).keys("*public:page:*")]
    else:
        keys = [key for key in cache._cache if "public:page:" in key]  # type: ignore[attr-defined]
    return {key.removesuffix(":page") for key in keys}


def test_a_query_string_flood_renders_and_keeps_the_start_page_once(client: Client, cache_backend: str) -> None:
    VisionFactory(text="Kommunens vision")
    url = reverse("public:start")
    with mock.patch("portal.publiccache.render_to_string", wraps=publiccache.render_to_string) as rendered:
        for number in range(200):
            response = client.get(url, {"utm": str(number)})
            assert response.status_code == 200
            assert "Kommunens vision" in response.content.decode()
    assert rendered.call_count == 1
    assert len(page_keys(cache_backend)) == 1
    # the kept page sends the language switch back to the page, not to the first visitor's query string
    assert f'name="next" type="hidden" value="{url}"' in response.content.decode()
    assert "utm" not in response.content.decode()


def _get(path: str) -> Any:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_the_key_holds_the_parameters_a_page_reads_as_it_reads_them() -> None:
    query = {"ar": lambda value: parse_number(value, minimum=FIRST_YEAR, maximum=LAST_YEAR)}
    same = ["/budget/?ar=2026", "/budget/?utm=1&ar=2026", "/budget/?ar=2026&ar=2026&x=%00"]
    keys = {publiccache.page_key(_get(path), query) for path in same}
    assert len(keys) == 1
    assert publiccache.canonical_path(_get(same[1]), query) == "/budget/?ar=2026"
    assert publiccache.page_key(_get("/budget/?ar=2027"), query) not in keys
    # a value the page would not read is the page without it
    assert publiccache.page_key(_get("/budget/?ar=²"), query) == publiccache.page_key(_get("/budget/"), query)
    # a page that reads nothing is one key whatever the query string
    assert publiccache.page_key(_get("/budget/?ar=2026")) == publiccache.page_key(_get("/budget/?ar=2027"))


def test_a_page_is_built_per_value_it_reads() -> None:
    query = {"ar": lambda value: parse_number(value, minimum=FIRST_YEAR, maximum=LAST_YEAR)}
    built: list[object] = []

    def view(path: str) -> HttpResponse:
        request = _get(path)

        def build() -> tuple[str, dict[str, Any]]:
            year = query["ar"](request.GET.get("ar", ""))
            built.append(year)
            return "Budget", {"contact_email": f"{year}@kommun.example"}

        return publiccache.public_page(request, "public/accessibility.html", build, query=query)

    for path in ["/budget/?ar=2026", "/budget/?ar=2026&utm=1", "/budget/?ar=2027", "/budget/?utm=2&ar=2027"]:
        view(path)
    assert built == [2026, 2027]
    assert "2027@kommun.example" in view("/budget/?ar=2027&utm=3").content.decode()


def test_a_kept_page_is_served_from_the_process_and_a_publication_still_reaches_it(
    client: Client, cache_backend: str
) -> None:
    """The whole page is kept in the process too: a repeat visit within a second reads nothing from the shared
    cache, and a publication in this process is seen at the next request."""
    vision = VisionFactory(text="Kommunens vision")
    url = reverse("public:start")
    assert "Kommunens vision" in client.get(url).content.decode()
    with mock.patch.object(cache, "get", wraps=cache.get) as read:
        repeat = client.get(url, {"utm": "x"})
    assert repeat.status_code == 200 and "Kommunens vision" in repeat.content.decode()
    assert read.call_count == 0  # the version read a moment ago, the page from the process
    vision.text = "En ny vision"
    vision.save()
    publiccache.bump()  # what every publishing service does: seen at once in this process
    assert "En ny vision" in client.get(url).content.decode()


def test_a_publication_in_another_process_is_seen_within_a_second(
    client: Client, cache_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vision = VisionFactory(text="Kommunens vision")
    url = reverse("public:start")
    assert "Kommunens vision" in client.get(url).content.decode()
    vision.text = "En ny vision"
    vision.save()
    cache.incr(publiccache.VERSION_KEY)  # another process's bump(): this one's memory of the version is untouched
    assert "Kommunens vision" in client.get(url).content.decode()
    later = time.monotonic() + publiccache.VERSION_READ_SECONDS
    monkeypatch.setattr(publiccache, "_clock", lambda: later)
    assert "En ny vision" in client.get(url).content.decode()


def test_the_process_keeps_a_bounded_number_of_pages_and_none_past_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(publiccache.LOCAL_PAGES + 5):
        publiccache._local_set(f"key-{number}", "page", timeout=60)
    assert len(publiccache._local_pages) == publiccache.LOCAL_PAGES
    assert publiccache._local_get("key-0") is None  # the oldest went first
    assert publiccache._local_get(f"key-{publiccache.LOCAL_PAGES + 4}") == "page"
    publiccache._local_set("short", "page", timeout=0)
    assert publiccache._local_get("short") is None
