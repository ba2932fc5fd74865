"""Background work of the reporting app: compiling a report as one document, and the law's calendar.

CELERY_BEAT_SCHEDULE in portal/settings.py runs the calendar once a day.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reporting import calendar_tasks, services_compiled


@shared_task(name="reporting.compile_report")
def compile_report(compiled_id: int) -> bool:
    """Compiles a report date's document; does nothing if it is published, not queued, or running elsewhere."""
    return services_compiled.compiled_report_compile(compiled_id=compiled_id)


@shared_task(name="reporting.run_calendar")
def run_calendar() -> dict[str, int]:
    """Opens the follow-up periods whose day has come and sends the reminders before the law's deadlines (daily)."""
    return calendar_tasks.run_calendar(today=timezone.localdate())
