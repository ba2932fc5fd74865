"""A period with published follow-ups keeps its year, kind and dates: the published figures refer to them
(issue 21). Its label may still be corrected, and the public pages show the correction at once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from followups.models import FollowUp
from portal import publiccache
from portal.models import ReportingPeriod, User
from tests.factories import CommitteeFactory, ReportingPeriodFactory

MESSAGE = "Perioden har publicerade uppföljningar, så dess år, slag och datum kan inte ändras"


@pytest.fixture
def tertial(db: None) -> ReportingPeriod:
    """A custom period with one published follow-up (its label can be corrected)."""
    period = ReportingPeriodFactory(
        kind=ReportingPeriod.Kind.CUSTOM,
        label="Tertial 1",
        figures_date=datetime.date(2026, 4, 30),
        deadline=datetime.date(2026, 5, 20),
    )
    FollowUp.objects.create(
        period=period, committee=CommitteeFactory(), state=FollowUp.State.PUBLISHED, decision_reference="N 1 § 1"
    )
    return period


def form_data(period: ReportingPeriod, **changes: str) -> dict[str, str]:
    return {
        "year": str(period.year),
        "kind": period.kind,
        "label": period.label,
        "figures_date": period.figures_date.isoformat(),
        "deadline": period.deadline.isoformat(),
        "deviation_threshold_percent": "2",
    } | changes


def stored(period: ReportingPeriod) -> dict[str, object]:
    return ReportingPeriod.objects.values().get(pk=period.pk)


@pytest.mark.parametrize(
    "changes",
    [
        {"year": "2030"},
        {"kind": "annual", "label": ""},
        {"figures_date": "2026-06-30"},
        {"deadline": "2026-06-01"},
        {"year": "2030", "kind": "annual", "label": "", "figures_date": "2030-12-31", "deadline": "2031-02-01"},
    ],
)
def test_the_form_refuses_to_redate_a_period_with_published_followups(
    client: Client, strategist: User, tertial: ReportingPeriod, changes: dict[str, str]
) -> None:
    before = stored(tertial)
    client.force_login(strategist)
    url = reverse("followups:period_edit", args=[tertial.pk])
    assert "år, slag och datum kan inte längre ändras" in client.get(url).content.decode()
    response = client.post(url, form_data(tertial, **changes))
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert stored(tertial) == before


def test_the_label_may_be_corrected_and_the_public_pages_forget_the_old(
    client: Client, strategist: User, tertial: ReportingPeriod
) -> None:
    version = publiccache.version()
    client.force_login(strategist)
    response = client.post(
        reverse("followups:period_edit", args=[tertial.pk]), form_data(tertial, label="Tertial 1 (jan–apr)")
    )
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=tertial.pk).label == "Tertial 1 (jan–apr)"
    assert publiccache.version() != version


def test_the_model_refuses_too(tertial: ReportingPeriod) -> None:
    tertial.year = 2030
    with pytest.raises(ValidationError, match="år"):
        tertial.full_clean()


def test_a_period_without_published_followups_may_be_redated(client: Client, strategist: User) -> None:
    period = ReportingPeriodFactory()
    FollowUp.objects.create(period=period, committee=CommitteeFactory())  # a draft
    client.force_login(strategist)
    response = client.post(reverse("followups:period_edit", args=[period.pk]), form_data(period, year="2027"))
    assert response.status_code == 302, response.content.decode()
    assert ReportingPeriod.objects.get(pk=period.pk).year == 2027
