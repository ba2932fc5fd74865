"""The administrator's table from groups to roles, applied without a provider (sso/accounts.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portal.models import Committee, Membership, Role, User
from sso.accounts import Refused, sign_in_user
from sso.models import GroupGrant, GroupMapping, Identity
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.se/kommun"


def claims(groups: list[str], subject: str = "abc-123") -> dict[str, object]:
    return {"sub": subject, "preferred_username": "kim", "name": "Kim Ek", "email": "kim@x.se", "groups": groups}


def test_a_mapping_gives_a_committee_role_or_a_municipality_role_not_both(committee: Committee) -> None:
    both = GroupMapping(group="g", committee=committee, committee_role="reporter", municipality_role="strategist")
    with pytest.raises(ValidationError, match="antingen en nämnd och en roll i den, eller en roll i hela kommunen"):
        both.full_clean()
    with pytest.raises(ValidationError):
        GroupMapping(group="g", committee=committee).full_clean()  # a committee without a role
    GroupMapping(group="g", municipality_role=Role.VIEWER).full_clean()
    GroupMapping(group="g", committee=committee, committee_role="approver").full_clean()


def test_a_role_set_by_hand_stays_when_a_group_gave_it_too_and_goes(committee: Committee) -> None:
    GroupMapping.objects.create(group="bun", committee=committee, committee_role=Membership.Role.REPORTER)
    GroupMapping.objects.create(group="strateger", municipality_role=Role.STRATEGIST)
    user = sign_in_user(ISSUER, claims(["strateger"]))
    # By hand: the reporter role in BUN; then the group gives it too, then the group goes.
    MembershipFactory(user=user, committee=committee, role=Membership.Role.REPORTER)
    sign_in_user(ISSUER, claims(["strateger", "bun"]))
    assert not GroupGrant.objects.filter(user=user, committee=committee).exists()
    sign_in_user(ISSUER, claims(["strateger"]))
    assert Membership.objects.filter(user=user, committee=committee, role="reporter").exists()


def test_a_municipality_role_set_by_hand_stays_when_the_groups_change(committee: Committee) -> None:
    GroupMapping.objects.create(group="strateger", municipality_role=Role.STRATEGIST)
    GroupMapping.objects.create(group="chefer", municipality_role=Role.MANAGER)
    user = sign_in_user(ISSUER, claims(["strateger"]))
    user.groups.add(*UserFactory(roles=[Role.VIEWER]).groups.all())  # the viewer role, by hand
    user = sign_in_user(ISSUER, claims(["chefer"]))
    assert set(user.groups.values_list("name", flat=True)) == {Role.MANAGER, Role.VIEWER}


def test_an_inactive_committee_gives_no_role(committee: Committee) -> None:
    GroupMapping.objects.create(group="bun", committee=committee, committee_role=Membership.Role.REPORTER)
    Committee.objects.filter(pk=committee.pk).update(is_active=False)
    with pytest.raises(Refused) as refused:
        sign_in_user(ISSUER, claims(["bun"]))
    assert refused.value.reason == "no-role"
    assert not User.objects.filter(username="kim").exists()


def test_entra_group_overage_is_refused_not_read_as_no_groups() -> None:
    overage = claims([]) | {"_claim_names": {"groups": "src1"}}
    del overage["groups"]
    with pytest.raises(Refused, match="fler grupper än inloggningstjänsten skickar med"):
        sign_in_user(ISSUER, overage)


def test_a_token_without_a_subject_is_refused() -> None:
    with pytest.raises(Refused, match="inget användar-id"):
        sign_in_user(ISSUER, claims(["x"]) | {"sub": ""})


def test_a_user_tied_by_hand_to_an_identity_signs_in_as_themselves(strategist: User) -> None:
    Identity.objects.create(issuer=ISSUER, subject="abc-123", user=strategist)
    assert sign_in_user(ISSUER, claims([])).pk == strategist.pk  # the strategist role was set by hand


def test_an_unreachable_provider_is_told(settings, db) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/o/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "styrportal"
    settings.OIDC_CLIENT_SECRET = "hemligt"
    response = Client().get(reverse("sso:start"))
    assert response.status_code == 502
    assert "Inloggningstjänsten svarar inte just nu" in response.content.decode()


def test_without_oidc_settings_there_is_no_provider_sign_in(settings) -> None:
    settings.OIDC_ISSUER = ""
    assert Client().get(reverse("sso:start")).status_code == 404
    assert reverse("sso:start") not in Client().get(reverse("portal:login")).content.decode()
