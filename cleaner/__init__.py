"""cleaner: news pages in, clean validated article records out.

The public surface is re-exported here; everything else is private to its module.
"""

from __future__ import annotations

import logging

from cleaner._version import SCHEMA_VERSION, __version__
from cleaner.cleantext import clean_text
from cleaner.errors import (
    BlockedURLError,
    BodyTooLargeError,
    CleanerError,
    ConnectError,
    ContentDecodingError,
    ContentTypeError,
    DocumentTooDeepError,
    ExtractionError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputTooLargeError,
    NoArticleError,
    NotHTMLError,
    RobotsDisallowedError,
    SourceError,
    TooManyRedirectsError,
    UsageError,
)
from cleaner.extraction import Explanation, Removal, explain, extract
from cleaner.models import Article
from cleaner.pipeline import Pipeline, RunReport
from cleaner.records import Extracted, Failed, Page, Skipped, Target
from cleaner.settings import ExtractSettings, FetchSettings, PipelineSettings, Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
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
