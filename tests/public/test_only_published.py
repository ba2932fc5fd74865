"""Unpublished content never reaches a public page, the feed, the API or the cache.

Drafts of every kind get unique titles; every public URL is fetched (before and
after its body is cached, anonymous and signed in) and searched for them.
Then things are published, and the cached pages must show them at once.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from followups.models import FollowUp
from followups.services import period_open
from fulfillment.models import FulfillmentReport
from fulfillment.services import fulfillment_compile, fulfillment_compile_start, fulfillment_publish
from goals.models import EmployerInitiative, Goal
from portal import publiccache
from portal.models import Committee, User
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    EmployerInitiativeFactory,
    GoalFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
    TargetFactory,
    VisionFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ["zq1-draft-goal", "zq2-draft-initiative", "zq3-proposal-budget", "zq4-draft-committee-goal"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def public_urls(committee: Committee, **ids: int) -> list[str]:
    urls = [
        reverse(f"public:{name}")
        for name in (
            "start",
            "goals",
            "committees",
            "budget",
            "followups",
            "reports",
            "initiatives",
            "initiative_feed",
            "accessibility",
        )
    ]
    urls += [reverse("public:committee", args=[committee.slug]), reverse("public:budget_year", args=[2031])]
    urls += [reverse("public:followup", args=[ids["followup"]]), reverse("public:report", args=[ids["report"]])]
    urls += [reverse("public:initiative", args=["zq2"])]
    urls += [
        reverse("api:employer_initiatives"),
        reverse("api:employer_initiative", args=["zq2"]),
        reverse("api:fulfillment_reports"),
        reverse("api:fulfillment_report", args=[ids["report"]]),
    ]
    return urls


@pytest.fixture
def drafts(committee: Committee) -> dict[str, int]:
    VisionFactory()
    GoalFactory(title="zq1-draft-goal", status=Goal.Status.DRAFT)
    CommitteeGoalFactory(committee=committee, title="zq4-draft-committee-goal", status=Goal.Status.DRAFT)
    EmployerInitiativeFactory(title="zq2-draft-initiative", slug="zq2")
    BudgetDocumentFactory(year=2031, title="zq3-proposal-budget", status="proposal")
    OperatingBudgetFactory(committee=committee)  # the committee reports on its money: a follow-up without goals
    followup = period_open(period=ReportingPeriodFactory(), actor=None)[0]
    report = fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    return {"followup": followup.pk, "report": report.pk}


def assert_nothing_unpublished(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, f"{secret} on {url}"


def test_drafts_never_reach_a_public_page_the_feed_the_api_or_the_cache(
    client: Client, committee: Committee, drafts: dict[str, int], strategist: User
) -> None:
    urls = public_urls(committee, **drafts)
    assert_nothing_unpublished(client, urls)  # fills the cache
    assert_nothing_unpublished(client, urls)  # read from the cache
    assert client.get(reverse("public:followup", args=[drafts["followup"]])).status_code == 404
    assert client.get(reverse("public:report", args=[drafts["report"]])).status_code == 404
    signed_in = Client()
    signed_in.force_login(strategist)  # a reader of drafts sees no more on the public site
    assert_nothing_unpublished(signed_in, urls)


def test_publishing_shows_at_once_on_cached_pages(
    client: Client, committee: Committee, drafts: dict[str, int], hr_editor: User
) -> None:
    initiatives = reverse("public:initiatives")
    assert "zq2" not in client.get(initiatives).content.decode()
    editor = Client()
    editor.force_login(hr_editor)
    initiative = EmployerInitiative.objects.get(slug="zq2")
    editor.post(reverse("goals:initiative_publish", args=[initiative.pk]))
    assert "zq2-draft-initiative" in client.get(initiatives).content.decode()
    editor.post(reverse("goals:initiative_unpublish", args=[initiative.pk]))
    assert "zq2-draft-initiative" not in client.get(initiatives).content.decode()

    reports = reverse("public:reports")
    report = FulfillmentReport.objects.get(pk=drafts["report"])
    assert str(report) not in client.get(reports).content.decode()
    fulfillment_publish(report=report, actor=None, confirmed=True)
    assert client.get(reverse("public:report", args=[report.pk])).status_code == 200
    assert client.get(reverse("api:fulfillment_report", args=[report.pk])).status_code == 200
    assert str(report) in client.get(reports).content.decode()


def test_a_published_followup_shows_without_its_internal_comments(
    client: Client, committee: Committee, drafts: dict[str, int], strategist: User
) -> None:
    followup = FollowUp.objects.get(pk=drafts["followup"])
    url = reverse("public:followup", args=[followup.pk])
    assert client.get(url).status_code == 404
    followup.transitions.create(  # type: ignore[attr-defined]
        from_state="submitted", to_state="draft", action="return", comment="zq9-internal-comment", actor=strategist
    )
    FollowUp.objects.filter(pk=followup.pk).update(state=FollowUp.State.PUBLISHED, decision_reference="BUN § 1")
    publiccache.bump()
    page = client.get(url).content.decode()
    assert committee.name in page
    assert "zq9-internal-comment" not in page


def test_signed_in_users_never_get_a_cached_page(client: Client, drafts: dict[str, int], hr_editor: User) -> None:
    client.get(reverse("public:start"))  # cached for anonymous visitors
    client.force_login(hr_editor)
    page = client.get(reverse("public:start")).content.decode()
    assert "Logga ut" in page  # the header is the signed-in user's, never a cached one
    response = Client().get(reverse("public:start"))
    assert "Logga ut" not in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_the_language_switch_works_on_cached_pages(client: Client, drafts: dict[str, int]) -> None:
    swedish = client.get(reverse("public:accessibility")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("public:accessibility")).content.decode()
    assert "Tillgänglighetsredogörelse" in swedish
    assert swedish != english


def test_a_kept_page_carries_each_visitors_own_csrf_token(drafts: dict[str, int]) -> None:
    """The whole page is kept for anonymous visitors; the language switch's token is each visitor's own."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    def token_in(page: str) -> str:
        return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    firsts = token_in(first.get(reverse("public:start")).content.decode())
    response = second.get(reverse("public:start"))  # from the kept page
    page = response.content.decode()
    assert firsts not in page  # never another visitor's token
    assert cache.get(publiccache.page_key(response.wsgi_request) + ":page") is not None
    assert publiccache.CSRF_PLACEHOLDER not in page
    token = token_in(page)
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": "/offentlig/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302 and switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Vision" in second.get(reverse("public:start")).content.decode()  # still a page, now in English


