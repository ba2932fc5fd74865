"""The goal cascade in real Chromium: nodes open and close over htmx, the filters and the back button
change the URL and the page together, and the new pages pass axe-core."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from goals.models import Goal
from portal.models import Committee, User
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories import (
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    MeasurementFactory,
    TargetFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def cascade_data(committee: Committee) -> dict[str, int]:
    area = FocusAreaFactory(name="Livskvalitet")
    council = GoalFactory(status=Goal.Status.ADOPTED, title="Alla barn lyckas i skolan")
    council.focus_areas.add(area)
    ours = CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, title="Fler elever klarar målen")
    ours.contributes_to.add(council)
    indicator = TargetFactory(indicator__goal=ours, indicator__name="Andel behöriga", value=Decimal(80)).indicator
    MeasurementFactory(indicator=indicator, year=2025, value=Decimal(78))
    MeasurementFactory(indicator=indicator, year=2026, value=Decimal(85))
    CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, title="Ett mål utan koppling")
    return {"area": area.pk, "council": council.pk}


def test_open_close_filter_and_go_back(page: Page, manager: User, cascade_data: dict[str, int]) -> None:
    area = cascade_data["area"]
    sign_in(page, manager)
    page.goto(reverse("fulfillment:cascade") + "?ar=2026&fallt=1")
    council_goal = page.get_by_role("link", name=re.compile("Alla barn lyckas i skolan"))
    expect(council_goal).to_have_count(0)  # collapsed: the children are not in the page

    toggle = page.get_by_role("link", name=re.compile("Livskvalitet"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(council_goal).to_be_visible()
    expect(page).to_have_url(re.compile(rf"\?ar=2026&fallt=1&n=f{area}$"))
    expect(page.get_by_role("link", name=re.compile("Livskvalitet"))).to_have_attribute("aria-expanded", "true")

    # One level down: the council goal opens and shows the committee goal under it.
    council_goal.click()
    committee_goal = page.get_by_role("link", name=re.compile("Fler elever klarar målen")).first
    expect(committee_goal).to_be_visible()
    expect(page).to_have_url(re.compile(rf"n=f{area}&n=g{cascade_data['council']}$"))

    # Close the focus area again.
    page.get_by_role("link", name=re.compile("Livskvalitet")).click()
    expect(council_goal).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"\?ar=2026&fallt=1&n=g{cascade_data['council']}$"))

    # Filter by status: the form's query becomes the URL; the whole tree for the filter shows.
    page.get_by_label("Måluppfyllelse").select_option("not_fulfilled")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page).to_have_url(re.compile(r"status=not_fulfilled"))
    expect(page.get_by_text("Inga mål matchar filtret.")).to_be_visible()

    # Back: the URL and the page are as before the filter.
    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?ar=2026&fallt=1&n=g{cascade_data['council']}$"))
    expect(page.get_by_role("link", name=re.compile("Livskvalitet"))).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Inga mål matchar filtret.")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(re.compile(rf"n=f{area}&n=g{cascade_data['council']}$"))
    expect(page.get_by_role("link", name=re.compile("Fler elever klarar målen")).first).to_be_visible()


def test_cascade_pages_pass_axe(page: Page, manager: User, committee: Committee, cascade_data: dict[str, int]) -> None:
    sign_in(page, manager)
    for url in (
        reverse("fulfillment:cascade") + "?ar=2026",
        reverse("fulfillment:cascade_map") + "?ar=2026",
        reverse("fulfillment:cascade_gaps") + "?ar=2026",
        reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026",
        reverse("portal:dashboard"),
    ):
        page.goto(url)
        assert_no_axe_violations(page)
