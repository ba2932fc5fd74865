"""Settings for the benchmark process only: the project's settings, its own database, and the bench URLconf.

``make bench`` runs with ``DJANGO_SETTINGS_MODULE=bench.settings``. The database is a SQLite
file of its own (``var/bench.sqlite3``), or PostgreSQL from ``BENCH_DATABASE_URL``; never
``DATABASE_URL``, so the demo's and the tests' databases are out of reach. docs/benchmark.md.
"""

from __future__ import annotations

import os

import dj_database_url

from portal.settings import *  # noqa: F403
from portal.settings import INSTALLED_APPS, REST_FRAMEWORK, VAR_DIR

BENCH = True
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")

if BENCH_DATABASE_URL:
    _database = dict(dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=60))
    _database["CONN_HEALTH_CHECKS"] = True
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "bench.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
    }
DATABASES = {"default": _database}

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"

# Measured as in production: no DEBUG (which keeps every query in memory). The manifest of
# collected static files is a dict lookup; plain storage spares the run a collectstatic.
DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The API's throttles still run (their cache lookups are part of the cost) but never refuse the benchmark.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(("anonymous", "token", "user"), "1000000/min"),
}

# The test Client and the load generator on loopback.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver", "127.0.0.1"]  # noqa: F405
