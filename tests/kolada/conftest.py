"""Kolada tests: no request leaves the machine, and two bindings like the example's."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
import time_machine

from goals.models import Target
from kolada.models import KoladaBinding
from tests.factories import KoladaBindingFactory, TargetFactory


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default transport refuses: a test that forgets to inject the fake fails instead of calling Kolada."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a test tried to reach the network (Kolada): inject tests.kolada.fake.FakeTransport")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture(autouse=True)
def _kolada_settings(settings: Any) -> None:
    settings.KOLADA_MUNICIPALITY_ID = "1489"
    settings.KOLADA_YEARS = 3
    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3/"  # the recorded answers' addresses


@pytest.fixture
def on_fetch_day() -> Any:
    """27 November 2026: the last three years are 2023, 2024 and 2025."""
    with time_machine.travel("2026-11-27 03:30 +01:00", tick=False):
        yield


def _bind(kpi_id: str, name: str, order: int, **extra: Any) -> KoladaBinding:
    binding = KoladaBindingFactory(kpi_id=kpi_id, indicator__name=name, indicator__goal__sort_order=order, **extra)
    TargetFactory(indicator=binding.indicator, year=2024, comparator=Target.Comparator.ABOVE_REFERENCE, value=None)
    return binding


@pytest.fixture
def preschool(db: None) -> KoladaBinding:
    """U11901, compared with the average of all municipalities."""
    return _bind("U11901", "Effektivitetsindex för förskola", 1)


@pytest.fixture
def school(preschool: KoladaBinding) -> KoladaBinding:
    """U15900, compared with a group of similar municipalities; sorted after ``preschool``."""
    return _bind(
        "U15900",
        "Effektivitetsindex för kommunal grundskola",
        2,
        comparison=KoladaBinding.Comparison.GROUP,
        group_title="Liknande kommuner grundskola, Alingsås, 2024 (ovägt medel)",
    )
