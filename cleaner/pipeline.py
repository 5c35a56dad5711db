"""The pipeline: targets → fetch (async) → extract (worker processes) → sinks, one outcome each.

    targets ─► feed ─(queue)─► fetch: `concurrency` tasks ─(queue)─► extract: 3 x `workers` tasks
                │                  │ FetchError, 304,                  │ in worker processes
                │                  │ a page reached before             │
                ▼                  ▼                                   ▼
            Skipped(duplicate)  Skipped / Failed         Extracted / Skipped / Failed

    every outcome ─► every sink; each sink keeps the kinds it is for

Per-item isolation, as the rest of cleaner promises: every input ends as exactly one outcome.
Fetch errors map to a reason (``fetch_outcome``); extraction errors too (``extract_page``, which
never raises). Memory stays bounded: both queues are bounded, so a slow stage holds back the
one before it.

Each page has ``PipelineSettings.extract_timeout`` seconds of worker time, over all its
attempts; its clock starts when a worker takes it, not while it waits. A page that runs past it
becomes Failed(extract_timeout) and its worker is replaced; a page that kills its worker twice
becomes Failed(worker_crash); the pages in flight beside it are not blamed.

Extraction runs in ``cleaner.workers.WorkerPool``: ``workers`` processes (default: every core)
driven by the event loop, so a slow page never stalls fetching. Any
``concurrent.futures.Executor`` can take its place (``executor_factory``: a cluster executor, a
thread pool; set ``workers`` to its capacity), with the same budgets and crash handling
(``cleaner.executors``).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    Sized,
)
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from cleaner.errors import CleanerError, FetchError
from cleaner.executors import ExecutorExtraction
from cleaner.extraction import extract
from cleaner.records import (
    Extracted,
    ExtractFunction,
    Failed,
    FailReason,
    Page,
    Result,
    Skipped,
    SkipReason,
    Target,
)
from cleaner.settings import ExtractSettings, Settings
from cleaner.urls import Seen
from cleaner.workers import WorkerPool

if TYPE_CHECKING:
    from cleaner.sinks import Sink

__all__ = [
    "ExtractFunction",
    "PageFetcher",
    "Pipeline",
    "RunReport",
    "extract_page",
    "fetch_outcome",
    "page_verdict",
]

log = logging.getLogger(__name__)


_FETCH_SKIPS: dict[str, SkipReason] = {
    "robots": "robots",
    "blocked": "blocked",
    "content_type": "not_html",
}
_FETCH_FAILS: dict[str, FailReason] = {
    "timeout": "timeout",
    "connect": "connect",
    "redirects": "redirects",
    "http_status": "http_status",
    "body_too_large": "too_large",
    "decoding": "decoding",
}
_EXTRACT_SKIPS: dict[str, SkipReason] = {"no_article": "no_article", "not_html": "not_html"}
_EXTRACT_FAILS: dict[str, FailReason] = {"too_large": "too_large", "too_deep": "too_deep"}


class PageFetcher(Protocol):
    """What the pipeline needs of a fetcher (``cleaner.fetch.fetcher.Fetcher`` is one)."""

    async def fetch(self, target: Target, *, expect: Literal["html"]) -> Page: ...


class Extraction(Protocol):
    """Where pages are extracted: ``WorkerPool`` or ``ExecutorExtraction``."""

    async def extract(self, page: Page) -> Result: ...

    def close(self, *, kill: bool) -> None: ...


# ---------------------------------------------------------------------------------------------
# Mapping errors to outcomes


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def fetch_outcome(url: str, error: FetchError) -> Skipped | Failed:
    """The outcome of a fetch that raised: a policy refusal is a skip, the rest failures."""
    if error.code in _FETCH_SKIPS:
        return Skipped(url=url, reason=_FETCH_SKIPS[error.code], detail=error.reason)
    if error.code in _FETCH_FAILS:
        return Failed(url=url, reason=_FETCH_FAILS[error.code], detail=error.reason)
    log.error("unexpected fetch error for %s: %s", url, _describe(error))
    return Failed(url=url, reason="error", detail=f"{error.code}: {error.message}")


def page_verdict(page: Page) -> Skipped | Failed | None:
    """An outcome decided by the status alone, before any extraction; None to extract."""
    if page.status == 304:
        return Skipped(url=page.url, reason="not_modified", detail="304 Not Modified")
    if not 200 <= page.status < 300:
        # The fetcher raises HTTPStatusError itself; this is for pages from WARC files or tests.
        return Failed(url=page.url, reason="http_status", detail=f"HTTP {page.status}")
    return None


def _extraction_outcome(url: str, error: CleanerError) -> Skipped | Failed:
    if error.code in _EXTRACT_SKIPS:
        return Skipped(url=url, reason=_EXTRACT_SKIPS[error.code], detail=error.message)
    reason = _EXTRACT_FAILS.get(error.code, "error")
    detail = error.message if error.code == reason else f"{error.code}: {error.message}"
    return Failed(url=url, reason=reason, detail=detail)


def extract_page(page: Page, settings: ExtractSettings) -> Result:
    """Extract one fetched page into its outcome; never raises.

    Top-level so that it pickles into worker processes. Relative URLs resolve against the
    final URL (after redirects); the outcome is keyed by the URL asked for.
    """
    verdict = page_verdict(page)
    if verdict is not None:
        return verdict
    try:
        article = extract(
            page.body,
            url=page.final_url or page.url,
            http_charset=page.charset,
            settings=Settings(extract=settings),
        )
    except CleanerError as error:
        return _extraction_outcome(page.url, error)
    except Exception as error:  # a bug must cost one page, not the run
        log.exception("unexpected error extracting %s", page.url)
        return Failed(url=page.url, reason="error", detail=_describe(error))
    return Extracted(url=page.url, article=article)


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did, for the end-of-run summary (as Scrapy's stats) and the exit code."""

    inputs: int
    fetched: int
    extracted: int
    skipped: Mapping[str, int] = field(default_factory=dict)
    failed: Mapping[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def outcomes(self) -> int:
        return self.extracted + sum(self.skipped.values()) + sum(self.failed.values())

    @property
    def pages_per_second(self) -> float:
        """Inputs finished per second of wall time."""
        return self.outcomes / self.elapsed if self.elapsed > 0 else 0.0

    def summary(self) -> str:
        """A few lines for stderr."""

        def by_reason(counts: Mapping[str, int]) -> str:
            parts = ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items()))
            return f" ({parts})" if parts else ""

        return "\n".join(
            [
                f"{self.inputs} inputs in {self.elapsed:.1f} s ({self.pages_per_second:.1f}/s)",
                f"  fetched    {self.fetched}",
                f"  extracted  {self.extracted}",
                f"  skipped    {sum(self.skipped.values())}{by_reason(self.skipped)}",
                f"  failed     {sum(self.failed.values())}{by_reason(self.failed)}",
            ]
        )