def test_a_goal_page_shows_an_adopted_goal_with_its_published_fulfillment_only(
    client: Client, committee: Committee, drafts: dict[str, int]
) -> None:
    council = GoalFactory(
        title="Ett tryggt Alingsås", status=Goal.Status.ADOPTED, description="Alla ska *känna sig* trygga."
    )
    ours = CommitteeGoalFactory(committee=committee, title="Fler vuxna i skolan", status=Goal.Status.ADOPTED)
    ours.contributes_to.add(council)
    TargetFactory(indicator__goal=council, indicator__name="Andel trygga", value=Decimal(80))
    url = reverse("public:goal", args=[council.pk])

    page = client.get(url).content.decode()
    assert "<h1>Ett tryggt Alingsås</h1>" in page and "<em>känna sig</em>" in page
    assert "Andel trygga" in page and "Minst 80" in page
    assert f'<a href="{reverse("public:goal", args=[ours.pk])}">Fler vuxna i skolan</a>' in page
    assert "Måluppfyllelse: ingen publicerad bedömning." in page  # the compiled report is a draft
    assert client.get(reverse("public:goal", args=[Goal.objects.get(title="zq1-draft-goal").pk])).status_code == 404

    report = fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    fulfillment_publish(report=FulfillmentReport.objects.get(pk=report.pk), actor=None, confirmed=True)
    page = client.get(url).content.decode()
    assert "ingen publicerad bedömning" not in page and f'href="{reverse("public:report", args=[report.pk])}"' in page


def test_a_long_query_string_is_served_and_cached_under_a_short_key(client) -> None:
    # A cache key over 250 characters warns (memcached refuses it); tests turn that warning into an error.
    response = client.get(reverse("public:start"), {"sida": "²" * 300})
    assert response.status_code == 200
    assert len(publiccache.page_key(response.wsgi_request)) < 250
