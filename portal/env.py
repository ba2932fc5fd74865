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
