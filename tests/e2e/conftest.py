"""Real Chromium for the browser tests: the system's Chromium, driven by Playwright, checked with axe-core.

The browser is Debian's ``/usr/bin/chromium``, never one downloaded by a test
tool. Without it these tests skip and say why; with CI=true they fail
instead. The portal runs in pytest-django's ``live_server`` on the test
database, so the tests use ``transactional_db``: the server thread sees only
committed data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from portal.models import User
from tests.factories import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="package")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """One Chromium for all the browser tests; each test gets a new context.

    Package-scoped rather than session-scoped: while Playwright's sync API is
    started, its asyncio loop counts as running in the main thread, and
    Django then (a) refuses ORM calls there as "async-unsafe" and (b) keeps
    the thread's database connections per asyncio context, as new objects.
    The tests call the ORM only between browser steps, never concurrently
    with them, so (a) is switched off here, for this package only; for (b)
    the new connections are given what the test database held after its
    migrations, so that django_db_serialized_rollback can restore it, and
    are closed again before the loop stops.
    """
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} Browser tests must run when CI=true.")
        pytest.skip(message)
    migrated = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, contents in migrated.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                connections.close_all()


@dataclass
class BrowserConsole:
    """What the page wrote to the console, and the errors it did not catch."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        self.messages.append(f"{message.type}: {message.text} ({message.location.get('url', '')})")

    def record_error(self, error: Error) -> None:
        self.errors.append(f"{error.name}: {error.message}")

    @property
    def csp_violations(self) -> list[str]:
        return [message for message in self.messages if "Content Security Policy" in message]

    @property
    def problems(self) -> list[str]:
        """CSP violations, uncaught exceptions and htmx's own errors (it logs them, e.g. htmx:evalDisallowedError)."""
        return self.csp_violations + self.errors + [message for message in self.messages if "htmx:" in message]


@pytest.fixture
def console() -> BrowserConsole:
    return BrowserConsole()


@pytest.fixture
def page(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    django_db_serialized_rollback: None,
    console: BrowserConsole,
) -> Iterator[Page]:
    """A page in a context of its own (no cookies from other tests), on the live server.

    The database is emptied after each test, as the live server needs, and
    what the migrations put there (the role groups) is restored before each.

    Fails the test afterwards if the page reported a CSP violation, an
    uncaught error or an htmx error, whichever page it was on.
    """
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", console.record)
    page.on("pageerror", console.record_error)
    try:
        yield page
    finally:
        context.close()
    if console.problems:
        pytest.fail("The browser reported:\n" + "\n".join(console.problems))


def sign_in(page: Page, user: User, password: str = TEST_PASSWORD) -> None:
    """Signs in through the real sign-in form, as a person would, and waits for Min sida."""
    page.goto(reverse("portal:login"))
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{reverse('portal:dashboard')}")


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, one readable entry each.

    axe-core comes from the axe-playwright-python wheel (axe.min.js in the
    package) and is injected through Playwright, so nothing is fetched and
    the page's CSP does not apply to it.
    """
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        nodes = "\n".join(
            f"    {', '.join(node['target'])}: {node.get('failureSummary', '').replace(chr(10), ' ')}"
            for node in violation["nodes"]
        )
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}")
    return found


# axe-core counts a reference to a missing id as "needs review", not as a violation.
BROKEN_REFERENCES_JS = """() => {
    const broken = [];
    for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls", "for"]) {
        for (const element of document.querySelectorAll(`[${attribute}]`)) {
            for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                if (document.getElementById(id)) continue;
                broken.push(`${element.outerHTML.slice(0, 100)}: ${attribute} names a missing id "${id}"`);
            }
        }
    }
    return broken;
}"""


def broken_references(page: Page) -> list[str]:
    """Attributes that name an element by id (aria-describedby, for, …) where no element has that id."""
    return page.evaluate(BROKEN_REFERENCES_JS)


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    for violation in violations:
        print(violation)
    assert not violations, f"axe-core found on {page.url}:\n" + "\n".join(violations)


@pytest.fixture
def example(transactional_db: None) -> None:
    """The Alingsås example: the organisation, demo users, the budget document, the vision and council goals."""
    call_command("load_example", stdout=StringIO())