@dataclass(slots=True)
class _Tally:
    inputs: int = 0
    fetched: int = 0
    extracted: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Result) -> None:
        if isinstance(outcome, Extracted):
            self.extracted += 1
        elif isinstance(outcome, Skipped):
            self.skipped[outcome.reason] += 1
        else:
            self.failed[outcome.reason] += 1

    def report(self, elapsed: float) -> RunReport:
        return RunReport(
            inputs=self.inputs,
            fetched=self.fetched,
            extracted=self.extracted,
            skipped=dict(sorted(self.skipped.items())),
            failed=dict(sorted(self.failed.items())),
            elapsed=elapsed,
        )


# ---------------------------------------------------------------------------------------------
# One run


async def _each(targets: Iterable[Target] | AsyncIterable[Target]) -> AsyncIterator[Target]:
    if isinstance(targets, AsyncIterable):
        async for target in targets:
            yield target
    else:
        for target in targets:
            yield target


async def _supervise(tasks: Sequence[asyncio.Task[None]]) -> None:
    """Wait for all the tasks; on the first error cancel the rest and raise it (not a group)."""
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            error = None if task.cancelled() else task.exception()
            if error is not None:
                raise error
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _keyed(outcome: Result, target: Target) -> Result:
    """The outcome under its target's URL, whatever the fetcher put in ``Page.url``: resumed
    runs and reports match outcomes to inputs by it."""
    if outcome.url == target.url:
        return outcome
    return outcome.model_copy(update={"url": target.url})


