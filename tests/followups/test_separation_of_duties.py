"""Separation of duties (issue 21): with the municipality's setting on, the person who submitted a follow-up
cannot approve it and the person who approved it cannot accept it, whatever roles they hold. Off (the
default, and the example's), one person may do both."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups import services
from followups.models import FollowUp
from portal.models import Committee, Membership, Municipality, Role, User
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.followups.helpers import client_for, state_of, take_step

pytestmark = pytest.mark.usefixtures("filled_in")


@pytest.fixture
def separation(db: None) -> Municipality:
    return MunicipalityFactory(separation_of_duties=True)


@pytest.fixture
def both(committee: Committee) -> User:
    """Reporter and approver of BUN, and strategist: one person who holds every role of the workflow."""
    user = UserFactory(username="allt-i-ett", first_name="Alva", last_name="Allt", roles=[Role.STRATEGIST])
    MembershipFactory(user=user, committee=committee, role=Membership.Role.REPORTER)
    MembershipFactory(user=user, committee=committee, role=Membership.Role.APPROVER)
    return user


def detail(user: User, followup: FollowUp) -> str:
    return client_for(user).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()


def test_the_submitter_cannot_approve_and_is_told_who_can(
    separation: Municipality, followup: FollowUp, both: User, approver: User
) -> None:
    approver.first_name, approver.last_name = "Greta", "Godkännare"
    approver.save()
    assert take_step(client_for(both), "submit", followup).status_code == 302

    page = detail(both, followup)
    assert reverse("followups:followup_approve", args=[followup.pk]) not in page  # the button is not offered
    assert "du lämnade in uppföljningen och kan därför inte godkänna den" in page
    assert "Greta Godkännare" in page

    before = state_of(followup)
    response = take_step(client_for(both), "approve", followup)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Kommunen kräver två personer" in body
    assert "Be en annan godkännare i BUN (Greta Godkännare) att godkänna den." in body
    assert state_of(followup) == before

    # The service refuses too, under its lock, whatever view calls it.
    with pytest.raises(services.Refused, match="kan därför inte godkänna"):
        services.followup_approve(followup=followup, actor=both, decision_reference="BUN 2026-04-22 § 45")
    assert state_of(followup) == before

    # Someone else approves: the step is theirs.
    assert reverse("followups:followup_approve", args=[followup.pk]) in detail(approver, followup)
    assert take_step(client_for(approver), "approve", followup).status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.APPROVED


def test_the_approver_cannot_accept_and_is_told_who_can(
    separation: Municipality, followup: FollowUp, both: User, reporter: User, strategist: User
) -> None:
    assert take_step(client_for(reporter), "submit", followup).status_code == 302
    assert take_step(client_for(both), "approve", followup).status_code == 302  # submitted by someone else

    page = detail(both, followup)
    assert reverse("followups:followup_accept", args=[followup.pk]) not in page
    assert "du godkände uppföljningen och kan därför inte acceptera den" in page

    before = state_of(followup)
    response = take_step(client_for(both), "accept", followup)
    assert response.status_code == 403
    assert f"Be en annan strateg ({strategist}) att acceptera den." in response.content.decode()
    assert state_of(followup) == before

    assert take_step(client_for(strategist), "accept", followup).status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.ACCEPTED


def test_without_another_approver_an_administrator_must_give_the_role(
    separation: Municipality, followup: FollowUp, both: User
) -> None:
    assert take_step(client_for(both), "submit", followup).status_code == 302
    before = state_of(followup)
    response = take_step(client_for(both), "approve", followup)
    assert response.status_code == 403
    assert "Be en administratör att ge någon annan rollen godkännare i BUN." in response.content.decode()
    assert state_of(followup) == before


def test_the_latest_submission_counts(
    separation: Municipality, followup: FollowUp, both: User, reporter: User, approver: User
) -> None:
    """Submitted by someone else, returned, submitted again by the approver: the approver may not approve."""
    assert take_step(client_for(reporter), "submit", followup).status_code == 302
    assert take_step(client_for(approver), "return", followup).status_code == 302
    assert take_step(client_for(both), "submit", followup).status_code == 302
    assert take_step(client_for(both), "approve", followup).status_code == 403
    assert take_step(client_for(approver), "approve", followup).status_code == 302


def test_off_one_person_may_take_every_step(followup: FollowUp, both: User) -> None:
    MunicipalityFactory(separation_of_duties=False)
    as_both = client_for(both)
    for action in ("submit", "approve", "accept", "publish"):
        assert take_step(as_both, action, followup).status_code == 302, action
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.PUBLISHED
    assert "Kommunen kräver två personer" not in detail(both, followup)


def test_the_page_says_when_it_applies(separation: Municipality, followup: FollowUp, reporter: User) -> None:
    rule = "Kommunen kräver två personer: den som lämnade in uppföljningen kan inte godkänna den"
    assert rule not in detail(reporter, followup)  # a draft: nothing to separate yet
    take_step(client_for(reporter), "submit", followup)
    assert rule in detail(reporter, followup)
    assert "Kommunen kräver två personer i uppföljningen" in (
        client_for(reporter).get(reverse("portal:dashboard")).content.decode()
    )


def test_the_administrator_turns_it_on_in_the_admin(administrator: User) -> None:
    municipality = MunicipalityFactory()
    client = client_for(administrator)
    url = reverse("admin:portal_municipality_change", args=[municipality.pk])
    assert "separation_of_duties" in client.get(url).content.decode()
    response = client.post(url, {"name": municipality.name, "organisation_number": "", "separation_of_duties": "on"})
    assert response.status_code == 302
    assert Municipality.objects.get(pk=municipality.pk).separation_of_duties is True
