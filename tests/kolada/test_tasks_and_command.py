"""The Celery tasks (thin, and safe to run twice), the command, and the example data."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from goals.models import Measurement
from kolada import collecting, tasks
from kolada.models import FetchRun, KoladaBinding
from tests.kolada.fake import RESPONSES, FakeTransport, client_for, standard_routes

pytestmark = pytest.mark.usefixtures("on_fetch_day")


@pytest.fixture
def fake_api() -> Any:
    """Every ApiSource made during the test answers from the recorded responses."""
    transport = FakeTransport(standard_routes())
    with mock.patch.object(collecting, "KoladaClient", lambda: client_for(transport)):
        yield transport


def test_the_fetch_task_runs_a_queued_run_once(preschool: KoladaBinding, school: KoladaBinding, fake_api: Any) -> None:
    run = FetchRun.objects.create(trigger=FetchRun.Trigger.MANUAL)
    assert tasks.fetch(run.pk) == FetchRun.State.WARNINGS  # 2025 is partly missing in the recorded answer
    assert tasks.fetch(run.pk) == "skipped"  # delivered twice: the second finds it claimed
    assert Measurement.objects.count() == 5


def test_the_nightly_task(preschool: KoladaBinding, school: KoladaBinding, fake_api: Any) -> None:
    assert tasks.fetch_nightly() == FetchRun.State.WARNINGS
    assert FetchRun.objects.get().trigger == FetchRun.Trigger.NIGHTLY


def test_the_nightly_task_waits_for_a_running_fetch(preschool: KoladaBinding, fake_api: Any) -> None:
    FetchRun.objects.create(trigger=FetchRun.Trigger.MANUAL)
    assert tasks.fetch_nightly() == "skipped"
    assert fake_api.calls == []


def test_the_nightly_task_does_nothing_without_bindings(db: None, fake_api: Any) -> None:
    assert tasks.fetch_nightly() == "no-bindings"
    assert not FetchRun.objects.exists()


def test_command_fetches(preschool: KoladaBinding, school: KoladaBinding, fake_api: Any) -> None:
    out = StringIO()
    call_command("kolada_fetch", "--years", "3", stdout=out)
    assert "5 nya, 0 ändrade" in out.getvalue()
    assert FetchRun.objects.get().trigger == FetchRun.Trigger.COMMAND


def test_command_dry_run_saves_nothing(preschool: KoladaBinding, school: KoladaBinding, fake_api: Any) -> None:
    out = StringIO()
    call_command("kolada_fetch", "--dry-run", stdout=out)
    assert "5 nya" in out.getvalue() and "Dry run: nothing was saved." in out.getvalue()
    assert not Measurement.objects.exists() and not FetchRun.objects.exists()


def test_command_reads_a_saved_file(preschool: KoladaBinding, school: KoladaBinding) -> None:
    out = StringIO()
    call_command("kolada_fetch", "--from-file", str(RESPONSES / "saved_bundle.json"), stdout=out)
    assert Measurement.objects.get(indicator=preschool.indicator, year=2023).value == Decimal("60")
    run = FetchRun.objects.get()
    assert (run.trigger, run.file_name) == (FetchRun.Trigger.FILE, "saved_bundle.json")


def test_command_reports_a_bad_file(preschool: KoladaBinding) -> None:
    with pytest.raises(CommandError, match="inte giltig JSON"):
        call_command("kolada_fetch", "--from-file", str(RESPONSES / "malformed.json"))


def test_the_example_binds_the_six_efficiency_indices_without_asking_kolada(db: None) -> None:
    from goals import example as goals_example
    from kolada import example
    from portal import example as portal_example

    portal_example.load()
    goals_example.load()
    report = example.load()
    assert report.created == 6
    bindings = KoladaBinding.objects.select_related("indicator")
    assert sorted(b.kpi_id for b in bindings) == ["U11901", "U15900", "U17900", "U20900", "U28900", "U31904"]
    assert {b.comparison for b in bindings} == {KoladaBinding.Comparison.AVERAGE}
    assert all(b.indicator.external_id == b.kpi_id for b in bindings)
    again = example.load()
    assert (again.created, again.changed) == (0, 0)
    assert not FetchRun.objects.exists()
