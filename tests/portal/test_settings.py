"""Settings from the environment: bad values stop start-up with a sentence naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import Env

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3Jx9-Vq2Lr8Zt5Wm1Pn6Bc4Hd7Fs0Gy3Ue9Ia2Ko5Ej8Rw1Tz4Xn7Qv6Ml0Sb3Dc",
    "DATABASE_URL": "postgres://styrportal:hemligt@db.kommun.example:5432/styrportal",
    "ALLOWED_HOSTS": "styrportal.kommun.example",
    "REDIS_URL": "redis://redis.kommun.example:6379/0",
    "EMAIL_URL": "smtp+tls://styrportal:hemligt@smtp.kommun.example:587",
    "LOCAL_PASSWORDS": "false",  # staff sign in through the identity provider (docs/sso.md)
}
PASSED_THROUGH = ("PATH", "HOME", "LANG", "VIRTUAL_ENV", "PYTHONPATH")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs manage.py in a fresh process with only the given environment."""
    base = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_with_real_values_passes_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_local_passwords_are_on_in_production() -> None:
    result = manage("check", "--deploy", **(PRODUCTION | {"LOCAL_PASSWORDS": "true"}))
    assert "portal.W001" in result.stderr and "Local passwords are on in production" in result.stderr
    assert "LOCAL_PASSWORDS=false" in result.stderr


def test_oidc_needs_issuer_client_id_and_secret_together() -> None:
    result = manage("check", **(PRODUCTION | {"OIDC_ISSUER": "https://login.microsoftonline.com/t/v2.0"}))
    assert result.returncode != 0
    assert "missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET" in result.stderr


def test_production_without_secret_key_refuses_to_start() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs a real secret key. Set SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key_and_sqlite_and_missing_hosts() -> None:
    weak = manage("check", **(PRODUCTION | {"SECRET_KEY": "django-insecure-" + "x" * 60}))
    assert "needs a real secret key" in weak.stderr
    sqlite = manage("check", **(PRODUCTION | {"DATABASE_URL": "sqlite:///db.sqlite3"}))
    assert "DJANGO_ENV=production needs PostgreSQL: set DATABASE_URL" in sqlite.stderr
    hosts = manage("check", **{key: value for key, value in PRODUCTION.items() if key != "ALLOWED_HOSTS"})
    assert "DJANGO_ENV=production needs ALLOWED_HOSTS" in hosts.stderr


def test_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY_FILE=str(key_file), **env)
    assert result.returncode == 0, result.stderr


def test_bad_boolean_stops_start_up_naming_the_variable() -> None:
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a yes/no value. Set DEBUG to one of: true, false" in result.stderr


def test_bad_number_and_unknown_environment_name_stop_start_up() -> None:
    assert "SESSION_IDLE_MINUTES='half an hour' is not a whole number" in (
        manage("check", SESSION_IDLE_MINUTES="half an hour").stderr
    )
    assert "DJANGO_ENV='prod' is not allowed. Set DJANGO_ENV to one of: development, production" in (
        manage("check", DJANGO_ENV="prod").stderr
    )


def test_debug_is_refused_in_production() -> None:
    result = manage("check", DEBUG="true", **PRODUCTION)
    assert "DEBUG=true is not allowed with DJANGO_ENV=production" in result.stderr


def test_default_settings_need_no_server() -> None:
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL; the default is checked in the SQLite run")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not os.environ.get("REDIS_URL") and not os.environ.get("CELERY_BROKER_URL"):
        assert settings.CELERY_BROKER_URL == "filesystem://"


class TestEnv:
    def test_words_for_yes_and_no(self) -> None:
        env = Env({"A": "Yes", "B": "off", "C": " 1 "})
        assert env.flag("A", default=False) is True
        assert env.flag("B", default=True) is False
        assert env.flag("C", default=False) is True
        assert env.flag("MISSING", default=True) is True

    def test_integer_with_minimum(self) -> None:
        env = Env({"N": "0"})
        with pytest.raises(ImproperlyConfigured, match="N=0 is too small. Set N to 1 or more."):
            env.integer("N", 30, minimum=1)

    def test_items_split_on_commas(self) -> None:
        assert Env({"HOSTS": "a.se, b.se,,"}).items("HOSTS") == ["a.se", "b.se"]

    def test_unreadable_file_names_the_variable(self, tmp_path: Path) -> None:
        env = Env({"SECRET_KEY_FILE": str(tmp_path / "missing")})
        with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE points to"):
            env.text("SECRET_KEY")


def test_production_cookies_are_secure_host_cookies_with_hsts() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "31536000", "True"]


def test_production_needs_redis() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "REDIS_URL"}
    assert "DJANGO_ENV=production needs Redis for Celery and the cache: set REDIS_URL" in manage("check", **env).stderr


def test_production_needs_an_smtp_server() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "EMAIL_URL"}
    assert "DJANGO_ENV=production needs an SMTP server for email: set EMAIL_URL" in manage("check", **env).stderr


def test_email_settings_come_from_email_url() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS)"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.kommun.example",
        "587",
        "styrportal",
        "hemligt",
        "True",
    ], result.stderr
    unreadable = manage("check", EMAIL_URL="smtp://")
    assert "EMAIL_URL cannot be read. Set it as smtp+tls://" in unreadable.stderr


def test_development_writes_email_to_files_in_var_mail(tmp_path: Path) -> None:
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)"
    result = manage("shell", "--no-imports", "-c", code, VAR_DIR=str(tmp_path))
    assert result.stdout.split() == ["django.core.mail.backends.filebased.EmailBackend", str(tmp_path / "mail")]


def test_a_task_time_limit_as_long_as_the_visibility_timeout_is_refused() -> None:
    result = manage("check", CELERY_TASK_TIME_LIMIT="3600", **PRODUCTION)
    assert "CELERY_TASK_TIME_LIMIT=3600 is not shorter than Redis's visibility timeout (3600 s)" in result.stderr
    assert manage("check", CELERY_TASK_TIME_LIMIT="3599", **PRODUCTION).returncode == 0


def test_load_example_refuses_in_production_before_touching_the_database() -> None:
    """With the real production settings (a database that does not answer): the refusal comes first (issue 21)."""
    result = manage("load_example", **PRODUCTION)
    assert result.returncode != 0
    assert "It does not run with DJANGO_ENV=production; nothing was saved." in result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False"), ("true", "True")])
def test_local_passwords_is_read_from_the_environment(value: str | None, expected: str) -> None:
    env = {"LOCAL_PASSWORDS": value} if value is not None else {}
    result = manage("shell", "-c", "from django.conf import settings; print(settings.LOCAL_PASSWORDS)", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected  # shell may first say what it imported
