"""Internal control in real Chromium, on the Alingsås example: the risk matrix page (picture and table) and
every other internal control page pass axe-core (WCAG 2.1 A/AA); the approver adopts the example's control
plan after confirming, and its controls then show in the reporter's follow-up editor."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from followups.models import FollowUp
from internalcontrol.models import ControlPlan, ControlResult, State
from portal.example import DEMO_PASSWORD
from portal.models import User
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in

pytestmark = pytest.mark.e2e

BUN = "barn-och-ungdomsnamnden"


def test_the_risk_matrix_and_the_control_pages_pass_axe(page: Page, console: BrowserConsole, example: None) -> None:
    found: dict[str, list[str]] = {}

    def check(where: str, path: str | None = None) -> None:
        if path is not None:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
        found[where] = axe_violations(page) + broken_references(page)

    sign_in(page, User.objects.get(username="rapportor"), DEMO_PASSWORD)
    check("the risk matrix, for the reporter", reverse("internalcontrol:risks", args=[BUN, 2026]))
    # The picture and its table alternative are both there; every cell of the picture says its level in words.
    assert page.locator(".risk-matrix .risk-cell").count() == 16
    assert page.locator(".risk-matrix .risk-cell").first.inner_text().strip() != ""
    assert page.get_by_role("table", name="Riskmatrisen som tabell").count() == 1
    assert page.get_by_role("cell", name="1 risk, Mycket hög (12): Brist på behöriga lärare").count() == 1
    check("internal control index", reverse("internalcontrol:index") + "?ar=2026")
    check("the draft control plan", reverse("internalcontrol:plan", args=[BUN, 2026]))
    check("new control", reverse("internalcontrol:control_create", args=[BUN, 2026]))
    # Blanks pass the browser's own check of required fields; the server refuses them in Swedish.
    page.get_by_label("Risk", exact=True).select_option(label="Inköp utanför upphandlade avtal")
    page.get_by_label("Kontrollmoment").fill(" ")
    page.get_by_label("Metod").fill(" ")
    page.get_by_label("Ansvarig").fill(" ")
    page.get_by_label("Frekvens").select_option(label="Varje kvartal")
    page.get_by_role("button", name="Spara kontrollmomentet").click()
    page.get_by_role("alert").first.wait_for()
    check("new control with errors")

    page.context.clear_cookies()
    sign_in(page, User.objects.get(username="godkannare"), DEMO_PASSWORD)
    page.goto(reverse("internalcontrol:plan", args=[BUN, 2026]))
    check("the draft plan, for the approver")
    page.get_by_label("Beslut").fill("BUN 2026-03-18 § 20")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Anta planen").click()
    page.locator(".messages").get_by_text("Antagen med beslut BUN 2026-03-18 § 20").wait_for()
    assert asked and "Anta internkontrollplanen" in asked[0]
    assert ControlPlan.objects.get(committee__slug=BUN, year=2026).state == State.ADOPTED
    check("the adopted plan")

    page.context.clear_cookies()
    sign_in(page, User.objects.get(username="rapportor"), DEMO_PASSWORD)
    followup = FollowUp.objects.get(committee__slug=BUN, period__year=2026)
    page.goto(reverse("followups:followup_edit", args=[followup.pk]))
    controls = page.locator("#controls")
    controls.get_by_role("heading", name="Inköp mot avtal").wait_for()
    check("the follow-up editor with the controls")
    # A result is saved in place (htmx), like the editor's other sections.
    purchases = controls.locator("section.followup-section").filter(
        has=page.get_by_role("heading", name="Inköp mot avtal")
    )
    purchases.get_by_label("Utförd").select_option(label="Ja")
    purchases.get_by_label("Avvikelser hittades").select_option(label="Ja")
    purchases.get_by_label("Resultat").fill("Tre av tjugo fakturor utan avtal.")
    purchases.get_by_role("button", name="Spara resultatet").click()
    expect(purchases.get_by_role("alert").first).to_contain_text("Resultatet sparades inte.")
    purchases.get_by_label("Åtgärder").fill("Påminnelse om avtalen till rektorerna.")
    purchases.get_by_role("button", name="Spara resultatet").click()
    expect(purchases.get_by_role("status")).to_contain_text("Sparat kl.")
    check("the follow-up editor with a saved result")
    assert ControlResult.objects.get().actions == "Påminnelse om avtalen till rektorerna."

    page.context.clear_cookies()
    sign_in(page, User.objects.get(username="strateg"), DEMO_PASSWORD)
    check("the year's summary", reverse("internalcontrol:summary", args=[2026]))

    found = {where: violations for where, violations in found.items() if violations}
    assert not found, "\n\n".join(f"{where}:\n" + "\n".join(v) for where, v in found.items())
    assert not console.csp_violations
