"""The planning editor in real Chromium: a reporter drafts a goal with an indicator and a target, the approver
adopts it after confirming, and every page of the way passes axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from goals.models import Goal
from portal.models import Committee, User
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.factories import FocusAreaFactory, GoalFactory

pytestmark = pytest.mark.e2e


def test_a_reporter_drafts_and_the_approver_adopts(
    page: Page, console: BrowserConsole, reporter: User, approver: User, committee: Committee
) -> None:
    GoalFactory(title="Livslångt lärande", status=Goal.Status.ADOPTED)
    FocusAreaFactory(name="Barn och unga")
    found: dict[str, list[str]] = {}

    def check(where: str) -> None:
        found[where] = axe_violations(page) + broken_references(page)

    sign_in(page, reporter)
    page.goto(reverse("planning:committee", args=[committee.slug]) + "?ar=2026")
    check("the committee's plan, empty")
    page.get_by_role("link", name="Nytt mål").click()
    check("new goal form")
    page.get_by_label("Mål", exact=True).fill("Fler elever klarar skolan")
    page.get_by_label("Gäller från år").fill("2026")
    page.get_by_label("Gäller till och med år").fill("2020")
    page.get_by_role("button", name="Spara utkastet").click()
    page.get_by_role("alert").first.wait_for()
    check("new goal form with errors")
    page.get_by_label("Gäller till och med år").fill("")
    page.get_by_label("Livslångt lärande").check()
    page.get_by_label("Barn och unga").check()
    page.get_by_role("button", name="Spara utkastet").click()
    page.get_by_role("heading", level=1, name="Fler elever klarar skolan").wait_for()
    check("the draft goal")

    page.get_by_role("link", name="Ny indikator").click()
    page.get_by_label("Namn").fill("Behöriga till gymnasiet")
    page.get_by_label("Enhet").fill("%")
    page.get_by_label("Källa").select_option("external")
    page.get_by_label("Koladas nyckeltal").fill("N15419")
    check("new indicator form")
    page.get_by_role("button", name="Spara indikatorn").click()
    page.get_by_role("heading", level=1, name="Behöriga till gymnasiet").wait_for()
    page.get_by_label("Målvärde", exact=True).fill("85,5")
    page.get_by_role("button", name="Spara målvärdet").click()
    page.get_by_role("cell", name="Minst 85,5 %").wait_for()
    check("the indicator with its target")

    page.context.clear_cookies()
    sign_in(page, approver)
    goal = Goal.objects.get(title="Fler elever klarar skolan")
    page.goto(reverse("planning:goal", args=[goal.pk]))
    check("the draft goal, for the approver")
    page.get_by_label("Beslut").fill("BUN 2026-02-10 § 12")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Anta målet").click()
    page.get_by_text("Målet är antaget").wait_for()
    assert asked and "Anta målet" in asked[0]
    check("the adopted goal")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ADOPTED

    found = {where: violations for where, violations in found.items() if violations}
    assert not found, "\n\n".join(f"{where}:\n" + "\n".join(v) for where, v in found.items())
    assert not console.csp_violations


def test_the_other_planning_pages_pass_axe(
    page: Page, console: BrowserConsole, strategist: User, reporter: User, committee: Committee
) -> None:
    from planning.models import Activity
    from tests.factories import AssignmentFactory, CommitteeGoalFactory

    goal = CommitteeGoalFactory(committee=committee, title="Fler elever klarar skolan")
    activity = Activity.objects.create(goal=goal, title="Läsfrämjande insatser", owner="Skolförvaltningen")
    assignment = AssignmentFactory(owner=committee, title="Yteffektiva lokaler")
    found: dict[str, list[str]] = {}

    def check(where: str, path: str) -> None:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found[where] = axe_violations(page) + broken_references(page)

    sign_in(page, strategist)
    check("planning index", reverse("planning:index"))
    check("the council's plan", reverse("planning:council"))
    check("year rollover", reverse("planning:rollover"))
    check("assignments", reverse("planning:assignment_list") + "?ar=2026")
    check("new assignment", reverse("planning:assignment_create"))
    check("an assignment, for the strategist", reverse("planning:assignment", args=[assignment.pk]))
    check("the committee's page with its assignments", reverse("fulfillment:cascade_committee", args=[committee.slug]))
    page.context.clear_cookies()
    sign_in(page, reporter)
    check("an adopted goal with its activities", reverse("planning:goal", args=[goal.pk]))
    check("new activity", reverse("planning:activity_create", args=[goal.pk]))
    check("an activity", reverse("planning:activity", args=[activity.pk]))

    found = {where: violations for where, violations in found.items() if violations}
    assert not found, "\n\n".join(f"{where}:\n" + "\n".join(v) for where, v in found.items())
