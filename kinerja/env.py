"""Read settings from environment variables, failing loudly on a bad value.

Every setting of Kinerja comes from the environment (see .env.example). A value
that cannot be parsed stops start-up with a message naming the variable, so a
typo in production never turns into a silently different behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A setting in the environment has a value Kinerja cannot use."""


@dataclass(frozen=True)
class Env:
    """Typed access to a mapping of environment variables."""

    values: Mapping[str, str]

    def text(self, name: str, default: str) -> str:
        return self.values.get(name, default)

    def flag(self, name: str, default: bool) -> bool:
        raw = self.values.get(name)
        if raw is None:
            return default
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise EnvError(f"{name} must be true or false, got {raw!r}")

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self.values.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise EnvError(f"{name} must be a whole number, got {raw!r}") from None
        if minimum is not None and value < minimum:
            raise EnvError(f"{name} must be at least {minimum}, got {value}")
        return value

    def items(self, name: str, default: list[str]) -> list[str]:
        raw = self.values.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: set[str]) -> str:
        value = self.values.get(name, default)
        if value not in choices:
            allowed = ", ".join(sorted(choices))
            raise EnvError(f"{name} must be one of {allowed}, got {value!r}")
        return value

    def path(self, name: str, default: Path) -> Path:
        raw = self.values.get(name)
        return Path(raw).expanduser().resolve() if raw else default

    def url(self, name: str, schemes: set[str]) -> str | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            return None
        scheme = urlparse(raw).scheme
        if scheme not in schemes:
            allowed = ", ".join(sorted(schemes))
            raise EnvError(f"{name} must be a URL with scheme {allowed}, got {scheme or raw!r}")
        return raw


def database_from_url(url: str, *, variable: str = "DATABASE_URL") -> dict[str, object]:
    """Translate a postgres:// or sqlite:/// URL into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path[1:] if parsed.path.startswith("//") else parsed.path)
        if not name:
            raise EnvError(f"{variable} names no SQLite file: {url!r}")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if parsed.scheme in {"postgres", "postgresql"}:
        if not parsed.path.strip("/"):
            raise EnvError(f"{variable} names no database: {url!r}")
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        try:
            port = parsed.port
        except ValueError:
            raise EnvError(f"{variable} has a port that is not a number: {url!r}") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.strip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise EnvError(f"{variable} must start with postgres:// or sqlite:///, got {url!r}")


def from_os() -> Env:
    return Env(dict(os.environ))
