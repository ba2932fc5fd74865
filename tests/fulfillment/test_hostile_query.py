"""Years and goals in the query string that are not ones (a "²", year 0 or 10000, twenty digits) fall back to
the default with a note where the page has one; never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fulfillment import services
from portal.models import Committee, User

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "0", "10000", "9" * 20, "٢٠٢٦"]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", HOSTILE)
def test_the_cascade_says_the_year_is_not_one_and_shows_this_year(strategist: User, value: str) -> None:
    response = signed_in(strategist).get(reverse("fulfillment:cascade"), {"ar": value})
    assert response.status_code == 200
    assert f"är inte ett år. Visar {timezone.localdate().year}." in response.content.decode()


@pytest.mark.parametrize("value", HOSTILE)
def test_the_gaps_show_this_year(strategist: User, value: str) -> None:
    response = signed_in(strategist).get(reverse("fulfillment:cascade_gaps"), {"ar": value})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize(("name", "value"), [("ar", value) for value in HOSTILE] + [("sida", "²")])
def test_a_committee_page_shows_this_year_and_its_first_page(
    strategist: User, committee: Committee, name: str, value: str
) -> None:
    response = signed_in(strategist).get(reverse("fulfillment:cascade_committee", args=[committee.slug]), {name: value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "9" * 20])
def test_a_report_with_a_goal_that_is_not_one_is_not_found(strategist: User, value: str) -> None:
    call_command("load_example", stdout=io.StringIO())
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=report.pk)
    response = signed_in(strategist).get(reverse("fulfillment:report_detail", args=[report.pk]), {"mal": value})
    assert response.status_code == 404
