"""Extraction worker processes driven by the event loop, with no helper threads.

The pipeline's default pool. ``ProcessPoolExecutor`` moves every call through two helper
threads of the parent (its manager and its queue feeder) and back into the event loop. With
60 KB pages that cost the parent 0.66 ms of CPU per page, against 0.2-0.3 ms here; in
``bench.pipeline`` the parent's CPU per page went from 2.6 to 1.9 ms, and on a 2-core machine
what the parent spends is taken from extraction. Here each worker process has one socket:
the event loop writes pages to it and reads outcomes from it (``add_reader``/``add_writer``),
one length-prefixed pickle per message.

    pending pages ─► worker 1: [running, next] ◄─ socket ─► _serve(function, settings)
                 └─► worker 2: [running, next] ◄─ socket ─► _serve(function, settings)

Each worker holds at most ``DEPTH`` pages: the one it runs and the next, so that it never waits
for the parent between pages. A worker answers in order, so the first page it holds is the one
it runs, and that page's budget clock starts when it becomes first. Since which worker runs
which page is known:

- a page that runs past its budget costs only its own worker (killed and replaced) and becomes
  Failed(extract_timeout); the page queued behind it goes back to the front of the queue;
- a worker that dies on its own (a segfault, the OOM killer) is blamed on the page it ran, which
  is tried once more with the rest of its budget: the page that kills a worker twice is
  Failed(worker_crash), the others were innocent.

The extraction function and its settings are sent once, when a worker starts; each page is
sent alone. ``Pipeline`` uses any ``concurrent.futures.Executor`` instead when given one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import pickle
import signal
import socket
import struct
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from cleaner.records import ExtractFunction, Failed, Page, Result
from cleaner.settings import ExtractSettings, Settings

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext
    from multiprocessing.process import BaseProcess

    Context = ForkServerContext | SpawnContext

__all__ = ["DEPTH", "WorkerPool", "default_context"]

log = logging.getLogger(__name__)

#: Pages a worker holds at once: the one it runs and the next.
DEPTH = 2
#: A pool whose workers die this many times in a row before they are ready is broken.
_START_FAILURES = 3
#: Longest wait for a dying worker's process to be reaped.
_REAP_TIMEOUT = 5.0
_HEADER = struct.Struct("!Q")
_READ_SIZE = 1 << 18
_READY = "ready"


@dataclass(frozen=True, slots=True)
class _Raised:
    """Sent instead of an outcome when the function broke its promise not to raise."""

    detail: str


# ---------------------------------------------------------------------------------------------
# The worker process


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _receive(sock: socket.socket) -> object | None:
    """The next message from the parent, or None when it closed the socket."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _read_exactly(sock, size)
    return None if data is None else pickle.loads(data)


def _read_exactly(sock: socket.socket, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = sock.recv_into(view[got:])
        if count == 0:
            return None
        got += count
    return buffer


def _run_one(function: ExtractFunction, page: object, settings: ExtractSettings) -> bytes:
    try:
        return _frame(function(page, settings))  # type: ignore[arg-type]
    except Exception as error:  # the function promised not to raise; the parent decides
        return _frame(_Raised(f"{type(error).__name__}: {error}"))


def _serve(sock: socket.socket, function: ExtractFunction, settings: ExtractSettings) -> None:
    """A worker process's main: extract each page received, answer in order, until EOF.

    Ctrl-C reaches the whole process group; the parent decides what happens to its workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with sock, contextlib.suppress(ConnectionError):  # the parent closed or died: nothing to do
        sock.sendall(_frame(_READY))
        while (page := _receive(sock)) is not None:
            sock.sendall(_run_one(function, page, settings))


def default_context() -> Context:
    """A fork server that has cleaner imported, where there is one; else spawn.

    Not plain fork: the parent runs an event loop and the fetcher's threads, and forking a
    threaded process can deadlock the child. With the fork server, a worker that replaces a
    killed one starts in milliseconds.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["cleaner.pipeline"])
        return server
    return multiprocessing.get_context("spawn")


def _spawn(
    context: Context, function: ExtractFunction, settings: ExtractSettings
) -> tuple[BaseProcess, socket.socket]:
    """Start one worker (blocking: run it in a thread)."""
    ours, theirs = socket.socketpair()
    try:
        process = context.Process(
            target=_serve, args=(theirs, function, settings), name="cleaner-extract", daemon=True
        )
        process.start()
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    ours.setblocking(False)
    return process, ours


# ---------------------------------------------------------------------------------------------
# The parent's side


