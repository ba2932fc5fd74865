"""The auditor in real Chromium: signs in through the form (logged), reads a goal's evidence, asks a
question (an empty one is refused with a message), and every audit page has no WCAG 2.1 A/AA violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from audit.models import AuditEvent, Question
from portal.models import Committee, User
from tests.audit.trail import make_trail
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in

pytestmark = pytest.mark.e2e


def test_the_auditor_reads_the_evidence_and_asks_a_question(
    page: Page,
    console: BrowserConsole,
    committee: Committee,
    reporter: User,
    approver: User,
    strategist: User,
    auditor: User,
    settings: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    from audit import tasks

    monkeypatch.setattr(tasks.notify_question, "delay", lambda question_id: None)  # no broker in this test
    trail = make_trail(committee=committee, reporter=reporter, approver=approver, strategist=strategist)
    found: dict[str, list[str]] = {}

    sign_in(page, auditor)
    assert AuditEvent.objects.filter(user=auditor, kind="sign_in").count() == 1

    page.get_by_role("link", name="Revision").click()
    page.wait_for_url(f"**{reverse('audit:index')}")
    found["audit index"] = axe_violations(page) + broken_references(page)

    page.get_by_role("link", name=str(trail.report)).click()
    found["report's evidence"] = axe_violations(page) + broken_references(page)

    page.get_by_role("link", name="Fler elever ska klara kunskapskraven").click()
    page.get_by_role("heading", name="Värden och källor").wait_for()
    found["goal's evidence"] = axe_violations(page) + broken_references(page)

    page.get_by_role("button", name="Skicka frågan").click()
    page.get_by_text("Skriv frågan innan du skickar den.").wait_for()
    found["empty question refused"] = axe_violations(page) + broken_references(page)
    assert not Question.objects.exists()

    page.get_by_label("Din fråga om bedömningen").fill("Varför räknas bara utfallet?")
    page.get_by_role("button", name="Skicka frågan").click()
    page.get_by_text("Frågan är skickad.").wait_for()
    assert Question.objects.get().asked_by == auditor

    page.goto(reverse("audit:questions"))
    found["questions"] = axe_violations(page) + broken_references(page)
    page.goto(reverse("audit:log"))
    found["log"] = axe_violations(page) + broken_references(page)

    found = {where: violations for where, violations in found.items() if violations}
    assert not found, found
    assert not console.csp_violations, console.csp_violations
