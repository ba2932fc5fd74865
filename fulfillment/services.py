"""The annual fulfillment: starting a compilation, compiling (the Celery task calls this), publishing.

Each function is a write that spans several models. A compilation claims its report with an atomic
update, beats a heartbeat while it runs, and writes the report's rows as a new generation, so a
compilation that dies with its worker leaves the last complete one in place.
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fulfillment.compilation import compute_year
from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.results import YearFulfillment
from portal import publiccache
from portal.errors import Refused
from portal.models import ReportingPeriod, User

logger = logging.getLogger("portal.fulfillment")


def _stale_before() -> datetime.datetime:
    """A running compilation whose heartbeat is older than this is taken to have died with its worker."""
    return timezone.now() - datetime.timedelta(seconds=settings.FULFILLMENT_STALE_SECONDS)


def _is_running(report: FulfillmentReport) -> bool:
    return (
        report.progress == FulfillmentReport.Progress.RUNNING
        and report.heartbeat_at is not None
        and report.heartbeat_at >= _stale_before()
    )


def fulfillment_compile_start(
    *,
    year: int,
    as_of: ReportingPeriod | None,
    actor: User | None,
    counting: str | None = None,
    queue: bool = True,
) -> FulfillmentReport:
    """The year's draft report (made if there is none: a published one is never compiled again),
    marked queued and, once the transaction commits, handed to the Celery task.

    A draft whose compilation is running now is returned as it is, not queued twice.
    ``counting`` (MajorityCounting) defaults to the report's, or FULFILLMENT_MAJORITY_COUNTING for a new one.
    With ``queue=False`` nothing is queued: the caller runs ``fulfillment_compile`` itself (the command).
    """
    if as_of is not None and as_of.year != year:
        raise Refused(_("Perioden %(period)s hör inte till %(year)d.") % {"period": as_of, "year": year})
    with transaction.atomic():
        draft = FulfillmentReport.objects.select_for_update().filter(year=year, as_of=as_of).drafts().first()
        if draft is None:
            last = FulfillmentReport.objects.filter(year=year, as_of=as_of).aggregate(last=Max("version"))["last"]
            try:
                with transaction.atomic():
                    draft = FulfillmentReport.objects.create(
                        year=year,
                        as_of=as_of,
                        version=(last or 0) + 1,
                        counting=counting or settings.FULFILLMENT_MAJORITY_COUNTING,
                        created_by=actor,
                    )
            except IntegrityError:
                # Someone made the draft at the same moment: use theirs.
                draft = FulfillmentReport.objects.select_for_update().filter(year=year, as_of=as_of).drafts().get()
        elif _is_running(draft):
            return draft
        else:
            draft.progress = FulfillmentReport.Progress.QUEUED
            draft.error = ""
            if counting:
                draft.counting = counting
            draft.save(update_fields=["progress", "error", "counting"])
        if queue:
            report_id = draft.pk
            transaction.on_commit(lambda: _queue_compilation(report_id))
    return draft


def _queue_compilation(report_id: int) -> None:
    """Hands the report to Celery; a broker that is down is logged, not raised: the nightly run compiles it."""
    from fulfillment.tasks import compile_fulfillment

    try:
        compile_fulfillment.delay(report_id)
    except Exception:  # noqa: BLE001  (any broker failure: the draft stays queued)
        logger.warning("fulfillment report %s not queued (broker unavailable); the nightly run compiles it", report_id)


def _report_rows(result: YearFulfillment) -> list[dict[str, Any]]:
    """The snapshot's rows, in order: focus areas, then goals (council and committee, in order), then indicators;
    each the ReportRow fields it sets (the rest take their defaults in ``_insert_rows``)."""
    rows: list[dict[str, Any]] = []
    for area in result.focus_areas:
        rows.append(
            {
                "kind": ReportRow.Kind.FOCUS_AREA,
                "subject_id": area.id,
                "title": area.name,
                "status": area.result.status,
                "explanation": area.result.sentence,
                "basis": area.result.basis or "",
                "inputs": {"goals": list(area.goal_ids)},
            }
        )
    for goal in result.goals:
        rows.append(
            {
                "kind": ReportRow.Kind.GOAL,
                "subject_id": goal.id,
                "title": goal.title,
                "level": goal.level,
                "goal_kind": goal.kind,
                "committee": goal.committee,
                "rule": goal.rule,
                "status": goal.result.status,
                "explanation": goal.result.sentence,
                "basis": goal.result.basis or "",
                "assessed_status": goal.assessed_status or "",
                "difference": goal.difference or "",
                "inputs": goal.inputs | {"assessed_in": goal.assessed_in},
            }
        )
    for goal in result.goals:
        for indicator in goal.indicators:
            rows.append(
                {
                    "kind": ReportRow.Kind.INDICATOR,
                    "subject_id": indicator.id,
                    "parent_id": goal.id,
                    "title": indicator.name,
                    "status": indicator.result.status,
                    "explanation": indicator.result.sentence,
                    "basis": indicator.result.basis or "",
                    "inputs": indicator.inputs | {"target_text": indicator.target},
                }
            )
    return rows


def _insert_rows(rows: list[dict[str, Any]], *, start: int, report_id: int, generation: int) -> None:
    """Writes report rows with one prepared INSERT run for them all (``executemany``), positions from ``start`` + 1.

    What ``bulk_create`` of ReportRow instances writes, without an instance per row and a preparation per field
    and row, which took longer than judging the year: every value here is already what its field would prepare
    (texts, numbers, None), except ``inputs``, which its JSONField prepares for the database as always.
    """
    fields = [field for field in ReportRow._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    inputs_field = ReportRow._meta.get_field("inputs")
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from the model, values as parameters)
        quote(ReportRow._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = []
    for position, row in enumerate(rows, start=start + 1):
        values = defaults | row | {"report_id": report_id, "generation": generation, "position": position}
        values["inputs"] = inputs_field.get_db_prep_save(values["inputs"], connection)
        params.append([values[field.attname] for field in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def fulfillment_compile(*, report_id: int) -> bool:
    """Compiles a draft report: True if this call did it, False if it was not there to take.

    Safe to run twice and after a worker died mid-run: the report is claimed first with one
    UPDATE that succeeds only on a queued draft (or a running one whose heartbeat has gone
    stale). The rows are written under a new generation, batch by batch with the progress,
    and become the report's in one last UPDATE together with its verdict and digest; rows of
    any other generation are then removed. A failure is recorded on the report and logged.
    """
    now = timezone.now()
    claimable = Q(progress=FulfillmentReport.Progress.QUEUED) | Q(
        Q(heartbeat_at__lt=_stale_before()) | Q(heartbeat_at__isnull=True),
        progress=FulfillmentReport.Progress.RUNNING,
    )
    claimed = (
        FulfillmentReport.objects.drafts()
        .filter(claimable, pk=report_id)
        .update(
            progress=FulfillmentReport.Progress.RUNNING,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress_done=0,
            progress_total=0,
            error="",
        )
    )
    if not claimed:
        return False
    report = FulfillmentReport.objects.select_related("as_of").get(pk=report_id)
    # The claim's own number: a later claim (after this one went stale) gets another, and wins.
    generation = report.attempts
    mine = FulfillmentReport.objects.filter(pk=report_id, attempts=generation, state=FulfillmentReport.State.DRAFT)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            result = compute_year(year=report.year, as_of=report.as_of, counting=report.counting)
            rows = _report_rows(result)
        mine.update(progress_total=len(rows), heartbeat_at=timezone.now())
        batch_size = settings.FULFILLMENT_ROW_BATCH_SIZE
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            with transaction.atomic():  # the batch and its progress in one commit
                _insert_rows(batch, start=start, report_id=report_id, generation=generation)
                still_mine = mine.update(progress_done=start + len(batch), heartbeat_at=timezone.now())
            if not still_mine:
                break  # taken over by a later claim: its rows win
            if settings.FULFILLMENT_TEST_PAUSE_SECONDS:
                time.sleep(settings.FULFILLMENT_TEST_PAUSE_SECONDS)  # only tests set it: the worker kill, the journey
        with transaction.atomic():
            swapped = mine.filter(progress=FulfillmentReport.Progress.RUNNING).update(
                generation=generation,
                progress=FulfillmentReport.Progress.DONE,
                progress_done=len(rows),
                heartbeat_at=timezone.now(),
                compiled_at=timezone.now(),
                verdict_met=result.verdict.met,
                verdict_text=result.verdict.sentence,
                inputs=result.inputs,
                inputs_digest=result.digest,
            )
            if swapped:
                ReportRow.objects.filter(report_id=report_id).exclude(generation=generation).delete()
            else:
                ReportRow.objects.filter(report_id=report_id, generation=generation).delete()
        return bool(swapped)
    except Exception as exc:
        logger.exception("fulfillment report %s failed", report_id)
        mine.update(progress=FulfillmentReport.Progress.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        ReportRow.objects.filter(report_id=report_id, generation=generation).delete()
        return False


def fulfillment_publish(*, report: FulfillmentReport, actor: User | None, confirmed: bool = False) -> FulfillmentReport:
    """Publishes a compiled draft: from now on it never changes, and the next compilation makes a new version.

    A report whose verdict cannot be decided, or with at least half of its goals not assessed
    (``FulfillmentReport.caveat``), is published only when ``confirmed``: the publisher has been told."""
    with transaction.atomic():
        locked = FulfillmentReport.objects.select_for_update().get(pk=report.pk)
        if not locked.is_draft:
            raise Refused(_("Sammanställningen är redan publicerad."))
        if not locked.is_done:
            raise Refused(_("Sammanställningen är inte klar. Vänta tills den är sammanställd och publicera sedan."))
        caveat = locked.caveat()
        if caveat and not confirmed:
            raise Refused(
                _("Sammanställningen publicerades inte. %(caveat)s Kryssa i ”Publicera ändå” och försök igen.")
                % {"caveat": caveat}
            )
        locked.state = FulfillmentReport.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["state", "published_at", "published_by"])
        publiccache.bump()
    return locked


def fulfillment_recompile_drafts() -> int:
    """Queues every draft report for a new compilation (the nightly run); returns how many were queued."""
    queued = 0
    for draft in FulfillmentReport.objects.drafts().select_related("as_of").order_by("pk"):
        if not _is_running(draft):
            fulfillment_compile_start(year=draft.year, as_of=draft.as_of, actor=None)
            queued += 1
    return queued
