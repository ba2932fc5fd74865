from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fulfillment import services
from fulfillment.compilation import compute_year
from fulfillment.judging import MajorityCounting
from fulfillment.models import FulfillmentReport
from portal.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Compiles the goal fulfillment of a year (optionally as of a reporting period) into its draft report, "
        "in this process, as the Celery task does; --publish publishes it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year, e.g. 2026.")
        parser.add_argument("--period", type=int, help="A reporting period's id: compile as of that period.")
        parser.add_argument(
            "--counting", choices=MajorityCounting.values, help="How the majority is counted (default: the setting)."
        )
        parser.add_argument("--publish", action="store_true", help="Publish the report once it is compiled.")
        parser.add_argument(
            "--publish-anyway",
            action="store_true",
            help="With --publish: publish even when the verdict cannot be decided or half the goals are not assessed.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Compute and show the verdict; save nothing.")

    def handle(
        self,
        *args: Any,
        year: int,
        period: int | None,
        counting: str | None,
        publish: bool,
        publish_anyway: bool,
        dry_run: bool,
        **options: Any,
    ) -> None:
        as_of = None
        if period is not None:
            as_of = ReportingPeriod.objects.filter(pk=period).first()
            if as_of is None:
                raise CommandError(f"No reporting period with id {period}.")
        if dry_run:
            result = compute_year(year=year, as_of=as_of, counting=counting or settings.FULFILLMENT_MAJORITY_COUNTING)
            self.stdout.write(result.verdict.sentence)
            self.stdout.write(f"Inputs digest: {result.digest}")
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return
        try:
            report = services.fulfillment_compile_start(
                year=year, as_of=as_of, actor=None, counting=counting, queue=False
            )
        except services.Refused as refused:
            raise CommandError(refused.message) from None
        if not services.fulfillment_compile(report_id=report.pk):
            report.refresh_from_db()
            raise CommandError(f"{report} was not compiled: {report.error or report.get_progress_display()}")
        report = FulfillmentReport.objects.get(pk=report.pk)
        self.stdout.write(report.verdict_text)
        self.stdout.write(f"Inputs digest: {report.inputs_digest}")
        if publish:
            try:
                services.fulfillment_publish(report=report, actor=None, confirmed=publish_anyway)
            except services.Refused as refused:
                raise CommandError(f"{refused.message} (--publish-anyway publishes it.)") from None
            self.stdout.write(self.style.SUCCESS(f"{report} is compiled and published."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{report} is compiled (draft)."))
