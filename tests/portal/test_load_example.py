"""The Alingsås example: the seed's organisation and a demo user for every role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from portal.example import DEMO_PASSWORD
from portal.models import Committee, Membership, Municipality, Role, User

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    return serializers.serialize(
        "json",
        [
            *Municipality.objects.order_by("pk"),
            *Committee.objects.order_by("pk"),
            *User.objects.order_by("pk"),
            *Membership.objects.order_by("pk"),
            *Group.objects.order_by("pk"),
        ],
    )


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_example", *args, stdout=out)
    return out.getvalue()


def test_loads_the_seeds_organisation() -> None:
    load()
    assert Municipality.objects.get().name == "Alingsås kommun"
    # The demo has one person per role of the workflow: it could not be taken with separation of duties on.
    assert Municipality.objects.get().separation_of_duties is False
    assert list(Committee.objects.values_list("abbreviation", "kind")) == [
        ("KF", "council"),
        ("VON", "committee"),
        ("SN", "committee"),
        ("KUN", "committee"),
        ("BUN", "committee"),
        ("BMN", "committee"),
        ("TN", "committee"),
        ("KS", "executive_board"),
        ("ÖFN", "committee"),
        ("Alingsåshem", "company"),
    ]
    operating_budget_committees = Committee.objects.filter(kind__in=["committee", "executive_board"])
    assert operating_budget_committees.count() == 8


def test_running_twice_changes_nothing() -> None:
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Organisation: 0 created, 0 changed." in output


def test_dry_run_saves_nothing() -> None:
    output = load("--dry-run")
    assert "Dry run: nothing was saved." in output
    assert not Committee.objects.exists()


def test_every_role_has_a_demo_user_who_can_sign_in() -> None:
    output = load()
    assert f"password {DEMO_PASSWORD!r}" in output
    roles = {role for user in User.objects.all() for role in user.groups.values_list("name", flat=True)}
    assert roles == set(Role.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
    for user in User.objects.all():
        client = Client()
        response = client.post(reverse("portal:login"), {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.username
        assert client.get(reverse("portal:dashboard")).status_code == 200


def test_demo_administrator_reaches_the_admin() -> None:
    load()
    client = Client()
    client.post(reverse("portal:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get(reverse("admin:portal_committee_changelist")).status_code == 200


def test_a_renamed_committee_is_put_back() -> None:
    load()
    Committee.objects.filter(abbreviation="BUN").update(name="Fel namn")
    output = load()
    assert Committee.objects.get(abbreviation="BUN").name == "Barn- och ungdomsnämnden"
    assert "Organisation: 0 created, 1 changed." in output


def test_refuses_to_run_in_production_and_writes_nothing(settings) -> None:
    """The demo users' password is public: in production the command stops before it writes (issue 21)."""
    settings.PRODUCTION = True
    before = snapshot()
    with pytest.raises(CommandError, match="It does not run with DJANGO_ENV=production; nothing was saved."):
        load()
    assert snapshot() == before
    assert not User.objects.exists() and not Committee.objects.exists()
