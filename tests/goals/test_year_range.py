"""Years of goals, targets and measurements are 2000–2100 (issue 21): a typo such as 0, 226 or 20266 is
refused with a sentence in the admin and by the API, and nothing is stored."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from goals.models import Measurement
from portal.models import User
from tests.factories import GoalFactory, IndicatorFactory, MeasurementFactory, TargetFactory, VisionFactory, api_token

MESSAGE = "Ange ett år mellan 2000 och 2100."


@pytest.mark.parametrize("year", [0, 1999, 2101, 32767])
@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (VisionFactory, "horizon_year"),
        (GoalFactory, "first_year"),
        (GoalFactory, "last_year"),
        (TargetFactory, "year"),
        (MeasurementFactory, "year"),
    ],
)
def test_every_year_field_refuses_out_of_range(db: None, factory, field: str, year: int) -> None:
    obj = factory.build() if factory is not GoalFactory else factory()
    setattr(obj, field, year)
    with pytest.raises(ValidationError) as raised:
        obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.name != field])
    assert raised.value.message_dict[field] == [MESSAGE]


def test_the_admin_shows_the_error_and_stores_nothing(client: Client, administrator: User) -> None:
    indicator = IndicatorFactory()
    client.force_login(administrator)
    response = client.post(
        reverse("admin:goals_measurement_add"),
        {
            "indicator": indicator.pk,
            "year": "20266",
            "period": "year",
            "basis": "outcome",
            "value": "60",
            "reference_value": "",
            "source": "",
            "recorded_at_0": "2026-03-01",
            "recorded_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert MESSAGE in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("year", [0, 1999, 2101, 10**20])
def test_the_api_refuses_with_400(client: Client, db: None, year: int) -> None:
    indicator = IndicatorFactory()
    _token, raw = api_token()
    response = client.post(
        "/api/v1/measurements/",
        data=json.dumps({"items": [{"indicator": indicator.pk, "year": year, "value": 1, "external_id": "x"}]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "year"
    assert response.json()["errors"][0]["message"] == MESSAGE
    assert not Measurement.objects.exists()


def test_a_year_in_range_is_kept(db: None) -> None:
    for obj in (VisionFactory.build(horizon_year=2040), TargetFactory.build(year=2100)):
        obj.clean_fields(exclude=["indicator"])
