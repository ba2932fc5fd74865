"""The public site in real Chromium: axe-core on every public page, the HR editor's pages, the keyboard alone,
and the charts' text alternatives. Data: the Alingsås example, with a published report and follow-up."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from followups.models import FollowUp
from fulfillment.services import fulfillment_compile, fulfillment_compile_start, fulfillment_publish
from goals.models import EmployerInitiative, Goal
from portal.example import DEMO_PASSWORD
from portal.models import User
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.e2e.test_keyboard import FOCUSED_JS, tab_to

pytestmark = pytest.mark.e2e


@pytest.fixture
def published(example: None) -> dict[str, int]:
    report = fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    fulfillment_publish(report=report, actor=None, confirmed=True)
    followup = FollowUp.objects.order_by("pk").first()
    assert followup is not None
    FollowUp.objects.filter(pk=followup.pk).update(state=FollowUp.State.PUBLISHED, decision_reference="KS § 1")
    return {"report": report.pk, "followup": followup.pk}


def public_paths(ids: dict[str, int]) -> list[str]:
    initiative = EmployerInitiative.objects.get(slug="hojt-friskvardsbidrag")
    committee = FollowUp.objects.select_related("committee").get(pk=ids["followup"]).committee
    return [
        reverse("public:start"),
        reverse("public:goals"),
        reverse("public:goal", args=[Goal.objects.council().adopted().order_by("sort_order", "pk").first().pk]),
        reverse("public:committees"),
        reverse("public:committee", args=[committee.slug]),
        reverse("public:budget"),
        reverse("public:followups"),
        reverse("public:followup", args=[ids["followup"]]),
        reverse("public:reports"),
        reverse("public:report", args=[ids["report"]]),
        reverse("public:initiatives"),
        reverse("public:initiative", args=[initiative.slug]),
        reverse("public:accessibility"),
    ]


def test_every_public_page_passes_axe(page: Page, console: BrowserConsole, published: dict[str, int]) -> None:
    found = {}
    for path in public_paths(published):
        for _visit in ("fresh", "cached"):
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            found[f"{path} ({_visit})"] = axe_violations(page) + broken_references(page)
    found = {where: problems for where, problems in found.items() if problems}
    assert not found, "\n\n".join(f"{where}:\n" + "\n".join(problems) for where, problems in found.items())
    assert not console.csp_violations


def test_hr_editor_pages_pass_axe(page: Page, console: BrowserConsole, example: None) -> None:
    sign_in(page, User.objects.get(username="hr"), DEMO_PASSWORD)  # the example's HR editor
    initiative = EmployerInitiative.objects.get(slug="hojt-friskvardsbidrag")
    found = {}
    for path in (
        reverse("portal:dashboard"),
        reverse("goals:initiative_list"),
        reverse("goals:initiative_create"),
        reverse("goals:initiative_detail", args=[initiative.pk]),
        reverse("goals:initiative_edit", args=[initiative.pk]),
    ):
        page.goto(path)
        found[path] = axe_violations(page) + broken_references(page)
    found = {where: problems for where, problems in found.items() if problems}
    assert not found, "\n\n".join(f"{where}:\n" + "\n".join(problems) for where, problems in found.items())


def test_charts_have_text_alternatives(page: Page, published: dict[str, int]) -> None:
    page.goto(reverse("public:budget"))
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 1
    for index in range(charts.count()):
        name = charts.nth(index).evaluate(
            "svg => svg.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id)"
            ".textContent.trim()).join(' ')"
        )
        assert len(name) > 10, name
    assert page.get_by_text("Diagrammets data som tabell").count() >= 1


def test_the_public_site_with_the_keyboard_alone(page: Page, published: dict[str, int]) -> None:
    page.goto(reverse("public:start"))
    initiatives_link = page.get_by_role("navigation", name="Offentliga sidor").get_by_role(
        "link", name="Arbetsgivarsatsningar"
    )
    tab_to(page, initiatives_link, limit=40)
    focus = page.evaluate(FOCUSED_JS)
    assert focus["outline"] and focus["visible"], focus
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('public:initiatives')}")
    link = page.get_by_role("link", name="Höjt friskvårdsbidrag")
    tab_to(page, link, limit=60)
    page.keyboard.press("Enter")
    page.wait_for_url("**/hojt-friskvardsbidrag/")
    assert page.get_by_text("2 200 kr").is_visible()
    statement = page.get_by_role("link", name="Tillgänglighetsredogörelse")
    tab_to(page, statement, limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('public:accessibility')}")
    assert page.get_by_role("heading", name="Tillsyn").is_visible()
