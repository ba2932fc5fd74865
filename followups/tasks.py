"""Background work of the follow-ups: the outbox, reminders and overdue notices.

The tasks take ids and call followups/notifications.py, which a test calls too. The task names keep
their "goals." prefix: they are what queued messages and the beat schedule name.
CELERY_BEAT_SCHEDULE in portal/settings.py runs the periodic ones.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from followups import notifications


@shared_task(name="goals.send_notification")
def send_notification(notification_id: int) -> bool:
    """Sends one email from the outbox, unless it is sent or being sent already."""
    return notifications.send(notification_id)


@shared_task(name="goals.send_pending_notifications")
def send_pending_notifications() -> int:
    """Sends what the outbox still holds, e.g. rows written while the broker was down."""
    return notifications.send_pending()


@shared_task(name="goals.send_deadline_notices")
def send_deadline_notices() -> int:
    """Reminders before a deadline and overdue notices after it, for today in the portal's time zone."""
    written = notifications.create_deadline_notices(today=timezone.localdate())
    notifications.send_pending()
    return written
