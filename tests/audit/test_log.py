"""Every auditor sign-in and every download is logged (who, what, when, IP) and listed for the strategist,
the administrator and the auditor themselves."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from portal.models import Role, User
from sso.models import GroupMapping
from tests.audit.conftest import signed_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.sso.oidc import Provider
from tests.sso.oidc import sign_in as provider_sign_in

pytestmark = pytest.mark.django_db


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post(
        reverse("portal:login"), {"username": username, "password": TEST_PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    return client


def test_an_auditor_s_sign_in_is_logged_with_the_address(auditor: User) -> None:
    sign_in("revisor")

    event = AuditEvent.objects.get()
    assert (event.user, event.kind, event.address) == (auditor, "sign_in", "203.0.113.9")


def test_other_roles_sign_ins_are_not_logged(strategist: User, viewer: User) -> None:
    sign_in(strategist.username)
    sign_in(viewer.username)

    assert not AuditEvent.objects.exists()


def test_a_failed_sign_in_is_not_an_event(auditor: User) -> None:
    Client().post(reverse("portal:login"), {"username": "revisor", "password": "fel"})

    assert not AuditEvent.objects.exists()


def test_the_strategist_sees_every_event_and_an_auditor_only_their_own(
    auditor: User, strategist: User, administrator: User
) -> None:
    other = UserFactory(username="revisor2", first_name="Olle", last_name="Revisorsson", roles=[Role.AUDITOR])
    AuditEvent.objects.create(user=auditor, kind="frozen_file", what="Måluppfyllelse 2026: a.pdf", address="192.0.2.1")
    AuditEvent.objects.create(user=other, kind="evidence_zip", what="Måluppfyllelse 2026: b.zip", address="192.0.2.2")

    for reader in (strategist, administrator):
        page = signed_in(reader).get(reverse("audit:log")).content.decode()
        assert "a.pdf" in page and "b.zip" in page and "192.0.2.2" in page

    own = signed_in(auditor).get(reverse("audit:log")).content.decode()
    assert "a.pdf" in own and "b.zip" not in own


@pytest.mark.parametrize("persona", ["reporter", "approver", "hr_editor", "viewer", "manager", "outsider"])
def test_other_roles_do_not_see_the_log(request: pytest.FixtureRequest, persona: str) -> None:
    assert signed_in(request.getfixturevalue(persona)).get(reverse("audit:log")).status_code == 403


def test_an_auditor_signing_in_through_the_identity_provider_is_logged(oidc: Provider) -> None:
    GroupMapping.objects.create(group="styrportal-revisorer", municipality_role=Role.AUDITOR)
    oidc.person("rut", name="Rut Revisor", email="rut@testkommun.se", groups=["styrportal-revisorer"])

    response = provider_sign_in(Client(), oidc, "rut")

    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert (event.user.username, event.kind) == ("rut", "sign_in")
