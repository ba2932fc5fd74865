"""Min sida shows the user's roles and committees."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.models import Committee, Membership, User
from tests.factories import CommitteeFactory, MembershipFactory

DASHBOARD = reverse("portal:dashboard")


def test_reporter_sees_their_committee_and_role(client: Client, reporter: User) -> None:
    client.force_login(reporter)
    page = client.get(DASHBOARD).content.decode()
    assert "Barn- och ungdomsnämnden" in page
    assert "Rapportör" in page
    assert "Du har ingen kommunövergripande roll." in page


def test_strategist_sees_the_role_and_no_committee(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    page = client.get(DASHBOARD).content.decode()
    assert "Strateg" in page
    assert "Du har ingen roll i någon nämnd." in page


def test_outsider_is_told_how_to_get_a_role(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    page = client.get(DASHBOARD).content.decode()
    assert "Be en administratör att ge dig en roll" in page


def test_other_users_committees_do_not_show(client: Client, reporter: User, other_committee: Committee) -> None:
    MembershipFactory(committee=other_committee, role=Membership.Role.APPROVER)
    client.force_login(reporter)
    assert "Tekniska nämnden" not in client.get(DASHBOARD).content.decode()


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={DASHBOARD}"


def test_query_count_does_not_grow_with_memberships(
    client: Client, reporter: User, django_assert_num_queries: object
) -> None:
    client.force_login(reporter)
    client.get(DASHBOARD)  # the first request stamps the session's last activity (a write)
    # session, user, groups and memberships (roles), municipality (header), memberships with committees,
    # the follow-ups waiting for the user and the committees' latest follow-ups (followups), the latest reports
    # (fulfillment)
    with django_assert_num_queries(9):
        client.get(DASHBOARD)
    for committee in CommitteeFactory.create_batch(10):
        MembershipFactory(user=reporter, committee=committee, role=Membership.Role.APPROVER)
    with django_assert_num_queries(9):
        page = client.get(DASHBOARD).content.decode()
    assert page.count("Godkännare") == 10
