"""``cleaner crawl``: sources → fetcher → pipeline → sinks, from command-line arguments."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.decode import to_text
from cleaner.errors import CleanerError
from cleaner.settings import FetchSettings, PipelineSettings, Settings

if TYPE_CHECKING:
    from cleaner.pipeline import RunReport
    from cleaner.sinks import Sink

__all__ = ["crawl", "run_crawl", "settings_from_args"]

log = logging.getLogger(__name__)

# argparse destination → FetchSettings field
_FETCH_FLAGS = {
    "concurrency": "concurrency",
    "per_host": "per_host_concurrency",
    "delay": "per_host_delay",
    "timeout": "deadline",
    "connect_timeout": "connect_timeout",
    "read_timeout": "read_timeout",
    "max_size": "max_body_bytes",
    "user_agent": "user_agent",
    "contact": "contact_url",
}
_PIPELINE_FLAGS = {
    "workers": "workers",
    "extract_timeout": "extract_timeout",
    "progress": "progress",
}


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings with every flag the user gave; defaults for the rest."""
    fetch: dict[str, Any] = {
        field: getattr(args, flag)
        for flag, field in _FETCH_FLAGS.items()
        if getattr(args, flag) is not None
    }
    if args.retries is not None:
        fetch["max_attempts"] = args.retries + 1
    fetch["robots"] = args.robots
    fetch["allow_private"] = args.allow_private
    pipeline = {
        field: getattr(args, flag)
        for flag, field in _PIPELINE_FLAGS.items()
        if getattr(args, flag) is not None
    }
    return Settings(fetch=FetchSettings(**fetch), pipeline=PipelineSettings(**pipeline))


def _read_urls(name: str | None) -> list[str]:
    if name is None:
        return []
    text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    return text.splitlines()


def run_crawl(args: argparse.Namespace, settings: Settings) -> int:
    """Run a crawl; exit code 0 when nothing failed, 1 when some inputs failed."""
    from cleaner.sinks import JsonDirSink, JsonlSink, RejectsSink, existing_urls

    urls = list(args.urls) + _read_urls(args.url_file)
    skip = existing_urls(Path(args.output)) if args.resume else set()
    with ExitStack() as stack:
        sinks: list[Sink] = [stack.enter_context(JsonlSink(Path(args.output)))]
        if args.json_dir:
            sinks.append(stack.enter_context(JsonDirSink(Path(args.json_dir))))
        if args.rejects:
            sinks.append(stack.enter_context(RejectsSink(Path(args.rejects))))
        report = asyncio.run(
            crawl(
                urls,
                feeds=args.feed,
                sitemaps=args.sitemap,
                homepages=args.discover,
                settings=settings,
                sinks=sinks,
                skip=skip,
            )
        )
    sys.stderr.write(report.summary() + "\n")
    return 1 if report.failed else 0


async def crawl(
    urls: Iterable[str],
    *,
    feeds: Iterable[str] = (),
    sitemaps: Iterable[str] = (),
    homepages: Iterable[str] = (),
    settings: Settings,
    sinks: list[Sink],
    skip: set[str] | None = None,
) -> RunReport:
    """The whole crawl, as a coroutine: usable from code as well as from the CLI."""
    from cleaner.fetch.fetcher import Fetcher
    from cleaner.pipeline import Pipeline
    from cleaner.sources import discover, targets
    from cleaner.urls import Seen, normalise_url

    async with Fetcher(settings.fetch) as fetcher:

        async def fetch_bytes(url: str) -> bytes:
            return (await fetcher.fetch(url, expect="any")).body

        async def fetch_text(url: str) -> str:
            page = await fetcher.fetch(url, expect="any")
            return to_text(page.body, http_charset=page.charset)

        feeds, sitemaps = list(feeds), list(sitemaps)
        for homepage in homepages:
            try:
                found = await discover(homepage, fetch_text)
            except CleanerError as error:
                log.warning("cannot discover feeds of %s: %s", homepage, error)
                continue
            feeds += found.feeds
            sitemaps += found.sitemaps
        seen = Seen()
        for url in skip or ():  # a resumed run: what is already written counts as seen
            seen.add(normalise_url(url) or url)
        source = targets(urls, feeds=feeds, sitemaps=sitemaps, fetch=fetch_bytes, seen=seen)
        pipeline = Pipeline(settings, fetcher=fetcher, sinks=sinks)
        return await pipeline.run(source, done=skip or ())
