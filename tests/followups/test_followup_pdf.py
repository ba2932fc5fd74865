"""An elected member downloads one follow-up as PDF, with its decisions and history, to read or print."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from followups import views
from followups.models import FollowUp, Transition
from portal.models import User
from portal.pdf import html_to_pdf
from tests.followups.helpers import client_for, take_step


@pytest.mark.usefixtures("filled_in")
def test_an_elected_member_downloads_the_approved_follow_up_with_its_decision(
    followup: FollowUp, reporter: User, approver: User, viewer: User
) -> None:
    take_step(client_for(reporter), "submit", followup)
    take_step(client_for(approver), "approve", followup, decision_reference="BUN 2026-04-22 § 45")
    pages: list[str] = []

    def keep(html: str, **kwargs: Any) -> bytes:
        pages.append(html)
        return html_to_pdf(html, **kwargs)

    with mock.patch.object(views, "html_to_pdf", side_effect=keep):
        response = client_for(viewer).get(reverse("followups:followup_pdf", args=[followup.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="uppfoljning-bun-2026-{followup.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    (html,) = pages
    assert "Uppföljning för Barn- och ungdomsnämnden" in html
    assert "BUN 2026-04-22 § 45" in html  # the decision, in the facts and in the history
    approve = Transition.Action.APPROVE.label
    states = FollowUp.State
    assert f"{approve}: {states.SUBMITTED.label} → {states.APPROVED.label}" in html  # the history's steps
    assert "Händelser i uppföljningen" in html
    assert "<nav" not in html  # the follow-up alone, without the portal around it


def test_the_read_view_links_to_the_pdf(followup: FollowUp, viewer: User) -> None:
    page = client_for(viewer).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert reverse("followups:followup_pdf", args=[followup.pk]) in page
