"""Mina uppföljningar on Min sida: what waits for the user's next step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp
from followups.services import followup_approve, followup_submit
from portal.models import User
from tests.followups.helpers import client_for

# These tests are about the steps: each follow-up is filled in first, as a reporter would before submitting.
pytestmark = pytest.mark.usefixtures("filled_in")

DASHBOARD = reverse("portal:dashboard")


def test_each_role_sees_what_waits_for_it(followup: FollowUp, reporter: User, approver: User, strategist: User) -> None:
    edit = reverse("followups:followup_edit", args=[followup.pk])
    detail = reverse("followups:followup_detail", args=[followup.pk])
    page = client_for(reporter).get(DASHBOARD).content.decode()
    assert "Mina uppföljningar" in page and f'<a href="{edit}">Fyll i och lämna in</a>' in page
    assert "Inga uppföljningar väntar på dig." in client_for(approver).get(DASHBOARD).content.decode()

    followup_submit(followup=followup, actor=reporter)
    assert (
        f'<a href="{detail}">Godkänn eller skicka tillbaka</a>' in client_for(approver).get(DASHBOARD).content.decode()
    )
    assert "Inga uppföljningar väntar på dig." in client_for(reporter).get(DASHBOARD).content.decode()
    assert "Inga uppföljningar väntar på dig." in client_for(strategist).get(DASHBOARD).content.decode()

    followup_approve(followup=followup, actor=approver, decision_reference="BUN 2026-04-22 § 45")
    page = client_for(strategist).get(DASHBOARD).content.decode()
    assert f'<a href="{detail}">Acceptera eller skicka tillbaka</a>' in page
    assert "Alla uppföljningsperioder" in page


def test_roles_that_never_wait_see_no_panel(followup: FollowUp, hr_editor: User, outsider: User) -> None:
    for user in (hr_editor, outsider):
        assert "Mina uppföljningar" not in client_for(user).get(DASHBOARD).content.decode()


def test_other_committees_follow_ups_do_not_show(followup: FollowUp, other_reporter: User) -> None:
    assert "Barn- och ungdomsnämnden" not in client_for(other_reporter).get(DASHBOARD).content.decode()


def test_a_handled_follow_up_stays_in_sight_on_min_sida(followup: FollowUp, reporter: User) -> None:
    followup_submit(followup=followup, actor=reporter)
    page = client_for(reporter).get(DASHBOARD).content.decode()
    detail = reverse("followups:followup_detail", args=[followup.pk])
    assert "Mina nämnders uppföljningar" in page
    assert f'<a href="{detail}">Barn- och ungdomsnämnden' in page and ": inlämnad" in page


def test_an_elected_member_sees_what_is_up_for_decision_with_its_pdf(
    followup: FollowUp, reporter: User, viewer: User
) -> None:
    assert "Inga uppföljningar väntar på nämndernas beslut." in client_for(viewer).get(DASHBOARD).content.decode()
    followup_submit(followup=followup, actor=reporter)
    page = client_for(viewer).get(DASHBOARD).content.decode()
    assert "Att besluta om" in page
    assert reverse("followups:followup_pdf", args=[followup.pk]) in page
    assert "Att besluta om" not in client_for(reporter).get(DASHBOARD).content.decode()  # elected members only
