from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.models import FrozenCopy
from audit.services import COMPILED_KINDS, freeze_compiled_report, freeze_fulfillment_report
from fulfillment.models import FulfillmentReport
from reporting.models import CompiledReport


class Command(BaseCommand):
    help = (
        "Makes the frozen copy of every published fulfillment, interim or annual report that has none (a copy is "
        "made when a report is published; this catches up on reports published before the audit app, or a copy "
        "that failed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Name the reports without freezing them.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        frozen = FrozenCopy.objects.filter(kind=FrozenCopy.Kind.FULFILLMENT_REPORT).values("source_id")
        missing = FulfillmentReport.objects.filter(state=FulfillmentReport.State.PUBLISHED).exclude(pk__in=frozen)
        count = 0
        for report in missing.order_by("pk"):
            if not dry_run:
                freeze_fulfillment_report(report_id=report.pk)
            self.stdout.write(f"{report}")
            count += 1
        frozen_compiled = FrozenCopy.objects.filter(kind__in=COMPILED_KINDS.values()).values("source_id")
        compiled = CompiledReport.objects.filter(state=CompiledReport.State.PUBLISHED).exclude(pk__in=frozen_compiled)
        for document in compiled.select_related("report").order_by("pk"):
            if not dry_run:
                freeze_compiled_report(compiled_id=document.pk)
            self.stdout.write(f"{document.report}")
            count += 1
        verb = "would be frozen" if dry_run else "frozen"
        self.stdout.write(self.style.SUCCESS(f"{count} report(s) {verb}."))
