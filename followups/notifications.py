"""Emails about follow-ups, through an outbox.

A step of the workflow writes its emails as ``Notification`` rows in the
same transaction as the step, so an email exists exactly when the step
happened: a rolled-back step leaves none. After the commit each row is
queued to Celery by id; if the broker is down the step still succeeds, and
the beat task ``goals.send_pending_notifications`` sends what is unsent when
it runs. Sending claims the row with one atomic UPDATE first, so two workers
(or a worker and the beat task) never send the same email twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followups.models import FollowUp, Notification
from portal.models import Membership, Role, User

logger = logging.getLogger("portal.notifications")

# A row that fails this many times is left for a person to look at.
MAX_ATTEMPTS = 10


def _subject(kind: str, followup: FollowUp) -> str:
    subjects = {
        Notification.Kind.SUBMITTED: _("%(committee)s har lämnat in uppföljningen %(period)s: godkänn den"),
        Notification.Kind.RETURNED: _("Uppföljningen %(period)s för %(committee)s har skickats tillbaka"),
        Notification.Kind.APPROVED: _("%(committee)s har godkänt uppföljningen %(period)s: granska den"),
        Notification.Kind.ACCEPTED: _("Uppföljningen %(period)s för %(committee)s är accepterad"),
        Notification.Kind.REMINDER: _("Påminnelse: uppföljningen %(period)s för %(committee)s ska lämnas in"),
        Notification.Kind.OVERDUE: _("Försenad: uppföljningen %(period)s för %(committee)s är inte inlämnad"),
        Notification.Kind.PLAN_CHANGED: _("Nytt att följa upp i %(period)s för %(committee)s"),
    }
    return subjects[Notification.Kind(kind)] % {"committee": followup.committee.name, "period": followup.period}


def recipients(kind: str, followup: FollowUp) -> list[User]:
    """Who acts next: approvers on submit, strategists on approval, reporters on return and before a deadline,
    the committee's reporters and approvers on acceptance and when the deadline has passed."""
    committee_roles = {
        Notification.Kind.SUBMITTED: [Membership.Role.APPROVER],
        Notification.Kind.RETURNED: [Membership.Role.REPORTER],
        Notification.Kind.ACCEPTED: [Membership.Role.REPORTER, Membership.Role.APPROVER],
        Notification.Kind.REMINDER: [Membership.Role.REPORTER],
        Notification.Kind.OVERDUE: [Membership.Role.REPORTER, Membership.Role.APPROVER],
        Notification.Kind.PLAN_CHANGED: [Membership.Role.REPORTER],
    }.get(Notification.Kind(kind))
    users = User.objects.filter(is_active=True).exclude(email="")
    if committee_roles:
        users = users.filter(memberships__committee=followup.committee, memberships__role__in=committee_roles)
    else:
        users = users.filter(groups__name=Role.STRATEGIST)
    return list(users.distinct().order_by("pk"))


def _build(
    kind: str, followup: FollowUp, recipient: User, *, actor: User | None, comment: str, key: str = ""
) -> Notification:
    # Emails are written in the portal's language, whatever the language of the page that caused them.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "followup": followup,
            "recipient": recipient,
            "actor": actor,
            "comment": comment,
            "url": settings.PORTAL_URL.rstrip("/") + reverse("followups:followup_detail", args=[followup.pk]),
        }
        return Notification(
            kind=kind,
            followup=followup,
            recipient=recipient,
            email=recipient.email,
            subject=_subject(kind, followup),
            body=render_to_string("followups/email/followup.txt", context),
            key=key,
        )


def notify(*, kind: str, followup: FollowUp, actor: User | None, comment: str = "") -> list[int]:
    """Writes the emails for a step to the outbox and queues them once the transaction commits.

    Call it inside the step's transaction. The actor is not told about their own step.
    """
    rows = [
        _build(kind, followup, user, actor=actor, comment=comment)
        for user in recipients(kind, followup)
        if actor is None or user.pk != actor.pk
    ]
    created = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    if ids:
        transaction.on_commit(lambda: queue(ids))
    return ids


def queue(ids: Iterable[int]) -> None:
    """Hands each notification to Celery; a broker that is down is logged, not raised:
    the beat task sends the rows later. After the first failure the rest are not tried:
    each try would keep the request waiting for the broker again."""
    from followups.tasks import send_notification

    ids = list(ids)
    for position, notification_id in enumerate(ids):
        try:
            send_notification.delay(notification_id)
        except Exception:  # noqa: BLE001  (any broker failure: the outbox keeps the rows)
            logger.warning(
                "notifications %s not queued (broker unavailable); the outbox sends them later",
                ", ".join(map(str, ids[position:])),
            )
            return


def send(notification_id: int) -> bool:
    """Sends one notification if nobody else has; True if this call sent it.

    The claim is one UPDATE that only succeeds on an unclaimed, unsent row. A
    failed send releases the claim so that a later run tries again.
    """
    claimed = (
        Notification.objects.unsent()
        .filter(pk=notification_id, attempts__lt=MAX_ATTEMPTS)
        .update(claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.email],
        ).send()
    except Exception as exc:  # noqa: BLE001  (any mail failure: release the row for the next run)
        Notification.objects.filter(pk=notification_id).update(claimed_at=None, last_error=str(exc)[:2000])
        logger.warning("notification %s not sent: %s", notification_id, exc)
        return False
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), last_error="")
    return True


def send_pending() -> int:
    """Sends every unsent notification; returns how many were sent. Reports rows claimed
    long ago and never sent (a worker died while sending): they are not resent automatically,
    since they may have gone out."""
    stuck = Notification.objects.filter(sent_at=None, claimed_at__lt=timezone.now() - timedelta(hours=1)).count()
    if stuck:
        logger.warning("%d notifications were claimed over an hour ago and never marked sent", stuck)
    ids = list(Notification.objects.unsent().filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    return sum(send(notification_id) for notification_id in ids)


def create_deadline_notices(*, today: datetime.date) -> int:
    """Writes reminders and overdue notices for the drafts of open periods; returns how many were written.

    A reminder goes out from ``FOLLOWUP_REMINDER_DAYS`` days before the
    deadline up to the deadline itself; an overdue notice from the day after.
    Each goes to each person once per follow-up (the row's ``key``), however
    often this runs.
    """
    days = settings.FOLLOWUP_REMINDER_DAYS
    drafts = FollowUp.objects.filter(
        state=FollowUp.State.DRAFT, period__is_open=True, period__deadline__lte=today + timedelta(days=days)
    ).select_related("period", "committee")
    rows = []
    for followup in drafts:
        kind = Notification.Kind.OVERDUE if followup.period.is_past_deadline(today) else Notification.Kind.REMINDER
        for user in recipients(kind, followup):
            rows.append(_build(kind, followup, user, actor=None, comment="", key=f"{kind}:{followup.pk}:{user.pk}"))
    existing = set(Notification.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True))
    new = [row for row in rows if row.key not in existing]
    # Another run writing the same keys at the same moment loses quietly on the unique key.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
