"""The public functions' argument checks: a caller's mistake is a ``UsageError`` saying which
argument is wrong, never an ``AttributeError`` from deep inside."""

from __future__ import annotations

from urllib.parse import urlsplit

from cleaner.errors import UsageError
from cleaner.settings import Settings

__all__ = ["checked_settings", "checked_str", "checked_url"]

_DEFAULT = Settings()


def checked_url(url: object) -> str | None:
    if url is None:
        return None
    if not isinstance(url, str):
        raise UsageError(f"url must be a str or None, not {type(url).__name__}")
    try:
        urlsplit(url)
    except ValueError as error:
        raise UsageError(f"url is not a valid URL ({error}): {url[:200]!r}") from None
    return url


def checked_str(value: object, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise UsageError(f"{name} must be a str or None, not {type(value).__name__}")
    return value


def checked_settings(settings: object) -> Settings:
    if settings is None:
        return _DEFAULT
    if not isinstance(settings, Settings):
        raise UsageError(f"settings must be a cleaner.Settings, not {type(settings).__name__}")
    return settings
