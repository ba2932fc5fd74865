"""What the audit app listens to: a fulfillment report or a compiled interim or annual report published (its
frozen copy is made once the publication is committed) and an auditor's sign-in (logged). The work is in
audit.services."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpRequest

from audit import services
from audit.models import AuditEvent
from fulfillment.models import FulfillmentReport
from portal.access import roles_for
from portal.models import Role
from reporting.models import CompiledReport
from reporting.signals import report_published

logger = logging.getLogger(__name__)


def _freeze_after_commit(report_id: int) -> None:
    try:
        services.freeze_fulfillment_report(report_id=report_id)
    except Exception:
        # The publication stands; the copy can be made again (manage.py freeze_reports).
        logger.exception("frozen copy of fulfillment report %s failed", report_id)


def on_report_saved(sender: Any, instance: FulfillmentReport, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.state != FulfillmentReport.State.PUBLISHED:
        return
    if update_fields is not None and "state" not in update_fields:
        return
    report_id = instance.pk
    transaction.on_commit(lambda: _freeze_after_commit(report_id))


def on_compiled_report_published(sender: Any, report: CompiledReport, **kwargs: Any) -> None:
    """Sent after the publication commits (reporting/services_compiled.py)."""
    try:
        services.freeze_compiled_report(compiled_id=report.pk)
    except Exception:
        logger.exception("frozen copy of compiled report %s failed", report.pk)


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if roles_for(user).has(Role.AUDITOR):
        services.log_event(user=user, kind=AuditEvent.Kind.SIGN_IN, request=request)


def connect() -> None:
    post_save.connect(on_report_saved, sender=FulfillmentReport, dispatch_uid="audit_freeze_published_report")
    report_published.connect(on_compiled_report_published, dispatch_uid="audit_freeze_compiled_report")
    user_logged_in.connect(on_signed_in, dispatch_uid="audit_log_auditor_sign_in")
