"""Administrators keep the goals in the admin; a measurement's history shows every value and who set it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Measurement
from portal.models import User
from tests.factories import MeasurementFactory


@pytest.fixture
def measurement(db: None) -> Measurement:
    return MeasurementFactory(value=Decimal("61"), reference_value=Decimal("55"), source="Kolada U11901")


def test_a_measurement_edited_in_the_admin_keeps_its_history(
    client: Client, administrator: User, measurement: Measurement
) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("admin:goals_measurement_change", args=[measurement.pk]),
        {
            "indicator": measurement.indicator_id,
            "year": 2026,
            "period": "year",
            "basis": "outcome",
            "value": "63",
            "reference_value": "55",
            "source": "Kolada U11901, rättat",
            "recorded_at_0": "2026-03-01",
            "recorded_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()
    measurement.refresh_from_db()
    assert measurement.value == Decimal("63")
    assert measurement.recorded_by == administrator
    latest = measurement.history.latest()  # type: ignore[attr-defined]
    assert latest.history_user == administrator  # set by simple_history's request middleware

    page = client.get(reverse("admin:goals_measurement_history", args=[measurement.pk])).content.decode()
    assert "61,0000" in page or "61.0000" in page
    assert "63,0000" in page or "63.0000" in page
    assert "Kolada U11901, rättat" in page


@pytest.mark.parametrize("persona", ["strategist", "viewer", "reporter"])
def test_only_administrators_reach_the_goal_admin(
    request: pytest.FixtureRequest, client: Client, measurement: Measurement, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:goals_measurement_history", args=[measurement.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
