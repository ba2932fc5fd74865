"""The benchmark's own database, made afresh for each run: never the demo's or the tests'."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connections


def recreate() -> str:
    """Drops and creates the benchmark database, migrates it, and returns what it is (for messages)."""
    if not getattr(settings, "BENCH", False):
        raise ImproperlyConfigured("The benchmark runs only with DJANGO_SETTINGS_MODULE=bench.settings.")
    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if "bench" not in Path(name).name:
        raise ImproperlyConfigured(
            f"Refusing to recreate {name!r}: the benchmark database's name must contain 'bench'."
        )
    connections.close_all()
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        where = f"SQLite {name}"
    elif database["ENGINE"] == "django.db.backends.postgresql":
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            dbname="postgres",
            host=str(database.get("HOST") or "") or None,
            port=str(database.get("PORT") or "") or None,
            user=str(database.get("USER") or "") or None,
            password=str(database.get("PASSWORD") or "") or None,
            autocommit=True,
        ) as maintenance:
            maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        where = f"PostgreSQL {database.get('HOST')}/{name}"
    else:
        raise ImproperlyConfigured(f"The benchmark runs on SQLite or PostgreSQL, not {database['ENGINE']}.")
    call_command("migrate", verbosity=0, interactive=False)
    return where
