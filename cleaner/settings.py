"""Settings: the only place where defaults and thresholds live.

One frozen ``Settings`` object is passed down through every stage; nothing is read from the
environment or from files at import time.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cleaner._version import __version__

__all__ = ["ExtractSettings", "FetchSettings", "PipelineSettings", "Settings"]

DEFAULT_CONTACT = "https://github.com/cleaner-project/cleaner"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExtractSettings(_Frozen):
    """Limits and thresholds of ``cleaner.extract``."""

    max_input_bytes: int = Field(16 * 1024 * 1024, gt=0, description="larger inputs raise")
    max_depth: int = Field(2000, gt=0, description="deeper element nesting raises before parsing")
    min_text_chars: int = Field(
        250, ge=0, description="a body shorter than this triggers relaxed extraction"
    )
    min_article_chars: int = Field(
        1, ge=0, description="a body shorter than this after every retry is 'no article'"
    )


class FetchSettings(_Frozen):
    """Politeness and limits of the fetcher, with safe defaults (as Scrapy's settings)."""

    concurrency: int = Field(16, gt=0, description="requests in flight at once, all hosts")
    per_host_concurrency: int = Field(1, gt=0, description="requests in flight per host")
    per_host_delay: float = Field(1.0, ge=0, description="seconds between requests to a host")
    connect_timeout: float = Field(10.0, gt=0)
    read_timeout: float = Field(30.0, gt=0, description="longest wait for the next bytes")
    deadline: float = Field(60.0, gt=0, description="total seconds per fetch, all attempts")
    max_body_bytes: int = Field(
        10 * 1024 * 1024, gt=0, description="cap on the decoded body, enforced while streaming"
    )
    max_redirects: int = Field(5, ge=0)
    max_attempts: int = Field(3, gt=0, description="tries on connect errors, 429 and 5xx")
    backoff_base: float = Field(0.5, ge=0, description="first retry delay; doubles, with jitter")
    backoff_max: float = Field(30.0, ge=0)
    retry_after_max: float = Field(60.0, ge=0, description="longest Retry-After honoured")
    robots: bool = Field(True, description="obey robots.txt (and its Crawl-delay)")
    user_agent: str | None = Field(None, description="default: cleaner/VERSION (+contact)")
    contact_url: str = DEFAULT_CONTACT
    allow_private: bool = Field(
        False, description="allow loopback and private addresses (local use, demos, tests)"
    )
    allow_addresses: tuple[str, ...] = Field(
        (), description="exact addresses allowed although private (e.g. 127.0.0.1 only)"
    )

    @property
    def agent(self) -> str:
        return self.user_agent or f"cleaner/{__version__} (+{self.contact_url})"


class PipelineSettings(_Frozen):
    """How the pipeline spends the machine: extraction workers and their budget."""

    workers: int | None = Field(None, gt=0, description="extraction processes; default all cores")
    extract_timeout: float = Field(30.0, gt=0, description="seconds of extraction per page")
    progress: bool | None = Field(None, description="progress bar; default when stderr is a tty")


class Settings(_Frozen):
    """All settings of cleaner, by section."""

    extract: ExtractSettings = ExtractSettings()
    fetch: FetchSettings = FetchSettings()
    pipeline: PipelineSettings = PipelineSettings()
