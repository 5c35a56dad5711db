"""Extraction over any ``concurrent.futures.Executor``: a thread pool, a process pool, a cluster.

The pipeline's default is ``cleaner.workers.WorkerPool``; ``Pipeline(executor_factory=...)``
plugs an executor in instead, and this module gives it the same promises: a time budget per
page, and a crash costs only the page that causes it.

An executor cannot say which of its workers runs which call, nor stop one of them. So a page
that overruns its budget replaces the whole executor: a process pool's processes are all killed
and the other pages that were in flight are resubmitted to a new one with the rest of their
time. When a worker dies (a segfault in the parser, the OOM killer) every page in flight in that
executor is lost; each is retried alone, so only the page that kills its worker again ends as
Failed(worker_crash). Only process pools can have a stuck call killed; other executors are
abandoned and replaced.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from typing import Literal

from cleaner.records import ExtractFunction, Failed, Page, Result
from cleaner.settings import ExtractSettings, Settings

__all__ = ["ExecutorExtraction"]

log = logging.getLogger(__name__)

# An attempt whose worker died: "killed" when the pool was replaced for another page's overrun
# (this page is innocent), "crashed" when a worker died on its own (this page may be the cause).
_Loss = Literal["killed", "crashed"]


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
            log.warning("a new executor failed to start: %s", f"{type(error).__name__}: {error}")
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


class ExecutorExtraction:
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
