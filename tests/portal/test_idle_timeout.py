"""A session ends after 30 idle minutes; any request, such as an autosave, keeps it alive."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import User

DASHBOARD = reverse("portal:dashboard")


def test_idle_session_ends_with_a_message(client: Client, reporter: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(reporter)
        assert client.get(DASHBOARD).status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
        page = client.get(response["Location"]).content.decode()
    assert "Du loggades ut efter 30 minuter utan aktivitet" in page
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(client: Client, reporter: User) -> None:
    start = timezone.now()
    client.force_login(reporter)
    for minutes in (0, 20, 40, 60, 80):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(DASHBOARD).status_code == 200, f"signed out after {minutes} minutes"


def test_idle_limit_is_a_setting(client: Client, reporter: User, settings: object) -> None:
    settings.SESSION_IDLE_MINUTES = 5  # type: ignore[attr-defined]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(reporter)
        client.get(DASHBOARD)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get(DASHBOARD).status_code == 302


def test_htmx_request_is_sent_to_sign_in_as_a_whole_page(client: Client, reporter: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(reporter)
        client.get(DASHBOARD)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(DASHBOARD, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("portal:login"))


def test_no_session_outlives_the_maximum(client: Client, reporter: User) -> None:
    start = timezone.now()
    client.force_login(reporter)
    for minutes in range(0, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(DASHBOARD).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Du loggades ut eftersom du varit inloggad i 12 timmar." in page
