"""manage.py bench: builds the synthetic municipality in the benchmark's own database and measures it."""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import database, runner
from bench.load import measure_load


class Command(BaseCommand):
    help = "Benchmark on a large synthetic municipality; prints a table and writes var/bench/latest.json."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = issue 10's large municipality; 0.1 quick")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (at least 3)")
        parser.add_argument("--page-seconds", type=float, default=15.0, help="stop repeating a page after this")
        parser.add_argument("--compile-repeat", type=int, default=1)
        parser.add_argument(
            "--flood", type=int, default=1000, help="requests with distinct query strings to the public start page"
        )
        parser.add_argument(
            "--load", choices=["auto", "yes", "no"], default="auto", help="gunicorn load test (auto: on PostgreSQL)"
        )
        parser.add_argument("--load-seconds", type=float, default=5.0)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers for the load test")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "BENCH", False):
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=bench.settings (make bench).")
        where = database.recreate()
        self.stdout.write(f"Benchmark database: {where} (made afresh)")
        wants_load = options["load"] == "yes" or (options["load"] == "auto" and connection.vendor == "postgresql")
        results = runner.run(
            scale=options["scale"],
            seed=options["seed"],
            repeat=options["repeat"],
            budget_seconds=options["page_seconds"],
            compile_repeat=options["compile_repeat"],
            flood_requests=max(1, options["flood"]),
            load=partial(measure_load, workers=options["workers"], seconds=options["load_seconds"])
            if wants_load
            else None,
            log=self.stdout.write,
        )
        path = runner.write(results, settings.VAR_DIR / "bench")
        self.stdout.write("")
        self.stdout.write(runner.table(results))
        self.stdout.write(f"\nFigures: {path} (and var/bench/latest.json); took {results['meta']['seconds']} s.")
