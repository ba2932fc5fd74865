"""A page number that is not one (a "²", twenty digits) shows the first page; a save still answers with what
was stored."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp
from portal.models import User
from tests.followups.helpers import client_for

HOSTILE_PAGES = ["²", "9" * 20, "0", "-1"]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_the_editor_shows_the_first_page(followup: FollowUp, reporter: User, page: str) -> None:
    response = client_for(reporter).get(reverse("followups:followup_edit", args=[followup.pk]), {"sida": page})
    assert response.status_code == 200


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_a_section_save_stores_the_text_and_returns_to_the_first_page(
    followup: FollowUp, reporter: User, page: str
) -> None:
    assessment = followup.assessments.order_by("pk").first()
    prefix = f"a{assessment.pk}"
    url = reverse("followups:followup_save_assessment", args=[followup.pk, assessment.pk]) + f"?sida={page}"
    data = {
        f"{prefix}-version": assessment.version,
        f"{prefix}-status": "partly",
        f"{prefix}-forecast_status": "",
        f"{prefix}-analysis": "Sparad trots sidnumret.",
        f"{prefix}-measures": "",
    }
    response = client_for(reporter).post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("followups:followup_edit", args=[followup.pk]) + "?sida=1#")
    assessment.refresh_from_db()
    assert assessment.analysis == "Sparad trots sidnumret."
