"""The CleanerError tree: one base class, a stable ``.code`` per error, drawn in the docstring."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import errors
from cleaner.errors import CleanerError

ERROR_CLASSES = [getattr(errors, name) for name in errors.__all__]

# Codes are part of the CLI output and of user code: changing one is a breaking change.
CODES = {
    "CleanerError": "error",
    "ExtractionError": "extraction",
    "InputTooLargeError": "too_large",
    "DocumentTooDeepError": "too_deep",
    "NotHTMLError": "not_html",
    "NoArticleError": "no_article",
    "UsageError": "usage",
    "FetchError": "fetch",
    "BlockedURLError": "blocked",
    "RobotsDisallowedError": "robots",
    "FetchTimeoutError": "timeout",
    "ConnectError": "connect",
    "TooManyRedirectsError": "redirects",
    "HTTPStatusError": "http_status",
    "BodyTooLargeError": "body_too_large",
    "ContentTypeError": "content_type",
    "ContentDecodingError": "decoding",
    "SourceError": "source",
}


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_is_a_cleaner_error(cls: type[CleanerError]) -> None:
    assert issubclass(cls, CleanerError)
    assert getattr(cleaner, cls.__name__) is cls


def test_codes_are_stable_and_distinct() -> None:
    codes = {cls.__name__: cls.code for cls in ERROR_CLASSES}
    assert codes == CODES
    assert len(set(codes.values())) == len(codes)


def test_code_is_readable_on_instances() -> None:
    assert errors.NoArticleError("x").code == "no_article"


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_message_is_preserved(cls: type[CleanerError]) -> None:
    error = cls("page has 9 headlines and no body")
    assert error.message == "page has 9 headlines and no body"
    assert str(error) == "page has 9 headlines and no body"
    with pytest.raises(CleanerError, match="9 headlines"):
        raise error


def test_extraction_errors_share_a_parent() -> None:
    for cls in (
        errors.InputTooLargeError,
        errors.DocumentTooDeepError,
        errors.NotHTMLError,
        errors.NoArticleError,
    ):
        assert issubclass(cls, errors.ExtractionError)
    assert not issubclass(errors.UsageError, errors.ExtractionError)


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_docstring_tree_draws_every_error_with_its_code(cls: type[CleanerError]) -> None:
    doc = errors.__doc__ or ""
    line = next((line for line in doc.splitlines() if f" {cls.__name__} " in line), None)
    assert line is not None, f"{cls.__name__} is missing from the tree in cleaner/errors.py"
    if cls is not CleanerError and cls is not errors.ExtractionError:
        assert f"({cls.code})" in line
