"""The pipeline: targets → fetch (async) → extract (worker processes) → sinks, one outcome each.

    targets ─► feed ─(queue)─► fetch: `concurrency` tasks ─(queue)─► extract: 2 x `workers` tasks
                │                  │ FetchError, 304                   │ in an Executor
                ▼                  ▼                                   ▼
            Skipped(duplicate)  Skipped / Failed         Extracted / Skipped / Failed

    every outcome ─► every sink; each sink keeps the kinds it is for

Per-item isolation, as the rest of cleaner promises: every input ends as exactly one outcome.
Fetch errors map to a reason (``fetch_outcome``); extraction errors too (``extract_page``, which
never raises). Memory stays bounded: both queues are bounded, so a slow stage holds back the
one before it.

Each page has ``PipelineSettings.extract_timeout`` seconds of worker time, over all its
attempts; its clock starts when a worker is free for it, not while it waits in the executor's
queue. A page that runs past it becomes Failed(extract_timeout) and its worker is replaced: a
process pool cannot stop one worker, so all its processes are killed, a new pool is made and
the other pages that were in flight are resubmitted with the rest of their time. When a worker
dies (a segfault in the parser, the OOM killer) every page in flight in that pool is lost; each
is retried alone, so only the page that kills its worker again ends as Failed(worker_crash).

Extraction is written against ``concurrent.futures.Executor``: the default is a
``ProcessPoolExecutor`` of ``workers`` processes; a thread pool or a cluster executor can be
plugged in with ``executor_factory`` (set ``workers`` to its capacity; only process pools can
have a stuck call killed, other executors are abandoned and replaced).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import multiprocessing
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
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from cleaner.errors import CleanerError, FetchError
from cleaner.extraction import extract
from cleaner.records import (
    Extracted,
    Failed,
    FailReason,
    Page,
    Skipped,
    SkipReason,
    Target,
)
from cleaner.settings import ExtractSettings, Settings

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

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

Result = Extracted | Skipped | Failed
ExtractFunction = Callable[[Page, ExtractSettings], Result]
"""What runs in the workers: top-level (picklable), and it must not raise."""

# An attempt whose worker died: "killed" when the pool was replaced for another page's overrun
# (this page is innocent), "crashed" when a worker died on its own (this page may be the cause).
_Loss = Literal["killed", "crashed"]

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
# Executors that can be replaced


def _process_pool(workers: int) -> Executor:
    """The default executor: worker processes started by a fork server where there is one.

    Not plain fork: the parent runs an event loop and the fetcher's threads, and forking a
    threaded process can deadlock the child. The server preloads cleaner, so the pool made to
    replace a killed one starts in milliseconds.
    """
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["cleaner.pipeline"])
        context = server
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _kill(executor: Executor) -> None:
    """Stop an executor now, abandoning what runs in it.

    A process pool cannot stop one worker, so all its processes are killed (via the private
    ``_processes``, there since Python 3.2); its manager thread then fails the other calls with
    BrokenProcessPool. A thread cannot be killed at all: a thread pool is only abandoned, and
    its stuck thread ends when its call returns.
    """
    if isinstance(executor, ProcessPoolExecutor):
        processes = getattr(executor, "_processes", None) or {}
        for process in list(processes.values()):
            process.kill()
    executor.shutdown(wait=False, cancel_futures=False)


#: Longest wait for a new executor's workers to start before pages are sent anyway.
_START_TIMEOUT = 60.0


def _warm(function: ExtractFunction) -> None:
    """Runs once per new worker: receiving ``function`` imports its module (and cleaner)."""


def _start(factory: Callable[[], Executor], function: ExtractFunction, workers: int) -> Executor:
    """Make an executor and wait until its workers are up (run in a thread: starting processes
    blocks, and the event loop must go on fetching meanwhile)."""
    executor = factory()
    warm_ups = [executor.submit(_warm, function) for _ in range(workers)]
    for warm_up in warm_ups:
        try:
            warm_up.result(timeout=_START_TIMEOUT)
        except Exception as error:  # a broken executor shows itself again on the first page
            log.warning("a new executor failed to start: %s", _describe(error))
            break
    return executor


class _Lane:
    """An executor that is replaced when a page overruns its budget or a worker dies.

    ``generation`` counts replacements, so an attempt that lost its worker can ask why that
    generation ended: killed for another page's overrun, or crashed on its own. A new executor
    is warmed up (one call per worker) before pages go in, so that starting processes and
    importing cleaner is not charged to the first pages' budgets. Up to three times as many
    pages as workers are submitted (a worker never waits for the event loop to hand it the
    next page: 0.6x → 0.7-0.8x of extract-only throughput in ``bench.pipeline`` on 2 cores);
    ``slots`` starts each page's budget only once a worker is presumably free for it.
    """

    def __init__(
        self, factory: Callable[[], Executor], function: ExtractFunction, workers: int
    ) -> None:
        self._factory = factory
        self._function = function
        self._workers = workers
        self._executor: Executor | None = None
        self._starting = asyncio.Lock()
        #: One per worker: held by the pages presumed to be running, in submission order.
        self.slots = asyncio.Semaphore(workers)
        self.generation = 0
        self._ended: dict[int, _Loss] = {}

    async def submit(self, page: Page, settings: ExtractSettings) -> tuple[int, Future[Result]]:
        for _ in range(2):
            executor = await self._current()
            generation = self.generation  # no await since: this is the executor's generation
            try:
                return generation, executor.submit(self._function, page, settings)
            except BrokenExecutor:  # it broke before any attempt noticed; a new one will do
                self.retire(generation, "crashed")
        raise BrokenExecutor("a new executor broke before it took any work")

    async def _current(self) -> Executor:
        async with self._starting:
            while self._executor is None:
                generation = self.generation
                executor = await asyncio.to_thread(
                    _start, self._factory, self._function, self._workers
                )
                if generation == self.generation:
                    self._executor = executor
                else:  # retired while warming up (a crash during start-up)
                    _kill(executor)
            return self._executor

    def retire(self, generation: int, why: _Loss) -> _Loss:
        """End ``generation`` unless that was done already; return why it ended."""
        if generation == self.generation:
            self._ended[generation] = why
            self.generation += 1
            executor, self._executor = self._executor, None
            if executor is not None:
                _kill(executor)
        return self._ended.get(generation, why)

    def close(self, *, kill: bool) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:
            _kill(executor)
        else:
            executor.shutdown(wait=True)


#: A page killed along with another page's pool is resubmitted only while at least this share
#: of its budget is left: a page that was about to overrun too would only take the next pool
#: down after another full budget.
_RESUBMIT_SHARE = 0.1


class _Extraction:
    """Extraction with a time budget per page, over replaceable executors.

    The budget is the page's total time in workers, over all its attempts. Pages run in the
    main lane. When a worker dies, every page in flight there is lost and the culprit cannot be
    told apart, so each lost page is retried alone in a second lane (one page at a time): a
    crash there is that page's own.
    """

    def __init__(
        self,
        function: ExtractFunction,
        settings: Settings,
        factory: Callable[[], Executor],
        workers: int,
    ) -> None:
        self._settings = settings.extract
        self._budget = settings.pipeline.extract_timeout
        self._main = _Lane(factory, function, workers)
        self._alone = _Lane(factory, function, 1)
        self._alone_lock = asyncio.Lock()

    async def extract(self, page: Page) -> Result:
        left = [self._budget]  # shared with the attempts, which spend it
        result = await self._attempt(self._main, page, left)
        while result == "killed":  # the pool was killed for another page's overrun
            if left[0] < self._budget * _RESUBMIT_SHARE:
                return self._overran(page)
            result = await self._attempt(self._main, page, left)
        if result != "crashed":
            return result
        async with self._alone_lock:
            result = await self._attempt(self._alone, page, left)
        if isinstance(result, str):
            log.warning("extraction of %s killed its worker process", page.url)
            return Failed(url=page.url, reason="worker_crash", detail="the worker process died")
        return result

    async def _attempt(self, lane: _Lane, page: Page, left: list[float]) -> Result | _Loss:
        generation, future = await lane.submit(page, self._settings)
        # Submitted at once, so the executor has the next page queued when a worker frees up;
        # the budget starts with a slot, when the page is (in a FIFO executor) in a worker.
        async with lane.slots:
            started = time.monotonic()
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), max(left[0], 0.0))
            except TimeoutError:
                lane.retire(generation, "killed")
                return self._overran(page)
            except BrokenExecutor:
                return lane.retire(generation, "crashed")
            except asyncio.CancelledError:
                # A replaced executor may cancel queued calls; only our own cancellation counts.
                task = asyncio.current_task()
                if future.cancelled() and task is not None and not task.cancelling():
                    return lane.retire(generation, "killed")
                raise
            finally:
                left[0] -= time.monotonic() - started

    def _overran(self, page: Page) -> Failed:
        log.warning(
            "extraction of %s ran over %g s; its worker was replaced", page.url, self._budget
        )
        detail = f"extraction ran over {self._budget:g} s"
        return Failed(url=page.url, reason="extract_timeout", detail=detail)

    def close(self, *, kill: bool) -> None:
        self._main.close(kill=kill)
        self._alone.close(kill=kill)


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
        extraction: _Extraction,
        sinks: Sequence[Sink],
        bar: Any,
        workers: int,
    ) -> None:
        self.tally = _Tally()
        self._fetcher = fetcher
        self._extraction = extraction
        self._sinks = sinks
        self._bar = bar
        self._fetchers = settings.fetch.concurrency
        self._fetchers_left = self._fetchers
        self._extractors = 3 * workers  # per worker: one page running, two queued behind it
        self._seen: set[str] = set()
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
                fetched = page_verdict(fetched) or fetched
            if isinstance(fetched, Page):
                await self._pages.put((target, fetched))
            else:
                self._emit(_keyed(fetched, target))
        self._fetchers_left -= 1
        if self._fetchers_left == 0:  # the last fetcher out tells the extractors to stop
            for _ in range(self._extractors):
                await self._pages.put(None)

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
    a ``cleaner.fetch.fetcher.Fetcher(settings.fetch)`` for the run. ``executor_factory`` makes
    the extraction executor (called again whenever one must be replaced). Sinks are the
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
        self._executor_factory = executor_factory or functools.partial(_process_pool, self.workers)
        self._sinks = tuple(sinks)
        self._extractor = extractor

    async def run(self, targets: Iterable[Target] | AsyncIterable[Target]) -> RunReport:
        started = time.monotonic()
        if self._fetcher is not None:
            tally = await self._run(self._fetcher, targets)
        else:
            from cleaner.fetch.fetcher import Fetcher

            async with Fetcher(self.settings.fetch) as fetcher:
                tally = await self._run(fetcher, targets)
        report = tally.report(time.monotonic() - started)
        log.info("run finished: %s", report.summary().replace("\n", ";"))
        return report

    async def _run(
        self, fetcher: PageFetcher, targets: Iterable[Target] | AsyncIterable[Target]
    ) -> _Tally:
        total = len(targets) if isinstance(targets, Sized) else None
        extraction = _Extraction(
            self._extractor, self.settings, self._executor_factory, self.workers
        )
        try:
            with _progress_bar(self.settings.pipeline.progress, total) as bar:
                run = _Run(self.settings, fetcher, extraction, self._sinks, bar, self.workers)
                await run.run(targets)
        except BaseException:
            extraction.close(kill=True)
            raise
        extraction.close(kill=False)
        return run.tally
