"""axe-core's WCAG 2.1 A and AA rules on every public page and the main signed-in pages, in real Chromium.

Each test visits several pages and reports every page's violations together,
so one failing page does not hide another. Every page is also checked for
CSP violations in the console.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page

from budgets.models import BudgetDocument, BudgetRevision, FigureChange
from goals.models import Goal
from portal.models import Committee, User
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.factories import CommitteeGoalFactory, IndicatorFactory, MeasurementFactory, TargetFactory
from tests.sso.oidc import Provider

pytestmark = pytest.mark.e2e


def visit(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"


def problems(page: Page) -> list[str]:
    return axe_violations(page) + broken_references(page)


def assert_none_found(found: dict[str, list[str]], console: BrowserConsole) -> None:
    found = {where: violations for where, violations in found.items() if violations}
    report = "\n\n".join(f"{where}:\n" + "\n".join(violations) for where, violations in found.items())
    print(report)
    assert not found, f"WCAG 2.1 A/AA violations (axe-core) and broken id references:\n{report}"
    assert not console.csp_violations, "\n".join(console.csp_violations)


def test_public_pages(page: Page, console: BrowserConsole, reporter: User) -> None:
    found = {}
    visit(page, reverse("portal:home"))
    found["start page"] = problems(page)

    visit(page, reverse("portal:login"))
    found["sign-in page"] = problems(page)

    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.locator(".field-error").first.wait_for()
    found["sign-in page, fields left empty"] = problems(page)

    page.get_by_label("Användarnamn").fill(reporter.username)
    page.get_by_label("Lösenord").fill("fel lösenord")
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.get_by_role("alert").wait_for()
    found["sign-in page, wrong password"] = problems(page)

    visit(page, reverse("portal:password_reset"))
    found["password reset"] = problems(page)
    page.get_by_role("main").get_by_role("button", name="Skicka länken").click()
    page.locator(".field-error").first.wait_for()
    found["password reset, no address"] = problems(page)
    visit(page, reverse("portal:password_reset_confirm", args=["MQ", "ogiltig"]))
    found["password reset, invalid link"] = problems(page)

    visit(page, "/finns-inte/", status=404)
    found["404 page"] = problems(page)

    assert_none_found(found, console)


def test_identity_provider_pages(page: Page, console: BrowserConsole, oidc: Provider, settings: Any) -> None:
    """The sign-in page with the provider's button and no password form, and a refused answer's page."""
    settings.LOCAL_PASSWORDS = False
    found = {}
    visit(page, reverse("portal:login"))
    assert page.get_by_role("link", name="Logga in med Testkommunens konto").is_visible()
    assert page.get_by_label("Lösenord").count() == 0
    found["sign-in page, the provider only"] = problems(page)

    visit(page, reverse("sso:callback") + "?code=abc&state=okant", status=400)
    assert "hör inte till någon inloggning som pågår här" in page.get_by_role("alert").inner_text()
    found["refused sign-in"] = problems(page)

    assert_none_found(found, console)


def test_the_rate_limit_page(page: Page, console: BrowserConsole, settings: Any) -> None:
    """The 429 page (a public report's PDF fetched too often), with this browser's one PDF a minute used up."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] | {"public_pdf": "1/min"}
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}
    cache.set("throttle_public_pdf_127.0.0.1", [time.time()], 60)  # DRF's key: the scope and the address
    visit(page, reverse("public:report_pdf", args=[1]), status=429)
    assert "Vänta en stund och hämta filen igen." in page.content()
    assert_none_found({"429 page": problems(page)}, console)


def test_reporter_pages(page: Page, console: BrowserConsole, reporter: User) -> None:
    found = {}
    sign_in(page, reporter)
    found["Min sida, reporter"] = problems(page)

    visit(page, reverse("portal:password_change"))
    found["password change"] = problems(page)
    page.get_by_label("Gammalt lösenord").fill("fel lösenord")
    page.get_by_role("main").get_by_role("button", name="Byt lösenord").click()
    page.locator(".field-error").first.wait_for()
    found["password change, wrong old password"] = problems(page)

    visit(page, reverse("budgets:import_upload"), status=403)  # importing is for strategists
    found["403 page"] = problems(page)

    visit(page, "/finns-inte/", status=404)
    found["404 page, signed in"] = problems(page)

    assert_none_found(found, console)


@pytest.fixture
def committee_goal(example: None, committee: Committee) -> Goal:
    """A committee goal with a measured indicator, contributing to the example's first council goal."""
    council_goal = Goal.objects.council().order_by("sort_order", "pk").first()
    assert council_goal is not None
    goal = CommitteeGoalFactory(committee=committee, title="Fler elever ska nå kunskapskraven")
    goal.contributes_to.add(council_goal)
    indicator = IndicatorFactory(goal=goal, name="Elever med godkänt i alla ämnen, årskurs 9")
    TargetFactory(indicator=indicator, value=Decimal(80))
    MeasurementFactory(indicator=indicator, value=Decimal("76.5"), reference_value=Decimal("73.2"))
    return goal


def test_strategist_pages(page: Page, console: BrowserConsole, strategist: User, committee_goal: Goal) -> None:
    found = {}
    sign_in(page, strategist)
    found["Min sida, strategist"] = problems(page)

    visit(page, reverse("goals:overview"))
    found["goals overview"] = problems(page)

    for goal in [*committee_goal.contributes_to.all(), committee_goal]:
        visit(page, reverse("goals:goal", args=[goal.pk]))
        found[f"goal page {goal.pk} ({goal.get_level_display()})"] = problems(page)

    visit(page, reverse("budgets:document"))
    found["budget document"] = problems(page)
    # The charts' data tables are in closed <details>; axe checks only what is shown.
    page.locator("details").evaluate_all("elements => elements.forEach(element => { element.open = true; })")
    found["budget document, chart tables open"] = problems(page)

    document = BudgetDocument.objects.adopted().get()
    revision = BudgetRevision.objects.create(
        document=document, source="import", file_name="mal-och-budget.xlsx", actor=strategist, actor_name="Strateg"
    )
    FigureChange.objects.create(
        revision=revision, table="Driftbudget", row="Socialnämnden", column="Budget 2026", new=1, unit="tkr"
    )
    visit(page, reverse("budgets:document_history", args=[document.year]))
    found["budget document's history"] = problems(page)

    visit(page, reverse("budgets:exchange"))
    found["budget import and export"] = problems(page)

    visit(page, reverse("budgets:import_upload"))
    page.get_by_role("main").get_by_role("button", name="Ladda upp och granska").click()
    page.locator(".field-error").first.wait_for()
    found["budget import, no file chosen"] = problems(page)

    assert_none_found(found, console)
