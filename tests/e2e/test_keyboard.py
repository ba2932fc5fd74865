"""The keyboard alone: the skip link, signing in, switching language, and a visible focus at every stop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from portal.models import User
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

# What the focused element looks like: every stop must show the portal's focus outline.
FOCUSED_JS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        text: (element.innerText || element.value || element.getAttribute("aria-label") || "").trim().slice(0, 60),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, target: Locator, limit: int = 25) -> int:
    """Presses Tab until the target has the focus; how many presses that took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    raise AssertionError(f"Tab did not reach {target} in {limit} presses")


def test_the_skip_link_comes_first_and_moves_the_focus_to_main(page: Page) -> None:
    page.goto(reverse("portal:home"))
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    assert is_focused(skip_link)
    assert page.evaluate(FOCUSED_JS)["visible"], "the focused skip link is still off screen"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the next Tab left <main>"


def test_signing_in_with_the_keyboard_alone(page: Page, reporter: User) -> None:
    page.goto(reverse("portal:login"))
    # The username field has autofocus; Shift+Tab and Tab prove it is reachable anyway.
    page.keyboard.press("Shift+Tab")
    tab_to(page, page.get_by_label("Användarnamn"))
    page.keyboard.type(reporter.username)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_label("Lösenord"))
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_role("main").get_by_role("button", name="Logga in"))
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{reverse('portal:dashboard')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Min sida"


def test_switching_language_with_the_keyboard(page: Page) -> None:
    page.goto(reverse("portal:home"))
    assert page.get_attribute("html", "lang") == "sv"

    tab_to(page, page.get_by_label("Språk"))
    page.keyboard.press("ArrowDown")  # Svenska -> English
    assert page.get_by_label("Språk").input_value() == "en"
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_role("button", name="Byt språk"))
    page.keyboard.press("Enter")

    # Not wait_for_function: Playwright evaluates its string with eval in the page, which the CSP refuses.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(reverse("portal:home"))
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    # Each language is named in itself, matching the option's lang attribute, whatever the page's language.
    assert page.get_by_label("Language").locator("option").all_inner_texts() == ["Svenska", "English"]
    assert_no_axe_violations(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_tab_stop_shows_the_focus(page: Page, reporter: User, signed_in: bool) -> None:
    """Tab walks the whole page, back to the start; each stop is on screen and has the focus outline."""
    if signed_in:
        sign_in(page, reporter)
    else:
        page.goto(reverse("portal:home"))
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused["tag"] == "body":
            break
        stops.append(focused)
    else:
        raise AssertionError("Tab never came back to the start of the page")
    assert len(stops) >= 4
    hidden = [stop for stop in stops if not (stop["outline"] and stop["visible"])]
    assert not hidden, f"focus not visible at: {hidden}"
