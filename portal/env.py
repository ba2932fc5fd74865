"""Reading settings from the environment, failing loudly on bad values.

Each reader names the variable in its error, so a typo such as ``DEBUG=maybe``
stops start-up with a sentence that says what to fix. Secrets can also come
from a file: ``SECRET_KEY_FILE=/run/secrets/key`` is read when ``SECRET_KEY``
is not set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class Env:
    """Typed reads from a mapping of environment variables."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def raw(self, name: str) -> str | None:
        """The variable's value, or the contents of ``NAME_FILE``, or None."""
        value = self.environ.get(name)
        if value is not None and value.strip() != "":
            return value.strip()
        path = self.environ.get(f"{name}_FILE")
        if path:
            try:
                return Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"{name}_FILE points to {path!r}, which cannot be read ({exc.strerror}). "
                    f"Point {name}_FILE to a readable file or set {name} directly."
                ) from exc
        return None

    def text(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        return default if value is None else value

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value. Set {name} to one of: true, false, 1, 0, yes, no, on, off."
        )

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a whole number. Set {name} to a whole number such as {default}."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} is too small. Set {name} to {minimum} or more.")
        return number

    def items(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self.raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default).lower()
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} is not allowed. Set {name} to one of: {', '.join(choices)}.")
        return value


# Redis has 16 databases (0-15) unless its configuration says otherwise.
REDIS_LAST_DATABASE = 15


def _redis_parts(url: str) -> tuple[str, int]:
    """The Redis server a URL names (host and port, or socket path) and its database number."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme == "unix":
        server, number = parts.path, query.get("db", ["0"])[0]
    else:
        server, number = f"{parts.hostname}:{parts.port or 6379}", parts.path.strip("/") or query.get("db", ["0"])[0]
    if not (number.isascii() and number.isdigit()):
        raise ImproperlyConfigured(
            f"{url!r} does not name a Redis database by number. Write it as redis://host:6379/0."
        )
    return server, int(number)


def same_redis_database(first: str, second: str) -> bool:
    """Whether two Redis URLs name the same database of the same server."""
    return _redis_parts(first) == _redis_parts(second)


def redis_url_next_database(url: str) -> str:
    """The URL with another database of the same server: the next one (``redis://host:6379/0`` gives
    ``redis://host:6379/1``), or for the last database (15) the one before it."""
    _server, number = _redis_parts(url)
    other = number + 1 if number < REDIS_LAST_DATABASE else number - 1
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "db"]
    if parts.scheme == "unix":
        return f"unix://{parts.netloc}{parts.path}?{urlencode([*query, ('db', str(other))])}"
    return urlunsplit(parts._replace(path=f"/{other}", query=urlencode(query)))


SMTP_PORTS = {"smtp": 25, "smtp+tls": 587, "smtps": 465}


@dataclass(frozen=True)
class EmailSettings:
    """Django's EMAIL_* settings; what an address does not set keeps Django's default."""

    backend: str
    file_path: Path
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


def email_settings(url: str, backend: str, *, production: bool, file_path: Path) -> EmailSettings:
    """EMAIL_URL read: ``smtp+tls://user:password@host:587`` (or ``smtp://``, ``smtps://``), ``console://`` or
    ``file:///folder``. An EMAIL_BACKEND set besides wins; with neither, development writes each email as a
    file in ``file_path`` and production refuses to start."""
    if not url:
        if backend:
            return EmailSettings(backend, file_path)
        if production:
            raise ImproperlyConfigured(
                "DJANGO_ENV=production needs an SMTP server for email: set EMAIL_URL, for example "
                "EMAIL_URL=smtp+tls://styrportal:password@smtp.example.se:587."
            )
        return EmailSettings("django.core.mail.backends.filebased.EmailBackend", file_path)
    parts = urlsplit(url)
    if parts.scheme in SMTP_PORTS and parts.hostname:
        return EmailSettings(
            backend or "django.core.mail.backends.smtp.EmailBackend",
            file_path,
            host=parts.hostname,
            port=parts.port or SMTP_PORTS[parts.scheme],
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=parts.scheme == "smtp+tls",
            use_ssl=parts.scheme == "smtps",
        )
    if parts.scheme == "console":
        return EmailSettings(backend or "django.core.mail.backends.console.EmailBackend", file_path)
    if parts.scheme == "file" and parts.path:
        return EmailSettings(backend or "django.core.mail.backends.filebased.EmailBackend", Path(parts.path))
    raise ImproperlyConfigured(
        "EMAIL_URL cannot be read. Set it as smtp+tls://user:password@smtp.example.se:587 "
        "(or smtp://, smtps://), console:// or file:///path/to/folder."
    )


def check_kolada_address(url: str, *, production: bool) -> None:
    """KOLADA_BASE_URL must be an http(s) address without query or fragment, and https in production."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"KOLADA_BASE_URL={url!r} is not the address of Kolada's API. "
            "Set it as KOLADA_BASE_URL=https://api.kolada.se/v3/ (or a mirror's https:// address)."
        )
    if production and parts.scheme != "https":
        raise ImproperlyConfigured(
            f"KOLADA_BASE_URL={url!r} is not https. Set KOLADA_BASE_URL=https://api.kolada.se/v3/ "
            "(or a mirror's https:// address): in production the key figures must not travel unencrypted."
        )
