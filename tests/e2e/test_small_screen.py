"""At 390 px (a phone held upright) no page is wider than the screen: wide tables scroll inside their
own box. The Alingsås example, as the demo users see it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from followups.models import FollowUp
from portal.example import DEMO_PASSWORD
from portal.models import ReportingPeriod, User
from tests.e2e.conftest import BrowserConsole, assert_no_axe_violations, sign_in

pytestmark = pytest.mark.e2e

WIDTH = 390


def _page_width(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.usefixtures("example", "django_db_serialized_rollback")
def test_no_page_is_wider_than_a_phone(browser: Browser, live_server: LiveServer, console: BrowserConsole) -> None:
    period = ReportingPeriod.objects.get()
    bun = FollowUp.objects.get(committee__abbreviation="BUN")
    # the pages issues 16, 18 and 19 added: the budget's history, the compiled interim report, internal control
    session_five = [
        reverse("budgets:document_history", args=[2026]),
        reverse("reporting:compiled", args=[2026, "delar"]),
        reverse("internalcontrol:summary", args=[2026]),
        reverse("internalcontrol:risks", args=[bun.committee.slug, 2026]),
    ]
    urls: dict[str | None, list[str]] = {
        "strateg": [
            reverse("portal:dashboard"),
            reverse("followups:period_list"),
            reverse("followups:period_overview", args=[period.pk]),
            reverse("followups:period_goals", args=[period.pk]),
            reverse("fulfillment:committee_list"),
            reverse("followups:followup_detail", args=[bun.pk]),
            reverse("fulfillment:cascade"),
            reverse("fulfillment:cascade_committee", args=[bun.committee.slug]),
            reverse("budgets:document"),
            reverse("kolada:index"),
            *session_five,
        ],
        "rapportor": [
            reverse("portal:dashboard"),
            reverse("followups:followup_edit", args=[bun.pk]),
            reverse("internalcontrol:risks", args=[bun.committee.slug, 2026]),
            reverse("internalcontrol:plan", args=[bun.committee.slug, 2026]),
        ],
        "revisor": [reverse("audit:index"), reverse("audit:log")],
        None: [
            reverse("public:start"),
            reverse("public:budget"),
            reverse("public:goals"),
            reverse("public:annual_reports"),
        ],
    }
    NEW_PAGES = {
        reverse("followups:period_goals", args=[period.pk]),
        reverse("fulfillment:committee_list"),
        *session_five,
        *urls["rapportor"][2:],
        *urls["revisor"],
    }
    too_wide = []
    for username, pages in urls.items():
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", viewport={"width": WIDTH, "height": 800}
        )
        page = context.new_page()
        page.on("pageerror", console.record_error)
        if username is not None:
            sign_in(page, User.objects.get(username=username), DEMO_PASSWORD)
        for url in pages:
            if (width := _page_width(page, url)) > WIDTH:
                too_wide.append((username, url, width))
            if url in NEW_PAGES:  # pages this round added: axe at the phone's width too
                assert_no_axe_violations(page)
        context.close()
    assert not too_wide, f"pages wider than {WIDTH} px: {too_wide}"
