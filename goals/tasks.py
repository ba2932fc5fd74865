"""Background work: the follow-ups' outbox, reminders and overdue notices; the annual fulfillment.

The tasks take ids, and call goals/notifications.py and goals/services.py, which a test calls too.
CELERY_BEAT_SCHEDULE in portal/settings.py runs the periodic ones.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from goals import notifications, services


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


@shared_task(name="goals.compile_fulfillment")
def compile_fulfillment(report_id: int) -> bool:
    """Compiles a draft fulfillment report; does nothing if it is done, published, or running elsewhere."""
    return services.fulfillment_compile(report_id=report_id)


@shared_task(name="goals.recompile_fulfillment_drafts")
def recompile_fulfillment_drafts() -> int:
    """Queues every draft fulfillment report for a new compilation (nightly)."""
    return services.fulfillment_recompile_drafts()
