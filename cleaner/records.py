"""What moves between stages: Target (a URL to fetch), Page (a fetched response), and the
Outcome every input ends as (Extracted, Skipped or Failed). Frozen pydantic models, so a run's
records can be written, read back and compared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from cleaner.models import Article
from cleaner.settings import ExtractSettings

__all__ = [
    "ExtractFunction",
    "Extracted",
    "FailReason",
    "Failed",
    "Outcome",
    "Page",
    "Result",
    "SkipReason",
    "Skipped",
    "SourceKind",
    "Target",
    "utc_now",
]

SourceKind = Literal["argument", "file", "stdin", "feed", "sitemap", "discovered", "warc"]

# Inputs that ended without an article for an expected reason.
SkipReason = Literal[
    "robots",  # robots.txt disallows it
    "not_html",  # a PDF, an image, ...
    "no_article",  # an index page, a wall, an error page
    "not_modified",  # 304 on a conditional GET
    "duplicate",  # seen earlier in this run
    "blocked",  # scheme or address refused by policy
]
# Inputs that ended without an article because something went wrong.
FailReason = Literal[
    "http_status",
    "timeout",
    "connect",
    "redirects",
    "too_large",
    "too_deep",  # element nesting past the limit: refused before parsing
    "decoding",
    "extract_timeout",  # extraction took longer than its budget; the worker was replaced
    "worker_crash",  # the extraction process died
    "error",  # anything else: a bug; the message says what
]


def utc_now() -> datetime:
    return datetime.now(UTC)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Target(_Record):
    """A URL to fetch, where it came from, and validators for a conditional GET."""

    url: str
    source: SourceKind = "argument"
    found_in: str | None = Field(None, description="the feed, sitemap or page that listed it")
    etag: str | None = None
    last_modified: str | None = None


class Page(_Record):
    """A fetched response: the raw body, never decoded here (see ``cleaner.decode``)."""

    url: str = Field(description="the URL asked for")
    final_url: str = Field(description="the URL after redirects")
    status: int
    headers: dict[str, str] = Field(default_factory=dict, description="lower-cased names")
    body: bytes = b""
    fetched_at: AwareDatetime = Field(default_factory=utc_now)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class Extracted(_Record):
    kind: Literal["extracted"] = "extracted"
    url: str
    article: Article


class Skipped(_Record):
    kind: Literal["skipped"] = "skipped"
    url: str
    reason: SkipReason
    detail: str = ""
    at: AwareDatetime = Field(default_factory=utc_now)


class Failed(_Record):
    kind: Literal["failed"] = "failed"
    url: str
    reason: FailReason
    detail: str = ""
    at: AwareDatetime = Field(default_factory=utc_now)


Outcome = Annotated[Extracted | Skipped | Failed, Field(discriminator="kind")]

Result = Extracted | Skipped | Failed
"""What every input ends as; ``Outcome`` is the same union, tagged for reading records back."""

ExtractFunction = Callable[[Page, ExtractSettings], Result]
"""What runs in the extraction workers: top-level (so it pickles), and it must not raise."""
