"""The base layout: accessible structure, security headers, htmx from our own files."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from portal.models import User


def test_start_page_structure(client: Client, db: None) -> None:
    page = client.get(reverse("portal:home"), follow=True).content.decode()
    assert '<html lang="sv">' in page
    assert '<a class="skip-link" href="#main">Hoppa till huvudinnehållet</a>' in page
    assert '<main id="main"' in page
    assert "<header" in page and "<footer" in page
    assert '<nav aria-label="Huvudmeny">' in page
    assert '<label for="language-select">Språk</label>' in page


def test_csp_forbids_inline_and_eval(client: Client, db: None) -> None:
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script in the page"
    assert " style=" not in page, "inline style in the page"


def test_htmx_is_served_from_our_static_files_without_eval(client: Client, reporter: User) -> None:
    client.force_login(reporter)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js"', page)
    assert '"allowEval": false' in page
    assert '"includeIndicatorStyles": false' in page
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page)
    assert token and len(token.group(1)) >= 32


def test_htmx_post_with_header_token_passes_csrf(reporter: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    page = client.get(reverse("portal:dashboard")).content.decode()
    token = re.search(r"\"X-CSRFToken\": \"([^\"]+)\"", page).group(1)  # type: ignore[union-attr]
    refused = client.post(reverse("portal:logout"))
    assert refused.status_code == 403
    response = client.post(reverse("portal:logout"), headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302


def test_security_headers(client: Client, db: None) -> None:
    response = client.get(reverse("portal:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_not_found_page_says_what_to_do(client: Client, db: None) -> None:
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Kontrollera adressen, eller börja om från startsidan." in response.content.decode()


def test_health(client: Client, db: None) -> None:
    response = client.get(reverse("portal:health"))
    assert response.json() == {"status": "ok", "database": "ok"}


def test_swedish_even_when_the_browser_asks_for_english(client: Client, db: None) -> None:
    page = client.get(
        reverse("portal:home"), headers={"Accept-Language": "en-US,en;q=0.9"}, follow=True
    ).content.decode()
    assert '<html lang="sv">' in page
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get(reverse("portal:home"), follow=True).content.decode()
