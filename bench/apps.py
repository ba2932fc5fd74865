from __future__ import annotations

from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: installed only by bench.settings, so its command cannot touch another database."""

    name = "bench"
    verbose_name = "Benchmark"