@dataclass(eq=False, slots=True)
class _Job:
    page: Page
    future: asyncio.Future[Result]
    left: float  # seconds of budget left, over all attempts
    crashes: int = 0
    started: float = 0.0


@dataclass(eq=False, slots=True)
class _Worker:
    process: BaseProcess
    sock: socket.socket
    jobs: deque[_Job] = field(default_factory=deque)
    inbox: bytearray = field(default_factory=bytearray)
    outbox: bytearray = field(default_factory=bytearray)
    ready: bool = False
    dead: bool = False
    timer: asyncio.TimerHandle | None = None


_Death = Literal["overrun", "crashed"]


class WorkerPool:
    """``workers`` processes running ``function(page, settings.extract)``; ``extract`` awaits
    one page's outcome. Used from one event loop; ``close`` ends it."""

    def __init__(
        self,
        function: ExtractFunction,
        settings: Settings,
        workers: int,
        *,
        context: Context | None = None,
    ) -> None:
        self._function = function
        self._settings = settings.extract
        self._budget = settings.pipeline.extract_timeout
        self._size = workers
        self._context = context or default_context()
        self._workers: list[_Worker] = []
        self._pending: deque[_Job] = deque()
        self._spawning: set[asyncio.Task[None]] = set()  # held so they are not collected
        self._starting = 0  # workers being started
        self._born: list[_Worker] = []  # every worker started, adopted or not
        self._reaping: set[asyncio.Task[None]] = set()
        self._start_failures = 0
        self._broken: str | None = None
        self._closed = False
        #: Worker processes asked for so far (counted when a start begins), replacements
        #: included.
        self.started = 0

    async def extract(self, page: Page) -> Result:
        if self._broken is not None:
            return _broken_outcome(page, self._broken)
        job = _Job(page, asyncio.get_running_loop().create_future(), self._budget)
        self._pending.append(job)
        self._grow()
        self._dispatch()
        return await job.future

    # -- workers coming and going --------------------------------------------------------------

    def _grow(self) -> None:
        if self._closed or self._broken is not None:
            return
        while len(self._workers) + self._starting < self._size:
            self._starting += 1
            self.started += 1
            task = asyncio.get_running_loop().create_task(self._start_one())
            self._spawning.add(task)
            task.add_done_callback(self._spawning.discard)

    async def _start_one(self) -> None:
        try:
            worker = await asyncio.to_thread(self._spawn)
        except Exception as error:
            self._starting -= 1  # counted down before growing again, not in a done callback
            log.error("an extraction worker failed to start: %s", error)
            self._start_failed(f"{type(error).__name__}: {error}")
            return
        self._starting -= 1
        if worker.dead:  # the pool was closed meanwhile
            return
        self._workers.append(worker)
        asyncio.get_running_loop().add_reader(worker.sock.fileno(), self._readable, worker)

    def _spawn(self) -> _Worker:
        """Start a worker (in a thread: starting a process blocks). A worker started after
        ``close`` began, or while it ran, is killed by whichever of the two comes second."""
        worker = _Worker(*_spawn(self._context, self._function, self._settings))
        self._born.append(worker)
        if self._closed:
            _kill(worker)
        return worker

    def _start_failed(self, why: str) -> None:
        self._start_failures += 1
        if self._start_failures < _START_FAILURES:
            self._grow()
            return
        self._broken = f"extraction workers could not start: {why}"
        while self._pending:
            job = self._pending.popleft()
            if not job.future.done():
                job.future.set_result(_broken_outcome(job.page, self._broken))

    def _lose(self, worker: _Worker, death: _Death) -> None:
        """A worker is gone: settle the page it ran, requeue the rest, start another."""
        if worker.dead:
            return
        self._release(worker)
        _kill(worker)
        self._workers.remove(worker)
        self._born.remove(worker)
        reaping = asyncio.get_running_loop().create_task(_reap(worker.process))
        self._reaping.add(reaping)
        reaping.add_done_callback(self._reaping.discard)
        if not worker.ready:
            self._start_failed("a worker process died before it was ready")
        jobs = worker.jobs
        head = jobs.popleft() if jobs else None
        self._pending.extendleft(reversed(jobs))  # never started: no blame, no budget spent
        if head is not None:
            self._settle_head(head, death)
        self._grow()
        self._dispatch()

    def _settle_head(self, job: _Job, death: _Death) -> None:
        job.left -= time.monotonic() - job.started
        if death == "overrun":
            log.warning(
                "extraction of %s ran over %g s; its worker was replaced",
                job.page.url,
                self._budget,
            )
            detail = f"extraction ran over {self._budget:g} s"
            _settle(job, Failed(url=job.page.url, reason="extract_timeout", detail=detail))
            return
        job.crashes += 1
        if job.crashes < 2 and job.left > 0:
            self._pending.appendleft(job)
            return
        log.warning("extraction of %s killed its worker process", job.page.url)
        detail = "the worker process died"
        _settle(job, Failed(url=job.page.url, reason="worker_crash", detail=detail))

    def _release(self, worker: _Worker) -> None:
        """Stop watching a worker's socket and clock."""
        if worker.timer is not None:
            worker.timer.cancel()
        if worker.sock.fileno() >= 0:
            loop = asyncio.get_running_loop()
            loop.remove_reader(worker.sock.fileno())
            loop.remove_writer(worker.sock.fileno())

    # -- pages going out -----------------------------------------------------------------------

    def _dispatch(self) -> None:
        while self._pending:
            free = [w for w in self._workers if w.ready and len(w.jobs) < DEPTH]
            if not free:
                return
            job = self._pending.popleft()
            if job.future.done():  # its caller was cancelled
                continue
            worker = min(free, key=lambda w: len(w.jobs))
            worker.jobs.append(job)
            if len(worker.jobs) == 1:
                self._start_clock(worker)
            worker.outbox += _frame(job.page)
            self._flush(worker)

    def _start_clock(self, worker: _Worker) -> None:
        job = worker.jobs[0]
        job.started = time.monotonic()
        loop = asyncio.get_running_loop()
        worker.timer = loop.call_later(max(job.left, 0.0), self._overran, worker)

    def _overran(self, worker: _Worker) -> None:
        self._lose(worker, "overrun")

    def _flush(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        try:
            while worker.outbox:
                sent = worker.sock.send(worker.outbox)
                del worker.outbox[:sent]
        except BlockingIOError:
            loop.add_writer(worker.sock.fileno(), self._flush, worker)
            return
        except OSError:  # the worker is gone; its reader sees the end too
            self._lose(worker, "crashed")
            return
        loop.remove_writer(worker.sock.fileno())

    # -- outcomes coming back ------------------------------------------------------------------

    def _readable(self, worker: _Worker) -> None:
        try:
            chunk = worker.sock.recv(_READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._lose(worker, "crashed")
            return
        inbox = worker.inbox
        inbox += chunk
        while len(inbox) >= _HEADER.size and not worker.dead:
            (size,) = _HEADER.unpack_from(inbox)
            end = _HEADER.size + size
            if len(inbox) < end:
                return
            message = pickle.loads(memoryview(inbox)[_HEADER.size : end])
            del inbox[:end]
            self._received(worker, message)

    def _received(self, worker: _Worker, message: object) -> None:
        if message == _READY:
            worker.ready = True
            self._start_failures = 0
            self._dispatch()
            return
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        job = worker.jobs.popleft()
        if isinstance(message, _Raised):
            log.error("unexpected error extracting %s: %s", job.page.url, message.detail)
            message = Failed(url=job.page.url, reason="error", detail=message.detail)
        _settle(job, message)  # type: ignore[arg-type]
        if worker.jobs:
            self._start_clock(worker)
        self._dispatch()

    # -- the end -------------------------------------------------------------------------------

    def close(self, *, kill: bool) -> None:
        """Stop every worker: at once with ``kill``, else by closing their sockets (they finish
        what they hold, which is nothing at the end of a run)."""
        self._closed = True
        for worker in self._workers:
            self._release(worker)
        workers, self._workers, self._born = list(self._born), [], []
        for worker in workers:  # closing the socket is what ends a worker's loop
            (_kill if kill else _close)(worker)
        for worker in workers:
            worker.process.join(_REAP_TIMEOUT)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join(_REAP_TIMEOUT)
        for job in self._pending:
            job.future.cancel()
        self._pending.clear()


def _close(worker: _Worker) -> None:
    worker.dead = True
    worker.sock.close()


def _kill(worker: _Worker) -> None:
    _close(worker)
    with contextlib.suppress(OSError, ValueError):  # ValueError: closed by a finished reap
        worker.process.kill()


def _settle(job: _Job, outcome: Result) -> None:
    if not job.future.done():
        job.future.set_result(outcome)


def _broken_outcome(page: Page, why: str) -> Failed:
    return Failed(url=page.url, reason="error", detail=why)


async def _reap(process: BaseProcess) -> None:
    """Collect a killed worker's exit status without blocking the loop."""
    await asyncio.to_thread(process.join, _REAP_TIMEOUT)
