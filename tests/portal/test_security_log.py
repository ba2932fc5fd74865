"""What someone types cannot forge a line in the security log: control characters are written escaped."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.access import log_refusal

FORGED = "nobody\nsign-in user=admin\r\u2028client=10.0.0.1"


def security_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "portal.security"]


@pytest.mark.django_db
def test_a_newline_in_a_username_stays_on_the_failed_sign_in_line(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="portal.security"):
        client.post(reverse("portal:login"), {"username": FORGED, "password": "fel"})
    [message] = security_messages(caplog)
    assert message.startswith("sign-in failed user=nobody\\nsign-in user=admin\\r\\u2028client=10.0.0.1 client=")
    assert "\n" not in message and "\r" not in message


def test_a_refusal_escapes_the_path_and_the_details(caplog: pytest.LogCaptureFixture) -> None:
    request = RequestFactory().get("/mal/%0Aaccess%20granted/")
    request.user = AnonymousUser()
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        log_refusal(request, "not-visible", committee="a\\nb\nc")
    [message] = security_messages(caplog)
    assert (
        message == "access refused user=anonymous path=/mal/\\naccess granted/ reason=not-visible committee=a\\\\nb\\nc"
    )
