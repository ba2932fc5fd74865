"""The follow-up as a reporter and an approver meet it, in Chromium: nothing typed is lost on "Lämna in",
an empty follow-up is refused with what is missing, "82,4" is 82,4 under a Swedish and an English
browser, a return's comment reaches the reporter, and approving asks first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from followups.models import FollowUp, IndicatorValue
from followups.services import period_open
from goals.models import Goal
from portal.models import Committee, User
from tests.e2e.conftest import BrowserConsole, assert_no_axe_violations, sign_in
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    IndicatorFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
)
from tests.followups.helpers import fill_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def draft(committee: Committee) -> FollowUp:
    """BUN's draft for Q1 2026: one goal of its own with an indicator in % with one decimal, a budget."""
    goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, title="Fler elever klarar målen")
    IndicatorFactory(goal=goal, name="Andel behöriga elever", unit="%", decimals=1)
    OperatingBudgetFactory(document=BudgetDocumentFactory(), committee=committee, amount=Decimal(1000))
    (followup,) = period_open(period=ReportingPeriodFactory(), actor=None)
    return followup


@pytest.fixture
def browser_in(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    django_db_serialized_rollback: None,
    console: BrowserConsole,
) -> Iterator[Callable[[str, User], Page]]:
    """A page in a browser whose language is ``locale``, signed in as the user. The database as for
    ``page`` (tests/e2e/conftest.py): emptied after the test, what the migrations made restored before."""
    contexts = []

    def open_in(locale: str, user: User) -> Page:
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", console.record)
        page.on("pageerror", console.record_error)
        sign_in(page, user)
        return page

    try:
        yield open_in
    finally:
        for context in contexts:
            context.close()


def test_lamna_in_names_the_unsaved_section_and_keeps_what_was_typed(
    page: Page, draft: FollowUp, reporter: User
) -> None:
    sign_in(page, reporter)
    page.goto(reverse("followups:followup_edit", args=[draft.pk]))
    page.locator("#indicators").get_by_label("Utfall").fill("82,4")
    page.get_by_role("button", name="Lämna in till nämndens godkännare").click()

    expect(page.locator("#unsaved-alert")).to_contain_text("Inget är inlämnat.")
    expect(page.locator("#unsaved-alert")).to_contain_text("Indikatorvärden")
    expect(page.locator("#indicators").get_by_label("Utfall")).to_have_value("82,4")  # still there
    assert FollowUp.objects.get(pk=draft.pk).state == FollowUp.State.DRAFT

    # Saved, the section is clean again, and the submit goes to the server (which refuses: goals unassessed).
    page.locator("#indicators").get_by_role("button", name="Spara indikatorvärdena").click()
    expect(page.locator("#indicators").get_by_role("status")).to_contain_text("Sparat kl.")
    assert IndicatorValue.objects.get(followup=draft).value == Decimal("82.4")


def test_an_empty_follow_up_is_refused_with_what_is_missing(page: Page, draft: FollowUp, reporter: User) -> None:
    sign_in(page, reporter)
    page.goto(reverse("followups:followup_edit", args=[draft.pk]))
    expect(page.get_by_role("heading", name="Det här saknas")).to_be_visible()
    page.get_by_role("button", name="Lämna in till nämndens godkännare").click()
    refusal = page.get_by_role("alert").filter(has_text="Uppföljningen kan inte lämnas in ännu.")
    expect(refusal).to_contain_text("Målet ”Fler elever klarar målen” har ingen bedömning.")
    expect(refusal).to_contain_text("Indikatorn ”Andel behöriga elever” (Fler elever klarar målen) har inget utfall.")
    assert FollowUp.objects.get(pk=draft.pk).state == FollowUp.State.DRAFT


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
def test_a_decimal_comma_is_stored_as_a_decimal_in_either_browser_language(
    browser_in: Callable[[str, User], Page], draft: FollowUp, reporter: User, locale: str
) -> None:
    page = browser_in(locale, reporter)
    page.goto(reverse("followups:followup_edit", args=[draft.pk]))
    indicators = page.locator("#indicators")
    indicators.locator("input[name$='-value']").fill("82,4")
    indicators.locator("button[type=submit]").click()
    expect(page.locator("#indicators").get_by_role("status")).to_be_visible()
    assert IndicatorValue.objects.get(followup=draft).value == Decimal("82.4")
    page.reload()
    expect(page.locator("#indicators input[name$='-value']")).to_have_value("82,4")


def test_the_approver_confirms_approval_and_a_return_comment_reaches_the_reporter(
    page: Page,
    draft: FollowUp,
    reporter: User,
    approver: User,
    viewer: User,
    browser_in: Callable[[str, User], Page],
) -> None:
    fill_in(draft)
    sign_in(page, reporter)
    page.goto(reverse("followups:followup_edit", args=[draft.pk]))
    expect(page.get_by_text("Inget saknas")).to_be_visible()
    page.get_by_role("button", name="Lämna in till nämndens godkännare").click()
    expect(page.get_by_text("Klart: lämnade in.")).to_be_visible()

    electing = browser_in("sv-SE", viewer)  # an elected member: what the committee is to decide on
    expect(electing.get_by_role("heading", name="Att besluta om")).to_be_visible()
    expect(electing.get_by_role("link", name="PDF")).to_be_visible()
    assert_no_axe_violations(electing)

    approving = browser_in("sv-SE", approver)
    approving.goto(reverse("followups:followup_detail", args=[draft.pk]))
    approving.get_by_label("Nämndens beslut").fill("BUN 2026-04-22 § 45")
    asked: list[str] = []
    approving.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    approving.get_by_role("button", name="Godkänn").click()
    expect(approving.locator(".state")).to_have_text("Inlämnad")  # dismissed: nothing happened
    assert_no_axe_violations(approving)  # the read view with its step forms
    assert asked and "kan inte ändras av nämnden" in asked[0]
    assert FollowUp.objects.get(pk=draft.pk).state == FollowUp.State.SUBMITTED

    approving.get_by_label("Vad behöver ändras?").fill("Analysen av målet saknas.")
    approving.get_by_role("button", name="Skicka tillbaka").click()
    expect(approving.get_by_text("Klart: skickade tillbaka.")).to_be_visible()

    page.goto(reverse("portal:dashboard"))
    expect(page.get_by_text("Skickad tillbaka: Analysen av målet saknas.")).to_be_visible()
    assert_no_axe_violations(page)  # Min sida with the return's comment
    page.goto(reverse("followups:followup_edit", args=[draft.pk]))
    expect(page.get_by_role("note")).to_contain_text("Analysen av målet saknas.")
    assert_no_axe_violations(page)  # the editor with the return note and the list of what is missing
    page.goto(reverse("followups:followup_detail", args=[draft.pk]))
    assert_no_axe_violations(page)
    page.goto(reverse("fulfillment:committee_list"))
    expect(page.get_by_role("link", name="Barn- och ungdomsnämnden")).to_be_visible()
    assert_no_axe_violations(page)
