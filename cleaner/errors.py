"""Every error a user of `cleaner` can meet.

    CleanerError                  base class; every error has a stable ``code``
    ├── ExtractionError           the input could not be turned into an Article
    │   ├── InputTooLargeError    more bytes or characters than Settings allow      (too_large)
    │   ├── DocumentTooDeepError  element nesting deeper than Settings allow         (too_deep)
    │   ├── NotHTMLError          binary or otherwise not text/HTML                  (not_html)
    │   └── NoArticleError        an index page, empty page, login or consent wall  (no_article)
    ├── FetchError                a URL could not be fetched; ``url``, ``reason``     (fetch)
    │   ├── BlockedURLError       scheme not http(s), or an address the policy refuses (blocked)
    │   ├── RobotsDisallowedError robots.txt disallows the URL for our user agent     (robots)
    │   ├── FetchTimeoutError     connect/read timeout or the total deadline passed   (timeout)
    │   ├── ConnectError          refused, reset, DNS failure, broken transfer        (connect)
    │   ├── TooManyRedirectsError a redirect loop or a chain longer than allowed      (redirects)
    │   ├── HTTPStatusError       a final status that is not 2xx (``status``)          (http_status)
    │   ├── BodyTooLargeError     the decoded body passed the size cap          (body_too_large)
    │   ├── ContentTypeError      not HTML (application/pdf, image/png, ...)     (content_type)
    │   └── ContentDecodingError  a Content-Encoding we cannot or will not decode     (decoding)
    ├── SourceError               a feed, sitemap or URL list could not be read       (source)
    └── UsageError                a caller passed something the API does not accept (usage)

Third-party exceptions never escape: they are mapped to one of these where they enter.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "BlockedURLError",
    "BodyTooLargeError",
    "CleanerError",
    "ConnectError",
    "ContentDecodingError",
    "ContentTypeError",
    "DocumentTooDeepError",
    "ExtractionError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "InputTooLargeError",
    "NoArticleError",
    "NotHTMLError",
    "RobotsDisallowedError",
    "SourceError",
    "TooManyRedirectsError",
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


class FetchError(CleanerError):
    """A URL could not be fetched. ``url`` is the URL asked for; ``reason`` says why."""

    code = "fetch"

    def __init__(self, reason: str, *, url: str = "") -> None:
        super().__init__(f"{url}: {reason}" if url else reason)
        self.url = url
        self.reason = reason


class BlockedURLError(FetchError):
    code = "blocked"


class RobotsDisallowedError(FetchError):
    code = "robots"


class FetchTimeoutError(FetchError):
    code = "timeout"


class ConnectError(FetchError):
    code = "connect"


class TooManyRedirectsError(FetchError):
    code = "redirects"


class HTTPStatusError(FetchError):
    code = "http_status"

    def __init__(self, reason: str, *, url: str = "", status: int = 0) -> None:
        super().__init__(reason, url=url)
        self.status = status


class BodyTooLargeError(FetchError):
    code = "body_too_large"


class ContentTypeError(FetchError):
    code = "content_type"


class ContentDecodingError(FetchError):
    code = "decoding"


class SourceError(CleanerError):
    """A feed, sitemap or URL list could not be read."""

    code = "source"


class UsageError(CleanerError):
    code = "usage"
