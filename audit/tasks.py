"""Background work of the audit app: telling the strategists about an auditor's question."""

from __future__ import annotations

from celery import shared_task

from audit import services


@shared_task(name="audit.notify_question")
def notify_question(question_id: int) -> int:
    """Emails the strategists that a question was asked; returns how many were emailed."""
    return services.question_notify(question_id=question_id)
