"""Emails about follow-ups: to the people who act next, only after the commit, once even when the broker
was down; reminders before a deadline and an overdue notice after it."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from followups import notifications, tasks
from followups.models import FollowUp, Notification
from followups.services import followup_approve, followup_submit
from portal.models import User
from tests.followups.helpers import client_for, take_step

# These tests are about the steps: each follow-up is filled in first, as a reporter would before submitting.
pytestmark = pytest.mark.usefixtures("mailboxes", "filled_in")
STOCKHOLM = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture
def worker_in_process() -> object:
    """Queued tasks run at once in this process, as a worker would run them: for tests about what is sent."""
    with mock.patch.object(tasks.send_notification, "delay", side_effect=tasks.send_notification) as delay:
        yield delay


@pytest.mark.usefixtures("worker_in_process")
def test_each_step_emails_the_people_who_act_next(
    followup: FollowUp, reporter: User, approver: User, strategist: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        take_step(client_for(reporter), "submit", followup)
    assert [m.to for m in mail.outbox] == [["godkannare@kommun.example"]]
    assert "har lämnat in uppföljningen Kvartal 1 2026" in mail.outbox[0].subject
    assert f"/mal/uppfoljningar/{followup.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        take_step(client_for(approver), "approve", followup)
    assert mail.outbox[-1].to == ["strateg@kommun.example"]
    assert "BUN 2026-04-22 § 45" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        take_step(client_for(strategist), "return", followup, comment="Analysen saknas.")
    assert mail.outbox[-1].to == ["rapportor@kommun.example"]
    assert "Analysen saknas." in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        take_step(client_for(reporter), "submit", followup)
        take_step(client_for(approver), "approve", followup)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take_step(client_for(strategist), "accept", followup)
    assert sorted(m.to[0] for m in mail.outbox) == ["godkannare@kommun.example", "rapportor@kommun.example"]
    assert Notification.objects.filter(sent_at=None).count() == 0


@pytest.mark.usefixtures("worker_in_process")
def test_no_email_leaves_when_the_transaction_rolls_back(
    followup: FollowUp, reporter: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                followup_submit(followup=followup, actor=reporter)
                raise RuntimeError("something later in the same transaction fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert FollowUp.objects.get(pk=followup.pk).state == "draft"
    assert tasks.send_pending_notifications() == 0
    assert mail.outbox == []


def test_the_email_is_queued_only_after_the_commit(
    followup: FollowUp, reporter: User, django_capture_on_commit_callbacks
) -> None:
    with mock.patch.object(tasks.send_notification, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            followup_submit(followup=followup, actor=reporter)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(Notification.objects.get().pk)


def test_with_the_broker_down_the_submit_succeeds_and_the_email_goes_out_once_later(
    followup: FollowUp, reporter: User, django_capture_on_commit_callbacks
) -> None:
    refused = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    with (
        mock.patch.object(tasks.send_notification, "delay", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = take_step(client_for(reporter), "submit", followup)
    assert response.status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == "submitted"
    assert mail.outbox == []
    assert Notification.objects.get().sent_at is None

    # The broker is back: the beat task sends what is unsent, once.
    assert tasks.send_pending_notifications() == 1
    assert tasks.send_pending_notifications() == 0
    notification = Notification.objects.get()
    assert tasks.send_notification(notification.pk) is False  # a late task from the queue sends nothing
    assert len(mail.outbox) == 1
    assert notification.sent_at is not None


def test_a_claimed_notification_is_not_sent_by_anyone_else(followup: FollowUp, reporter: User) -> None:
    followup_submit(followup=followup, actor=reporter)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(claimed_at=notification.created_at)  # another worker has it
    assert notifications.send(notification.pk) is False
    assert tasks.send_pending_notifications() == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_later(followup: FollowUp, reporter: User) -> None:
    followup_submit(followup=followup, actor=reporter)
    with mock.patch("followups.notifications.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        assert tasks.send_pending_notifications() == 0
    failed = Notification.objects.get()
    assert (failed.sent_at, failed.claimed_at, failed.attempts) == (None, None, 1)
    assert "smtp down" in failed.last_error
    assert tasks.send_pending_notifications() == 1
    assert len(mail.outbox) == 1


def test_the_actor_is_not_told_about_their_own_step(followup: FollowUp, reporter: User, approver: User) -> None:
    # An approver who is also the reporter submits: the other approvers are told, not the submitter.
    from portal.models import Membership

    Membership.objects.create(user=approver, committee=followup.committee, role=Membership.Role.REPORTER)
    approver = User.objects.get(pk=approver.pk)
    followup_submit(followup=followup, actor=approver)
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 4, 18), []),  # six days before the deadline of 24 April: too early
        (datetime.date(2026, 4, 19), [("reminder", "rapportor")]),  # five days before
        (datetime.date(2026, 4, 24), [("reminder", "rapportor")]),  # the deadline itself
        (datetime.date(2026, 4, 25), [("overdue", "godkannare"), ("overdue", "rapportor")]),  # the day after
    ],
)
def test_reminders_before_the_deadline_and_an_overdue_notice_after_it(
    followup: FollowUp, day: datetime.date, expected: list[tuple[str, str]]
) -> None:
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=STOCKHOLM), tick=False):
        tasks.send_deadline_notices()
        tasks.send_deadline_notices()  # the beat may run twice: nobody is told twice
    sent = sorted(Notification.objects.values_list("kind", "recipient__username"))
    assert sent == expected
    assert len(mail.outbox) == len(expected)
    for message in mail.outbox:
        assert "24 april 2026" in message.body


def test_the_deadline_is_judged_in_stockholm_time(followup: FollowUp) -> None:
    # 23:30 UTC on 24 April is 01:30 on 25 April in Stockholm: overdue.
    with time_machine.travel(datetime.datetime(2026, 4, 24, 23, 30, tzinfo=datetime.UTC), tick=False):
        tasks.send_deadline_notices()
    assert set(Notification.objects.values_list("kind", flat=True)) == {"overdue"}


def test_no_reminders_for_submitted_follow_ups_or_closed_periods(
    followup: FollowUp, reporter: User, approver: User
) -> None:
    followup_submit(followup=followup, actor=reporter)
    Notification.objects.all().delete()
    with time_machine.travel(datetime.datetime(2026, 4, 25, 7, 0, tzinfo=STOCKHOLM), tick=False):
        tasks.send_deadline_notices()
        assert Notification.objects.count() == 0
        followup_approve(followup=followup, actor=approver, decision_reference="BUN 2026-04-22 § 45")
        followup.period.is_open = False
        followup.period.save()
        FollowUp.objects.filter(pk=followup.pk).update(state="draft", decision_reference="")
        tasks.send_deadline_notices()
    assert Notification.objects.filter(kind__in=["reminder", "overdue"]).count() == 0


def test_the_beat_schedule_runs_the_reminders_each_morning_in_stockholm_time(settings) -> None:
    from portal.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["followup-deadline-notices"]["task"] == "goals.send_deadline_notices"
    assert schedule["followup-deadline-notices"]["schedule"].hour == {7}
    assert schedule["followup-outbox"]["task"] == "goals.send_pending_notifications"
    assert app.conf.timezone == "Europe/Stockholm"
    assert {"goals.send_deadline_notices", "goals.send_pending_notifications", "goals.send_notification"} <= set(
        app.tasks
    )
