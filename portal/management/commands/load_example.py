from __future__ import annotations

import importlib
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class DryRun(Exception):
    """Raised to roll back a dry run."""


class Command(BaseCommand):
    help = (
        "Loads the Alingsås example (Mål och budget 2026): the organisation, demo users and, from each app "
        "that has an example.py, its data. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            # The demo users' password is printed here and published in the README: never in production.
            raise CommandError(
                "load_example is for demonstrations and tests: it creates demo users with a published password. "
                "It does not run with DJANGO_ENV=production; nothing was saved. Run it in a development or test "
                "environment instead."
            )
        try:
            with transaction.atomic():
                for app_config in apps.get_app_configs():
                    module_name = f"{app_config.name}.example"
                    if find_spec(module_name) is None:
                        continue
                    report = importlib.import_module(module_name).load()
                    self.stdout.write(f"{app_config.verbose_name}: {report.created} created, {report.changed} changed.")
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return
        self.stdout.write(self.style.SUCCESS("The Alingsås example is loaded."))
        from portal.example import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(f"Demo users, all with the password {DEMO_PASSWORD!r}:")
        for demo in DEMO_USERS:
            role = demo.role or f"{demo.committee_role} (BUN)"
            self.stdout.write(f"  {demo.username:<12} {role}")
