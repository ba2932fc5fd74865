"""The Django admin asks the rules, and signs in through the portal's own page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.models import Committee, User
from tests.factories import TEST_PASSWORD, UserFactory


def test_admin_sign_in_goes_through_the_portals_page(client: Client, administrator: User) -> None:
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response["Location"] == f"{reverse('portal:login')}?next=/admin/"
    response = client.post(reverse("portal:login"), {"username": "admin", "password": TEST_PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_administrator_keeps_committees(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("admin:portal_committee_add"),
        {
            "name": "Valnämnden",
            "abbreviation": "VN",
            "slug": "valnamnden",
            "kind": "committee",
            "sort_order": 5,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Committee.objects.filter(abbreviation="VN").exists()


def test_staff_flag_alone_opens_nothing(client: Client, db: None) -> None:
    staff = UserFactory(username="bara-personal", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:login")).status_code == 403


def test_admin_link_only_for_administrators(client: Client, administrator: User, strategist: User) -> None:
    client.force_login(strategist)
    assert 'href="/admin/"' not in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(administrator)
    assert 'href="/admin/"' in client.get(reverse("portal:dashboard")).content.decode()
