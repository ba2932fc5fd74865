"""A period's label is one line and its year one the portal knows; anything else is refused and explained."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import ReportingPeriod, User

PERIOD = {
    "year": 2026,
    "kind": "custom",
    "label": "Tertial 1",
    "figures_date": "2026-04-30",
    "deadline": "2026-05-20",
    "deviation_threshold_percent": "1.5",
}


@pytest.mark.parametrize("label", ["Tertial\r\n1", "Tertial\n1", "Tertial\x1b1"])
def test_a_label_with_a_line_break_or_control_character_is_refused(
    client: Client, strategist: User, label: str
) -> None:
    client.force_login(strategist)
    response = client.post(reverse("followups:period_create"), PERIOD | {"label": label})
    assert response.status_code == 400
    assert "Skriv benämningen på en rad, utan radbrytningar eller andra styrtecken." in response.content.decode()
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize("year", ["1999", "2101", "0", "20266", "9" * 20])
def test_a_year_out_of_range_is_refused(client: Client, strategist: User, year: str) -> None:
    client.force_login(strategist)
    response = client.post(reverse("followups:period_create"), PERIOD | {"year": year})
    assert response.status_code == 400
    assert not ReportingPeriod.objects.exists()


def test_the_year_message_names_the_range(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    response = client.post(reverse("followups:period_create"), PERIOD | {"year": "1999"})
    assert "Ange ett år mellan 2000 och 2100." in response.content.decode()
