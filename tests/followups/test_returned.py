"""A follow-up sent back shows why, to the reporter, on the editor, the read view and Min sida."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp
from portal.models import User
from tests.followups.helpers import client_for, take_step

COMMENT = "Analysen av målet om förskolan saknas."


@pytest.mark.usefixtures("filled_in")
def test_the_return_comment_reaches_the_reporter_everywhere(followup: FollowUp, reporter: User, approver: User) -> None:
    assert take_step(client_for(reporter), "submit", followup).status_code == 302
    assert take_step(client_for(approver), "return", followup, comment=COMMENT).status_code == 302
    client = client_for(reporter)
    for url in (
        reverse("followups:followup_edit", args=[followup.pk]),
        reverse("followups:followup_detail", args=[followup.pk]),
        reverse("portal:dashboard"),
    ):
        page = client.get(url).content.decode()
        assert COMMENT in page, url
    editor = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert "Skickad tillbaka av" in editor


@pytest.mark.usefixtures("filled_in")
def test_once_submitted_again_the_old_comment_is_gone(followup: FollowUp, reporter: User, approver: User) -> None:
    take_step(client_for(reporter), "submit", followup)
    take_step(client_for(approver), "return", followup, comment=COMMENT)
    assert take_step(client_for(reporter), "submit", followup).status_code == 302
    page = client_for(approver).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "Skickad tillbaka av" not in page
    assert COMMENT in page  # still on the timeline, where every step stays
