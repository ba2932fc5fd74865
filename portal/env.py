"""Reading settings from the environment, failing loudly on bad values.

Each reader names the variable in its error, so a typo such as ``DEBUG=maybe``
stops start-up with a sentence that says what to fix. Secrets can also come
from a file: ``SECRET_KEY_FILE=/run/secrets/key`` is read when ``SECRET_KEY``
is not set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

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
