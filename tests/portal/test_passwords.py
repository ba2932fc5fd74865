"""A local account changes its password, or resets it by email (issue 21); with LOCAL_PASSWORDS off (sign-in
elsewhere) none of these pages exists."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests.factories import TEST_PASSWORD, UserFactory

NEW_PASSWORD = "Ny-lösenfras-för-2026-äpple"
CHANGE = reverse("portal:password_change")
RESET = reverse("portal:password_reset")


@pytest.fixture
def person(db: None) -> User:
    return UserFactory(username="rasmus", first_name="Rasmus", last_name="Rapportör", email="rasmus@kommun.example")


def sign_in(client: Client, username: str, password: str) -> bool:
    """Through the sign-in page, as a person does (django-axes needs the request)."""
    response = client.post(reverse("portal:login"), {"username": username, "password": password})
    return response.status_code == 302


def signed_in(user: User) -> Client:
    client = Client()
    assert sign_in(client, user.username, TEST_PASSWORD)
    return client


def test_change_with_the_old_password(person: User) -> None:
    client = signed_in(person)
    page = client.get(CHANGE)
    assert page.status_code == 200 and "Byt lösenord" in page.content.decode()
    response = client.post(
        CHANGE, {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:password_change_done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert client.get(reverse("portal:dashboard")).status_code == 200  # still signed in
    assert "Lösenordet är bytt" in client.get(response["Location"]).content.decode()


def test_a_wrong_old_password_is_refused_and_nothing_changes(person: User) -> None:
    client = signed_in(person)
    response = client.post(
        CHANGE,
        {"old_password": "fel-lösenord-helt-och-hållet", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Lösenordet byttes inte." in body
    assert "Ditt gamla lösenord" in body  # Django's Swedish: the old password was wrong
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


def test_a_weak_new_password_is_refused(person: User) -> None:
    client = signed_in(person)
    response = client.post(CHANGE, {"old_password": TEST_PASSWORD, "new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def reset_link(settings) -> str:
    (message,) = mail.outbox
    match = re.search(re.escape(settings.PORTAL_URL) + r"(/konto/nytt-losenord/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_end_to_end_with_the_emails_link(client: Client, person: User, settings) -> None:
    settings.PORTAL_URL = "https://styrportal.kommun.example"
    settings.ALLOWED_HOSTS = ["*"]
    assert "Glömt lösenordet?" in client.get(reverse("portal:login")).content.decode()
    # The link is built from PORTAL_URL, never from the host the request names.
    response = client.post(RESET, {"email": "rasmus@kommun.example"}, HTTP_HOST="angripare.example")
    assert response.status_code == 302 and response["Location"] == reverse("portal:password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Nytt lösenord till Styrportal"
    assert message.to == ["rasmus@kommun.example"]
    assert "Hej Rasmus Rapportör!" in message.body and "Ditt användarnamn är rasmus." in message.body
    assert "angripare.example" not in message.body
    link = reset_link(settings)

    form_page = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert form_page.status_code == 200 and "Välj ett nytt lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("portal:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert sign_in(Client(), "rasmus", NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True)
    assert "Länken fungerar inte längre" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client: Client, person: User) -> None:
    response = client.post(RESET, {"email": "ingen@kommun.example"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:password_reset_done")
    assert mail.outbox == []


def test_reset_requests_are_throttled_per_address(client: Client, person: User, settings) -> None:
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    for _ in range(3):
        assert client.post(RESET, {"email": "rasmus@kommun.example"}).status_code == 302
    response = client.post(RESET, {"email": "RASMUS@kommun.example"})
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert "Du har bett om för många nya lösenord. Vänta 60 minuter och försök igen" in response.content.decode()
    assert len(mail.outbox) == 3


def test_reset_requests_are_throttled_per_client(client: Client, db: None, settings) -> None:
    settings.PASSWORD_RESET_PER_CLIENT = 2
    for number in range(2):
        assert client.post(RESET, {"email": f"person{number}@kommun.example"}).status_code == 302
    response = client.post(RESET, {"email": "person9@kommun.example"})
    assert response.status_code == 429 and "Retry-After" in response
    # Another client is not held back by this one.
    assert Client(REMOTE_ADDR="10.0.0.9").post(RESET, {"email": "person9@kommun.example"}).status_code == 302


def test_the_menu_links_to_the_change(person: User) -> None:
    assert CHANGE in signed_in(person).get(reverse("portal:dashboard")).content.decode()


def test_without_local_passwords_every_page_is_404(person: User, settings) -> None:
    # Signed in while passwords were on (with them off, the provider signs people in: tests/sso).
    client = signed_in(person)
    settings.LOCAL_PASSWORDS = False
    urls = [
        CHANGE,
        reverse("portal:password_change_done"),
        RESET,
        reverse("portal:password_reset_done"),
        reverse("portal:password_reset_confirm", args=["MQ", "set-password"]),
        reverse("portal:password_reset_complete"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert Client().get(url).status_code == 404, url
    assert (
        client.post(
            CHANGE, {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        ).status_code
        == 404
    )
    assert Client().post(RESET, {"email": "rasmus@kommun.example"}).status_code == 404
    assert mail.outbox == []
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)
    assert CHANGE not in client.get(reverse("portal:dashboard")).content.decode()
    assert RESET not in Client().get(reverse("portal:login")).content.decode()


def test_the_admins_password_change_is_the_portals(administrator: User, settings) -> None:
    """An administrator's "change password" in the admin is the portal's page: logged, and gone without local
    passwords, where the admin's own form would have set a password nobody can sign in with."""
    client = signed_in(administrator)
    response = client.get(reverse("admin:password_change"), follow=True)
    assert response.redirect_chain[-1][0] == CHANGE and response.status_code == 200
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    administrator.refresh_from_db()
    assert administrator.check_password(TEST_PASSWORD)  # the admin's form takes nothing
    settings.LOCAL_PASSWORDS = False
    assert client.get(reverse("admin:password_change"), follow=True).status_code == 404
