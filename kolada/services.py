"""Fetching Kolada's values for the bound indicators and storing them as measurements.

A fetch has two halves. ``collect()`` (kolada/collecting.py) reads everything it needs (from the API
or from a saved response file) and writes nothing; ``store()`` writes it all
in one transaction. So a bad or unreachable response leaves every existing
value as it was, and nothing talks to the network inside a transaction.

Each value becomes a ``goals.Measurement`` (basis outcome, period year):
``value`` is the municipality's total (gender T), ``reference_value`` the
comparison's total, ``source`` "Kolada U11901, hämtat 2026-11-27". A value
that changes is saved through the model, so django-simple-history keeps the
old one. A value Kolada publishes as missing (or null) is stored as absent,
never zero; a year Kolada has published nothing for is not written at all.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import Measurement
from kolada.collecting import (
    ApiSource,
    Collected,
    FetchedValue,
    FileSource,
    Source,
    collect,
    expected_published,
    fetch_years,
    shown,
)
from kolada.models import FetchChange, FetchRun, GenderSplit, KoladaBinding
from kolada.parsing import KoladaError
from portal.models import User

# Re-exported: the command, the tasks and the tests reach the reading half through this module.
__all__ = [
    "ApiSource",
    "Collected",
    "FetchedValue",
    "FileSource",
    "Source",
    "collect",
    "expected_published",
    "fetch_years",
]

logger = logging.getLogger("portal.kolada")


# --- Storing: one transaction ----------------------------------------------------------


def source_text(*, kpi_id: str, fetched_on: datetime.date, computed_from: int | None = None) -> str:
    """What a measurement says about where it came from: "Kolada U11901, hämtat 2026-11-27".

    With ``computed_from``, it adds that the reference value is a mean Styrportal
    computed ("; medelvärdet beräknat av Styrportal från 287 kommuner").
    Stored data, so in the portal's language whatever language the request had.
    """
    text = f"Kolada {kpi_id}, hämtat {fetched_on.isoformat()}"
    return f"{text}{_computed_note(computed_from)}"


def _computed_note(computed_from: int | None) -> str:
    return f"; medelvärdet beräknat av Styrportal från {computed_from} kommuner" if computed_from else ""


def _note_of(source: str) -> str:
    """What a stored source text says after the fetch date (the computed mean's note), or ""."""
    _head, separator, note = source.partition(";")
    return separator + note


def _what(fetched: FetchedValue) -> dict[str, object]:
    return {"indicator": fetched.indicator_name, "kpi": fetched.kpi_id, "year": fetched.year}


class _Outcome:
    """The counts and warnings store() gathers while it walks the values."""

    def __init__(self, warnings: Sequence[str]) -> None:
        self.counts = dict.fromkeys(
            ["created", "changed", "unchanged", "missing", "reference_missing", "kept", "deleted"], 0
        )
        self.warnings = list(warnings)

    def value_missing(self, fetched: FetchedValue, stored: Decimal | None) -> None:
        self.counts["missing"] += 1
        if fetched.value_skipped:
            self.counts["kept"] += stored is not None
            return  # collect() has named the value that was no number
        if stored is None:
            self.warnings.append(
                _(
                    "Kolada har inget värde för %(indicator)s (%(kpi)s) %(year)d. Hämta igen när Kolada har "
                    "publicerat det, eller för in värdet för hand."
                )
                % _what(fetched)
            )
        else:
            self.counts["kept"] += 1
            self.warnings.append(
                _(
                    "Kolada-svaret saknar värdet för %(indicator)s (%(kpi)s) %(year)d; det sparade värdet "
                    "%(value)s behålls. Kontrollera värdet i Kolada om det inte kommer tillbaka vid nästa hämtning."
                )
                % {**_what(fetched), "value": shown(stored)}
            )

    def deleted(self, fetched: FetchedValue, stored: Decimal | None) -> None:
        self.counts["deleted"] += 1
        self.warnings.append(
            _(
                "Kolada har tagit bort värdet för %(indicator)s (%(kpi)s) %(year)d. Det sparade värdet %(value)s "
                "används inte längre; det finns kvar i historiken. Kontrollera nyckeltalet i Kolada."
            )
            % {**_what(fetched), "value": _("saknas") if stored is None else shown(stored)}
        )

    def reference_missing(self, fetched: FetchedValue, stored: Decimal | None) -> None:
        self.counts["reference_missing"] += 1
        what = {**_what(fetched), "comparison": fetched.comparison}
        if fetched.reference_deleted:
            self.warnings.append(
                _(
                    "Kolada har tagit bort jämförelsevärdet (%(comparison)s) för %(indicator)s (%(kpi)s) %(year)d, "
                    "så det används inte längre och referensvärdet är tomt tills Kolada publicerar ett nytt. "
                    "Kontrollera jämförelsen i Kolada."
                )
                % what
            )
        elif stored is None:
            self.warnings.append(
                _(
                    "Kolada har inget jämförelsevärde (%(comparison)s) för %(indicator)s (%(kpi)s) %(year)d, så "
                    "indikatorn kan inte bedömas mot det. Hämta igen senare."
                )
                % what
            )
        else:
            self.counts["kept"] += 1
            self.warnings.append(
                _(
                    "Kolada-svaret saknar jämförelsevärdet (%(comparison)s) för %(indicator)s (%(kpi)s) %(year)d; "
                    "det sparade referensvärdet %(value)s behålls. Kontrollera jämförelsen i Kolada om det inte "
                    "kommer tillbaka vid nästa hämtning."
                )
                % {**what, "value": shown(stored)}
            )


def store(*, run: FetchRun, collected: Collected, now: datetime.datetime | None = None) -> FetchRun:
    """Writes the collected values, their changes and the run's counts, all in one transaction.

    An answer never replaces a stored value with nothing: a value or a
    reference value the answer lacks keeps the stored one, and is counted and
    warned about on the run (which then ends "Klar med varningar").

    One query for the existing measurements and one for the gender splits,
    then a save (with its history row) per new or changed value.
    """
    now = now or timezone.now()
    fetched_on = timezone.localdate(now)
    outcome = _Outcome(collected.warnings)
    with transaction.atomic():
        indicator_ids = {value.indicator_id for value in collected.values}
        existing = {
            (m.indicator_id, m.year): m
            for m in Measurement.objects.select_for_update().filter(
                indicator_id__in=indicator_ids,
                year__in=collected.years,
                period=Measurement.Period.YEAR,
                basis=Measurement.Basis.OUTCOME,
            )
        }
        splits = {
            (split.indicator_id, split.year): split
            for split in GenderSplit.objects.select_for_update().filter(
                indicator_id__in=indicator_ids, year__in=collected.years
            )
        }
        changes: list[FetchChange] = []
        for fetched in collected.values:
            measurement = existing.get((fetched.indicator_id, fetched.year))
            if not fetched.published and not fetched.expected:
                continue  # a year Kolada has not published yet: nothing to say, whatever is stored stays
            if not fetched.published and measurement is None:
                outcome.value_missing(fetched, None)
                continue  # a year with nothing published is not written
            if fetched.deleted:
                if measurement is not None:
                    changes.append(_deleted(measurement, fetched, run))
                    outcome.deleted(fetched, measurement.value)
                    GenderSplit.objects.filter(indicator_id=fetched.indicator_id, year=fetched.year).delete()
                continue
            value, reference = fetched.value, fetched.reference_value
            if value is None:
                value = measurement.value if measurement else None
                outcome.value_missing(fetched, value)
            if reference is None:
                # A deleted comparison value must not be used, so it is not kept either.
                kept = measurement.reference_value if measurement and not fetched.reference_deleted else None
                outcome.reference_missing(fetched, kept)
                reference = kept
            if reference == fetched.reference_value:
                note = _computed_note(fetched.reference_computed_from)
            else:  # a kept reference keeps what the source text said about it
                note = _note_of(measurement.source) if measurement else ""
            if (
                measurement is not None
                and (measurement.value, measurement.reference_value) == (value, reference)
                and _note_of(measurement.source) == note
            ):
                outcome.counts["unchanged"] += 1
            else:
                kind = FetchChange.Kind.CREATED if measurement is None else FetchChange.Kind.CHANGED
                outcome.counts["created" if measurement is None else "changed"] += 1
                changes.append(
                    FetchChange(
                        run=run,
                        indicator_id=fetched.indicator_id,
                        kpi_id=fetched.kpi_id,
                        year=fetched.year,
                        kind=kind,
                        old_value=measurement.value if measurement else None,
                        new_value=value,
                        old_reference_value=measurement.reference_value if measurement else None,
                        new_reference_value=reference,
                    )
                )
                if measurement is None:
                    measurement = Measurement(
                        indicator_id=fetched.indicator_id,
                        year=fetched.year,
                        period=Measurement.Period.YEAR,
                        basis=Measurement.Basis.OUTCOME,
                    )
                measurement.value = value
                measurement.reference_value = reference
                measurement.source = source_text(kpi_id=fetched.kpi_id, fetched_on=fetched_on) + note
                measurement.recorded_at = now
                measurement.recorded_by = None
                # simple_history keeps the earlier value; the reason names the run that replaced it.
                measurement._change_reason = f"Hämtning från Kolada nr {run.pk}"  # type: ignore[attr-defined]
                measurement.save()
            if fetched.published:
                _store_split(fetched, splits.get((fetched.indicator_id, fetched.year)), run)
        FetchChange.objects.bulk_create(changes)
        counts = outcome.counts
        run.created_count = counts["created"]
        run.changed_count = counts["changed"]
        run.unchanged_count = counts["unchanged"]
        run.missing_count = counts["missing"]
        run.reference_missing_count = counts["reference_missing"]
        run.kept_count = counts["kept"]
        run.deleted_count = counts["deleted"]
        run.warnings = "\n".join(outcome.warnings)
        run.years = collected.years
        run.state = FetchRun.State.WARNINGS if outcome.warnings else FetchRun.State.SUCCEEDED
        run.error = ""
        run.finished_at = timezone.now()
        run.save()
        changed_years = sorted({change.year for change in changes})
        if changed_years:
            transaction.on_commit(lambda: recompile_draft_fulfillment(years=changed_years))
    return run


def _deleted(measurement: Measurement, fetched: FetchedValue, run: FetchRun) -> FetchChange:
    """Removes a measurement whose value Kolada has deleted; its history keeps it, with the reason."""
    change = FetchChange(
        run=run,
        indicator_id=fetched.indicator_id,
        kpi_id=fetched.kpi_id,
        year=fetched.year,
        kind=FetchChange.Kind.DELETED,
        old_value=measurement.value,
        new_value=None,
        old_reference_value=measurement.reference_value,
        new_reference_value=None,
    )
    measurement._change_reason = f"Borttaget i Kolada (hämtning nr {run.pk})"  # type: ignore[attr-defined]
    measurement.delete()
    return change


def _store_split(fetched: FetchedValue, split: GenderSplit | None, run: FetchRun) -> None:
    """The gender split as published; a comparison the answer lacks keeps the stored one."""
    if split is None:
        GenderSplit.objects.create(
            indicator_id=fetched.indicator_id,
            year=fetched.year,
            values=fetched.genders,
            reference_values=fetched.reference_genders,
            run=run,
        )
        return
    reference_values = fetched.reference_genders or split.reference_values
    if (split.values, split.reference_values) != (fetched.genders, reference_values):
        split.values, split.reference_values, split.run = fetched.genders, reference_values, run
        split.save(update_fields=["values", "reference_values", "run"])


def recompile_draft_fulfillment(*, years: Sequence[int]) -> int:
    """Queues a new compilation of each draft fulfillment report of these years; returns how many.

    Called after the fetch has committed, with the years whose values changed.
    A published report never changes; a draft whose compilation is running is
    not queued twice (fulfillment.services.fulfillment_compile_start sees to both).
    """
    # Imported here: the annual compilation (fulfillment/compilation.py, fulfillment.tasks.compile_fulfillment).
    from fulfillment.models import FulfillmentReport
    from fulfillment.services import fulfillment_compile_start

    queued = 0
    for draft in FulfillmentReport.objects.drafts().filter(year__in=years).select_related("as_of").order_by("pk"):
        fulfillment_compile_start(year=draft.year, as_of=draft.as_of, actor=None)
        queued += 1
    if queued:
        logger.info("kolada values changed for years=%s; %d draft report(s) queued", list(years), queued)
    return queued


# --- Runs ------------------------------------------------------------------------------


def _fail(run: FetchRun, message: str) -> FetchRun:
    run.state = FetchRun.State.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "error", "finished_at"])
    logger.warning("kolada fetch run=%s failed: %s", run.pk, message)
    return run


