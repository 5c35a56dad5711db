"""Settings: frozen, strict, sane defaults, and actually honoured by ``cleaner.extract``."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import cleaner
from cleaner import ExtractSettings, InputTooLargeError, NoArticleError, Settings

BODY = (
    "The harbour council approved the new ferry terminal on Tuesday after a two-year debate. "
    "Construction starts in May and the first boats are expected to dock next spring."
)
PAGE = (
    "<!doctype html><html lang='en'><head><title>Ferry terminal approved</title></head>"
    f"<body><article><h1>Ferry terminal approved</h1><p>{BODY}</p></article></body></html>"
)


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.extract = ExtractSettings()  # type: ignore[misc]
    with pytest.raises(ValidationError):
        settings.extract.max_depth = 1  # type: ignore[misc]


def test_unknown_settings_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Settings(fetcher={})  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        ExtractSettings(max_input_byte=10)  # type: ignore[call-arg]


def test_defaults_are_sane() -> None:
    defaults = Settings().extract
    assert defaults.max_input_bytes >= 1024 * 1024
    assert defaults.max_depth >= 100
    assert defaults.min_article_chars > 0
    assert defaults.min_text_chars >= defaults.min_article_chars


@pytest.mark.parametrize("field", ["max_input_bytes", "max_depth"])
def test_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValidationError):
        ExtractSettings(**{field: 0})


def test_the_page_is_an_article_with_default_settings() -> None:
    assert cleaner.extract(PAGE).text == BODY


def test_max_input_bytes_is_honoured() -> None:
    settings = Settings(extract=ExtractSettings(max_input_bytes=100))
    page = ("<html><body><p>" + "x" * 200 + "</p></body></html>").encode()[:200]
    assert len(page) == 200
    with pytest.raises(InputTooLargeError):
        cleaner.extract(page, settings=settings)
    with pytest.raises(InputTooLargeError):
        cleaner.extract(page.decode(), settings=settings)


def test_min_article_chars_is_honoured() -> None:
    strict = Settings(extract=ExtractSettings(min_article_chars=len(BODY) + 1))
    with pytest.raises(NoArticleError, match=str(len(BODY) + 1)):
        cleaner.extract(PAGE, settings=strict)
    lenient = Settings(extract=ExtractSettings(min_article_chars=len(BODY)))
    assert cleaner.extract(PAGE, settings=lenient).text == BODY