class _Run:
    """The state of one ``Pipeline.run``: queues, counts, the URLs seen, the progress bar."""

    def __init__(
        self,
        settings: Settings,
        fetcher: PageFetcher,
        extraction: Extraction,
        sinks: Sequence[Sink],
        bar: Any,
        workers: int,
        done: Iterable[str] = (),
    ) -> None:
        self.tally = _Tally()
        self._fetcher = fetcher
        self._extraction = extraction
        self._sinks = sinks
        self._bar = bar
        self._fetchers = settings.fetch.concurrency
        self._fetchers_left = self._fetchers
        # Per worker: one page running, one queued in it, one waiting for it in the parent.
        self._extractors = 3 * workers
        self._seen: set[str] = set()
        # Where fetched pages ended, after redirects, and the URLs a resumed run has written
        # already: two targets that lead to one page give one record, and only one.
        self._landed = Seen()
        for url in done:
            self._landed.add(url)
        # Bounded: at most `concurrency` pages being fetched (or waiting to be queued), four
        # times `workers` in the queue and three times `workers` in extraction are in memory.
        self._targets: asyncio.Queue[Target | None] = asyncio.Queue(self._fetchers)
        self._pages: asyncio.Queue[tuple[Target, Page] | None] = asyncio.Queue(4 * workers)

    async def run(self, targets: Iterable[Target] | AsyncIterable[Target]) -> None:
        tasks = [asyncio.create_task(self._feed(targets))]
        tasks += [asyncio.create_task(self._fetch_loop()) for _ in range(self._fetchers)]
        tasks += [asyncio.create_task(self._extract_loop()) for _ in range(self._extractors)]
        await _supervise(tasks)

    def _emit(self, outcome: Result) -> None:
        for sink in self._sinks:
            sink.write(outcome)
        self.tally.add(outcome)
        if self._bar.disable:
            return
        self._bar.update(1)
        self._bar.set_postfix(
            extracted=self.tally.extracted,
            skipped=self.tally.skipped.total(),
            failed=self.tally.failed.total(),
            refresh=False,
        )

    async def _feed(self, targets: Iterable[Target] | AsyncIterable[Target]) -> None:
        async for target in _each(targets):
            self.tally.inputs += 1
            if target.url in self._seen:
                self._emit(Skipped(url=target.url, reason="duplicate"))
                continue
            self._seen.add(target.url)
            await self._targets.put(target)
        for _ in range(self._fetchers):
            await self._targets.put(None)

    async def _fetch_loop(self) -> None:
        while (target := await self._targets.get()) is not None:
            fetched = await self._fetch(target)
            if isinstance(fetched, Page):
                self.tally.fetched += 1
                fetched = page_verdict(fetched) or self._landed_before(target, fetched) or fetched
            if isinstance(fetched, Page):
                await self._pages.put((target, fetched))
            else:
                self._emit(_keyed(fetched, target))
        self._fetchers_left -= 1
        if self._fetchers_left == 0:  # the last fetcher out tells the extractors to stop
            for _ in range(self._extractors):
                await self._pages.put(None)

    def _landed_before(self, target: Target, page: Page) -> Skipped | None:
        """A duplicate if another target (or a previous run) has led to the same page."""
        landed = page.final_url or page.url
        if self._landed.add(landed):
            return None
        where = "" if landed == target.url else f"it leads to {landed}, which "
        return Skipped(url=target.url, reason="duplicate", detail=f"{where}was fetched already")

    async def _fetch(self, target: Target) -> Page | Skipped | Failed:
        try:
            return await self._fetcher.fetch(target, expect="html")
        except FetchError as error:
            log.info("not fetched (%s): %s", error.code, error.message)
            return fetch_outcome(target.url, error)
        except Exception as error:
            log.exception("unexpected error fetching %s", target.url)
            return Failed(url=target.url, reason="error", detail=_describe(error))

    async def _extract_loop(self) -> None:
        while (item := await self._pages.get()) is not None:
            target, page = item
            try:
                outcome = await self._extraction.extract(page)
            except Exception as error:
                log.exception("unexpected error extracting %s", target.url)
                outcome = Failed(url=target.url, reason="error", detail=_describe(error))
            self._emit(_keyed(outcome, target))


