"""Background work of the audit app: telling the strategists about an auditor's question, and the auditor
about the answer."""

from __future__ import annotations

from celery import shared_task

from audit import services


@shared_task(name="audit.notify_question")
def notify_question(question_id: int) -> int:
    """Emails the strategists that a question was asked; returns how many were emailed."""
    return services.question_notify(question_id=question_id)


@shared_task(name="audit.notify_answer")
def notify_answer(answer_id: int) -> int:
    """Emails the auditor who asked that the question was answered; returns how many were emailed (0 or 1)."""
    return services.answer_notify(answer_id=answer_id)
