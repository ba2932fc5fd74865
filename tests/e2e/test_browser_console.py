"""The CSP holds in the browser: nothing is refused on the portal's pages, and htmx works without eval."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Error, Page
from pytest_django.live_server_helper import LiveServer

from portal.models import User
from tests.e2e.conftest import BrowserConsole, sign_in

pytestmark = pytest.mark.e2e


def test_an_inline_script_is_refused_and_reported(page: Page, console: BrowserConsole) -> None:
    """The control for the tests below: the CSP refuses inline code, and the console fixture sees it."""
    page.goto(reverse("portal:home"))
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content="window.inlineRan = true;")

    assert page.evaluate("window.inlineRan") is None
    assert any("script-src" in message for message in console.csp_violations), console.messages
    console.messages.clear()  # expected here; the page fixture fails a test on any other


def test_no_csp_violation_and_no_console_error_on_the_main_pages(
    page: Page, console: BrowserConsole, strategist: User, example: None
) -> None:
    page.goto(reverse("portal:home"))
    sign_in(page, strategist)
    for path in [reverse("goals:overview"), reverse("budgets:document"), reverse("budgets:exchange")]:
        page.goto(path)
        page.wait_for_load_state("load")
    assert not console.csp_violations, "\n".join(console.csp_violations)
    errors = [message for message in console.messages if message.startswith("error:")]
    assert not errors, "\n".join(errors)


def test_htmx_is_loaded_from_our_files_and_sends_the_csrf_token(
    page: Page, console: BrowserConsole, live_server: LiveServer, reporter: User
) -> None:
    sign_in(page, reporter)
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("htmx.config.allowEval") is False  # read from <meta name="htmx-config">
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    scripts = page.locator("script[src]").evaluate_all("scripts => scripts.map(script => script.src)")
    assert scripts
    assert all(script.startswith(f"{live_server.url}/static/") for script in scripts), scripts

    health = reverse("portal:health")
    with page.expect_response(f"**{health}") as response_info:
        page.evaluate(f"htmx.ajax('GET', '{health}', {{target: '#main', swap: 'none'}})")
    headers = response_info.value.request.all_headers()
    assert headers["hx-request"] == "true"
    assert headers["x-csrftoken"]  # from <body hx-headers>, parsed as JSON, not evaluated
    assert response_info.value.ok

    assert not console.problems, "\n".join(console.problems)
