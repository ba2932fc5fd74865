"""Personas and data for the internal control tests, beside tests/conftest.py's."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.models import Committee, Membership, User
from tests.factories import CommitteeFactory, MembershipFactory


@pytest.fixture
def other_reporter(other_committee: Committee) -> User:
    """A reporter of another committee: BUN's drafts do not exist for them."""
    return MembershipFactory(
        user__username="annan-rapportor", committee=other_committee, role=Membership.Role.REPORTER
    ).user


@pytest.fixture
def board(db: None) -> Committee:
    """Kommunstyrelsen, the executive board."""
    return CommitteeFactory(
        name="Kommunstyrelsen", abbreviation="KS", slug="kommunstyrelsen", kind=Committee.Kind.EXECUTIVE_BOARD
    )


@pytest.fixture
def board_approver(board: Committee) -> User:
    return MembershipFactory(user__username="ks-godkannare", committee=board, role=Membership.Role.APPROVER).user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