@contextmanager
def _progress_bar(enabled: bool | None, total: int | None) -> Iterator[Any]:
    """A tqdm bar on stderr, on request or by default when stderr is a terminal."""
    tqdm = importlib.import_module("tqdm").tqdm  # imported late: most runs are not on a tty

    if enabled is None:
        enabled = sys.stderr is not None and sys.stderr.isatty()
    bar = tqdm(total=total, unit="page", file=sys.stderr, disable=not enabled, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()


class Pipeline:
    """Fetch, extract and write a stream of targets; ``run`` returns the RunReport.

    A ``fetcher`` passed in is the caller's to open and close; without one, the pipeline opens
    a ``cleaner.fetch.fetcher.Fetcher(settings.fetch)`` for the run. Pages are extracted in
    ``cleaner.workers.WorkerPool`` unless ``executor_factory`` is given: it makes an executor to
    extract in instead (called again whenever one must be replaced). Sinks are the
    caller's too: the pipeline writes every outcome to every sink and closes none. ``extractor``
    is the function run in the workers (top-level, picklable, never raising).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        fetcher: PageFetcher | None = None,
        executor_factory: Callable[[], Executor] | None = None,
        sinks: Sequence[Sink] = (),
        extractor: ExtractFunction = extract_page,
    ) -> None:
        self.settings = settings
        self.workers = settings.pipeline.workers or os.cpu_count() or 1
        self._fetcher = fetcher
        self._executor_factory = executor_factory
        self._sinks = tuple(sinks)
        self._extractor = extractor

    async def run(
        self, targets: Iterable[Target] | AsyncIterable[Target], *, done: Iterable[str] = ()
    ) -> RunReport:
        """Every target to one outcome. ``done``: the URLs of the articles a previous run wrote
        (``cleaner.sinks.existing_urls``); a page that leads to one of them, through redirects,
        is Skipped(duplicate) instead of written twice."""
        started = time.monotonic()
        if self._fetcher is not None:
            tally = await self._run(self._fetcher, targets, done)
        else:
            from cleaner.fetch.fetcher import Fetcher

            async with Fetcher(self.settings.fetch) as fetcher:
                tally = await self._run(fetcher, targets, done)
        report = tally.report(time.monotonic() - started)
        log.info("run finished: %s", report.summary().replace("\n", ";"))
        return report

    async def _run(
        self,
        fetcher: PageFetcher,
        targets: Iterable[Target] | AsyncIterable[Target],
        done: Iterable[str],
    ) -> _Tally:
        total = len(targets) if isinstance(targets, Sized) else None
        extraction: Extraction
        if self._executor_factory is None:
            extraction = WorkerPool(self._extractor, self.settings, self.workers)
        else:
            extraction = ExecutorExtraction(
                self._extractor, self.settings, self._executor_factory, self.workers
            )
        try:
            with _progress_bar(self.settings.pipeline.progress, total) as bar:
                run = _Run(self.settings, fetcher, extraction, self._sinks, bar, self.workers, done)
                await run.run(targets)
        except BaseException:
            extraction.close(kill=True)
            raise
        extraction.close(kill=False)
        return run.tally
