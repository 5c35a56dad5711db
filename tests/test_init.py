"""The public surface of ``cleaner``: what ``import cleaner`` gives, and what it does not do."""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner

REPO = Path(__file__).resolve().parents[1]

PUBLIC = [
    "SCHEMA_VERSION",
    "Article",
    "BlockedURLError",
    "BodyTooLargeError",
    "CleanerError",
    "ConnectError",
    "ContentDecodingError",
    "ContentTypeError",
    "DocumentTooDeepError",
    "Explanation",
    "ExtractSettings",
    "Extracted",
    "ExtractionError",
    "Failed",
    "FetchError",
    "FetchSettings",
    "FetchTimeoutError",
    "HTTPStatusError",
    "InputTooLargeError",
    "NoArticleError",
    "NotHTMLError",
    "Page",
    "Pipeline",
    "PipelineSettings",
    "Removal",
    "RobotsDisallowedError",
    "RunReport",
    "Settings",
    "Skipped",
    "SourceError",
    "Target",
    "TooManyRedirectsError",
    "UsageError",
    "__version__",
    "clean_text",
    "explain",
    "extract",
]


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then the rest, each alphabetical."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_pinned_and_sorted() -> None:
    assert cleaner.__all__ == PUBLIC
    assert sorted(cleaner.__all__, key=_isort_key) == cleaner.__all__


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from cleaner import {name}", namespace)
    assert namespace[name] is getattr(cleaner, name)


def test_entry_points_are_callables() -> None:
    assert callable(cleaner.extract)
    assert callable(cleaner.clean_text)
    assert callable(cleaner.explain)


def test_package_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("cleaner").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)


def test_reimport_with_empty_environment_does_not_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("cleaner")
    monkeypatch.setattr(logger, "handlers", list(logger.handlers))  # reload adds a handler
    defaults = cleaner.Settings().model_dump()
    monkeypatch.setattr(os, "environ", {})
    reloaded = importlib.reload(cleaner)
    assert reloaded.__all__ == PUBLIC
    assert reloaded.Settings().model_dump() == defaults


def test_import_reads_no_environment_or_config_file(tmp_path: Path) -> None:
    """A fresh interpreter with hostile env vars and config files still gets the defaults."""
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\nmax_input_bytes = 1\n")
    (tmp_path / "cleaner.toml").write_text("max_input_bytes = 1\n")
    env = {
        "PYTHONPATH": str(REPO),
        "CLEANER_MAX_INPUT_BYTES": "1",
        "CLEANER_EXTRACT__MAX_INPUT_BYTES": "1",
        "CLEANER_CONFIG": str(tmp_path / "cleaner.toml"),
    }
    code = "import cleaner; print(cleaner.Settings().model_dump_json())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == cleaner.Settings().model_dump_json()
