"""Sign-in, sign-out and the lockout after ten wrong passwords."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = reverse("portal:login")


def sign_in(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


def test_sign_in_goes_to_min_sida(client: Client, reporter: User) -> None:
    response = sign_in(client, "rapportor", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_sign_in_keeps_a_safe_next_and_drops_a_foreign_one(client: Client, reporter: User) -> None:
    response = client.post(LOGIN, {"username": "rapportor", "password": TEST_PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post(LOGIN, {"username": "rapportor", "password": TEST_PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:dashboard")


def test_wrong_password_says_what_to_do_and_signs_nobody_in(client: Client, reporter: User) -> None:
    response = sign_in(client, "rapportor", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord. Kontrollera stavningen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_ten_wrong_passwords_lock_the_account_and_say_so(client: Client, reporter: User) -> None:
    for _ in range(9):
        assert sign_in(client, "rapportor", "fel").status_code == 200
    response = sign_in(client, "rapportor", "fel")
    assert response.status_code == 429
    assert "Inloggningen för det här kontot är spärrad i 15 minuter" in response.content.decode()

    # The right password does not help while the lock holds.
    response = sign_in(client, "rapportor", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account(client: Client, reporter: User, approver: User) -> None:
    for _ in range(10):
        sign_in(client, "rapportor", "fel")
    response = sign_in(client, "godkannare", TEST_PASSWORD)
    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client: Client, reporter: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            sign_in(client, "rapportor", "fel")
        assert sign_in(client, "rapportor", TEST_PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        # Attempts during the lock do not extend it beyond the 15 minutes the message names.
        assert sign_in(client, "rapportor", "fel").status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, "rapportor", TEST_PASSWORD).status_code == 302


def test_sign_in_events_are_logged(client: Client, reporter: User, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="portal.security"):
        sign_in(client, "rapportor", "fel")
        sign_in(client, "rapportor", TEST_PASSWORD)
        client.post(reverse("portal:logout"))
    messages = [record.getMessage() for record in caplog.records if record.name == "portal.security"]
    assert any(message.startswith("sign-in failed user=rapportor") for message in messages)
    assert any(message.startswith("sign-in user=rapportor") for message in messages)
    assert any(message.startswith("sign-out user=rapportor") for message in messages)


def test_sign_out_is_a_post(client: Client, reporter: User) -> None:
    client.force_login(reporter)
    assert client.get(reverse("portal:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("portal:logout"))
    assert response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session


def test_a_locked_out_attempt_is_logged_as_refused(
    client: Client, reporter: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        for _ in range(10):
            sign_in(client, "rapportor", "fel")
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("access refused")]
    assert refused == ["access refused user=anonymous path=/logga-in/ reason=sign-in-locked username=rapportor"]


@pytest.mark.django_db
def test_with_local_passwords_off_the_form_is_neither_shown_nor_accepted(settings: Any) -> None:
    settings.LOCAL_PASSWORDS = False
    UserFactory(username="lokal")
    client = Client()
    page = client.get(reverse("portal:login")).content.decode()
    assert 'name="password"' not in page
    response = client.post(reverse("portal:login"), {"username": "lokal", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "Inloggning med lösenord är avstängd" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_providers_button_comes_before_the_password_form(settings: Any) -> None:
    settings.OIDC_ISSUER = "https://login.example.se/kommun"
    settings.OIDC_PROVIDER_NAME = "Testkommunens konto"
    page = Client().get(reverse("portal:login")).content.decode()
    button = page.index("Logga in med Testkommunens konto")
    assert reverse("sso:start") in page
    assert button < page.index('name="password"')
