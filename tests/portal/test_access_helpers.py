"""The roles behind the rules, and the helper views use to fetch a committee."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from portal import views
from portal.access import get_committee_for_user, roles_for
from portal.models import Committee, Membership, Role, User
from tests.factories import MembershipFactory


def request_as(user: User | AnonymousUser, path: str = "/x/") -> object:
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_roles_are_read_once_per_user_object(
    reporter: User, committee: Committee, django_assert_num_queries: object
) -> None:
    user = User.objects.get(pk=reporter.pk)
    with django_assert_num_queries(2):  # groups, memberships
        assert roles_for(user).in_committee(committee.pk, Membership.Role.REPORTER)
        assert user.has_perm("portal.view_committee", committee)
        assert not user.has_perm("portal.view_committee", None)
        assert roles_for(user).roles == frozenset()


def test_inactive_committee_gives_no_role(reporter: User, committee: Committee) -> None:
    committee.is_active = False
    committee.save()
    assert not User.objects.get(pk=reporter.pk).has_perm("portal.view_committee", committee)


@pytest.mark.parametrize(
    ("persona", "sees_committee"),
    [
        ("reporter", True),
        ("approver", True),
        ("strategist", True),
        ("viewer", True),
        ("manager", True),
        ("administrator", True),
        ("hr_editor", False),
        ("outsider", False),
    ],
)
def test_who_may_see_a_committee(
    request: pytest.FixtureRequest, committee: Committee, persona: str, sees_committee: bool
) -> None:
    user = request.getfixturevalue(persona)
    assert user.has_perm("portal.view_committee", committee) is sees_committee


def test_members_see_only_their_own_committee(reporter: User, other_committee: Committee) -> None:
    assert not reporter.has_perm("portal.view_committee", other_committee)


def test_anonymous_has_no_roles() -> None:
    assert roles_for(AnonymousUser()).roles == frozenset()
    assert not AnonymousUser().has_perm("portal.view_dashboard")


def test_a_permission_ticked_in_the_admin_opens_nothing(db: None, outsider: User) -> None:
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="change_committee"))
    outsider = User.objects.get(pk=outsider.pk)
    assert not outsider.has_perm("portal.change_committee")


def test_administrator_keeps_the_organisation_in_the_admin(administrator: User) -> None:
    assert administrator.has_perm("portal.change_membership")
    assert administrator.has_module_perms("portal")


def test_get_committee_for_user_hides_committees_from_outsiders(
    outsider: User, committee: Committee, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="portal.security"), pytest.raises(Http404):
        get_committee_for_user(request_as(outsider), committee.slug, "portal.view_committee")
    assert "access refused user=utomstaende path=/x/ reason=not-visible" in caplog.text


def test_get_committee_for_user_refuses_a_missing_permission(viewer: User, committee: Committee) -> None:
    with pytest.raises(PermissionDenied) as refused:
        get_committee_for_user(request_as(viewer), committee.slug, "portal.change_membership")
    # The 403 handler logs the reason the exception carries (test_forbidden_page_... below).
    assert str(refused.value) == f"missing-permission perm=portal.change_membership committee={committee.slug}"


def test_get_committee_for_user_returns_the_committee(reporter: User, committee: Committee) -> None:
    found = get_committee_for_user(request_as(reporter), committee.slug, "portal.view_committee")
    assert found == committee
    with pytest.raises(Http404):
        get_committee_for_user(request_as(reporter), "finns-inte", "portal.view_committee")


def test_forbidden_page_says_what_to_do_and_is_logged(reporter: User, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = views.permission_denied(request_as(reporter, "/hemligt/"), PermissionDenied("not-administrator"))
    assert response.status_code == 403
    assert "Be en administratör om rätt roll" in response.content.decode()
    assert "access refused user=rapportor path=/hemligt/ reason=not-administrator" in caplog.text


def test_several_roles_at_once(committee: Committee) -> None:
    membership = MembershipFactory(committee=committee, role=Membership.Role.APPROVER)
    user = membership.user
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=Role.MANAGER))
    user = User.objects.get(pk=user.pk)
    role_set = roles_for(user)
    assert role_set.has(Role.MANAGER)
    assert role_set.in_committee(committee.pk, Membership.Role.APPROVER)
    assert not role_set.in_committee(committee.pk, Membership.Role.REPORTER)
