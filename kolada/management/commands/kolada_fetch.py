from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from kolada import services
from kolada.models import FetchRun, KoladaBinding
from kolada.parsing import KoladaError


class DryRun(Exception):
    """Raised to roll back a dry run."""


class Command(BaseCommand):
    help = (
        "Fetches the values of every active Kolada binding for the last years and stores them as measurements, "
        "or reads them from a saved API response file (--from-file). Values Kolada changed keep their old "
        "value in the history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years", type=int, default=None, help=f"How many years back to fetch (default {settings.KOLADA_YEARS})."
        )
        parser.add_argument("--from-file", type=Path, default=None, help="A saved Kolada v3 response (JSON) to read.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")

    def handle(self, *args: Any, years: int | None, from_file: Path | None, dry_run: bool, **options: Any) -> None:
        if years is not None and years < 1:
            raise CommandError("--years must be 1 or more.")
        source: services.Source
        if from_file is not None:
            try:
                source = services.FileSource(from_file.read_bytes())
            except OSError as exc:
                raise CommandError(f"{from_file} cannot be read ({exc.strerror}).") from exc
            except KoladaError as exc:
                raise CommandError(str(exc)) from exc
            year_list = source.years
            trigger = FetchRun.Trigger.FILE
        else:
            source = services.ApiSource()
            year_list = services.fetch_years(
                today=timezone.localdate(), count=years if years is not None else settings.KOLADA_YEARS
            )
            trigger = FetchRun.Trigger.COMMAND

        if dry_run:
            # Read first (no transaction open while Kolada is asked), then write and roll back.
            try:
                collected = services.collect(
                    bindings=KoladaBinding.objects.active().select_related("indicator"),
                    source=source,
                    municipality_id=settings.KOLADA_MUNICIPALITY_ID,
                    years=year_list,
                )
            except KoladaError as exc:
                raise CommandError(str(exc)) from exc
            try:
                with transaction.atomic():
                    run = services.store(run=FetchRun.objects.create(trigger=trigger), collected=collected)
                    raise DryRun
            except DryRun:
                pass
            self._report(run)
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return

        started = services.fetch_start(trigger=trigger)
        if started is None:
            raise CommandError("Another Kolada fetch is queued or running; try again when it is done.")
        if from_file is not None:
            started.file_name = from_file.name[:255]
            started.save(update_fields=["file_name"])
        run = services.fetch_execute(run=started, source=source, years=year_list)
        self._report(run)
        if run.state == FetchRun.State.FAILED:
            raise CommandError(run.error)
        self.stdout.write(self.style.SUCCESS(f"Kolada fetch {run.pk} done."))

    def _report(self, run: FetchRun) -> None:
        self.stdout.write(services.describe_counts(run))
        for line in run.warning_lines:
            self.stdout.write(self.style.WARNING(line))