def fetch_request(*, actor: User) -> FetchRun | None:
    """Queues a fetch for the strategist, after commit; None if one is already queued or running."""
    from kolada import tasks

    with transaction.atomic():
        if FetchRun.objects.select_for_update().in_progress().exists():
            return None
        run = FetchRun.objects.create(trigger=FetchRun.Trigger.MANUAL, requested_by=actor)
        transaction.on_commit(lambda: tasks.fetch.delay(run.pk))
    return run


def fetch_start(*, trigger: str, actor: User | None = None) -> FetchRun | None:
    """A run that starts now (nightly, or from the command); None if another is queued or running."""
    with transaction.atomic():
        if FetchRun.objects.select_for_update().in_progress().exists():
            return None
        return FetchRun.objects.create(
            trigger=trigger, requested_by=actor, state=FetchRun.State.RUNNING, started_at=timezone.now()
        )


def claim(*, run_id: int) -> bool:
    """Takes a queued run for this worker; False if another worker has it or it is done."""
    return bool(
        FetchRun.objects.filter(pk=run_id, state=FetchRun.State.QUEUED).update(
            state=FetchRun.State.RUNNING, started_at=timezone.now()
        )
    )


def fetch_execute(
    *,
    run: FetchRun,
    source: Source | None = None,
    years: Sequence[int] | None = None,
    today: datetime.date | None = None,
) -> FetchRun:
    """Collects from Kolada (no transaction open), then stores in one; a failure is recorded on the run."""
    today = today or timezone.localdate()
    years = list(years or fetch_years(today=today, count=settings.KOLADA_YEARS))
    try:
        collected = collect(
            bindings=KoladaBinding.objects.active().select_related("indicator"),
            source=source or ApiSource(),
            municipality_id=settings.KOLADA_MUNICIPALITY_ID,
            years=years,
            today=today,
        )
        return store(run=run, collected=collected)
    except KoladaError as exc:
        return _fail(run, str(exc))
    except Exception as exc:
        # Whatever went wrong, the run must not stay "running": that blocks every fetch until it goes stale.
        return _fail_unexpected(run, exc)


