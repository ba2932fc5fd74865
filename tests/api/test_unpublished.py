"""Unpublished data never appears in an anonymous answer: every GET endpoint is searched for it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from portal.models import User
from tests.api.conftest import DRAFT_GOAL_TITLE, PROPOSAL_TITLE, Published
from tests.test_access import walk

pytestmark = pytest.mark.django_db


def api_get_urls(published: Published, draft_pk: int, proposal_year: int) -> list[str]:
    """Every read URL of /api/v1/, with the draft's and the proposal's ids where a URL takes one."""
    urls = []
    for route in walk(get_resolver().url_patterns):
        if not route.name.startswith("api:") or route.name in {
            "api:measurements",
            "api:report_outcomes",
            "api:tokens",
            "api:token_revoke",
        }:
            continue
        pattern: URLPattern = route.pattern
        keys = set(pattern.pattern.regex.groupindex)
        url = "/api/v1/" + str(pattern.pattern).replace("<int:pk>", str(draft_pk)).replace(
            "<int:year>", str(proposal_year)
        )
        urls.append(url)
        if "year" in keys:
            urls.append(url.replace(str(proposal_year), str(published.document.year)))
    return urls


def test_anonymous_answers_never_hold_unpublished_data(
    client: Client, published: Published, unpublished, many_requests: None
) -> None:
    draft, proposal = unpublished
    urls = api_get_urls(published, draft.pk, proposal.year)
    assert "/api/v1/goals/" in urls and "/api/v1/budget-documents/2031/tables.csv" in urls
    for url in urls:
        for query in ({}, {"status": "draft"}, {"status": "proposal"}, {"committee": draft.committee.slug}):
            response = client.get(url, query)
            assert response.status_code in {200, 400, 404}, url
            text = response.content.decode("utf-8-sig")
            assert DRAFT_GOAL_TITLE not in text, url
            assert PROPOSAL_TITLE not in text, url
            assert "zq8" not in text, url


def test_an_outsider_sees_no_more_than_anonymous(
    client: Client, published: Published, unpublished, outsider: User
) -> None:
    client.force_login(outsider)
    for url in ("/api/v1/goals/", "/api/v1/goals.csv", "/api/v1/goals.json", "/api/v1/budget-documents/"):
        assert "zq8" not in client.get(url).content.decode("utf-8-sig")


def test_internal_readers_see_drafts_in_the_lists(client: Client, published: Published, unpublished, viewer) -> None:
    client.force_login(viewer)
    assert DRAFT_GOAL_TITLE in client.get("/api/v1/goals/").content.decode()
    assert PROPOSAL_TITLE in client.get("/api/v1/budget-documents/").content.decode()
