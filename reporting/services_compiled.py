"""The compiled interim or annual report: starting a compilation, compiling (the Celery task calls this), publishing.

A compilation claims its row with one atomic UPDATE (a queued row, or a running one whose heartbeat has gone
stale after its worker died), renders every section (reporting/compilation.py), stores the PDF and the
workbook through Django's storage API under their SHA-256, and then swaps the new content in with one UPDATE
that succeeds only while the claim is still its own. A published report is never compiled again.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import publiccache
from portal.errors import Refused
from portal.models import User
from reporting.compilation import gather, render_document
from reporting.models import CompiledReport, ReportDate, compiled_file_path
from reporting.signals import report_published

logger = logging.getLogger("portal.reporting")


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.FULFILLMENT_STALE_SECONDS)


def _running_now(compiled: CompiledReport) -> bool:
    return (
        compiled.progress == CompiledReport.Progress.RUNNING
        and compiled.heartbeat_at is not None
        and compiled.heartbeat_at >= _stale_before()
    )


def compiled_report_start(*, report: ReportDate, actor: User | None, queue: bool = True) -> CompiledReport:
    """The report date's document (made if there is none), marked queued and, once the transaction commits,
    handed to the Celery task. A published report is refused; one running now is returned as it is."""
    with transaction.atomic():
        compiled, _created = CompiledReport.objects.select_for_update().get_or_create(report=report)
        if compiled.is_published:
            raise Refused(_("Rapporten är antagen och publicerad och sammanställs inte igen."))
        if _running_now(compiled):
            return compiled
        compiled.progress = CompiledReport.Progress.QUEUED
        compiled.requested_by = actor
        compiled.error = ""
        compiled.save(update_fields=["progress", "requested_by", "error"])
        logger.info(
            "report compilation queued report=%s-%s by user=%s", report.year, report.kind, actor.pk if actor else None
        )
        if queue:
            compiled_id = compiled.pk
            transaction.on_commit(lambda: _queue(compiled_id))
    return compiled


def _queue(compiled_id: int) -> None:
    """Hands the report to Celery; a broker that is down is logged, not raised: the row stays queued and the
    strategist can start it again."""
    from reporting.tasks import compile_report

    try:
        compile_report.delay(compiled_id)
    except Exception:  # noqa: BLE001  (any broker failure)
        logger.warning("compiled report %s not queued (broker unavailable)", compiled_id)


def _store(compiled: CompiledReport, kind: str, data: bytes, digest: str) -> str:
    name = f"{compiled.report.slug}-{compiled.report.year}-{digest[:16]}.{kind}"
    return default_storage.save(compiled_file_path(compiled, name), ContentFile(data))


def compiled_report_compile(*, compiled_id: int) -> bool:
    """Compiles the report: True if this call did it, False if there was nothing to take (published, not queued,
    or running elsewhere). Safe to run twice. A failure is recorded on the row and logged, and the last complete
    compilation stays as it was."""
    claimable = Q(progress=CompiledReport.Progress.QUEUED) | Q(
        Q(heartbeat_at__lt=_stale_before()) | Q(heartbeat_at__isnull=True), progress=CompiledReport.Progress.RUNNING
    )
    claimed = (
        CompiledReport.objects.filter(claimable, pk=compiled_id)
        .exclude(state=CompiledReport.State.PUBLISHED)
        .update(
            progress=CompiledReport.Progress.RUNNING, heartbeat_at=timezone.now(), attempts=F("attempts") + 1, error=""
        )
    )
    if not claimed:
        return False
    compiled = CompiledReport.objects.select_related("report").get(pk=compiled_id)
    mine = CompiledReport.objects.filter(
        pk=compiled_id, attempts=compiled.attempts, progress=CompiledReport.Progress.RUNNING
    ).exclude(state=CompiledReport.State.PUBLISHED)
    stored: list[str] = []
    try:
        with translation.override(settings.LANGUAGE_CODE):
            content = gather(compiled.report)
            rendered = render_document(content)
        mine.update(heartbeat_at=timezone.now())
        pdf_name = _store(compiled, "pdf", rendered.pdf, rendered.pdf_sha256)
        stored.append(pdf_name)
        xlsx_name = _store(compiled, "xlsx", rendered.xlsx, rendered.xlsx_sha256)
        stored.append(xlsx_name)
        old = [name for name in (compiled.pdf.name, compiled.xlsx.name) if name]
        with transaction.atomic():
            swapped = mine.update(
                state=CompiledReport.State.COMPILED,
                progress=CompiledReport.Progress.IDLE,
                heartbeat_at=timezone.now(),
                compiled_at=content.compiled_at,
                compiled_by_id=compiled.requested_by_id,
                is_example=compiled.report.is_example,
                content_html=rendered.html,
                content=rendered.summary,
                pdf=pdf_name,
                pdf_sha256=rendered.pdf_sha256,
                xlsx=xlsx_name,
                xlsx_sha256=rendered.xlsx_sha256,
            )
        if not swapped:
            _delete(stored)  # taken over by a later claim, or published meanwhile: its files win
            return False
        _delete([name for name in old if name not in stored])
        logger.info(
            "report compiled report=%s-%s pdf=%s xlsx=%s",
            compiled.report.year,
            compiled.report.kind,
            rendered.pdf_sha256,
            rendered.xlsx_sha256,
        )
        return True
    except Exception as exc:
        logger.exception("compiled report %s failed", compiled_id)
        mine.update(progress=CompiledReport.Progress.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        _delete(stored)
        return False


def _delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("compiled report file %s could not be removed", name)


def compiled_report_publish(*, compiled: CompiledReport, actor: User | None, decision_reference: str) -> CompiledReport:
    """Adopts and publishes a compiled report: it appears on the public site and never changes again.

    The council's decision is required. Forgets the public pages and, once committed, sends ``report_published``."""
    decision_reference = decision_reference.strip()
    if not decision_reference:
        raise Refused(_("Skriv fullmäktiges beslut om rapporten, t.ex. KF 2026-10-28 § 120, och publicera igen."))
    if len(decision_reference) > CompiledReport._meta.get_field("decision_reference").max_length:  # type: ignore[operator]
        raise Refused(_("Beslutet får vara högst 100 tecken. Skriv det kortare, t.ex. KF 2026-10-28 § 120."))
    with transaction.atomic():
        locked = CompiledReport.objects.select_for_update().select_related("report").get(pk=compiled.pk)
        if locked.is_published:
            raise Refused(_("Rapporten är redan publicerad."))
        if locked.state != CompiledReport.State.COMPILED or locked.is_busy:
            raise Refused(
                _("Rapporten är inte färdigsammanställd. Vänta tills den är sammanställd och publicera sedan.")
            )
        locked.state = CompiledReport.State.PUBLISHED
        locked.decision_reference = decision_reference
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["state", "decision_reference", "published_at", "published_by"])
        publiccache.bump()
        transaction.on_commit(lambda: report_published.send(sender=CompiledReport, report=locked))
    logger.info(
        "report published report=%s-%s decision=%r by user=%s",
        locked.report.year,
        locked.report.kind,
        decision_reference,
        actor.pk if actor else None,
    )
    return locked
