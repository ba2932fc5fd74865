"""Report snapshots: compiling, recompiling a draft, publishing, the task run twice, failures, the command."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError

from fulfillment import services, tasks
from fulfillment.judging import MajorityCounting
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Indicator
from portal.models import User
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db: None) -> None:
    call_command("load_example", stdout=io.StringIO())


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The report ids handed to Celery, instead of a broker."""
    ids: list[int] = []
    monkeypatch.setattr(tasks.compile_fulfillment, "delay", ids.append)
    return ids


def compiled(year: int = 2026, actor: User | None = None) -> FulfillmentReport:
    report = services.fulfillment_compile_start(year=year, as_of=None, actor=actor, queue=False)
    assert services.fulfillment_compile(report_id=report.pk)
    return FulfillmentReport.objects.get(pk=report.pk)


def visible_rows(report: FulfillmentReport) -> list[ReportRow]:
    return list(ReportRow.objects.filter(report=report, generation=report.generation))


def test_a_compiled_report_holds_the_verdict_rows_and_digest(seed: None, strategist: User) -> None:
    report = compiled(actor=strategist)

    assert (report.state, report.progress, report.version) == ("draft", "done", 1)
    assert report.verdict_met is None
    assert report.verdict_text.startswith("God ekonomisk hushållning kan inte avgöras ännu")
    assert len(report.inputs_digest) == 64
    rows = visible_rows(report)
    assert report.progress_done == report.progress_total == len(rows) == ReportRow.objects.count()
    kinds = [row.kind for row in rows]
    assert kinds.count("focus_area") == 5 and kinds.count("goal") == 13 and kinds.count("indicator") == 13
    result_goal = next(row for row in rows if row.title.startswith("Årets resultat ska"))
    assert (result_goal.status, result_goal.basis) == ("fulfilled", "budget")
    assert report.created_by == strategist


def test_compiling_the_same_inputs_again_gives_the_same_digest(seed: None) -> None:
    first = compiled()
    again = compiled()
    assert again.pk == first.pk and again.inputs_digest == first.inputs_digest

    indicator = Indicator.objects.get(external_id="U11901")
    MeasurementFactory(indicator=indicator, value=Decimal(85), reference_value=Decimal(80))
    assert compiled().inputs_digest != first.inputs_digest


def test_a_recompile_replaces_the_draft(seed: None) -> None:
    first = compiled()
    indicator = Indicator.objects.get(external_id="U11901")
    MeasurementFactory(indicator=indicator, value=Decimal(85), reference_value=Decimal(80))

    second = compiled()

    assert (second.pk, second.version) == (first.pk, 1)
    assert second.generation != first.generation
    assert ReportRow.objects.filter(report=second).exclude(generation=second.generation).count() == 0
    preschool = next(row for row in visible_rows(second) if row.title.startswith("Effektivitetsindex för förskola"))
    assert preschool.status == "fulfilled"


def test_a_published_report_never_changes(seed: None, strategist: User) -> None:
    report = compiled()
    published = services.fulfillment_publish(report=report, actor=strategist, confirmed=True)
    rows_before = list(ReportRow.objects.filter(report=report).values_list("pk", "status"))

    assert published.state == "published" and published.published_by == strategist
    assert not services.fulfillment_compile(report_id=report.pk)
    with pytest.raises(services.Refused):
        services.fulfillment_publish(report=published, actor=strategist, confirmed=True)
    MeasurementFactory(
        indicator=Indicator.objects.get(external_id="U11901"), value=Decimal(85), reference_value=Decimal(80)
    )
    next_version = compiled()

    assert (next_version.pk != report.pk, next_version.version) == (True, 2)
    assert list(ReportRow.objects.filter(report=report).values_list("pk", "status")) == rows_before
    assert FulfillmentReport.objects.get(pk=report.pk).inputs_digest == published.inputs_digest


def test_only_one_draft_per_year(seed: None) -> None:
    compiled()
    with pytest.raises(IntegrityError):
        FulfillmentReport.objects.create(year=2026, version=7)


def test_a_report_that_is_not_done_cannot_be_published(seed: None, strategist: User) -> None:
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=strategist, queue=False)
    with pytest.raises(services.Refused, match="inte klar"):
        services.fulfillment_publish(report=report, actor=strategist, confirmed=True)


def test_start_queues_the_task_after_commit(
    seed: None, strategist: User, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.fulfillment_compile_start(
            year=2026, as_of=None, actor=strategist, counting=MajorityCounting.COMBINED
        )
    assert queued == [report.pk]
    assert (report.progress, report.counting) == ("queued", "combined")


def test_the_task_run_twice_gives_one_snapshot(seed: None, queued: list[int]) -> None:
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None)

    assert tasks.compile_fulfillment(report.pk) is True
    assert tasks.compile_fulfillment(report.pk) is False  # done: nothing to claim

    report.refresh_from_db()
    assert FulfillmentReport.objects.count() == 1
    assert ReportRow.objects.count() == report.progress_total == len(visible_rows(report))


def test_a_running_compilation_is_taken_over_only_once_stale(seed: None, settings) -> None:
    settings.FULFILLMENT_STALE_SECONDS = 600
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 12, 0, tzinfo=datetime.UTC)):
        FulfillmentReport.objects.filter(pk=report.pk).update(
            progress="running", heartbeat_at=datetime.datetime.now(tz=datetime.UTC), attempts=1
        )
        # Half of a dead run's rows, never shown.
        ReportRow.objects.create(
            report=report, generation=1, kind="goal", position=1, subject_id=1, title="x", status="fulfilled"
        )
        assert not services.fulfillment_compile(report_id=report.pk)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 12, 11, tzinfo=datetime.UTC)):
        assert services.fulfillment_compile(report_id=report.pk)

    report.refresh_from_db()
    assert (report.progress, report.attempts, report.generation) == ("done", 2, 2)
    assert not ReportRow.objects.filter(report=report, generation=1).exists()


def test_a_failure_is_recorded_and_shows_nothing_half_done(seed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    report = compiled()

    def broken(**kwargs: object) -> None:
        raise RuntimeError("budgetdokumentet kunde inte läsas")

    monkeypatch.setattr(services, "compute_year", broken)
    services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    assert not services.fulfillment_compile(report_id=report.pk)

    failed = FulfillmentReport.objects.get(pk=report.pk)
    assert failed.progress == "failed"
    assert failed.error == "RuntimeError: budgetdokumentet kunde inte läsas"
    assert failed.generation == report.generation  # the last complete rows stay shown
    assert len(visible_rows(failed)) == report.progress_total


def test_the_nightly_run_queues_drafts_but_not_published_reports(
    seed: None, strategist: User, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    published = compiled()
    services.fulfillment_publish(report=published, actor=strategist, confirmed=True)
    draft = compiled()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recompile_fulfillment_drafts() == 1
    assert queued == [draft.pk]


def test_the_command_compiles_and_publishes(seed: None) -> None:
    out = io.StringIO()
    call_command("compile_fulfillment", "--year", "2026", "--publish", "--publish-anyway", stdout=out)

    report = FulfillmentReport.objects.get()
    assert report.state == "published"
    assert "kan inte avgöras ännu" in out.getvalue()
    assert report.inputs_digest in out.getvalue()


def test_the_command_dry_run_saves_nothing(seed: None) -> None:
    out = io.StringIO()
    call_command("compile_fulfillment", "--year", "2026", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not FulfillmentReport.objects.exists()
