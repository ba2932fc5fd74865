"""The audit app's writes: freezing a report's files, logging what auditors do, questions and answers."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import mimetypes
import posixpath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from audit.models import Answer, AuditEvent, FrozenCopy, FrozenFile, Question
from fulfillment import files as fulfillment_files
from fulfillment.models import FulfillmentReport, ReportRow
from portal.errors import Refused
from portal.models import Role, User
from reporting.models import CompiledReport, ReportKind

logger = logging.getLogger(__name__)

QUESTION_MAX_LENGTH = 4000


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def freeze(kind: str, title: str, year: int, source_id: int, files: dict[str, bytes], by: User | None) -> FrozenCopy:
    """Keeps ``files`` (name -> bytes) as the frozen copy of the source object, each through Django's
    storage API with its SHA-256. A source is frozen once: a second call returns the first copy unchanged.

    Any app above freezes its adopted reports this way, e.g. ``freeze("interim_report", "Delårsrapport
    2026", 2026, report.pk, {"delarsrapport-2026.pdf": pdf}, by=actor)``."""
    existing = FrozenCopy.objects.of(kind, source_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            copy = FrozenCopy.objects.create(kind=kind, title=title, year=year, source_id=source_id, frozen_by=by)
            for name, content in sorted(files.items()):
                frozen = FrozenFile(
                    copy=copy,
                    name=name,
                    content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                    size=len(content),
                    sha256=sha256(content),
                )
                frozen.file.save(name, ContentFile(content), save=False)
                frozen.save()
    except IntegrityError:
        # Frozen at the same moment elsewhere: that copy stands (the files saved here are left unreferenced).
        return FrozenCopy.objects.of(kind, source_id).get()
    return copy


def freeze_fulfillment_report(*, report_id: int) -> FrozenCopy | None:
    """The frozen copy of a published fulfillment report: its PDF and its workbook. None for a draft.
    Renders the PDF (seconds for a large report)."""
    report = FulfillmentReport.objects.select_related("as_of", "published_by").get(pk=report_id)
    if report.is_draft:
        return None
    return freeze(
        FrozenCopy.Kind.FULFILLMENT_REPORT,
        str(report),
        report.year,
        report.pk,
        {
            fulfillment_files.report_filename(report, "pdf"): fulfillment_files.report_pdf_bytes(report),
            fulfillment_files.report_filename(report, "xlsx"): fulfillment_files.report_xlsx_bytes(report),
        },
        by=report.published_by,
    )


COMPILED_KINDS = {
    ReportKind.TERTIAL: FrozenCopy.Kind.TERTIAL_REPORT,
    ReportKind.INTERIM: FrozenCopy.Kind.INTERIM_REPORT,
    ReportKind.ANNUAL: FrozenCopy.Kind.ANNUAL_REPORT,
}


def freeze_compiled_report(*, compiled_id: int) -> FrozenCopy | None:
    """The frozen copy of a published interim, tertial or annual report (reporting.CompiledReport): the PDF and
    the workbook exactly as stored at compiling, checked against the checksums kept then. None unless
    published."""
    compiled = CompiledReport.objects.select_related("report", "published_by").get(pk=compiled_id)
    if compiled.state != CompiledReport.State.PUBLISHED:
        return None
    files = {}
    for field, kept in ((compiled.pdf, compiled.pdf_sha256), (compiled.xlsx, compiled.xlsx_sha256)):
        if not field:
            continue
        with field.open("rb") as stored:
            content = stored.read()
        if kept and sha256(content) != kept:
            # The stored file is not the one compiled: freezing it would vouch for something else.
            raise ValueError(f"{field.name}: the stored file's SHA-256 is not the one kept when it was compiled")
        files[posixpath.basename(field.name)] = content
    return freeze(
        COMPILED_KINDS[ReportKind(compiled.report.kind)],
        str(compiled.report),
        compiled.report.year,
        compiled.pk,
        files,
        by=compiled.published_by,
    )


def client_address(request: HttpRequest | None) -> str | None:
    """The connecting address (``REMOTE_ADDR``, as the security log writes it), or None if it is none."""
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def log_event(*, user: User, kind: str, what: str = "", request: HttpRequest | None = None) -> AuditEvent:
    return AuditEvent.objects.create(user=user, kind=kind, what=what[:300], address=client_address(request))


def _text(text: str, *, empty: str) -> str:
    text = text.strip()
    if not text:
        raise Refused(empty)
    if len(text) > QUESTION_MAX_LENGTH:
        raise Refused(
            _("Texten är för lång. Korta den till högst %(limit)d tecken och försök igen.")
            % {"limit": QUESTION_MAX_LENGTH}
        )
    return text


def question_ask(*, row: ReportRow, text: str, actor: User) -> Question:
    """An auditor's question on a goal's assessment; bad input is refused and changes nothing. The strategists
    are told by email once it is committed (``question_notify``, through Celery)."""
    text = _text(text, empty=_("Skriv frågan innan du skickar den."))
    question = Question.objects.create(
        report_id=row.report_id, subject_id=row.subject_id, title=row.title[:500], text=text, asked_by=actor
    )
    question_id = question.pk
    transaction.on_commit(lambda: _queue_notification("question", question_id))
    return question


def _queue_notification(what: str, pk: int) -> None:
    from audit.tasks import notify_answer, notify_question

    try:
        (notify_question if what == "question" else notify_answer).delay(pk)
    except Exception:  # noqa: BLE001  (any broker failure: the text stands and is listed on /revision/)
        logger.warning("%s %s: nobody was notified (broker unavailable)", what, pk)


def question_notify(*, question_id: int) -> int:
    """Emails every active strategist with an address that an auditor has asked a question; returns how many.
    The email names the goal and the report and links to the question; the question's text stays in the
    portal."""
    question = Question.objects.select_related("report", "asked_by").get(pk=question_id)
    strategists = User.objects.filter(is_active=True, groups__name=Role.STRATEGIST).exclude(email="").distinct()
    url = (
        settings.PORTAL_URL.rstrip("/")
        + reverse("audit:row", args=[question.report_id, question.subject_id])
        + f"#question-{question.pk}"
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("En revisor har ställt en fråga om målet %(title)s") % {"title": question.title[:100]}
        body = _(
            "%(auditor)s har ställt en fråga om bedömningen av målet ”%(title)s” i %(report)s.\n\n"
            "Läs och svara på frågan här:\n%(url)s\n"
        ) % {"auditor": question.asked_by, "title": question.title, "report": question.report, "url": url}
        for strategist in strategists.order_by("pk"):
            EmailMessage(subject, body, to=[strategist.email]).send()
            sent += 1
    return sent


def question_answer(*, question: Question, text: str, actor: User) -> Answer:
    """The strategist's answer to a question; bad input is refused and changes nothing."""
    text = _text(text, empty=_("Skriv svaret innan du skickar det."))
    answer = Answer.objects.create(question=question, text=text, answered_by=actor)
    answer_id = answer.pk
    transaction.on_commit(lambda: _queue_notification("answer", answer_id))
    return answer


def answer_notify(*, answer_id: int) -> int:
    """Emails the auditor who asked that their question has an answer (1), or nobody (0) if they are no longer
    active or have no address. Like the question's email, it links to the thread; the texts stay in the portal."""
    answer = Answer.objects.select_related("question__report", "question__asked_by", "answered_by").get(pk=answer_id)
    question = answer.question
    auditor = question.asked_by
    if not auditor.is_active or not auditor.email:
        return 0
    url = (
        settings.PORTAL_URL.rstrip("/")
        + reverse("audit:row", args=[question.report_id, question.subject_id])
        + f"#question-{question.pk}"
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Din fråga om målet %(title)s har fått svar") % {"title": question.title[:100]}
        body = _(
            "%(strategist)s har svarat på din fråga om bedömningen av målet ”%(title)s” i %(report)s.\n\n"
            "Läs svaret här:\n%(url)s\n"
        ) % {"strategist": answer.answered_by, "title": question.title, "report": question.report, "url": url}
        EmailMessage(subject, body, to=[auditor.email]).send()
    return 1
