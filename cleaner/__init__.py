"""cleaner: news pages in, clean validated article records out.

The public surface is re-exported here; everything else is private to its module.
"""

from __future__ import annotations

import logging

from cleaner._version import SCHEMA_VERSION, __version__
from cleaner.cleantext import clean_text
from cleaner.errors import (
    CleanerError,
    DocumentTooDeepError,
    ExtractionError,
    InputTooLargeError,
    NoArticleError,
    NotHTMLError,
    UsageError,
)
from cleaner.extraction import Explanation, Removal, explain, extract
from cleaner.models import Article
from cleaner.settings import ExtractSettings, Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "CleanerError",
    "DocumentTooDeepError",
    "Explanation",
    "ExtractSettings",
    "ExtractionError",
    "InputTooLargeError",
    "NoArticleError",
    "NotHTMLError",
    "Removal",
    "Settings",
    "UsageError",
    "__version__",
    "clean_text",
    "explain",
    "extract",
]
