"""Sign-in through a real OpenID provider (django-oauth-toolkit, tests/sso/provider) on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from portal.access import roles_for
from portal.models import Committee, Membership, Role, User
from sso.models import GroupMapping, Identity
from tests.sso.oidc import Provider, provider_answer, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mappings(committee: Committee) -> None:
    GroupMapping.objects.create(group="bun-rapportorer", committee=committee, committee_role=Membership.Role.REPORTER)
    GroupMapping.objects.create(group="bun-godkannare", committee=committee, committee_role=Membership.Role.APPROVER)
    GroupMapping.objects.create(group="styrportal-strateger", municipality_role=Role.STRATEGIST)
    GroupMapping.objects.create(group="styrportal-administratorer", municipality_role=Role.ADMINISTRATOR)


def signed_in_user(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def refused_with(response: Any, client: Client, words: str) -> None:
    assert response.status_code in (400, 403), response.status_code
    assert words in response.content.decode(), response.content.decode()
    assert "IT-servicedesk" in response.content.decode() or "Börja om" in response.content.decode()
    assert signed_in_user(client) is None


def test_first_sign_in_creates_the_user_with_the_groups_roles(oidc: Provider, mappings: None, committee: Committee):
    oidc.person("anna", name="Anna Berg", email="anna.berg@testkommun.se", groups=["bun-rapportorer", "okand"])
    client = Client()
    response = sign_in(client, oidc, "anna")
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    user = signed_in_user(client)
    assert user is not None
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "anna",
        "Anna",
        "Berg",
        "anna.berg@testkommun.se",
    )
    assert not user.has_usable_password()
    identity = Identity.objects.get(user=user)
    assert identity.issuer == oidc.issuer and identity.groups == ["bun-rapportorer", "okand"]
    assert roles_for(user).in_committee(committee.pk, Membership.Role.REPORTER)
    assert not roles_for(user).roles
    page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200 and "Barn- och ungdomsnämnden" in page.content.decode()


def test_the_subject_not_the_email_keys_the_user(oidc: Provider, mappings: None):
    oidc.person("anna", name="Anna Berg", email="anna@testkommun.se", groups=["styrportal-strateger"])
    client = Client()
    sign_in(client, oidc, "anna")
    first = signed_in_user(client)
    assert first is not None and first.username == "anna"
    # Another name and email at the provider, the same subject: the same user, updated.
    oidc.person("anna", name="Anna Lind", email="anna.lind@testkommun.se", groups=["styrportal-strateger"])
    second_client = Client()
    sign_in(second_client, oidc, "anna")
    again = signed_in_user(second_client)
    assert again is not None and again.pk == first.pk
    assert (again.last_name, again.email) == ("Lind", "anna.lind@testkommun.se")  # updated at each sign-in
    assert User.objects.filter(identities__isnull=False).count() == 1


def test_a_local_user_with_the_same_name_is_not_taken_over(oidc: Provider, mappings: None, strategist: User):
    oidc.person(strategist.username, name="Sam Strand", email=strategist.email, groups=["styrportal-strateger"])
    client = Client()
    sign_in(client, oidc, strategist.username)
    user = signed_in_user(client)
    assert user is not None and user.pk != strategist.pk
    assert user.username == f"{strategist.username}-2"


def test_a_group_change_moves_the_role_at_next_sign_in(oidc: Provider, mappings: None, committee: Committee):
    oidc.person("bo", name="Bo Ek", email="bo@testkommun.se", groups=["bun-rapportorer"])
    sign_in(Client(), oidc, "bo")
    user = User.objects.get(username="bo")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"reporter"}
    # Set by hand in the admin: kept whatever the groups say.
    hand = Membership.objects.create(user=user, committee=committee, role=Membership.Role.APPROVER)
    oidc.person("bo", name="Bo Ek", email="bo@testkommun.se", groups=["styrportal-strateger"])
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"reporter", "approver"}
    client = Client()
    sign_in(client, oidc, "bo")
    user = User.objects.get(username="bo")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"approver"}
    assert Membership.objects.filter(pk=hand.pk).exists()
    assert roles_for(user).has(Role.STRATEGIST)
    # The strategist's page opens now; it did not before.
    assert client.get(reverse("followups:period_create")).status_code == 200
    # The group goes: the role that came from it goes at the next sign-in; the hand's stays.
    oidc.person("bo", name="Bo Ek", email="bo@testkommun.se", groups=["bun-godkannare"])
    sign_in(Client(), oidc, "bo")
    user = User.objects.get(username="bo")
    assert not user.groups.filter(name=Role.STRATEGIST).exists()
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["approver"]


def test_groups_that_map_to_nothing_get_a_page_that_says_whom_to_ask(oidc: Provider, mappings: None):
    oidc.person("cia", name="Cia Dahl", email="cia@testkommun.se", groups=["fritid-alla"])
    client = Client()
    response = sign_in(client, oidc, "cia")
    assert response.status_code == 403
    text = response.content.decode()
    assert "ingen av dina grupper ger någon roll" in text and "IT-servicedesk, servicedesk@testkommun.se" in text
    assert signed_in_user(client) is None
    assert not User.objects.filter(username="cia").exists()  # nothing stored for someone who may not come in


def test_losing_every_group_ends_access_at_next_sign_in(oidc: Provider, mappings: None):
    oidc.person("dan", name="Dan Falk", email="dan@testkommun.se", groups=["styrportal-strateger"])
    sign_in(Client(), oidc, "dan")
    oidc.person("dan", name="Dan Falk", email="dan@testkommun.se", groups=[])
    client = Client()
    response = sign_in(client, oidc, "dan")
    refused_with(response, client, "ingen av dina grupper ger någon roll")
    assert not User.objects.get(username="dan").groups.exists()


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("tamper", "ingen giltig underskrift"),
        ("audience", "utfärdat för en annan tjänst än Styrportal"),
        ("expired", "har gått ut"),
        ("issuer", "en annan inloggningstjänst än den portalen litar på"),
        ("nonce", "klarade inte kontrollen"),
    ],
)
def test_a_bad_id_token_is_refused(oidc: Provider, mappings: None, fault: str, words: str):
    oidc.person("eva", name="Eva Gran", email="eva@testkommun.se", groups=["bun-rapportorer"])
    oidc.set_fault(fault)
    client = Client()
    response = sign_in(client, oidc, "eva")
    refused_with(response, client, words)
    assert response.status_code == 400
    assert not User.objects.filter(username="eva").exists()
    assert client.get(reverse("portal:dashboard")).status_code == 302  # to the sign-in page


def test_a_replayed_state_is_refused(oidc: Provider, mappings: None):
    oidc.person("fia", name="Fia Holm", email="fia@testkommun.se", groups=["bun-rapportorer"])
    client = Client()
    callback = provider_answer(client, oidc, "fia")
    assert client.get(callback).status_code == 302
    assert signed_in_user(client) is not None
    # The same answer again, in another browser (an attacker who saw the address) and in the same one.
    other = Client()
    refused_with(other.get(callback), other, "hör inte till någon inloggning som pågår här")
    client.post(reverse("portal:logout"))
    refused_with(client.get(callback), client, "hör inte till någon inloggning som pågår här")


def test_an_answer_without_a_started_sign_in_is_refused(oidc: Provider):
    client = Client()
    response = client.get(reverse("sso:callback") + "?code=abc&state=xyz")
    refused_with(response, client, "hör inte till någon inloggning som pågår här")


def test_the_provider_refusing_is_told(oidc: Provider):
    client = Client()
    client.get(reverse("sso:start"))
    response = client.get(reverse("sso:callback") + "?error=access_denied&state=xyz")
    refused_with(response, client, "godkände inte inloggningen (access_denied)")


def test_the_request_carries_pkce_state_and_nonce(oidc: Provider):
    response = Client().get(reverse("sso:start"))
    location = response["Location"]
    for part in ("code_challenge=", "code_challenge_method=S256", "state=", "nonce=", "scope=openid+profile+email"):
        assert part in location, location


def test_sign_out_goes_on_to_the_providers_sign_out(oidc: Provider, mappings: None):
    oidc.person("gun", name="Gun Ivarsson", email="gun@testkommun.se", groups=["bun-rapportorer"])
    client = Client()
    sign_in(client, oidc, "gun")
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(oidc.issuer + "/logout/")
    assert "id_token_hint=" in response["Location"]
    assert signed_in_user(client) is None


def test_next_brings_back_to_the_page_asked_for(oidc: Provider, mappings: None):
    oidc.person("hans", name="Hans Jonsson", email="hans@testkommun.se", groups=["styrportal-strateger"])
    client = Client()
    start_url = reverse("sso:start") + "?next=" + reverse("followups:period_list")
    response = client.get(provider_answer(client, oidc, "hans", start_url=start_url))
    assert response["Location"] == reverse("followups:period_list")
