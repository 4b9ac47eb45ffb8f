"""Small helpers that read typed settings from the environment (used only by settings.py)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return default if raw in (None, "") else float(raw)


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def api_version_setting(name: str, default: str, allowed: list[str]) -> str:
    """A REST API version from the environment; one the API does not serve is refused at start-up."""
    value = os.environ.get(name, "").strip() or default
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not an API version served here (one of {', '.join(allowed)})")
    return value


def secret_key(data_dir: Path) -> str:
    """Return SECRET_KEY from the environment, else one generated once and kept in the data directory."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    # O_EXCL: when two processes start together, exactly one writes and both read the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_from_url(url: str, conn_max_age: int = 0) -> dict:
    """Translate `postgres://user:pass@host:port/name` into a DATABASES entry.

    A Unix socket folder goes in the query: `postgres://user@/name?host=/path/to/socket/folder`.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme.split("+")[0]
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    if scheme == "sqlite":
        raise ValueError(
            "SQLite is not supported: it allows one writer at a time, so a running job would block every "
            "other write. Unset DATABASE_URL to use the embedded PostgreSQL, or point it at a PostgreSQL server."
        )
    if scheme in {"postgres", "postgresql", "pgsql"}:
        host = options.pop("host", "") or parsed.hostname or ""
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": host,
            "PORT": str(parsed.port or options.pop("port", "")),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": conn_max_age > 0,
            "OPTIONS": options,
        }
    raise ValueError(f"Unsupported DATABASE_URL scheme {parsed.scheme!r}: use postgres://")
