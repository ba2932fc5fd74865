"""The report fit for the council, in real Chromium: the report page passes axe, states what is undecided, and
publishing such a report asks first and needs the box ticked; the published page passes axe too."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from fulfillment import services
from fulfillment.models import FulfillmentReport
from goals.models import Indicator
from portal.models import User
from tests.e2e.conftest import BrowserConsole, assert_no_axe_violations, broken_references, sign_in
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.e2e


def test_publishing_an_undecided_report_asks_and_says_why(
    page: Page, console: BrowserConsole, strategist: User, example: None
) -> None:
    MeasurementFactory(
        indicator=Indicator.objects.get(external_id="U15900"),
        year=2025,
        value=Decimal("50.7012"),
        reference_value=Decimal("51.1688"),
        source="Kolada U15900, hämtat 2026-10-02",
    )
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=report.pk)
    sign_in(page, strategist)

    page.goto(reverse("fulfillment:report_detail", args=[report.pk]))
    caveat = page.locator(".caveat")
    expect(caveat).to_contain_text("God ekonomisk hushållning kan inte avgöras och")
    expect(page.get_by_role("main")).to_contain_text("Källa: Kolada U15900, hämtat 2026-10-02")
    assert_no_axe_violations(page)
    assert not broken_references(page)

    # Without the box ticked the browser does not send the form; ticked, it asks first with the state.
    page.get_by_role("button", name="Publicera", exact=True).click()
    box = page.get_by_label("Publicera ändå, med det som inte är bedömt")
    assert box.evaluate("element => element.validity.valueMissing") is True  # the browser kept the form
    assert FulfillmentReport.objects.get(pk=report.pk).state == FulfillmentReport.State.DRAFT
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    box.check()
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.get_by_text("Sammanställningen är publicerad och ändras inte längre.")).to_be_visible()
    assert asked and asked[0].startswith(caveat.inner_text().strip()) and "Publicera ändå?" in asked[0]
    assert FulfillmentReport.objects.get(pk=report.pk).state == FulfillmentReport.State.PUBLISHED

    page.goto(reverse("public:report", args=[report.pk]))
    expect(page.locator(".caveat")).to_contain_text("kan inte avgöras")
    assert_no_axe_violations(page)
    assert not console.csp_violations