def _fail_unexpected(run: FetchRun, exc: Exception) -> FetchRun:
    logger.exception("kolada run=%s stopped by an unexpected error", run.pk)
    run.refresh_from_db(fields=["state"])
    if run.is_finished:
        return run  # stored and committed; what failed came after (e.g. queueing the recompilation)
    return _fail(
        run,
        _(
            "Hämtningen avbröts av ett oväntat fel (%(error)s). Inga värden ändrades. Försök igen, och kontakta "
            "administratören om felet återkommer."
        )
        % {"error": type(exc).__name__},
    )


def import_file(*, body: bytes, file_name: str, actor: User | None) -> FetchRun:
    """Reads a saved response file and stores its values like a fetch; a bad file is recorded as a failed run."""
    run = FetchRun.objects.create(
        trigger=FetchRun.Trigger.FILE,
        requested_by=actor,
        file_name=file_name[:255],
        state=FetchRun.State.RUNNING,
        started_at=timezone.now(),
    )
    try:
        source = FileSource(body)
    except KoladaError as exc:
        return _fail(run, str(exc))
    except Exception as exc:
        return _fail_unexpected(run, exc)
    return fetch_execute(run=run, source=source, years=source.years)


def describe_counts(run: FetchRun) -> str:
    """The run's outcome in one sentence, for messages and the command."""
    if run.state == FetchRun.State.FAILED:
        return run.error
    text = _("%(created)d nya, %(changed)d ändrade, %(unchanged)d oförändrade värden; %(missing)d saknas i Kolada.") % {
        "created": run.created_count,
        "changed": run.changed_count,
        "unchanged": run.unchanged_count,
        "missing": run.missing_count,
    }
    if run.state == FetchRun.State.WARNINGS:
        text += " " + _(
            "%(reference_missing)d jämförelsevärden saknas och %(kept)d sparade värden behölls. "
            "Läs varningarna på hämtningens sida."
        ) % {"reference_missing": run.reference_missing_count, "kept": run.kept_count}
    return text


def latest_changes(run: FetchRun | None) -> list[FetchChange]:
    """What the run changed, with the indicators' names: one query."""
    if run is None:
        return []
    return list(run.changes.select_related("indicator__goal"))
