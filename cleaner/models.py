"""Article: the one output schema of cleaner (frozen, unknown fields forbidden)."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from cleaner._version import SCHEMA_VERSION, __version__

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "DateSource",
    "content_hash",
    "make_article",
    "normalise_text",
    "word_count",
]


def _real_moment(value: str) -> str:
    """The pattern admits "2025-02-30" and "25:61"; the calendar does not."""
    try:
        if "T" in value:
            datetime.fromisoformat(value)
        else:
            date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"not a real date or time: {value!r}") from error
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text must contain more than white space")
    return value


DateSource = Literal["jsonld", "meta", "time", "text", "url"]

# ISO 8601: a date, or a date-time with a time zone (never a naive time).
IsoDateOrDateTime = Annotated[
    str,
    StringConstraints(
        pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$"
    ),
    AfterValidator(_real_moment),
]


class Article(BaseModel):
    """A clean news article. Every record carries ``cleaner_version`` and ``schema_version``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str | None = Field(None, description="the URL the page was fetched from, if known")
    canonical_url: str | None = Field(None, description="<link rel=canonical> or og:url")
    title: str | None = Field(None, description="the headline, without the site-name suffix")
    authors: tuple[str, ...] = Field((), description="person names; never the site name")
    published: IsoDateOrDateTime | None = Field(
        None, description="ISO 8601; with time zone when the page gives a time, else a date"
    )
    published_source: DateSource | None = Field(
        None,
        description="where `published` was found: jsonld, meta (<meta> tags), time (<time> or "
        "itemprop), text (the dateline shown near the headline or opening the text), url",
    )
    modified: IsoDateOrDateTime | None = Field(None, description="ISO 8601, as `published`")
    modified_source: DateSource | None = Field(None, description="as `published_source`")
    language: str | None = Field(None, description="BCP 47 language tag")
    site_name: str | None = None
    description: str | None = None
    text: Annotated[str, AfterValidator(_not_blank)] = Field(
        min_length=1,
        description="the body without the headline; blocks separated by one blank line",
    )
    word_count: int = Field(ge=0)
    content_hash: str = Field(
        pattern=r"^sha256:[0-9a-f]{64}$", description="sha256 of the normalised text"
    )
    extracted_at: AwareDatetime
    cleaner_version: str = __version__
    schema_version: Literal[1, 2] = Field(
        SCHEMA_VERSION, description="2 added published_source and modified_source; 1 still reads"
    )


def normalise_text(text: str) -> str:
    """NFKC, case-folded, white space collapsed: the form the content hash is taken of."""
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    """Words as ``wc -w`` counts them: runs of characters between white space."""
    return len(text.split())


def make_article(
    *,
    text: str,
    url: str | None = None,
    canonical_url: str | None = None,
    title: str | None = None,
    authors: tuple[str, ...] = (),
    published: str | None = None,
    published_source: DateSource | None = None,
    modified: str | None = None,
    modified_source: DateSource | None = None,
    language: str | None = None,
    site_name: str | None = None,
    description: str | None = None,
    extracted_at: datetime | None = None,
) -> Article:
    """Build an Article, deriving word count, content hash and provenance fields."""
    return Article(
        url=url,
        canonical_url=canonical_url,
        title=title,
        authors=authors,
        published=published,
        published_source=published_source if published else None,
        modified=modified,
        modified_source=modified_source if modified else None,
        language=language,
        site_name=site_name,
        description=description,
        text=text,
        word_count=word_count(text),
        content_hash=content_hash(text),
        extracted_at=extracted_at or datetime.now(UTC),
    )
