"""Every error a user of `cleaner` can meet.

    CleanerError                  base class; every error has a stable ``code``
    ├── ExtractionError           the input could not be turned into an Article
    │   ├── InputTooLargeError    more bytes or characters than Settings allow      (too_large)
    │   ├── DocumentTooDeepError  element nesting deeper than Settings allow         (too_deep)
    │   ├── NotHTMLError          binary or otherwise not text/HTML                  (not_html)
    │   └── NoArticleError        an index page, empty page, login or consent wall  (no_article)
    └── UsageError                a caller passed something the API does not accept (usage)

Third-party exceptions never escape: they are mapped to one of these where they enter.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "CleanerError",
    "DocumentTooDeepError",
    "ExtractionError",
    "InputTooLargeError",
    "NoArticleError",
    "NotHTMLError",
    "UsageError",
]


class CleanerError(Exception):
    """Base class of every error raised by cleaner."""

    code: ClassVar[str] = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExtractionError(CleanerError):
    """The input could not be turned into an Article."""

    code = "extraction"


class InputTooLargeError(ExtractionError):
    code = "too_large"


class DocumentTooDeepError(ExtractionError):
    code = "too_deep"


class NotHTMLError(ExtractionError):
    code = "not_html"


class NoArticleError(ExtractionError):
    code = "no_article"


class UsageError(CleanerError):
    code = "usage"
