"""The law's calendar at work: a report date's follow-up period opened on its day, reminders before the law's
deadlines to the strategists; each once, however often the daily task runs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from followups.models import FollowUp
from portal.models import ReportingPeriod, Role, User
from reporting import calendar_tasks
from reporting.models import CalendarEvent, ReportDate
from tests.factories import ReportingPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

AUGUST_31 = datetime.date(2026, 8, 31)


def test_the_interim_reports_period_opens_on_its_day_and_only_once(interim: ReportDate) -> None:
    assert calendar_tasks.open_due_periods(today=AUGUST_31 - datetime.timedelta(days=1)) == 0
    assert not ReportingPeriod.objects.exists()

    assert calendar_tasks.open_due_periods(today=AUGUST_31) == 1
    period = ReportingPeriod.objects.get()
    assert (period.kind, period.label, period.figures_date, period.is_open) == (
        "custom",
        "Delår per 31 augusti",
        AUGUST_31,
        True,
    )
    assert period.deadline == AUGUST_31 + datetime.timedelta(days=settings.REPORTING_FOLLOWUP_DAYS)
    assert FollowUp.objects.filter(period=period).count() == 1  # the committee with an operating budget

    # A strategist closes it again: the next days' runs leave it closed.
    ReportingPeriod.objects.filter(pk=period.pk).update(is_open=False)
    assert calendar_tasks.open_due_periods(today=AUGUST_31 + datetime.timedelta(days=1)) == 0
    assert calendar_tasks.open_due_periods(today=AUGUST_31 + datetime.timedelta(days=2)) == 0
    assert not ReportingPeriod.objects.get().is_open
    assert CalendarEvent.objects.filter(key="open:2026-interim").count() == 1


def test_an_existing_period_with_the_reports_figures_date_is_the_one_opened(interim: ReportDate) -> None:
    period = ReportingPeriodFactory(year=2026, kind="Q2", figures_date=AUGUST_31, deadline=datetime.date(2026, 9, 15))
    assert calendar_tasks.open_due_periods(today=datetime.date(2026, 9, 3)) == 1
    period.refresh_from_db()
    assert period.is_open and ReportingPeriod.objects.count() == 1


@pytest.fixture
def strategists(db: None) -> list[User]:
    return [
        UserFactory(username="strateg1", email="anna@example.se", roles=[Role.STRATEGIST]),
        UserFactory(username="strateg2", email="bo@example.se", roles=[Role.STRATEGIST]),
        UserFactory(username="utan-adress", email="", roles=[Role.STRATEGIST]),
        UserFactory(username="las", email="ledamot@example.se", roles=[Role.VIEWER]),
    ]


def test_the_strategists_are_reminded_once_before_the_interim_reports_deadline(
    strategists: list[User], mailoutbox: list[Any]
) -> None:
    """The delårsrapport per 31 August 2026 is due by 31 October; 14 days before it, each strategist is told."""
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 16)) == 0  # 15 days before
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 17)) == 1
    assert sorted(message.to[0] for message in mailoutbox) == ["anna@example.se", "bo@example.se"]
    message = mailoutbox[0]
    assert "Delårsrapport per 31 augusti 2026" in message.subject and "31 oktober 2026" in message.subject
    assert "/rapportering/kalender/?ar=2026" in message.body
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 18)) == 0
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 31)) == 0
    assert len(mailoutbox) == 2


def test_a_deadline_already_met_is_not_reminded_of(strategists: list[User], mailoutbox: list[Any]) -> None:
    ReportDate.objects.create(year=2025, kind="annual", submitted_on=datetime.date(2026, 3, 30))
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 4, 10)) == 0
    assert not mailoutbox
    # The budget for 2027 is due 30 November 2026: not adopted, so reminded.
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 11, 20)) == 1
    assert "Budget 2027" in mailoutbox[0].subject


def test_a_reminder_that_could_not_be_sent_is_tried_again(
    strategists: list[User], mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", down)
        assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 20)) == 0
    assert not CalendarEvent.objects.exists()
    assert calendar_tasks.send_deadline_reminders(today=datetime.date(2026, 10, 21)) == 1
    assert len(mail.outbox) == 2


def test_the_task_runs_daily_from_the_beat_schedule(interim: ReportDate, strategists: list[User]) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reporting.run_calendar" in tasks
    assert calendar_tasks.run_calendar(today=datetime.date(2026, 10, 20)) == {"opened": 1, "reminded": 1}
    assert calendar_tasks.run_calendar(today=datetime.date(2026, 10, 20)) == {"opened": 0, "reminded": 0}


def test_a_finished_period_or_a_report_past_its_deadline_is_not_reopened(interim: ReportDate) -> None:
    """The calendar started late: last year's annual report is past 15 April, and the interim report's own
    period was handed in by 15 September and closed."""
    ReportDate.objects.create(year=2025, kind="annual")
    done = ReportingPeriodFactory(year=2026, kind="Q2", figures_date=AUGUST_31, deadline=datetime.date(2026, 9, 15))
    assert calendar_tasks.open_due_periods(today=datetime.date(2026, 9, 20)) == 0
    done.refresh_from_db()
    assert not done.is_open and ReportingPeriod.objects.count() == 1 and not CalendarEvent.objects.exists()
