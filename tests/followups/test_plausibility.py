"""A value far from the last outcome (or the target) is questioned before it is saved: 824 typed for
82,4 is caught, and a value the reporter confirms is kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from followups.computations import implausible
from followups.models import FollowUp, IndicatorValue
from goals.models import Measurement
from portal.models import User
from tests.factories import MeasurementFactory, TargetFactory
from tests.followups.helpers import client_for


@pytest.mark.parametrize(
    ("value", "reference", "factor", "questioned"),
    [
        ("824", "82.4", "5", True),
        ("82.4", "824", "5", True),  # ten times too small
        ("85", "82.4", "5", False),
        ("400", "82.4", "5", False),  # within five times
        ("420", "82.4", "5", True),
        ("-5", "4", "5", False),  # a result may change sign; the size is what counts
        ("0", "82.4", "5", False),  # zero says nothing about the scale
        ("82.4", "0", "5", False),
        ("30", "2", "20", False),  # the indicator's own factor
    ],
)
def test_implausible(value: str, reference: str, factor: str, questioned: bool) -> None:
    assert implausible(Decimal(value), Decimal(reference), Decimal(factor)) is questioned


def _post(client, followup: FollowUp, value: str, **extra: str):
    values = list(followup.indicator_values.order_by("pk"))
    data = {f"iv{each.pk}-version": each.version for each in values} | {f"iv{values[0].pk}-value": value}
    data |= {f"iv{values[0].pk}-{key}": item for key, item in extra.items()}
    return client.post(reverse("followups:followup_save_indicators", args=[followup.pk]), data), values[0]


def test_a_value_ten_times_the_last_outcome_is_questioned_and_kept_when_confirmed(
    followup: FollowUp, reporter: User
) -> None:
    first = followup.indicator_values.order_by("pk").first()
    assert first is not None
    MeasurementFactory(indicator=first.indicator, year=2025, period=Measurement.Period.YEAR, value=Decimal("82.4"))
    client = client_for(reporter)

    response, value = _post(client, followup, "824")
    page = response.content.decode()
    assert response.status_code == 400
    assert "824,0 är mer än 5 gånger så stort eller litet som utfallet Helår 2025 (82,4)." in page
    assert f'name="iv{value.pk}-confirmed"' in page and "Värdet stämmer" in page
    assert IndicatorValue.objects.get(pk=value.pk).value is None  # nothing saved

    response, _ = _post(client, followup, "824", confirmed="on")
    assert response.status_code == 302
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal(824)


def test_without_an_earlier_outcome_the_target_is_the_yardstick(followup: FollowUp, reporter: User) -> None:
    first = followup.indicator_values.order_by("pk").first()
    assert first is not None
    TargetFactory(indicator=first.indicator, year=2026, value=Decimal(80))
    client = client_for(reporter)
    response, _ = _post(client, followup, "8,2")
    assert response.status_code == 400
    assert "som målvärdet (80" in response.content.decode()
    response, value = _post(client, followup, "82,4")
    assert response.status_code == 302
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("82.4")


def test_an_outcome_of_the_same_period_is_no_yardstick(followup: FollowUp, reporter: User) -> None:
    first = followup.indicator_values.order_by("pk").first()
    assert first is not None
    # Q1 2026 is the follow-up's own period: only what ended before its figures date counts.
    MeasurementFactory(indicator=first.indicator, year=2026, period=Measurement.Period.Q1, value=Decimal("8000"))
    response, _ = _post(client_for(reporter), followup, "82,4")
    assert response.status_code == 302
