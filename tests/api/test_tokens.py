"""The key page: the strategist and the administrator make and revoke keys; the key is shown once."""

from __future__ import annotations

import pytest
from django.test import Client

from api.models import ApiToken, hash_token
from portal.models import Committee, User

pytestmark = pytest.mark.django_db


def test_strategist_makes_a_committee_key_shown_once(client: Client, strategist: User, committee: Committee) -> None:
    client.force_login(strategist)
    response = client.post("/api/tokens/", {"name": "Läsappen", "committee": committee.pk})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    raw = response.context["raw_token"]
    assert raw.startswith("sp_") and raw in response.content.decode()
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert (token.scope, token.committee, token.created_by) == ("committee", committee, strategist)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert raw not in client.get("/api/tokens/").content.decode()


def test_administrator_makes_a_strategist_key(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    client.post("/api/tokens/", {"name": "Kolada", "committee": ""})
    token = ApiToken.objects.get()
    assert token.scope == "strategist" and token.committee is None


def test_a_key_needs_a_name(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    response = client.post("/api/tokens/", {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoke(client: Client, strategist: User, administrator: User) -> None:
    token, _raw = ApiToken.issue(name="Gammal", committee=None, created_by=administrator)
    client.force_login(strategist)
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == strategist


@pytest.mark.parametrize("persona", ["viewer", "manager", "reporter", "approver", "hr_editor", "outsider"])
def test_other_roles_may_neither_make_nor_revoke(
    client: Client, request: pytest.FixtureRequest, administrator: User, persona: str
) -> None:
    token, _raw = ApiToken.issue(name="Gammal", committee=None, created_by=administrator)
    client.force_login(request.getfixturevalue(persona))
    assert client.post("/api/tokens/", {"name": "Min"}).status_code == 403
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert ApiToken.objects.count() == 1 and token.revoked_at is None
