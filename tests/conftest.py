"""Personas for every role, like healthchecks' alice and bob."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from fulfillment import inputs
from portal import publiccache
from portal.models import Committee, Membership, Role, User
from tests.factories import CommitteeFactory, MembershipFactory, UserFactory
from tests.sso.oidc import oidc, oidc_provider  # noqa: F401  (the test OpenID provider, for every test module)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_process_state() -> None:
    """Each test starts without live results or pages kept by an earlier one (fulfillment/inputs.py, the cache),
    and in Swedish: a view called without the middleware would otherwise speak the language an earlier
    test's request left active in the thread."""
    inputs.forget()
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()  # no public page kept from another test's data (factories publish without bumping the version)
    publiccache.forget_local()


@pytest.fixture
def committee(db: None) -> Committee:
    """The committee the reporter and approver work in."""
    return CommitteeFactory(name="Barn- och ungdomsnämnden", abbreviation="BUN", slug="barn-och-ungdomsnamnden")


@pytest.fixture
def other_committee(db: None) -> Committee:
    """A committee none of the committee personas belongs to."""
    return CommitteeFactory(name="Tekniska nämnden", abbreviation="TN", slug="tekniska-namnden")


@pytest.fixture
def reporter(committee: Committee) -> User:
    return MembershipFactory(user__username="rapportor", committee=committee, role=Membership.Role.REPORTER).user


@pytest.fixture
def approver(committee: Committee) -> User:
    return MembershipFactory(user__username="godkannare", committee=committee, role=Membership.Role.APPROVER).user


@pytest.fixture
def strategist(db: None) -> User:
    return UserFactory(username="strateg", roles=[Role.STRATEGIST])


@pytest.fixture
def hr_editor(db: None) -> User:
    return UserFactory(username="hr", roles=[Role.HR_EDITOR])


@pytest.fixture
def viewer(db: None) -> User:
    return UserFactory(username="ledamot", roles=[Role.VIEWER])


@pytest.fixture
def manager(db: None) -> User:
    return UserFactory(username="chef", roles=[Role.MANAGER])


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory(username="admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but with no role at all."""
    return UserFactory(username="utomstaende")


@pytest.fixture
def auditor(db: None) -> User:
    """The municipality's auditor (revisor): reads everything internal, changes nothing."""
    return UserFactory(username="revisor", roles=[Role.AUDITOR])


PERSONAS = [
    "reporter",
    "approver",
    "strategist",
    "hr_editor",
    "viewer",
    "manager",
    "administrator",
    "auditor",
    "outsider",
]
