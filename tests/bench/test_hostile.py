"""The benchmark's query-string flood against Redis: it reads Redis's memory and would catch keys per query
string. No timing is asserted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from bench import hostile
from portal import publiccache
from tests.factories import VisionFactory

pytestmark = pytest.mark.django_db

REDIS_CACHE = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE}}
    cache.clear()
    VisionFactory(text="Kommunens vision")
    yield
    cache.clear()


@pytest.mark.usefixtures("redis_cache")
def test_the_flood_keeps_one_entry_and_reads_redis_memory() -> None:
    flood = hostile.measure_flood(reverse("public:start"), requests=200, trivial_median_ms=1.0)
    assert flood["cache"] == "redis" and flood["errors"] == 0
    assert isinstance(flood["used_memory_before"], int) and isinstance(flood["used_memory_growth"], int)
    assert flood["page_entries_before"] == flood["page_entries_after"] == 1
    assert flood["memory_bounded"] is True


@pytest.mark.usefixtures("redis_cache")
def test_the_flood_would_catch_a_key_per_query_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publiccache, "canonical_path", lambda request, query=None: request.get_full_path())
    flood = hostile.measure_flood(reverse("public:start"), requests=50, trivial_median_ms=1.0)
    assert flood["page_entries_after"] == flood["page_entries_before"] + 50
    assert flood["memory_bounded"] is False


def test_the_hostile_initiative_is_rendered_at_save_and_within_the_limit() -> None:
    from portal.markdown import MARKDOWN_MAX_LENGTH

    assert 8_000 < len(hostile.HOSTILE_MARKDOWN) <= MARKDOWN_MAX_LENGTH
    made = hostile.create_hostile_initiative()
    assert made["html_chars"] > 0
